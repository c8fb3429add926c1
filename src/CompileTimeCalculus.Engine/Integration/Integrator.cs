using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>
    /// The symbolic integrator: a bounded search over rules, each of which either returns an antiderivative with the
    /// steps that found it or declines. The rules are tried in the order of the rule table (<see cref="SumRules"/>,
    /// <see cref="TermRules"/>, in Rules.cs), from the cheapest and most readable (the table, linearity) to the most
    /// general (rationalizing substitutions into the rational-function integrator, integration by parts).
    /// Results are not trusted here: <see cref="IntegralEngine"/> verifies every answer before it is used.
    /// </summary>
    /// <remarks>
    /// Every sub-integral goes through <see cref="Integrate(Expr, string)"/>: results are memoized, an integrand that is
    /// already being integrated up the stack declines (no cycles), the nesting is bounded by <see cref="MaxDepth"/>, and
    /// every rule charges the method's <see cref="Budget"/>, which also polls cancellation.
    /// </remarks>
    public sealed partial class Integrator
    {
        public const int MaxDepth = 12;

        // No user or substitution variable can have this name ('§' is not a C# identifier character).
        private const string PlaceholderName = "§";
        private static readonly Expr Placeholder = Var(PlaceholderName);

        private readonly Budget _budget;
        private readonly Dictionary<(Expr, string), Derivation?> _memo = new();
        private readonly HashSet<(Expr, string)> _active = new();
        private readonly Dictionary<(Expr, string), (Expr A, Expr B)?> _linear = new();
        private readonly HashSet<string> _names;
        private int _depth;
        private int _cutoffs;
        private bool _profileTaken;

        private Integrator(Budget budget, IEnumerable<string> namesInUse)
        {
            _budget = budget;
            _names = new HashSet<string>(namesInUse, StringComparer.Ordinal);
        }

        /// <summary>
        /// An antiderivative of <paramref name="f"/> with respect to <paramref name="x"/>, or null when no rule applies.
        /// <paramref name="namesInUse"/> are the variables substitutions must not reuse. May throw
        /// <see cref="ExpressionLimitException"/> when the budget runs out.
        /// </summary>
        public static Derivation? Integrate(Expr f, string x, Budget budget, IEnumerable<string> namesInUse)
        {
            var integrator = new Integrator(budget, namesInUse);
            integrator._names.Add(x);
            return integrator.Integrate(f, x);
        }

        internal Derivation? Integrate(Expr f, string x)
        {
            _budget.Charge();
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (!Depends(f, x)) return new Derivation(Multiply(f, Var(x)), Step.Leaf(Show.Integral(f, x) + " = " + Show.Math(Multiply(f, Var(x)))));
            var key = (f, x);
            if (_memo.TryGetValue(key, out var known)) return known;
            // Cycles are found up to the name of the variable: u = eᵗ then t = ln u comes back renamed, not equal.
            var activeKey = (Rewrite.Substitute(f, x, Placeholder, _budget), PlaceholderName);
            if (_active.Contains(activeKey) || _depth >= MaxDepth)
            {
                _cutoffs++;
                return null;
            }

            int cutoffsBefore = _cutoffs;
            _active.Add(activeKey);
            _depth++;
            Derivation? result;
            try
            {
                result = Rules(f, x);
            }
            finally
            {
                _active.Remove(activeKey);
                _depth--;
            }
            // A failure caused by the depth or cycle cut-off may succeed when reached another way: only remember real answers.
            if (result is not null || _cutoffs == cutoffsBefore) _memo[key] = result;
            return result;
        }

        private Derivation? Rules(Expr f, string x)
        {
            var (constant, rest) = Rewrite.SplitConstant(f, x);
            if (!constant.Equals(One))
            {
                var inner = Integrate(rest, x);
                return inner is null ? null : new Derivation(Multiply(constant, inner.Result), inner.Step);
            }

            // Dispatch on the shape, then the first entry of that table that finds an antiderivative (see Rules.cs).
            // The profile is of the first integrand whose table runs: the one given, its constant factor split off.
            var profile = _profileTaken ? null : _budget.RuleSteps;
            _profileTaken = true;
            foreach (var rule in f is SumExpr ? SumRules : TermRules)
            {
                int before = _budget.StepsUsed;
                Derivation? found;
                try
                {
                    found = rule.Apply(this, f, x);
                }
                finally
                {
                    if (profile is not null) profile[rule.Name] = (profile.TryGetValue(rule.Name, out long used) ? used : 0) + _budget.StepsUsed - before;
                }
                if (found is not null) return found.By(rule.Name);
            }
            return null;
        }

        /// <summary>A rational function of x with rational coefficients: always integrable (see <see cref="RationalIntegrator"/>).</summary>
        private Derivation? RationalRule(Expr f, string x)
        {
            if (RationalFunction.TryFrom(f, x, _budget) is not { } rational) return null;
            if (RationalIntegrator.Integrate(rational, Var(x), _budget) is not { } integral) return null;
            // Numeric roots make a less readable, less accurate answer: a power substitution first (x²/(2 + 3x⁶)³ is
            // exact after u = x³); the other rules only wander through bigger rational functions, so numeric roots it is.
            if (!integral.Exact && PowerSubstitution(f, x) is { } exact) return exact;
            return Leaf(f, x, integral.Antiderivative, integral.Method);
        }

        /// <summary>
        /// Linearity: ∫ (a + b) = ∫ a + ∫ b. A term with no antiderivative of its own may still cancel against the others
        /// after integration by parts (∫ (arsinh(3x³) + 9x³/√(1 + 9x⁶)) dx, neither integrable alone): its u·v is kept and
        /// its −∫ v du joins the remaining terms, which are integrated together.
        /// </summary>
        private Derivation? Termwise(SumExpr sum, string x)
        {
            var results = new List<Expr>(sum.Terms.Count);
            var steps = new List<Step>(sum.Terms.Count);
            var failed = new List<Expr>();
            foreach (var term in sum.Terms)
            {
                var d = Integrate(term, x);
                if (d is null)
                {
                    failed.Add(term);
                    continue;
                }
                results.Add(d.Result);
                steps.Add(d.Step);
            }
            if (failed.Count == 0) return new Derivation(Add(results), Step.Group(steps));
            if (failed.Count > 2) return null;
            return PartsAcrossTerms(sum, failed[0], x);
        }

        private Derivation? PartsAcrossTerms(SumExpr sum, Expr term, string x)
        {
            var others = new List<Expr>();
            foreach (var t in sum.Terms) if (!ReferenceEquals(t, term)) others.Add(t);
            var (constant, core) = Rewrite.SplitConstant(term, x);
            var choices = new List<(Expr U, Expr Dv)>(PartsChoices(core, x)) { (core, One) };
            foreach (var (u, dv) in choices)
            {
                _budget.Charge();
                var vDerivation = Integrate(dv, x);
                if (vDerivation is null) continue;
                var v = vDerivation.Result;
                var remaining = Subtract(Add(others), Multiply(constant, v, D(u, x)));
                if (remaining.Equals(sum) || remaining.Size > sum.Size * 2) continue;
                var rest = Integrate(remaining, x);
                if (rest is null) continue;
                var result = Add(Multiply(constant, u, v), rest.Result);
                var step = new Step("by parts on " + Show.Math(term) + " with u = " + Show.Math(u) + ": the remaining terms combine to " + Show.Integral(remaining, x),
                    new[] { vDerivation.Step, rest.Step });
                return new Derivation(result, step);
            }
            return null;
        }

        /// <summary>
        /// A polynomial times a power of x (x^(−3/2)·(2 + 3x² + 5x⁴)³): multiplied out, it is a sum of powers of x. Tried
        /// before substitutions, which would rename the power of x instead.
        /// </summary>
        private Derivation? PolynomialTimesPower(Expr f, string x)
        {
            bool power = false, polynomial = false;
            foreach (var factor in Rewrite.Factors(f))
            {
                if (factor is PowerExpr { Base: VariableExpr v, Exponent: NumberExpr { Value.IsInteger: false } } && v.Name == x) power = true;
                else if (factor is PowerExpr { Base: SumExpr, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } } } && IsPolynomialFactor(factor, x)) polynomial = true;
                else if (!IsPolynomialFactor(factor, x) && Depends(factor, x)) return null;
            }
            return power && polynomial ? Expanded(f, x) : null;
        }

        /// <summary>Products of sums and powers of sums multiplied out, then integrated term by term.</summary>
        private Derivation? Expanded(Expr f, string x)
        {
            bool hasSum = false;
            foreach (var factor in Rewrite.Factors(f))
            {
                if (factor is SumExpr && Rewrite.Factors(f).Count > 1 || factor is PowerExpr { Base: SumExpr, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } } })
                    hasSum = true;
            }
            if (!hasSum) return null;
            var expanded = Rewrite.Expand(f, _budget, 200);
            if (expanded is not SumExpr || expanded.Equals(f)) return null;
            var d = Integrate(expanded, x);
            return d is null ? null : new Derivation(d.Result, new Step("multiply out: " + Show.Integral(f, x) + " = " + Show.Integral(expanded, x), new[] { d.Step }));
        }

        /// <summary>
        /// A numerator sum over the rest, split where a term cancels part of the denominator:
        /// (x + x³ + (1 + x)²·arctan x)/((1 + x)²(1 + x²)) = (x + x³)/((1 + x)²(1 + x²)) + arctan x/(1 + x²).
        /// Only the one sum is distributed (unlike <see cref="Expanded"/>), and only when it cancels something.
        /// </summary>
        private Derivation? CancellingSplit(Expr f, string x)
        {
            if (f is not ProductExpr product) return null;
            SumExpr? numerator = null;
            var rest = new List<Expr>(product.Factors.Count);
            foreach (var factor in product.Factors)
            {
                if (factor is SumExpr s && numerator is null && Depends(s, x)) numerator = s;
                else rest.Add(factor);
            }
            if (numerator is null || rest.Count == 0) return null;
            var denominator = Multiply(rest);
            // What must cancel is a polynomial factor ((1 + x)² above), not a monomial: x²/x says nothing.
            var sumFactors = rest.FindAll(r => r is PowerExpr { Base: SumExpr, Exponent: NumberExpr { Value.IsNegative: true } });
            if (sumFactors.Count == 0) return null;
            bool cancels = false;
            var terms = new List<Expr>(numerator.Terms.Count);
            foreach (var term in numerator.Terms)
            {
                _budget.Charge();
                var t = Multiply(term, denominator);
                var factors = Rewrite.Factors(t);
                foreach (var sumFactor in sumFactors) if (!Contains(factors, sumFactor)) cancels = true;
                terms.Add(t);
            }
            if (!cancels) return null;
            var split = Add(terms);
            if (split is not SumExpr) return null;
            var d = Integrate(split, x);
            return d is null ? null : new Derivation(d.Result, new Step("split the numerator: " + Show.Integral(f, x) + " = " + Show.Integral(split, x), new[] { d.Step }));
        }

        private static bool Contains(IReadOnlyList<Expr> factors, Expr factor)
        {
            foreach (var f in factors) if (f.Equals(factor)) return true;
            return false;
        }

        // ---- helpers shared by the rules ----

        private static bool Depends(Expr e, string x) => e.DependsOn(x);

        private Expr D(Expr e, string x) => Differentiator.Differentiate(e, x, _budget);

        private (Expr A, Expr B)? Linear(Expr u, string x)
        {
            var key = (u, x);
            if (_linear.TryGetValue(key, out var known)) return known;
            var result = Depends(u, x) ? Rewrite.Linear(u, x, _budget) : null;
            _linear[key] = result;
            return result;
        }

        /// <summary>A variable name for a substitution that occurs nowhere in the problem.</summary>
        private string FreshName(string preferred)
        {
            foreach (var candidate in new[] { preferred, "u", "t", "v", "w", "s", "z" })
            {
                if (_names.Add(candidate)) return candidate;
            }
            for (int i = 1; ; i++)
            {
                string name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (_names.Add(name)) return name;
            }
        }

        /// <summary>ln|u|, or ln u where u is positive for every input.</summary>
        private Expr LogAbs(Expr u) => IntervalAnalysis.IsPositive(u, _budget) ? Log(u) : Log(Call(Function.Abs, u));

        private static Derivation Leaf(Expr f, string x, Expr result, string? why = null) =>
            new(result, Step.Leaf(Show.Integral(f, x) + " = " + Show.Math(result) + (why is null ? "" : " (" + why + ")")));
    }
}
