using System;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    public sealed partial class Integrator
    {
        /// <summary>
        /// What a substitution rule decides: ∫ f dx = Factor·∫ g dt with t = Back(x). The rest (integrating g, putting x
        /// back, the derivation step) is the same for every rule and done by <see cref="ChangeVariable"/>.
        /// </summary>
        private sealed class ChangeOfVariable
        {
            public ChangeOfVariable(string description, Expr integrand, Expr back)
            {
                Description = description;
                Integrand = integrand;
                Back = back;
            }

            /// <summary>How the substitution reads in the step: "substitute t = e^x, dx = dt/t".</summary>
            public string Description { get; }

            /// <summary>g(t).</summary>
            public Expr Integrand { get; }

            /// <summary>t as a function of x.</summary>
            public Expr Back { get; }

            /// <summary>A constant in front of ∫ g dt (1/a for t = e^(a·x)).</summary>
            public Expr Factor { get; init; } = One;

            /// <summary>How ∫ g dt is found, when not by the whole integrator (partial fractions alone, say).</summary>
            public Func<Expr, string, Derivation?>? Inner { get; init; }

            /// <summary>Applied to G(t) before t is replaced (multiple angles of θ = arcsin(…) as functions of θ itself).</summary>
            public Func<Expr, Expr>? BeforeBack { get; init; }

            /// <summary>
            /// Given G(t) and G(Back(x)), the result in x (a jump added where Back passes through infinity, so the result
            /// is continuous where f is), or null when no antiderivative in x follows.
            /// </summary>
            public Func<Expr, Expr, Expr?>? AfterBack { get; init; }

            /// <summary>Further names of the substitution and their values in x (σ = sign x).</summary>
            public (string Name, Expr Value)[] Also { get; init; } = Array.Empty<(string, Expr)>();
        }

        /// <summary>Runs a rule with a variable name that occurs nowhere in the problem, for as long as the rule runs.</summary>
        private T? WithFreshVariable<T>(string preferred, Func<string, T?> rule) where T : class
        {
            string name = FreshName(preferred);
            try
            {
                return rule(name);
            }
            finally
            {
                _names.Remove(name);
            }
        }

        /// <summary>The substitution carried out: ∫ g dt, x put back for t, and the step that shows both.</summary>
        private Derivation? ChangeVariable(ChangeOfVariable change, string name, Expr f, string x)
        {
            var inner = change.Inner is { } find ? find(change.Integrand, name) : Integrate(change.Integrand, name);
            if (inner is null) return null;
            var antiderivative = change.BeforeBack?.Invoke(inner.Result) ?? inner.Result;
            var result = Rewrite.Substitute(antiderivative, name, change.Back, _budget);
            foreach (var (other, value) in change.Also) result = Rewrite.Substitute(result, other, value, _budget);
            if (Depends(result, name)) return null;
            if (change.AfterBack is { } continuous)
            {
                if (continuous(inner.Result, result) is not { } adjusted) return null;
                result = adjusted;
            }
            result = Multiply(change.Factor, result);
            var step = new Step(
                change.Description + ": " + Show.Integral(f, x) + " = " + Show.Integral(Multiply(change.Factor, change.Integrand), name),
                new[] { inner.Step },
                "substitute back " + name + " = " + Show.Math(change.Back) + ": " + Show.Math(result));
            return new Derivation(result, step);
        }

        /// <summary>∫ g dt by partial fractions alone, as a leaf step.</summary>
        private Derivation? RationalDerivation(Expr g, string name) =>
            RationalIn(g, name) is { } integral
                ? new Derivation(integral.Antiderivative, Step.Leaf(Show.Integral(g, name) + " = " + Show.Math(integral.Antiderivative) + " (" + integral.Method + ")"))
                : null;
    }
}
