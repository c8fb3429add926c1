using System;

// One source for two assemblies, like SpecialFunctions.cs: internal in both; the runtime library exposes it through
// NumericCalculus.Quad, the engine uses it for definite integrals at build time and to check antiderivatives for jumps.
#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    /// <summary>The value of a definite integral computed numerically, with an estimate of its absolute error.</summary>
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    readonly struct QuadratureResult
    {
        /// <summary>Creates a result.</summary>
        public QuadratureResult(double value, double errorEstimate, int evaluations, bool converged)
        {
            Value = value;
            ErrorEstimate = errorEstimate;
            Evaluations = evaluations;
            Converged = converged;
        }

        /// <summary>The integral.</summary>
        public double Value { get; }

        /// <summary>An estimate of the absolute error of <see cref="Value"/>.</summary>
        public double ErrorEstimate { get; }

        /// <summary>How many times the integrand was evaluated.</summary>
        public int Evaluations { get; }

        /// <summary>True when the requested tolerance was met within the subdivision limit.</summary>
        public bool Converged { get; }

        /// <summary>Deconstructs into value and error estimate, as <c>scipy.integrate.quad</c> returns them.</summary>
        public void Deconstruct(out double value, out double errorEstimate)
        {
            value = Value;
            errorEstimate = ErrorEstimate;
        }
    }

    /// <summary>
    /// Globally adaptive Gauss–Legendre quadrature: each interval is integrated with 7 and 15 nodes, their difference
    /// estimates the error, and the interval with the largest error is bisected until the tolerance is met. Infinite
    /// limits are mapped onto finite ones. No allocation: the intervals live on the stack.
    /// </summary>
    internal static class Quadrature
    {
        public const int MaxIntervals = 200;

        private static readonly double[] Nodes7 = new double[7], Weights7 = new double[7];
        private static readonly double[] Nodes15 = new double[15], Weights15 = new double[15];

        static Quadrature()
        {
            GaussLegendre(Nodes7, Weights7);
            GaussLegendre(Nodes15, Weights15);
        }

        /// <summary>Nodes and weights on [−1, 1] by Newton's method on the Legendre polynomial.</summary>
        private static void GaussLegendre(double[] nodes, double[] weights)
        {
            int n = nodes.Length;
            for (int i = 0; i < (n + 1) / 2; i++)
            {
                double z = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), pp = 0;
                for (int iteration = 0; iteration < 100; iteration++)
                {
                    double p1 = 1, p2 = 0;
                    for (int j = 1; j <= n; j++)
                    {
                        double p3 = p2;
                        p2 = p1;
                        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
                    }
                    pp = n * (z * p1 - p2) / (z * z - 1);
                    double z1 = z;
                    z = z1 - p1 / pp;
                    if (Math.Abs(z - z1) < 1e-16) break;
                }
                nodes[i] = -z;
                nodes[n - 1 - i] = z;
                weights[i] = weights[n - 1 - i] = 2 / ((1 - z * z) * pp * pp);
            }
        }

        public static unsafe QuadratureResult Integrate(Func<double, double> f, double a, double b, double absoluteTolerance, double relativeTolerance, int maxIntervals)
        {
            if (f is null) throw new ArgumentNullException(nameof(f));
            if (double.IsNaN(a) || double.IsNaN(b)) return new QuadratureResult(double.NaN, double.NaN, 0, false);
            if (a == b) return new QuadratureResult(0, 0, 0, true);
            if (a > b)
            {
                var reversed = Integrate(f, b, a, absoluteTolerance, relativeTolerance, maxIntervals);
                return new QuadratureResult(-reversed.Value, reversed.ErrorEstimate, reversed.Evaluations, reversed.Converged);
            }
            maxIntervals = Math.Max(1, Math.Min(maxIntervals, MaxIntervals));

            // Infinite limits: x = a + t/(1 − t) on [a, ∞), x = b − (1 − t)/t on (−∞, b], split at 0 for (−∞, ∞).
            int mode = double.IsNegativeInfinity(a) ? (double.IsPositiveInfinity(b) ? 3 : 2) : double.IsPositiveInfinity(b) ? 1 : 0;
            double lo = mode == 0 ? a : 0, hi = mode == 0 ? b : 1;

            double* starts = stackalloc double[MaxIntervals];
            double* ends = stackalloc double[MaxIntervals];
            double* values = stackalloc double[MaxIntervals];
            double* errors = stackalloc double[MaxIntervals];
            int count = 1, evaluations = 0;
            starts[0] = lo;
            ends[0] = hi;
            values[0] = Panel(f, mode, a, b, lo, hi, out errors[0], ref evaluations);
            while (true)
            {
                double total = 0, error = 0;
                int worst = 0;
                for (int i = 0; i < count; i++)
                {
                    total += values[i];
                    error += errors[i];
                    if (errors[i] > errors[worst]) worst = i;
                }
                if (double.IsNaN(total) || double.IsInfinity(total)) return new QuadratureResult(total, double.PositiveInfinity, evaluations, false);
                if (error <= Math.Max(absoluteTolerance, relativeTolerance * Math.Abs(total)))
                    return new QuadratureResult(total, error, evaluations, true);
                double mid = 0.5 * (starts[worst] + ends[worst]);
                if (count >= maxIntervals || mid <= starts[worst] || mid >= ends[worst])
                    return new QuadratureResult(total, error, evaluations, false);
                starts[count] = mid;
                ends[count] = ends[worst];
                values[count] = Panel(f, mode, a, b, mid, ends[worst], out errors[count], ref evaluations);
                ends[worst] = mid;
                values[worst] = Panel(f, mode, a, b, starts[worst], mid, out errors[worst], ref evaluations);
                count++;
            }
        }

        private static double Panel(Func<double, double> f, int mode, double a, double b, double lo, double hi, out double error, ref int evaluations)
        {
            double center = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
            double g7 = 0, g15 = 0;
            for (int i = 0; i < 7; i++) g7 += Weights7[i] * Mapped(f, mode, a, b, center + half * Nodes7[i]);
            for (int i = 0; i < 15; i++) g15 += Weights15[i] * Mapped(f, mode, a, b, center + half * Nodes15[i]);
            evaluations += 22;
            g7 *= half;
            g15 *= half;
            error = Math.Abs(g15 - g7);
            return g15;
        }

        private static double Mapped(Func<double, double> f, int mode, double a, double b, double t)
        {
            switch (mode)
            {
                case 1:
                {
                    double s = 1 - t;
                    return f(a + t / s) / (s * s);
                }
                case 2:
                    return f(b - (1 - t) / t) / (t * t);
                case 3:
                {
                    // Both halves at once: x = t/(1 − t) and x = −t/(1 − t).
                    double s = 1 - t, x = t / s, jacobian = 1 / (s * s);
                    return (f(x) + f(-x)) * jacobian;
                }
                default:
                    return f(t);
            }
        }
    }
}
