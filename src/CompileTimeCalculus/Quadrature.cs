using System;

// One source for two assemblies, like SpecialFunctions.cs: the runtime library exposes it through NumericCalculus.Quad, the engine uses it for definite integrals at build time and to check
// antiderivatives for jumps.
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

    /// <summary>An integrand for allocation-free quadrature: a struct that evaluates f(x).</summary>
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    interface IIntegrand
    {
        /// <summary>f(x).</summary>
        double Evaluate(double x);
    }

    /// <summary>
    /// Globally adaptive Gauss–Kronrod quadrature (the 7-point Gauss rule embedded in the 15-point Kronrod rule, as
    /// QUADPACK's QAG): the two rules' difference estimates each interval's error, and the interval with the largest
    /// error is bisected until the tolerance is met. Infinite limits are mapped onto finite ones. No allocation: the
    /// intervals live on the stack, and a struct integrand is called without boxing.
    /// </summary>
    internal static class Quadrature
    {
        public const int MaxIntervals = 200;

        // Kronrod nodes on [0, 1) (symmetric, the last is the centre) and weights; Gauss weights of the odd-indexed nodes.
        private static readonly double[] KronrodNodes =
        {
            0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
            0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
            0.207784955007898467600689403773245, 0.0,
        };

        private static readonly double[] KronrodWeights =
        {
            0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
            0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
            0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
        };

        private static readonly double[] GaussWeights =
        {
            0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
            0.417959183673469387755102040816327,
        };

        private readonly struct FunctionIntegrand : IIntegrand
        {
            private readonly Func<double, double> _f;
            public FunctionIntegrand(Func<double, double> f) => _f = f;
            public double Evaluate(double x) => _f(x);
        }

        public static QuadratureResult Integrate(Func<double, double> f, double a, double b, double absoluteTolerance, double relativeTolerance, int maxIntervals)
        {
            if (f is null) throw new ArgumentNullException(nameof(f));
            return Integrate(new FunctionIntegrand(f), a, b, absoluteTolerance, relativeTolerance, maxIntervals);
        }

        public static unsafe QuadratureResult Integrate<TIntegrand>(TIntegrand f, double a, double b, double absoluteTolerance, double relativeTolerance, int maxIntervals)
            where TIntegrand : IIntegrand
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return new QuadratureResult(double.NaN, double.NaN, 0, false);
            if (a == b) return new QuadratureResult(0, 0, 0, true);
            if (a > b)
            {
                var reversed = Integrate(f, b, a, absoluteTolerance, relativeTolerance, maxIntervals);
                return new QuadratureResult(-reversed.Value, reversed.ErrorEstimate, reversed.Evaluations, reversed.Converged);
            }
            maxIntervals = Math.Max(1, Math.Min(maxIntervals, MaxIntervals));

            // Infinite limits: x = a + t/(1 − t) on [a, ∞), x = b − (1 − t)/t on (−∞, b], both halves of x = ±t/(1 − t) on (−∞, ∞).
            // Finite ones: x = a + (b − a)·t²(3 − 2t), whose Jacobian vanishes at both ends and so tames integrable endpoint
            // singularities (1/√(x − a), ln(x − a)) that bisection alone resolves only with very many intervals.
            int mode = double.IsNegativeInfinity(a) ? (double.IsPositiveInfinity(b) ? 3 : 2) : double.IsPositiveInfinity(b) ? 1 : 0;
            double lo = 0, hi = 1;

            double* starts = stackalloc double[MaxIntervals];
            double* ends = stackalloc double[MaxIntervals];
            double* values = stackalloc double[MaxIntervals];
            double* errors = stackalloc double[MaxIntervals];
            int count = 1, evaluations = 0;
            starts[0] = lo;
            ends[0] = hi;
            values[0] = Panel(ref f, mode, a, b, lo, hi, out errors[0], ref evaluations);
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
                values[count] = Panel(ref f, mode, a, b, mid, ends[worst], out errors[count], ref evaluations);
                ends[worst] = mid;
                values[worst] = Panel(ref f, mode, a, b, starts[worst], mid, out errors[worst], ref evaluations);
                count++;
            }
        }

#if CALCULUS_ENGINE
        public static unsafe QuadratureResult IntegratePiecewise(Func<double, double> f, double a, double b, double[] points, double absoluteTolerance, double relativeTolerance, int maxIntervals)
        {
            fixed (double* p = points)
                return IntegratePiecewise(new FunctionIntegrand(f), a, b, p, points.Length, absoluteTolerance, relativeTolerance, maxIntervals);
        }
#endif

        /// <summary>
        /// ∫ₐᵇ f split at the <paramref name="count"/> points at <paramref name="points"/> that lie inside (a, b) (in any order;
        /// others, NaN and ∞ are ignored), each piece integrated adaptively to the relative tolerance on its own. A bump far
        /// from both limits, which one adaptive pass over the whole range can miss entirely, is then a piece of its own. The
        /// result is converged when the pieces' errors together are within the tolerance of the integral of |f|.
        /// </summary>
        public static unsafe QuadratureResult IntegratePiecewise<TIntegrand>(TIntegrand f, double a, double b, double* points, int count,
            double absoluteTolerance, double relativeTolerance, int maxIntervals)
            where TIntegrand : IIntegrand
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return new QuadratureResult(double.NaN, double.NaN, 0, false);
            if (a == b) return new QuadratureResult(0, 0, 0, true);
            if (a > b)
            {
                var reversed = IntegratePiecewise(f, b, a, points, count, absoluteTolerance, relativeTolerance, maxIntervals);
                return new QuadratureResult(-reversed.Value, reversed.ErrorEstimate, reversed.Evaluations, reversed.Converged);
            }
            const int MaxPoints = 64;
            double* edges = stackalloc double[MaxPoints + 2];
            int n = 0;
            edges[n++] = a;
            for (int i = 0; i < count && n <= MaxPoints; i++)
            {
                double p = points[i];
                if (p > a && p < b && !double.IsInfinity(p)) edges[n++] = p;
            }
            // Insertion sort: a few dozen points at most.
            for (int i = 2; i < n; i++)
            {
                double v = edges[i];
                int j = i - 1;
                while (j >= 1 && edges[j] > v)
                {
                    edges[j + 1] = edges[j];
                    j--;
                }
                edges[j + 1] = v;
            }
            edges[n++] = b;
            double total = 0, magnitude = 0, error = 0;
            int evaluations = 0;
            bool converged = true;
            for (int i = 0; i + 1 < n; i++)
            {
                if (edges[i + 1] <= edges[i]) continue; // a repeated point
                var piece = Integrate(f, edges[i], edges[i + 1], 1e-300, relativeTolerance, maxIntervals);
                total += piece.Value;
                magnitude += Math.Abs(piece.Value);
                error += piece.ErrorEstimate;
                evaluations += piece.Evaluations;
                converged &= !double.IsNaN(piece.Value) && !double.IsInfinity(piece.Value);
            }
            converged &= error <= Math.Max(absoluteTolerance, relativeTolerance * magnitude);
            return new QuadratureResult(total, error, evaluations, converged);
        }

        private static double Panel<TIntegrand>(ref TIntegrand f, int mode, double a, double b, double lo, double hi, out double error, ref int evaluations)
            where TIntegrand : IIntegrand
        {
            double center = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
            double fc = Mapped(ref f, mode, a, b, center);
            double kronrod = KronrodWeights[7] * fc, gauss = GaussWeights[3] * fc;
            for (int i = 0; i < 7; i++)
            {
                double dx = half * KronrodNodes[i];
                double sum = Mapped(ref f, mode, a, b, center - dx) + Mapped(ref f, mode, a, b, center + dx);
                kronrod += KronrodWeights[i] * sum;
                if (i % 2 == 1) gauss += GaussWeights[i / 2] * sum;
            }
            evaluations += 15;
            kronrod *= half;
            gauss *= half;
            error = Math.Abs(kronrod - gauss);
            return kronrod;
        }

        private static double Mapped<TIntegrand>(ref TIntegrand f, int mode, double a, double b, double t)
            where TIntegrand : IIntegrand
        {
            switch (mode)
            {
                case 1:
                {
                    double s = 1 - t;
                    return f.Evaluate(a + t / s) / (s * s);
                }
                case 2:
                    return f.Evaluate(b - (1 - t) / t) / (t * t);
                case 3:
                {
                    double s = 1 - t, x = t / s, jacobian = 1 / (s * s);
                    return (f.Evaluate(x) + f.Evaluate(-x)) * jacobian;
                }
                default:
                {
                    double jacobian = 6 * t * (1 - t) * (b - a);
                    return jacobian == 0 ? 0 : f.Evaluate(a + (b - a) * t * t * (3 - 2 * t)) * jacobian;
                }
            }
        }
    }
}
