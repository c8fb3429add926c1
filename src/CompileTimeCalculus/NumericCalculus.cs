using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Numerical calculus for when no closed form exists or the data are samples: adaptive Gauss–Kronrod quadrature (as
    /// <c>scipy.integrate.quad</c>), the trapezoid rule and its cumulative form (as <c>cumtrapz</c>), and the derivative of
    /// sampled data (as <c>numpy.gradient</c>). None of them allocates.
    /// </summary>
    public static class NumericCalculus
    {
        /// <summary>Default absolute and relative tolerance of <see cref="Quad"/>, as scipy's (1.49e-8).</summary>
        public const double DefaultTolerance = 1.49e-8;

        /// <summary>
        /// ∫ₐᵇ f(x) dx by globally adaptive Gauss–Kronrod (7/15-point) quadrature, with an estimate of the absolute error. Either limit
        /// may be infinite. <see cref="QuadratureResult.Converged"/> is false when the tolerance was not met within
        /// <paramref name="maxIntervals"/> subintervals (at most 200); the value is then the best estimate found.
        /// </summary>
        public static QuadratureResult Quad(Func<double, double> f, double a, double b,
            double absoluteTolerance = DefaultTolerance, double relativeTolerance = DefaultTolerance, int maxIntervals = 100) =>
            Quadrature.Integrate(f, a, b, absoluteTolerance, relativeTolerance, maxIntervals);

        /// <summary>
        /// <see cref="Quad"/> for an integrand struct: no delegate, no closure, no allocation, so it can sit in a hot loop
        /// (generated numerical antiderivatives use it).
        /// </summary>
        public static QuadratureResult Quad<TIntegrand>(TIntegrand integrand, double a, double b,
            double absoluteTolerance = DefaultTolerance, double relativeTolerance = DefaultTolerance, int maxIntervals = 100)
            where TIntegrand : struct, IIntegrand =>
            Quadrature.Integrate(integrand, a, b, absoluteTolerance, relativeTolerance, maxIntervals);

        /// <summary>
        /// <see cref="Quad{TIntegrand}(TIntegrand, double, double, double, double, int)"/> split at the points of
        /// <paramref name="breakpoints"/> that lie between the limits (where the integrand's mass, jumps or poles are): each
        /// piece is integrated to the relative tolerance on its own, so a narrow bump far from both limits is not missed.
        /// Generated numerical antiderivatives pass the landmarks of their integrand, computed from its parameters.
        /// </summary>
        public static unsafe QuadratureResult Quad<TIntegrand>(TIntegrand integrand, double a, double b, ReadOnlySpan<double> breakpoints,
            double absoluteTolerance = DefaultTolerance, double relativeTolerance = DefaultTolerance, int maxIntervals = 100)
            where TIntegrand : struct, IIntegrand
        {
            fixed (double* points = breakpoints)
                return Quadrature.IntegratePiecewise(integrand, a, b, points, breakpoints.Length, absoluteTolerance, relativeTolerance, maxIntervals);
        }

        /// <summary>The trapezoid rule over samples y taken at spacing <paramref name="dx"/>.</summary>
        public static double Trapezoid(ReadOnlySpan<double> y, double dx = 1.0)
        {
            if (y.Length < 2) return 0;
            double sum = 0.5 * (y[0] + y[y.Length - 1]);
            for (int i = 1; i < y.Length - 1; i++) sum += y[i];
            return sum * dx;
        }

        /// <summary>The trapezoid rule over samples y at the (increasing or decreasing) abscissas x.</summary>
        public static double Trapezoid(ReadOnlySpan<double> y, ReadOnlySpan<double> x)
        {
            CheckSameLength(y, x, nameof(x));
            double sum = 0;
            for (int i = 1; i < y.Length; i++) sum += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
            return sum;
        }

        /// <summary>
        /// Running trapezoid integrals: <paramref name="result"/>[i] = ∫ from x[0] to x[i] (so result[0] = 0), the same
        /// length as y, with samples at spacing <paramref name="dx"/>.
        /// </summary>
        public static void CumulativeTrapezoid(ReadOnlySpan<double> y, double dx, Span<double> result)
        {
            CheckOutput(y.Length, result.Length);
            if (y.Length == 0) return;
            result[0] = 0;
            for (int i = 1; i < y.Length; i++) result[i] = result[i - 1] + 0.5 * (y[i] + y[i - 1]) * dx;
        }

        /// <summary>Running trapezoid integrals over samples y at abscissas x; result[0] = 0.</summary>
        public static void CumulativeTrapezoid(ReadOnlySpan<double> y, ReadOnlySpan<double> x, Span<double> result)
        {
            CheckSameLength(y, x, nameof(x));
            CheckOutput(y.Length, result.Length);
            if (y.Length == 0) return;
            result[0] = 0;
            for (int i = 1; i < y.Length; i++) result[i] = result[i - 1] + 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
        }

        /// <summary>
        /// The derivative of samples y at spacing <paramref name="dx"/>: central differences inside and second-order
        /// one-sided differences at both ends (numpy.gradient with edge_order=2). Needs at least 3 samples (2 give the slope).
        /// </summary>
        public static void Gradient(ReadOnlySpan<double> y, double dx, Span<double> result)
        {
            CheckOutput(y.Length, result.Length);
            int n = y.Length;
            if (n < 2) throw new ArgumentException("The derivative of sampled data needs at least two samples.", nameof(y));
            if (n == 2)
            {
                result[0] = result[1] = (y[1] - y[0]) / dx;
                return;
            }
            for (int i = 1; i < n - 1; i++) result[i] = (y[i + 1] - y[i - 1]) / (2 * dx);
            result[0] = (-3 * y[0] + 4 * y[1] - y[2]) / (2 * dx);
            result[n - 1] = (3 * y[n - 1] - 4 * y[n - 2] + y[n - 3]) / (2 * dx);
        }

        /// <summary>
        /// The derivative of samples y at unevenly spaced abscissas x: second-order accurate everywhere, from the
        /// quadratic through each three neighbouring samples.
        /// </summary>
        public static void Gradient(ReadOnlySpan<double> y, ReadOnlySpan<double> x, Span<double> result)
        {
            CheckSameLength(y, x, nameof(x));
            CheckOutput(y.Length, result.Length);
            int n = y.Length;
            if (n < 2) throw new ArgumentException("The derivative of sampled data needs at least two samples.", nameof(y));
            if (n == 2)
            {
                result[0] = result[1] = (y[1] - y[0]) / (x[1] - x[0]);
                return;
            }
            for (int i = 1; i < n - 1; i++)
            {
                double h1 = x[i] - x[i - 1], h2 = x[i + 1] - x[i];
                result[i] = (h1 * h1 * y[i + 1] - h2 * h2 * y[i - 1] + (h2 * h2 - h1 * h1) * y[i]) / (h1 * h2 * (h1 + h2));
            }
            {
                double h1 = x[1] - x[0], h2 = x[2] - x[1];
                result[0] = (-(2 * h1 + h2) * h2 * y[0] + (h1 + h2) * (h1 + h2) * y[1] - h1 * h1 * y[2]) / (h1 * h2 * (h1 + h2));
            }
            {
                double h1 = x[n - 2] - x[n - 3], h2 = x[n - 1] - x[n - 2];
                result[n - 1] = (h2 * h2 * y[n - 3] - (h1 + h2) * (h1 + h2) * y[n - 2] + (2 * h2 + h1) * h1 * y[n - 1]) / (h1 * h2 * (h1 + h2));
            }
        }

        private static void CheckSameLength(ReadOnlySpan<double> y, ReadOnlySpan<double> x, string name)
        {
            if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} samples but y has {y.Length}.", name);
        }

        private static void CheckOutput(int expected, int actual)
        {
            if (actual != expected) throw new ArgumentException($"The result span has length {actual}; it must have the samples' length {expected}.", "result");
        }
    }
}
