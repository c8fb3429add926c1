using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    public sealed partial class Integrator
    {
        /// <summary>
        /// Integration by parts, ∫ u dv = u·v − ∫ v du, with u chosen in the usual order (logarithms, inverse functions,
        /// powers and polynomials) so that differentiating it simplifies; repeated parts happen through recursion.
        /// </summary>
        private Derivation? ByParts(Expr f, string x)
        {
            foreach (var (u, dv) in PartsChoices(f, x))
            {
                if (PartsWith(f, u, dv, x) is { } d) return d;
            }
            return null;
        }

        /// <summary>
        /// P(x)·T with P a polynomial and T an exponential, sine, cosine or hyperbolic function of a linear argument: by
        /// parts with u = P, repeated until P is differentiated away (the tabular method). Tried before substitutions, as
        /// the textbook does, so γτe^(−βτ) reads as parts, not as a substitution through ln.
        /// </summary>
        private Derivation? PolynomialTimesTranscendental(Expr f, string x)
        {
            if (f is not ProductExpr product) return null;
            Expr? transcendental = null;
            var polynomial = new List<Expr>();
            foreach (var factor in product.Factors)
            {
                bool isTranscendental = factor is CallExpr { Function: Function.Exp or Function.Sin or Function.Cos or Function.Sinh or Function.Cosh } c && Linear(c.Argument, x) is not null
                    || factor is PowerExpr p && !Depends(p.Base, x) && Linear(p.Exponent, x) is not null;
                if (isTranscendental && transcendental is null) transcendental = factor;
                else if (IsPolynomialFactor(factor, x)) polynomial.Add(factor);
                else return null;
            }
            if (transcendental is null || polynomial.Count == 0) return null;
            return Tabular(f, Multiply(polynomial), transcendental, x);
        }

        /// <summary>
        /// Repeated parts in closed form (the tabular method): P's derivatives down to 0 against T's repeated integrals,
        /// with alternating signs, e.g. ∫ P·e^(ax+b) = e^(ax+b)·Σ (−1)^k P^(k)/a^(k+1). No recursion, so x²⁰·eˣ is as cheap as x·eˣ.
        /// </summary>
        private Derivation? Tabular(Expr f, Expr polynomial, Expr transcendental, string x)
        {
            var derivatives = new List<Expr> { polynomial };
            while (true)
            {
                _budget.Charge();
                var next = D(derivatives[derivatives.Count - 1], x);
                if (next.Equals(Zero)) break;
                if (derivatives.Count > 64 || Depends(next, x) && derivatives.Count > 60) return null;
                derivatives.Add(next);
            }
            Expr a, even = Zero, odd = Zero;
            var evenTerms = new List<Expr>();
            var oddTerms = new List<Expr>();
            Function? function = transcendental is CallExpr c ? c.Function : null;
            if (transcendental is PowerExpr power)
            {
                // c^w = e^(w ln c): the exponential case with slope a·ln c.
                a = Multiply(Linear(power.Exponent, x)!.Value.A, Log(power.Base));
                function = Function.Exp;
            }
            else
            {
                a = Linear(((CallExpr)transcendental).Argument, x)!.Value.A;
            }
            for (int k = 0; k < derivatives.Count; k++)
            {
                var term = Divide(derivatives[k], Power(a, Num(k + 1)));
                int m = k / 2;
                Expr signed = function switch
                {
                    Function.Exp => k % 2 == 0 ? term : Negate(term),
                    Function.Sin => k % 2 == 0 ? (m % 2 == 0 ? Negate(term) : term) : (m % 2 == 0 ? term : Negate(term)),
                    Function.Cos => m % 2 == 0 ? term : Negate(term),
                    _ => k % 2 == 0 ? term : Negate(term), // sinh, cosh
                };
                (k % 2 == 0 ? evenTerms : oddTerms).Add(signed);
            }
            even = Add(evenTerms);
            odd = Add(oddTerms);
            Expr result;
            if (function == Function.Exp)
            {
                result = Multiply(transcendental, Add(even, odd));
            }
            else
            {
                var w = ((CallExpr)transcendental).Argument;
                var (first, second) = function switch
                {
                    Function.Sin => (Call(Function.Cos, w), Call(Function.Sin, w)),
                    Function.Cos => (Call(Function.Sin, w), Call(Function.Cos, w)),
                    Function.Sinh => (Call(Function.Cosh, w), Call(Function.Sinh, w)),
                    _ => (Call(Function.Sinh, w), Call(Function.Cosh, w)),
                };
                result = Add(Multiply(first, even), Multiply(second, odd));
            }
            return Leaf(f, x, result, derivatives.Count == 1 ? "by parts" : "by parts " + derivatives.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " times (tabular)");
        }

        private Derivation? PartsWith(Expr f, Expr u, Expr dv, string x)
        {
            _budget.Charge();
            var vDerivation = Integrate(dv, x);
            if (vDerivation is null) return null;
            var v = vDerivation.Result;
            var remaining = Multiply(v, D(u, x));
            var restDerivation = Integrate(remaining, x);
            if (restDerivation is null) return null;
            var result = Subtract(Multiply(u, v), restDerivation.Result);
            var step = new Step(
                "by parts with u = " + Show.Math(u) + ", dv = " + Show.Math(dv) + " d" + x + ": " + Show.Integral(f, x) + " = " + Show.Math(Multiply(u, v)) + " − " + Show.Integral(remaining, x),
                new[] { vDerivation.Step, restDerivation.Step });
            return new Derivation(result, step);
        }

        private IEnumerable<(Expr U, Expr Dv)> PartsChoices(Expr f, string x)
        {
            var factors = Rewrite.Factors(f);
            // Logarithms and inverse functions first: differentiating them leaves an algebraic integrand.
            for (int i = 0; i < factors.Count; i++)
            {
                if (IsLogOrInverse(factors[i])) yield return (factors[i], Without(factors, i));
            }
            // Then the algebraic part (powers of x and polynomials), against an exponential, trigonometric or hyperbolic rest.
            var algebraic = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var factor in factors) (IsPolynomialFactor(factor, x) ? algebraic : rest).Add(factor);
            if (algebraic.Count > 0 && rest.Count > 0) yield return (Multiply(algebraic), Multiply(rest));
            // A power x^n (n a positive integer) against an integrand whose antiderivative needs one power of x, such as
            // x³·e^(x²) = x²·(x·e^(x²)).
            foreach (var factor in factors)
            {
                if (factor is PowerExpr { Base: VariableExpr, Exponent: NumberExpr { Value: { IsInteger: true } n } } && n.Numerator >= 2 && rest.Count > 0)
                {
                    var u = Power(Var(x), Num(n.Numerator - 1));
                    yield return (u, Divide(f, u));
                }
            }
        }

        private static Expr Without(IReadOnlyList<Expr> factors, int skip)
        {
            var others = new List<Expr>(factors.Count);
            for (int i = 0; i < factors.Count; i++) if (i != skip) others.Add(factors[i]);
            return Multiply(others);
        }

        private static bool IsLogOrInverse(Expr e)
        {
            var core = e is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } } } p ? p.Base : e;
            return core is CallExpr
            {
                Function: Function.Log or Function.Asin or Function.Acos or Function.Atan or Function.Asinh or Function.Acosh or Function.Atanh
                    or Function.Erf or Function.Erfi or Function.ExpIntegralEi or Function.SinIntegral or Function.CosIntegral or Function.LogIntegral,
            };
        }

        private bool IsPolynomialFactor(Expr e, string x) =>
            e is VariableExpr
            || e is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } } } p && IsPolynomialFactor(p.Base, x)
            || e is SumExpr && RationalFunction.TryFrom(e, x, _budget) is { IsPolynomial: true };

        /// <summary>∫ e^(αx+β)·sin(γx+δ) and ·cos(γx+δ) (c^(αx+β) too): the cyclic case of parts, in closed form.</summary>
        private Derivation? ExponentialTimesTrig(Expr f, string x)
        {
            if (f is not ProductExpr { Factors.Count: 2 } p) return null;
            Expr? exp = null;
            Expr? exponent = null, scale = null;
            CallExpr? trig = null;
            foreach (var factor in p.Factors)
            {
                if (factor is CallExpr { Function: Function.Exp } e)
                {
                    exp = e;
                    exponent = e.Argument;
                    scale = One;
                }
                else if (factor is PowerExpr pw && !Depends(pw.Base, x) && IntervalAnalysis.IsPositive(pw.Base, _budget))
                {
                    // c^w = e^(w ln c)
                    exp = pw;
                    exponent = pw.Exponent;
                    scale = Log(pw.Base);
                }
                else if (factor is CallExpr { Function: Function.Sin or Function.Cos } s) trig = s;
            }
            if (exp is null || trig is null || exponent is null || scale is null) return null;
            if (Linear(exponent, x) is not { } a || Linear(trig.Argument, x) is not { } g) return null;
            var alpha = Multiply(a.A, scale);
            var gamma = g.A;
            var sin = Call(Function.Sin, trig.Argument);
            var cos = Call(Function.Cos, trig.Argument);
            var combination = trig.Function == Function.Sin
                ? Subtract(Multiply(alpha, sin), Multiply(gamma, cos))
                : Add(Multiply(alpha, cos), Multiply(gamma, sin));
            var result = Divide(Multiply(exp, combination), Add(Square(alpha), Square(gamma)));
            return Leaf(f, x, result, "by parts twice: the integral reappears and is solved for");
        }
    }
}
