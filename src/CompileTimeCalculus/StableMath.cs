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

        /// <summary>ln(1 + x) in single precision.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log1p(float x) => (float)Log1p((double)x);

        /// <summary>eˣ − 1 in single precision.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Expm1(float x) => (float)Expm1((double)x);

        /// <summary>√(a² + b²) in single precision.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Hypot(float a, float b) => (float)Hypot((double)a, (double)b);
    }
}
