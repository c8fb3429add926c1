using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Partial fractions over the complex numbers, and the tidying of the answers built from them: what the polylogarithm
    // rules for R(sin, cos), R(eˣ) with complex poles, and the oscillating Gaussians share.
    public sealed partial class Integrator
    {
        /// <summary>Partial fractions of a rational function of t over the complex numbers: R = Σ Laurent[k]·tᵏ + Σ c_(τ,l)/(t − τ)ˡ, c_(τ,l) = Poles[τ][l].</summary>
        private sealed class PartialFractions
        {
            public Dictionary<int, Complex> Laurent { get; } = new();
            public List<(Complex Pole, Complex[] Coefficients)> Poles { get; } = new();
        }

        /// <summary>
        /// Ñ(t)/(C·Π(t − τ)^m) = Σ Laurent[k]·tᵏ + Σ c_(τ,l)/(t − τ)ˡ, the poles and their orders known: Taylor coefficients about
        /// each pole by series arithmetic, the polynomial part by division. Checked against <paramref name="direct"/> at a
        /// few points (a root found badly, or two poles that are one, would not pass); null when it does not match.
        /// </summary>
        private static PartialFractions? ComplexPartialFractions(Complex[] top, Complex constant, List<(Complex Tau, int Order)> poles, Func<Complex, Complex> direct)
        {
            var fractions = new PartialFractions();
            foreach (var (tau, order) in poles)
            {
                // Taylor coefficients in s = t − τ of Ñ(τ + s)/(C·Π_(other)(τ + s − τᵢ)^mᵢ), to s^(order − 1).
                var series = ComplexPolynomial.TaylorShift(top, tau, order);
                foreach (var (other, otherOrder) in poles)
                {
                    if (other == tau) continue;
                    var delta = tau - other;
                    if (Complex.Abs(delta) < 1e-9) return null;
                    // (s + δ)^(−m) = Σₙ C(−m, n)·δ^(−m−n)·sⁿ.
                    var inverse = new Complex[order];
                    var coefficient = Complex.Pow(delta, -otherOrder);
                    for (int n = 0; n < order; n++)
                    {
                        inverse[n] = coefficient;
                        coefficient *= -(otherOrder + n) / ((n + 1) * delta);
                    }
                    series = ComplexPolynomial.Truncate(ComplexPolynomial.Multiply(series, inverse), order);
                }
                var coefficients = new Complex[order + 1];
                for (int l = 1; l <= order; l++) coefficients[l] = series.Length > order - l ? series[order - l] / constant : Complex.Zero;
                if (tau == Complex.Zero)
                {
                    for (int l = 1; l <= order; l++) AddLaurent(fractions, -l, coefficients[l]);
                }
                else fractions.Poles.Add((tau, coefficients));
            }
            // The polynomial part: the quotient of Ñ by C·Π(t − τ)^m.
            var bottom = new[] { constant };
            foreach (var (tau, order) in poles) bottom = ComplexPolynomial.Multiply(bottom, ComplexPolynomial.Power(new[] { -tau, Complex.One }, order));
            var quotient = ComplexPolynomial.Quotient(top, bottom);
            for (int k = 0; k < quotient.Length; k++) AddLaurent(fractions, k, quotient[k]);
            // Coefficients that are 0, real or imaginary come out with noise of the last digits; without it the answer has no
            // terms of size 10⁻¹⁴ (each a library call).
            double largest = fractions.Laurent.Values.Concat(fractions.Poles.SelectMany(p => p.Coefficients)).Select(Complex.Abs).DefaultIfEmpty(0).Max();
            foreach (var k in fractions.Laurent.Keys.ToList())
            {
                var c = fractions.Laurent[k];
                if (Complex.Abs(c) <= 1e-12 * largest) fractions.Laurent.Remove(k);
                else fractions.Laurent[k] = Cleaned(c, Complex.Abs(c));
            }
            foreach (var (_, coefficients) in fractions.Poles)
            {
                for (int l = 1; l < coefficients.Length; l++) coefficients[l] = Complex.Abs(coefficients[l]) <= 1e-12 * largest ? Complex.Zero : Cleaned(coefficients[l], Complex.Abs(coefficients[l]));
            }

            foreach (var probe in new[] { new Complex(0.37, 0.81), new Complex(-0.93, 0.22), new Complex(1.7, -0.4), new Complex(0.05, -0.6) })
            {
                var expected = direct(probe);
                var sum = Complex.Zero;
                foreach (var pair in fractions.Laurent) sum += pair.Value * Complex.Pow(probe, pair.Key);
                foreach (var (tau, coefficients) in fractions.Poles)
                {
                    for (int l = 1; l < coefficients.Length; l++) sum += coefficients[l] / Complex.Pow(probe - tau, l);
                }
                if (!(Complex.Abs(sum - expected) <= 1e-9 * (1 + Complex.Abs(expected)))) return null;
            }
            return fractions;
        }

        /// <summary>
        /// A partial-fraction coefficient or pole with the rounding noise of the numeric decomposition removed: parts below
        /// 10⁻¹² of <paramref name="size"/> are 0, and a part within 10⁻¹³ of a fraction with a small denominator is that
        /// fraction (½, not 0.4999999999999997).
        /// </summary>
        private static Complex Cleaned(Complex c, double size)
        {
            static double Part(double v, double size)
            {
                if (Math.Abs(v) <= 1e-12 * size) return 0;
                return RootFinder.Rationalize(v, 1000, 1e-13 * Math.Abs(v)) is { } exact ? exact.ToDouble() : v;
            }
            return new Complex(Part(c.Real, size), Part(c.Imaginary, size));
        }

        private static void AddLaurent(PartialFractions fractions, int k, Complex value)
        {
            if (value == Complex.Zero) return;
            fractions.Laurent[k] = fractions.Laurent.TryGetValue(k, out var known) ? known + value : value;
        }

        /// <summary>
        /// The answer of a numeric partial-fraction rule tidied: numbers within 10⁻¹⁴ of a fraction with a small denominator
        /// become that fraction (then the parts of conjugate poles that cancel, −x²/25 + x²/25, cancel exactly, also inside
        /// different branches), and terms of the sum whose coefficient is below 10⁻¹² of the largest (coefficients that
        /// are 0 up to rounding) are dropped. The verifier checks the rest.
        /// </summary>
        private Expr Tidied(Expr answer)
        {
            answer = Rewrite.Replace(answer, node =>
                node is NumberExpr { Value: { IsExact: false } n } && n.Value != 0 && RootFinder.Rationalize(n.Value, 10000, 1e-14 * Math.Abs(n.Value)) is { } exact
                    ? Num(exact.ToNumber()) : null, _budget);
            if (answer is not SumExpr s) return answer;
            static double Coefficient(Expr term)
            {
                double c = 1;
                foreach (var factor in Rewrite.Factors(term))
                {
                    if (factor is NumberExpr n) c *= n.Value.Value;
                }
                return Math.Abs(c);
            }
            double largest = s.Terms.Max(Coefficient);
            return Add(s.Terms.Where(t => Coefficient(t) > 1e-12 * largest).ToList());
        }
    }
}
