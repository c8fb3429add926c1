using System;
using System.Numerics;

#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    // The Faddeeva function w(z) = e^(−z²)·erfc(−iz): the error function of a complex argument in the form that neither
    // overflows nor cancels, which ∫ e^(ax² + bx)·cos(cx² + dx) needs (a Gaussian times an oscillation).
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctions
    {
        /// <summary>Re w(x + iy), w(z) = e^(−z²)·erfc(−iz) (the Faddeeva function); for y ≥ 0 it is bounded by 1.</summary>
        public static double FaddeevaRe(double x, double y) => Faddeeva(new Complex(x, y)).Real;

        /// <summary>Im w(x + iy), w(z) = e^(−z²)·erfc(−iz) (the Faddeeva function).</summary>
        public static double FaddeevaIm(double x, double y) => Faddeeva(new Complex(x, y)).Imaginary;

        private const int WeidemanTerms = 64;

        // Weideman's coefficients: aₙ = (1/2M) Σₖ f(tₖ)·cos(nθₖ), f(t) = e^(−t²)(L² + t²), tₖ = L·tan(θₖ/2), θₖ = kπ/M, M = 2N.
        private static readonly double WeidemanL = Math.Sqrt(WeidemanTerms / Math.Sqrt(2));
        private static readonly double[] WeidemanCoefficients = ComputeWeidemanCoefficients();

        private static double[] ComputeWeidemanCoefficients()
        {
            int m = 2 * WeidemanTerms;
            double l = WeidemanL;
            var f = new double[2 * m];
            for (int k = -m + 1; k <= m - 1; k++)
            {
                double t = l * Math.Tan(k * Math.PI / m / 2);
                f[k + m] = Math.Exp(-t * t) * (l * l + t * t);
            }
            var a = new double[WeidemanTerms + 1];
            for (int n = 1; n <= WeidemanTerms; n++)
            {
                double sum = 0;
                for (int k = -m + 1; k <= m - 1; k++) sum += f[k + m] * Math.Cos(n * k * Math.PI / m);
                a[n] = sum / (2 * m);
            }
            return a;
        }

        /// <summary>
        /// w(z): for Im z &lt; 0 by w(z) = 2e^(−z²) − w(−z); then the Taylor series Σ (iz)ⁿ/Γ(n/2 + 1) near 0, Laplace's
        /// continued fraction far out, and Weideman's rational expansion (N = 64) between.
        /// </summary>
        private static Complex Faddeeva(Complex z)
        {
            if (double.IsNaN(z.Real) || double.IsNaN(z.Imaginary) || double.IsInfinity(z.Real) || double.IsInfinity(z.Imaginary)) return new Complex(double.NaN, double.NaN);
            if (z.Imaginary < 0) return 2 * Complex.Exp(-z * z) - Faddeeva(-z);
            double size = Complex.Abs(z);
            if (size < 0.5)
            {
                // Γ(n/2 + 1) by Γ(s + 1) = s·Γ(s), from Γ(1) = 1 and Γ(3/2) = √π/2.
                var iz = new Complex(-z.Imaginary, z.Real);
                var power = Complex.One;
                var sum = Complex.Zero;
                double even = 1, odd = Math.Sqrt(Math.PI) / 2;
                for (int n = 0; n < 60; n++)
                {
                    double gamma = n % 2 == 0 ? even : odd;
                    var add = power / gamma;
                    sum += add;
                    if (n > 2 && Complex.Abs(add) < 1e-17 * Complex.Abs(sum)) break;
                    power *= iz;
                    if (n % 2 == 0) even *= n / 2 + 1;
                    else odd *= n / 2 + 1.5;
                }
                return sum;
            }
            if (size > 8)
            {
                // w(z) = (i/√π)/(z − ½/(z − 1/(z − (3/2)/(z − …)))), evaluated from the bottom.
                int terms = size > 40 ? 12 : size > 16 ? 30 : 60;
                var tail = z;
                for (int k = terms; k >= 1; k--) tail = z - (k / 2.0) / tail;
                return new Complex(0, 1 / Math.Sqrt(Math.PI)) / tail;
            }
            var denominator = new Complex(WeidemanL + z.Imaginary, -z.Real);
            var zeta = new Complex(WeidemanL - z.Imaginary, z.Real) / denominator;
            var p = Complex.Zero;
            for (int n = WeidemanTerms; n >= 1; n--) p = p * zeta + WeidemanCoefficients[n];
            return 2 * p / (denominator * denominator) + 1 / (Math.Sqrt(Math.PI) * denominator);
        }
    }

#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctionsF
    {
        /// <summary>Re w(x + iy) in single precision.</summary>
        public static float FaddeevaRe(float x, float y) => (float)SpecialFunctions.FaddeevaRe(x, y);
        /// <summary>Im w(x + iy) in single precision.</summary>
        public static float FaddeevaIm(float x, float y) => (float)SpecialFunctions.FaddeevaIm(x, y);
    }
}
