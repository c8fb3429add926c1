using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // A Gaussian times an oscillation (e^(−x²)·cos(3x), 1.3^(5x²)·sin²(7 + 1.3x²)): the error function of a complex argument.
    public sealed partial class Integrator
    {
        private const int MaxGaussianTerms = 64;

        /// <summary>
        /// Products of e^q, c^q, sin q, cos q, sinh q, cosh q (q quadratic in x, small integer powers), a Gaussian times an
        /// oscillation above all: each factor is a sum of exponentials of complex quadratics, so the integrand is Σ Aⱼ·e^(qⱼ). For
        /// q = αx² + βx + γ with α ≠ 0, s = √(−α) (Re s ≥ 0), u = s·(x + β/(2α)) and δ = γ − β²/(4α):
        /// ∫ e^q dx = (√π/(2s))·e^δ·erf u = ±(√π/(2s))·(e^δ − e^q·w(±iu)) where ±Re u ≥ 0 (erf is odd), w the Faddeeva function, which
        /// stays bounded there: the form neither overflows (e^δ·erf u does, where the Gaussian grows) nor cancels (where it
        /// decays, erf u → ±1). α = 0 gives e^q/β. The antiderivative of the real integrand is the real part.
        /// </summary>
        private Derivation? OscillatingGaussian(Expr f, string x)
        {
            var terms = new List<(Complex A, Complex Alpha, Complex Beta, Complex Gamma)> { (Complex.One, 0, 0, 0) };
            int dependentFactors = 0;
            foreach (var factor in Rewrite.Factors(f))
            {
                _budget.Charge();
                if (Depends(factor, x)) dependentFactors++;
                else
                {
                    // A parameter (a·e^(−x²)·cos 3x with a symbolic) is left to the rules that keep symbols.
                    if (factor.HasVariables) return null;
                    double value = Evaluator.Evaluate(factor, x, 0);
                    if (double.IsNaN(value) || double.IsInfinity(value)) return null;
                    terms = terms.Select(t => (t.A * value, t.Alpha, t.Beta, t.Gamma)).ToList();
                    continue;
                }
                var (core, power) = factor is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, Numerator: >= 1 and <= 4 } k } } p ? (p.Base, (int)k.Numerator) : (factor, 1);
                if (ExponentialsOf(core, x) is not { } sum) return null;
                for (int i = 0; i < power; i++)
                {
                    var product = new List<(Complex A, Complex Alpha, Complex Beta, Complex Gamma)>();
                    foreach (var t in terms)
                    {
                        foreach (var e in sum) product.Add((t.A * e.A, t.Alpha + e.Alpha, t.Beta + e.Beta, t.Gamma + e.Gamma));
                    }
                    terms = Merged(product);
                    if (terms.Count > MaxGaussianTerms) return null;
                }
            }
            // Products only: one factor alone (a Gaussian, cosh or sin of a quadratic: erf, erfi, Fresnel) and e^(ax)·sin(bx)
            // (no quadratic) have their own, plainer rules.
            if (!terms.Any(t => t.Alpha != Complex.Zero) || dependentFactors < 2) return null;

            var xv = Var(x);
            var result = new List<Expr>();
            foreach (var (a, alpha, beta, gamma) in terms)
            {
                _budget.Charge();
                var exponential = ComplexExponential(alpha, beta, gamma, xv);
                if (alpha == Complex.Zero)
                {
                    result.Add(beta == Complex.Zero
                        ? Multiply(Num((a * Complex.Exp(gamma)).Real), xv)
                        : (ComplexExpr.Constant(a / beta) * exponential).Re);
                    continue;
                }
                var s = Complex.Sqrt(-alpha);
                var centre = beta / (2 * alpha);
                var delta = gamma - beta * beta / (4 * alpha);
                var k = a * Math.Sqrt(Math.PI) / (2 * s);
                var limit = k * Complex.Exp(delta);
                if (double.IsNaN(limit.Real) || double.IsInfinity(limit.Real) || double.IsNaN(limit.Imaginary) || double.IsInfinity(limit.Imaginary)) return null;
                // u = s·x + s·centre; i·u = −Im u + i·Re u.
                var u0 = s * centre;
                var reU = Add(Multiply(Num(s.Real), xv), Num(u0.Real));
                var imU = Add(Multiply(Num(s.Imaginary), xv), Num(u0.Imaginary));
                Expr Branch(int sign, bool withConstant)
                {
                    var w = new ComplexExpr(
                        Call(Function.FaddeevaRe, Multiply(Num(-sign), imU), Multiply(Num(sign), reU)),
                        Call(Function.FaddeevaIm, Multiply(Num(-sign), imU), Multiply(Num(sign), reU)));
                    var value = ComplexExpr.Zero - ComplexExpr.Constant(k * sign) * exponential * w;
                    if (withConstant) value += ComplexExpr.Constant(k * sign * Complex.Exp(delta));
                    return value.Re;
                }
                // Re s = 0 (α > 0, a growing Gaussian): Re u is the constant Re(s·centre), one form holds throughout, and its
                // constant ±e^δ (which can dwarf the rest, e^105 in e^(0.2x² − 4x)·sin²(5x + 4)) is left out.
                result.Add(s.Real == 0 ? Branch(u0.Real >= 0 ? 1 : -1, withConstant: false)
                    : Conditional(Compare(ComparisonOperator.GreaterOrEqual, reU, Zero), Branch(1, withConstant: true), Branch(-1, withConstant: true)));
            }
            return Leaf(f, x, Tidied(Add(result)),
                "a Gaussian times an oscillation: Σ e^(αx² + βx + γ) with complex α, β, each the error function of a complex argument (Faddeeva form), real part");
        }

        /// <summary>e^(αx² + βx + γ) for complex coefficients as real and imaginary parts: e^(Re q)·(cos(Im q) + i·sin(Im q)).</summary>
        private static ComplexExpr ComplexExponential(Complex alpha, Complex beta, Complex gamma, Expr x)
        {
            Expr Quadratic(double a, double b, double c) => Add(Multiply(Num(a), Square(x)), Multiply(Num(b), x), Num(c));
            var magnitude = Exp(Quadratic(alpha.Real, beta.Real, gamma.Real));
            var phase = Quadratic(alpha.Imaginary, beta.Imaginary, gamma.Imaginary);
            if (phase is NumberExpr { Value.IsZero: true }) return ComplexExpr.Real(magnitude);
            return new ComplexExpr(Multiply(magnitude, Call(Function.Cos, phase)), Multiply(magnitude, Call(Function.Sin, phase)));
        }

        /// <summary>A factor as Σ A·e^(αx² + βx + γ): e^q, c^q (c &gt; 0), cos q, sin q, cosh q, sinh q with q quadratic; null otherwise.</summary>
        private List<(Complex A, Complex Alpha, Complex Beta, Complex Gamma)>? ExponentialsOf(Expr factor, string x)
        {
            (Complex Alpha, Complex Beta, Complex Gamma)? QuadraticOf(Expr e, Complex scale)
            {
                if (RationalFunction.TryFrom(e, x, _budget) is not { IsPolynomial: true } r || r.Numerator.Degree > 2) return null;
                var p = r.Numerator;
                return (scale * p[2].ToDouble(), scale * p[1].ToDouble(), scale * p[0].ToDouble());
            }
            var i = Complex.ImaginaryOne;
            switch (factor)
            {
                case CallExpr { Function: Function.Exp } e when QuadraticOf(e.Argument, 1) is { } q:
                    return new() { (1, q.Alpha, q.Beta, q.Gamma) };
                case PowerExpr { Base: NumberExpr { Value: { IsNegative: false, IsZero: false } c } } p when !c.IsOne && QuadraticOf(p.Exponent, Math.Log(c.Value)) is { } q:
                    return new() { (1, q.Alpha, q.Beta, q.Gamma) };
                case CallExpr { Function: Function.Cos or Function.Sin or Function.Cosh or Function.Sinh } call:
                {
                    bool trigonometric = call.Function is Function.Cos or Function.Sin;
                    if (QuadraticOf(call.Argument, trigonometric ? i : 1) is not { } q) return null;
                    var (plus, minus) = call.Function switch
                    {
                        Function.Cos or Function.Cosh => (new Complex(0.5, 0), new Complex(0.5, 0)),
                        Function.Sin => (-i / 2, i / 2),
                        _ => (new Complex(0.5, 0), new Complex(-0.5, 0)),
                    };
                    return new() { (plus, q.Alpha, q.Beta, q.Gamma), (minus, -q.Alpha, -q.Beta, -q.Gamma) };
                }
                default:
                    return null;
            }
        }

        /// <summary>Terms with the same exponent added (within rounding); terms that cancel dropped.</summary>
        private static List<(Complex A, Complex Alpha, Complex Beta, Complex Gamma)> Merged(List<(Complex A, Complex Alpha, Complex Beta, Complex Gamma)> terms)
        {
            var merged = new List<(Complex A, Complex Alpha, Complex Beta, Complex Gamma)>();
            static bool Near(Complex p, Complex q) => Complex.Abs(p - q) <= 1e-13 * Math.Max(1, Math.Max(Complex.Abs(p), Complex.Abs(q)));
            foreach (var t in terms)
            {
                int at = merged.FindIndex(m => Near(m.Alpha, t.Alpha) && Near(m.Beta, t.Beta) && Near(m.Gamma, t.Gamma));
                if (at < 0) merged.Add(t);
                else merged[at] = (merged[at].A + t.A, merged[at].Alpha, merged[at].Beta, merged[at].Gamma);
            }
            double largest = merged.Select(m => Complex.Abs(m.A)).DefaultIfEmpty(0).Max();
            return merged.Where(m => Complex.Abs(m.A) > 1e-14 * largest).ToList();
        }
    }
}
