using System;
using System.Runtime.CompilerServices;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Accurate elementary functions that <see cref="Math"/> lacks (or computes naively), used by generated code where a
    /// textbook formula would cancel or overflow: <c>log(1 + x)</c> for small x, <c>exp(x) − 1</c> for small x, and
    /// <c>√(a² + b²)</c> for large a or b. Each is within a few ulps over the whole double range and never allocates.
    /// </summary>
    public static class StableMath
    {
        /// <summary>ln(1 + x), accurate for small |x| (Kahan's method: the rounding of 1 + x is divided back out).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Log1p(double x)
        {
            double u = 1.0 + x;
            if (u == 1.0) return x;
            if (double.IsInfinity(u)) return Math.Log(u);
            return Math.Log(u) * (x / (u - 1.0));
        }

        /// <summary>eˣ − 1, accurate for small |x| (Kahan's method).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Expm1(double x)
        {
            if (x > 709.0) return Math.Exp(x);
            double u = Math.Exp(x);
            if (u == 1.0) return x;
            double um1 = u - 1.0;
            if (um1 == -1.0) return -1.0;
            return um1 * (x / Math.Log(u));
        }

        /// <summary>
        /// ln(eᵃ + eᵇ) without overflow or underflow (the two-term log-sum-exp: softplus is LogAddExp(0, x)). Differentiable in
        /// generated code: ∂/∂a = 1/(1 + e^(b − a)).
        /// </summary>
        public static double LogAddExp(double a, double b)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
            double large = Math.Max(a, b);
            if (double.IsInfinity(large)) return large;
            return large + Log1p(Math.Exp(-Math.Abs(a - b)));
        }

        /// <summary>√(a² + b²) without overflow or underflow in the squares.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Hypot(double a, double b)
        {
            a = Math.Abs(a);
            b = Math.Abs(b);
            double large = Math.Max(a, b), small = Math.Min(a, b);
            if (large == 0.0 || double.IsInfinity(large)) return large + small;
            double r = small / large;
            return large * Math.Sqrt(1.0 + r * r);
        }

        /// <summary>∛x (System.Math.Cbrt where the target has it: generated code calls this on .NET Framework and .NET Standard 2.0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Cbrt(double x)
        {
#if NETSTANDARD2_0
            if (x == 0.0 || double.IsNaN(x) || double.IsInfinity(x)) return x;
            double a = Math.Abs(x);
            double y = Math.Pow(a, 1.0 / 3.0);
            y -= (y * y * y - a) / (3.0 * y * y); // one Newton step: the rounding of the exponent 1/3 is gone
            return x < 0 ? -y : y;
#else
            return Math.Cbrt(x);
#endif
        }

        /// <summary>arsinh x, accurate near 0 and without overflow far out (System.Math.Asinh where the target has it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Asinh(double x)
        {
#if NETSTANDARD2_0
            double a = Math.Abs(x);
            double r = a > 1e8 ? Math.Log(a) + 0.6931471805599453 : Log1p(a + a * a / (1.0 + Math.Sqrt(1.0 + a * a)));
            return x < 0 ? -r : r;
#else
            return Math.Asinh(x);
#endif
        }

        /// <summary>arcosh x, accurate near 1 and without overflow far out (System.Math.Acosh where the target has it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Acosh(double x)
        {
#if NETSTANDARD2_0
            if (!(x >= 1.0)) return double.NaN;
            if (x > 1e8) return Math.Log(x) + 0.6931471805599453;
            double t = x - 1.0;
            return Log1p(t + Math.Sqrt(t * (x + 1.0)));
#else
            return Math.Acosh(x);
#endif
        }

        /// <summary>artanh x, accurate near 0 (System.Math.Atanh where the target has it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Atanh(double x)
        {
#if NETSTANDARD2_0
            double a = Math.Abs(x);
            double r = 0.5 * Log1p(2.0 * a / (1.0 - a));
            return x < 0 ? -r : r;
#else
            return Math.Atanh(x);
#endif
        }

        /// <summary>ln(1 + x) in single precision.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log1p(float x) => (float)Log1p((double)x);

        /// <summary>eˣ − 1 in single precision.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Expm1(float x) => (float)Expm1((double)x);

        /// <summary>√(a² + b²) in single precision.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Hypot(float a, float b) => (float)Hypot((double)a, (double)b);

        /// <summary>ln(eᵃ + eᵇ) in float (computed in double).</summary>
        public static float LogAddExp(float a, float b) => (float)LogAddExp((double)a, (double)b);
    }
}
