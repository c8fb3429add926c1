using System;
using System.Collections.Generic;
using System.Numerics;

namespace CompileTimeCalculus.Engine.Algebra
{
    /// <summary>
    /// All complex roots of a square-free polynomial, by the Aberth–Ehrlich iteration and a Newton polish.
    /// Used for the parts of a partial-fraction decomposition that do not factor over the rationals; the caller
    /// verifies everything built from them.
    /// </summary>
    public static class RootFinder
    {
        private const int MaxIterations = 500;

        /// <summary>The roots, or null when the iteration did not converge. Real roots come back with a zero imaginary part.</summary>
        public static Complex[]? Roots(Polynomial p, Budget budget)
        {
            int n = p.Degree;
            if (n < 1) return Array.Empty<Complex>();
            var c = p.Monic().ToDoubles();
            if (n == 1) return new[] { new Complex(-c[0], 0) };

            // Start on a circle of the Cauchy-bound radius, off the axes so no start is real or symmetric.
            double radius = 0;
            for (int i = 0; i < n; i++) radius = Math.Max(radius, Math.Pow(Math.Abs(c[i]), 1.0 / (n - i)));
            radius = Math.Max(radius, 1e-3);
            var z = new Complex[n];
            for (int k = 0; k < n; k++)
            {
                double angle = 2 * Math.PI * k / n + 0.4;
                z[k] = Complex.FromPolarCoordinates(radius, angle);
            }

            bool converged = false;
            for (int iteration = 0; iteration < MaxIterations && !converged; iteration++)
            {
                budget.Charge(n);
                converged = true;
                for (int k = 0; k < n; k++)
                {
                    var (value, derivative) = Evaluate(c, z[k]);
                    if (value == Complex.Zero) continue;
                    var ratio = value / derivative;
                    var sum = Complex.Zero;
                    for (int j = 0; j < n; j++)
                    {
                        if (j != k) sum += 1 / (z[k] - z[j]);
                    }
                    var step = ratio / (1 - ratio * sum);
                    if (double.IsNaN(step.Real) || double.IsNaN(step.Imaginary) || double.IsInfinity(step.Real) || double.IsInfinity(step.Imaginary)) return null;
                    z[k] -= step;
                    if (Complex.Abs(step) > 1e-15 * Math.Max(1, Complex.Abs(z[k]))) converged = false;
                }
            }

            // Newton polish, then snap roots whose imaginary part is rounding noise onto the real axis.
            for (int k = 0; k < n; k++)
            {
                for (int i = 0; i < 3; i++)
                {
                    var (value, derivative) = Evaluate(c, z[k]);
                    if (derivative == Complex.Zero) break;
                    z[k] -= value / derivative;
                }
            }
            for (int k = 0; k < n; k++)
            {
                if (Math.Abs(z[k].Imaginary) <= 1e-12 * Math.Max(1, Complex.Abs(z[k]))) z[k] = new Complex(z[k].Real, 0);
                // A purely imaginary root (t² + c) comes out with a real part of rounding size (2.7·10⁻⁹⁹), which would
                // otherwise reach the answer as a constant that blocks its stable forms.
                else if (Math.Abs(z[k].Real) <= 1e-13 * Complex.Abs(z[k])) z[k] = new Complex(0, z[k].Imaginary);
            }
            if (!converged && !AllSmallResiduals(c, z)) return null;
            return z;
        }

        private static bool AllSmallResiduals(double[] c, Complex[] z)
        {
            foreach (var root in z)
            {
                var (value, derivative) = Evaluate(c, root);
                if (Complex.Abs(value) > 1e-9 * Math.Max(1, Complex.Abs(derivative) * Math.Max(1, Complex.Abs(root)))) return false;
            }
            return true;
        }

        /// <summary>Horner's rule for a monic polynomial given by its lower coefficients (c[n] = 1): p(z) and p'(z).</summary>
        private static (Complex Value, Complex Derivative) Evaluate(double[] c, Complex z)
        {
            var value = Complex.One;
            var derivative = Complex.Zero;
            for (int i = c.Length - 2; i >= 0; i--)
            {
                derivative = derivative * z + value;
                value = value * z + c[i];
            }
            return (value, derivative);
        }

        /// <summary>The value of p at a complex point.</summary>
        public static Complex Evaluate(Polynomial p, Complex z)
        {
            var value = Complex.Zero;
            for (int i = p.Degree; i >= 0; i--) value = value * z + p[i].ToDouble();
            return value;
        }

        /// <summary>
        /// The simplest rational within <paramref name="tolerance"/> of <paramref name="x"/> with a denominator up to
        /// <paramref name="maxDenominator"/> (continued fractions), or null.
        /// </summary>
        public static BigRational? Rationalize(double x, long maxDenominator, double tolerance)
        {
            if (double.IsNaN(x) || double.IsInfinity(x) || Math.Abs(x) > 1e15) return null;
            long h0 = 0, h1 = 1, k0 = 1, k1 = 0;
            double r = x;
            for (int i = 0; i < 40; i++)
            {
                double a = Math.Floor(r);
                if (Math.Abs(a) > 1e15) return null;
                long ai = (long)a;
                long h2, k2;
                try
                {
                    checked
                    {
                        h2 = ai * h1 + h0;
                        k2 = ai * k1 + k0;
                    }
                }
                catch (OverflowException)
                {
                    return null;
                }
                if (k2 > maxDenominator) return null;
                if (Math.Abs((double)h2 / k2 - x) <= tolerance) return BigRational.Create(h2, k2);
                (h0, h1, k0, k1) = (h1, h2, k1, k2);
                double frac = r - a;
                if (frac < 1e-300) return null;
                r = 1 / frac;
            }
            return null;
        }

        /// <summary>Exact rational roots and rational quadratic factors of a square-free polynomial, found from its numeric roots.</summary>
        public static (List<BigRational> RationalRoots, List<Polynomial> Quadratics, Polynomial Remaining) FactorOverRationals(Polynomial p, Budget budget)
        {
            var linear = new List<BigRational>();
            var quadratics = new List<Polynomial>();
            var rest = p.Monic();
            if (rest.Degree < 1) return (linear, quadratics, rest);
            var roots = Roots(rest, budget);
            if (roots is null) return (linear, quadratics, rest);

            var remaining = new List<Complex>(roots);
            foreach (var root in roots)
            {
                if (root.Imaginary != 0) continue;
                double scale = Math.Max(1, Math.Abs(root.Real));
                if (Rationalize(root.Real, 1_000_000, 1e-9 * scale) is not { } candidate) continue;
                var factor = Polynomial.Linear(BigRational.One, -candidate);
                var (q, r) = rest.DivRem(factor);
                if (!r.IsZero) continue;
                linear.Add(candidate);
                rest = q;
                remaining.Remove(root);
            }

            // Pairs of the remaining roots whose sum and product are rational give a quadratic factor over Q.
            for (int i = 0; i < remaining.Count && rest.Degree > 2; i++)
            {
                for (int j = i + 1; j < remaining.Count; j++)
                {
                    budget.Charge();
                    var sum = remaining[i] + remaining[j];
                    var product = remaining[i] * remaining[j];
                    if (Math.Abs(sum.Imaginary) > 1e-9 * Math.Max(1, Complex.Abs(sum)) || Math.Abs(product.Imaginary) > 1e-9 * Math.Max(1, Complex.Abs(product))) continue;
                    if (Rationalize(sum.Real, 100_000, 1e-9 * Math.Max(1, Math.Abs(sum.Real))) is not { } s) continue;
                    if (Rationalize(product.Real, 100_000, 1e-9 * Math.Max(1, Math.Abs(product.Real))) is not { } t) continue;
                    var quadratic = Polynomial.FromCoefficients(t, -s, BigRational.One);
                    var (q, r) = rest.DivRem(quadratic);
                    if (!r.IsZero) continue;
                    quadratics.Add(quadratic);
                    rest = q;
                    remaining.RemoveAt(j);
                    remaining.RemoveAt(i);
                    i = -1;
                    break;
                }
            }
            if (rest.Degree == 2)
            {
                quadratics.Add(rest);
                rest = Polynomial.One;
            }
            return (linear, quadratics, rest);
        }
    }
}
