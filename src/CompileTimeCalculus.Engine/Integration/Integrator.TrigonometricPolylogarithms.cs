using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Polynomials times rational functions of sin w and cos w (θ·sec⁷θ, θ²/(sin²θ·cos θ), θ/(7 + sin²θ)): polylogarithms of
    // e^(iw)/τ, in real form. This is what ∫ P(arcsin x)·R(x, √(1 − x²)) and ∫ P(arctan x)·R(x, √(1 + x²)) become.
    public sealed partial class Integrator
    {
        /// <summary>
        /// P(x)·R(sin w, cos w), deg P = 1…3, w = g·x + h, R rational with rational coefficients. With t = e^(iw), R is rational
        /// in t; its poles τ (and their orders) come from the exact square-free factors of R's denominator in u = tan(w/2),
        /// mapped by t = (i − u)/(i + u). R = Σ q_k·tᵏ + Σ c_(τ,l)/(t − τ)ˡ, and, with t′ = i·g·t:
        /// ∫ P·tᵏ = tᵏ·Σⱼ (−1)ʲ P⁽ʲ⁾/(i·k·g)^(j+1); a pole of order l &gt; 1 reduces by parts as for e^w (g → i·g);
        /// ∫ P/(t − τ) = −(1/τ)·(∫P + Σⱼ (−1)ʲ P⁽ʲ⁾·Li_(j+1)(t/τ)/(i·g)^(j+1)) for |τ| &gt; 1 and
        /// (1/τ)·Σⱼ (−1)ʲ P⁽ʲ⁾·Li_(j+1)(τ/t)/(−i·g)^(j+1) for |τ| ≤ 1: |z| ≤ 1 always, so no argument crosses the cut of Li.
        /// The antiderivative of the real integrand is the real part. Poles on the unit circle are the integrand's real
        /// poles (Clausen's functions, r = 1).
        /// </summary>
        private Derivation? PolynomialTimesTrigRational(Expr f, string x)
        {
            if (PolynomialPart(f, x) is not var (polynomial, remainder)) return null;
            var arguments = new List<Expr>();
            foreach (var node in Rewrite.Subtrees(remainder, _budget))
            {
                if (node is CallExpr { Function: Function.Sin or Function.Cos or Function.Tan } c && Depends(c, x)) arguments.Add(c.Argument);
            }
            if (arguments.Count == 0 || Commensurate(arguments, x) is not { } unit) return null;
            if (unit.Scale is not NumberExpr { Value: { IsFinite: true, IsZero: false } scaleValue }) return null;
            double scale = scaleValue.Value;

            return WithFreshVariable("s", sName => WithFreshVariable("c", cName => WithFreshVariable("u", uName =>
            {
                if (InSinesAndCosines(remainder, x, unit, sName, cName, 6) is not { } r) return null;
                // Weierstrass: sin w = 2u/(1 + u²), cos w = (1 − u²)/(1 + u²), exact over the rationals.
                var u = Var(uName);
                var onePlusU2 = Add(One, Square(u));
                var inU = Rewrite.Substitute(Rewrite.Substitute(r, sName, Divide(Multiply(Num(2), u), onePlusU2), _budget),
                    cName, Divide(Subtract(One, Square(u)), onePlusU2), _budget);
                if (RationalFunction.TryFrom(inU, uName, _budget)?.Reduced() is not { } rational) return null;
                if (rational.Denominator.Degree > 24 || rational.Numerator.Degree > 24) return null;
                // Without poles R is a trigonometric polynomial: tabular integration by parts gives the same answer plainly.
                if (TrigonometricPartialFractions(rational) is not { Poles.Count: > 0 } fractions) return null;
                var result = TrigonometricPolylogarithmSum(polynomial, x, unit, scale, fractions);
                if (result is null) return null;
                return Leaf(f, x, result, "partial fractions in t = e^(i·" + Show.Math(unit.Argument) + "); P/(t − τ) by parts into polylogarithms, real part");
            })));
        }

        /// <summary>R(sin w, cos w), given as a rational function of u = tan(w/2), as partial fractions in t = e^(iw).</summary>
        private PartialFractions? TrigonometricPartialFractions(RationalFunction rational)
        {
            var numerator = rational.Numerator;
            var denominator = rational.Denominator;
            var i = Complex.ImaginaryOne;
            // D(u) = d·Π (u − uⱼ)^mⱼ with exact multiplicities; u − uⱼ = −(i + uⱼ)(t − τⱼ)/(1 + t), τⱼ = (i − uⱼ)/(i + uⱼ),
            // and u + i = 2i/(1 + t) (a pole at t = ∞, part of the Laurent polynomial).
            var poles = new List<(Complex Tau, int Order)>();
            var constant = new Complex(denominator[denominator.Degree].ToDouble(), 0);
            var squareFree = denominator.SquareFree();
            for (int m = 1; m <= squareFree.Count; m++)
            {
                var factor = squareFree[m - 1];
                if (factor.Degree < 1) continue;
                if (m > 8 || RootFinder.Roots(factor, _budget) is not { } roots) return null;
                foreach (var root in roots)
                {
                    if (Complex.Abs(root + i) < 1e-12)
                    {
                        constant *= Complex.Pow(2 * i, m);
                        continue;
                    }
                    constant *= Complex.Pow(-(i + root), m);
                    // u = i is t = 0 (a Laurent term); a root on the unit circle is one of the integrand's real poles.
                    var tau = Complex.Abs(root - i) < 1e-12 ? Complex.Zero : Cleaned((i - root) / (i + root), Complex.Abs((i - root) / (i + root)));
                    if (tau != Complex.Zero && Math.Abs(Complex.Abs(tau) - 1) < 1e-12) tau /= Complex.Abs(tau);
                    poles.Add((tau, m));
                }
            }
            // N(u(t))·(1 + t)^dN as a polynomial in t; R(t) = Ñ(t)/(C·Π(t − τ)^m) with Ñ = that·(1 + t)^(dD − dN), or a pole
            // of order dN − dD at t = −1 (u = ∞).
            int dN = numerator.Degree, dD = denominator.Degree;
            var top = new Complex[] { Complex.Zero };
            for (int k = 0; k <= dN; k++)
            {
                if (numerator[k].IsZero) continue;
                var term = new Complex[] { numerator[k].ToDouble() * Complex.Pow(i, k) };
                term = ComplexPolynomial.Multiply(term, ComplexPolynomial.Power(new[] { Complex.One, -Complex.One }, k));
                term = ComplexPolynomial.Multiply(term, ComplexPolynomial.Power(new[] { Complex.One, Complex.One }, dN - k));
                top = ComplexPolynomial.Add(top, term);
            }
            if (dD >= dN) top = ComplexPolynomial.Multiply(top, ComplexPolynomial.Power(new[] { Complex.One, Complex.One }, dD - dN));
            else poles.Add((-Complex.One, dN - dD));
            if (poles.Count > 0 && poles.Max(p => p.Order) > 8) return null;

            Complex Direct(Complex t)
            {
                var uValue = i * (1 - t) / (1 + t);
                return RootFinder.Evaluate(numerator, uValue) / RootFinder.Evaluate(denominator, uValue);
            }
            return ComplexPartialFractions(top, constant, poles, Direct);
        }

        /// <summary>
        /// (e^(iw) − τ)^(−n) without cancellation near the pole: for |τ| = 1, τ = e^(iα),
        /// (2i·sin((w − α)/2))^(−n)·e^(−in(w + α)/2); otherwise |t − τ|^(−n)·e^(−inψ), ψ = atan2(sin w − Im τ, cos w − Re τ) and
        /// |t − τ|² = (1 − |τ|)² + 4|τ|·sin²((w − α)/2) (a 2π jump of ψ changes nothing, n being an integer).
        /// </summary>
        private static ComplexExpr InverseDifferencePower(Complex tau, Expr w, int n)
        {
            double modulus = Complex.Abs(tau), angle = Math.Atan2(tau.Imaginary, tau.Real);
            var halfSine = Call(Function.Sin, Multiply(Half, Subtract(w, Num(angle))));
            if (modulus == 1)
            {
                var phase = Multiply(Num(n), Half, Add(w, Num(angle)));
                var wave = new ComplexExpr(Call(Function.Cos, phase), Negate(Call(Function.Sin, phase)));
                var scale = Power(halfSine, Num(-n));
                return ComplexExpr.Constant(Complex.Pow(new Complex(0, 2), -n)) * new ComplexExpr(Multiply(wave.Re, scale), Multiply(wave.Im, scale));
            }
            var distanceSquared = Add(Num((1 - modulus) * (1 - modulus)), Multiply(Num(4 * modulus), Square(halfSine)));
            var psi = Call(Function.Atan2, Subtract(Call(Function.Sin, w), Num(tau.Imaginary)), Subtract(Call(Function.Cos, w), Num(tau.Real)));
            var magnitude = Power(distanceSquared, Rational(-n, 2));
            var nPsi = Multiply(Num(n), psi);
            return new ComplexExpr(Multiply(magnitude, Call(Function.Cos, nPsi)), Negate(Multiply(magnitude, Call(Function.Sin, nPsi))));
        }

        /// <summary>Re ∫ P(x)·R(e^(iw)) dx from the partial fractions (see <see cref="PolynomialTimesTrigRational"/>).</summary>
        private Expr? TrigonometricPolylogarithmSum(Polynomial polynomial, string x, Unit unit, double scale, PartialFractions fractions)
        {
            var xv = Var(x);
            var w = unit.Argument;
            var ig = new Complex(0, scale);
            var total = ComplexExpr.Zero;
            foreach (var pair in fractions.Laurent.OrderBy(p => p.Key))
            {
                int k = pair.Key;
                var q = pair.Value;
                _budget.Charge();
                if (k == 0)
                {
                    total += ComplexExpr.Constant(q) * ComplexExpr.Real(polynomial.Integral().ToExpr(xv));
                    continue;
                }
                // ∫ P·tᵏ = tᵏ·Σⱼ (−1)ʲ P⁽ʲ⁾/(i·k·g)^(j+1).
                var power = new ComplexExpr(Call(Function.Cos, Multiply(Num(k), w)), Call(Function.Sin, Multiply(Num(k), w)));
                var sum = ComplexExpr.Zero;
                var derivative = polynomial;
                for (int j = 0; !derivative.IsZero; j++)
                {
                    var c = (j % 2 == 0 ? 1 : -1) / Complex.Pow(k * ig, j + 1);
                    sum += ComplexExpr.Constant(c) * ComplexExpr.Real(derivative.ToExpr(xv));
                    derivative = derivative.Derivative();
                }
                total += ComplexExpr.Constant(q) * power * sum;
            }
            foreach (var (tau, coefficients) in fractions.Poles)
            {
                var cache = new Dictionary<(Polynomial, int), ComplexExpr>();
                for (int l = 1; l < coefficients.Length; l++)
                {
                    _budget.Charge();
                    if (coefficients[l] == Complex.Zero) continue;
                    total += ComplexExpr.Constant(coefficients[l]) * OverUnitExponentialMinusPole(polynomial, xv, w, ig, tau, l, cache);
                }
            }
            return Tidied(total.Re);
        }

        /// <summary>
        /// ∫ P/(t − τ)ˡ dx for t = e^(iw), t′ = i·g·t: for l &gt; 1 by parts as in <see cref="OverExponentialMinusRootPower"/>,
        /// for l = 1 polylogarithms of the argument of modulus ≤ 1.
        /// </summary>
        private ComplexExpr OverUnitExponentialMinusPole(Polynomial polynomial, Expr x, Expr w, Complex ig, Complex tau, int power,
            Dictionary<(Polynomial, int), ComplexExpr> cache)
        {
            if (polynomial.IsZero) return ComplexExpr.Zero;
            if (cache.TryGetValue((polynomial, power), out var known)) return known;
            _budget.Charge();
            ComplexExpr result;
            if (power > 1)
            {
                var scale = (power - 1) * ig;
                var inversePower = InverseDifferencePower(tau, w, power - 1);
                var boundary = ComplexExpr.Constant(1 / scale) * ComplexExpr.Real(polynomial.ToExpr(x)) * inversePower;
                result = ComplexExpr.Constant(1 / tau) * (
                    ComplexExpr.Zero - boundary
                    + ComplexExpr.Constant(1 / scale) * OverUnitExponentialMinusPole(polynomial.Derivative(), x, w, ig, tau, power - 1, cache)
                    - OverUnitExponentialMinusPole(polynomial, x, w, ig, tau, power - 1, cache));
            }
            else
            {
                double modulus = Complex.Abs(tau);
                double angle = Math.Atan2(tau.Imaginary, tau.Real);
                bool inside = modulus <= 1 + 1e-12;
                // z = t/τ (|τ| > 1) or y = τ/t (|τ| ≤ 1): polar modulus and angle of the polylogarithms' argument.
                var rho = Num(inside ? Math.Min(modulus, 1) : 1 / modulus);
                if (Math.Abs(modulus - 1) <= 1e-12) rho = One;
                var phi = inside ? Subtract(Num(angle), w) : Subtract(w, Num(angle));
                var g = inside ? -ig : ig;
                var sum = ComplexExpr.Zero;
                var derivative = polynomial;
                for (int j = 0; !derivative.IsZero; j++)
                {
                    var (re, im) = PolarPolylogarithm.Of(j + 1, rho, phi);
                    var c = (j % 2 == 0 ? 1 : -1) / Complex.Pow(g, j + 1);
                    sum += ComplexExpr.Constant(c) * ComplexExpr.Real(derivative.ToExpr(x)) * new ComplexExpr(re, im);
                    derivative = derivative.Derivative();
                }
                result = inside
                    ? ComplexExpr.Constant(1 / tau) * sum
                    : ComplexExpr.Constant(-1 / tau) * (ComplexExpr.Real(polynomial.Integral().ToExpr(x)) + sum);
            }
            cache[(polynomial, power)] = result;
            return result;
        }
    }
}
