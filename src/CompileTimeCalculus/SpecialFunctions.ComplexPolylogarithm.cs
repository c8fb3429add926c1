using System;
using System.Numerics;

#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    // Li₂, Li₃, Li₄ of a complex argument z = r·e^(iφ), in real and imaginary parts: what ∫ P(x)·R(sin x, cos x) needs when
    // the poles of R lie off the real axis (Clausen's functions are the case r = 1).
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctions
    {
        /// <summary>Re Li₂(r·e^(iφ)), the principal branch (r ≥ 0; at r = 1 it is π²/6 − φ/2·(π − φ/2) reduced to one period).</summary>
        public static double DilogarithmRe(double modulus, double angle) => ComplexPolylogarithm(2, modulus, angle).Real;

        /// <summary>Im Li₂(r·e^(iφ)), the principal branch (r ≥ 0; at r = 1 it is Clausen's Cl₂(φ)).</summary>
        public static double DilogarithmIm(double modulus, double angle) => ComplexPolylogarithm(2, modulus, angle).Imaginary;

        /// <summary>Re Li₃(r·e^(iφ)), the principal branch (r ≥ 0; at r = 1 it is Cl₃(φ)).</summary>
        public static double TrilogarithmRe(double modulus, double angle) => ComplexPolylogarithm(3, modulus, angle).Real;

        /// <summary>Im Li₃(r·e^(iφ)), the principal branch (r ≥ 0).</summary>
        public static double TrilogarithmIm(double modulus, double angle) => ComplexPolylogarithm(3, modulus, angle).Imaginary;

        /// <summary>Re Li₄(r·e^(iφ)), the principal branch (r ≥ 0).</summary>
        public static double TetralogarithmRe(double modulus, double angle) => ComplexPolylogarithm(4, modulus, angle).Real;

        /// <summary>Im Li₄(r·e^(iφ)), the principal branch (r ≥ 0; at r = 1 it is Cl₄(φ)).</summary>
        public static double TetralogarithmIm(double modulus, double angle) => ComplexPolylogarithm(4, modulus, angle).Imaginary;

        /// <summary>Re(Li₁(z) − z) = Re(−ln(1 − z) − z) for z = r·e^(iφ), r ≤ 1: Σ_(n≥2) zⁿ/n without the cancellation of the difference.</summary>
        public static double LogarithmTailRe(double modulus, double angle) => PolylogarithmTail(1, modulus, angle).Real;

        /// <summary>Im(Li₁(z) − z) = Im(−ln(1 − z) − z) for z = r·e^(iφ), r ≤ 1.</summary>
        public static double LogarithmTailIm(double modulus, double angle) => PolylogarithmTail(1, modulus, angle).Imaginary;

        /// <summary>Re(Li₂(z) − z) for z = r·e^(iφ), r ≤ 1: Σ_(n≥2) zⁿ/n², what is left of Li₂ where its first term cancels elsewhere.</summary>
        public static double DilogarithmTailRe(double modulus, double angle) => PolylogarithmTail(2, modulus, angle).Real;

        /// <summary>Im(Li₂(z) − z) for z = r·e^(iφ), r ≤ 1.</summary>
        public static double DilogarithmTailIm(double modulus, double angle) => PolylogarithmTail(2, modulus, angle).Imaginary;

        /// <summary>Re(Li₃(z) − z) for z = r·e^(iφ), r ≤ 1.</summary>
        public static double TrilogarithmTailRe(double modulus, double angle) => PolylogarithmTail(3, modulus, angle).Real;

        /// <summary>Im(Li₃(z) − z) for z = r·e^(iφ), r ≤ 1.</summary>
        public static double TrilogarithmTailIm(double modulus, double angle) => PolylogarithmTail(3, modulus, angle).Imaginary;

        /// <summary>Re(Li₄(z) − z) for z = r·e^(iφ), r ≤ 1.</summary>
        public static double TetralogarithmTailRe(double modulus, double angle) => PolylogarithmTail(4, modulus, angle).Real;

        /// <summary>Im(Li₄(z) − z) for z = r·e^(iφ), r ≤ 1.</summary>
        public static double TetralogarithmTailIm(double modulus, double angle) => PolylogarithmTail(4, modulus, angle).Imaginary;

        /// <summary>
        /// Li_k(z) − z: the series from n = 2 for r ≤ ½ (the difference would lose the digits of z²/2ᵏ), beyond it the difference,
        /// accurate to a few ulps of 1 there.
        /// </summary>
        private static Complex PolylogarithmTail(int k, double r, double phi)
        {
            if (double.IsNaN(r) || double.IsNaN(phi) || double.IsInfinity(r) || double.IsInfinity(phi) || r < 0 || r > 1) return new Complex(double.NaN, double.NaN);
            var z = Complex.FromPolarCoordinates(r, Math.Atan2(Math.Sin(phi), Math.Cos(phi)));
            if (r <= 0.5)
            {
                var sum = Complex.Zero;
                var power = z;
                for (int n = 2; n < 200; n++)
                {
                    power *= z;
                    var add = power / Math.Pow(n, k);
                    sum += add;
                    if (Complex.Abs(add) <= 1e-18 * Complex.Abs(sum)) break;
                }
                return sum;
            }
            // −ln(1 − z) with |1 − z|² = (1 − r)² + 4r·sin²(φ/2) and Re(1 − z) = (1 − r) + 2r·sin²(φ/2): no cancellation next to z = 1.
            double half = Math.Sin(phi / 2);
            var full = k == 1
                ? new Complex(-0.5 * Math.Log((1 - r) * (1 - r) + 4 * r * half * half), Math.Atan2(r * Math.Sin(phi), (1 - r) + 2 * r * half * half))
                : ComplexPolylogarithm(k, r, phi);
            return full - z;
        }

        /// <summary>
        /// Li_k(r·e^(iφ)) for k = 2, 3, 4: the series Σ zⁿ/nᵏ for r ≤ ½; for ½ &lt; r ≤ 1 the expansion in μ = ln z,
        /// Li_k(z) = Σ_(j≠k−1) ζ(k − j)·μʲ/j! + μ^(k−1)/(k−1)!·(H_(k−1) − ln(−μ)), which converges for |μ| &lt; 2π (here
        /// |μ| ≤ √(ln²2 + π²)); above r = 1 the inversion formula in Bernoulli polynomials of ln(−z).
        /// </summary>
        private static Complex ComplexPolylogarithm(int k, double r, double phi)
        {
            if (double.IsNaN(r) || double.IsNaN(phi) || double.IsInfinity(r) || double.IsInfinity(phi) || r < 0) return new Complex(double.NaN, double.NaN);
            if (r == 0) return Complex.Zero;
            // The angle reduced to (−π, π]: atan2 of its sine and cosine keeps the digits of a small reduced angle.
            double sin = Math.Sin(phi), cos = Math.Cos(phi);
            double angle = Math.Atan2(sin, cos);
            if (r > 1) return InvertedPolylogarithm(k, r, angle);
            if (r <= 0.5) return PolylogarithmSeries(k, Complex.FromPolarCoordinates(r, angle));
            var mu = new Complex(Math.Log(r), angle);
            if (mu == Complex.Zero) return new Complex(ZetaOf(k), 0);
            var sum = Complex.Zero;
            var power = Complex.One;
            double factorial = 1;
            for (int j = 0; j <= k - 2; j++)
            {
                if (j > 0)
                {
                    power *= mu;
                    factorial *= j;
                }
                sum += ZetaOf(k - j) / factorial * power;
            }
            power *= mu;
            factorial *= Math.Max(1, k - 1);
            double harmonic = k switch { 2 => 1, 3 => 1.5, _ => 11.0 / 6 };
            var muToKMinusOne = k == 1 ? Complex.One : power;
            sum += muToKMinusOne / factorial * (harmonic - Complex.Log(-mu));
            // j = k: ζ(0) = −½.
            sum += -0.5 * muToKMinusOne * mu / (factorial * k);
            // j = k − 1 + 2m: ζ(1 − 2m)/j! = (−1)^m·2ζ(2m)·(2m − 1)!/((2π)^(2m)·j!), and (2m − 1)!/j! = 1/((2m)(2m+1)…(2m+k−1)).
            var q = mu / (2 * Math.PI);
            q *= q;
            var qPower = Complex.One;
            var tail = Complex.Zero;
            for (int m = 1; m < 80; m++)
            {
                qPower *= q;
                double product = 1;
                for (int i = 0; i < k; i++) product *= 2 * m + i;
                double zeta = m < ZetaOfEven.Length ? ZetaOfEven[m] : 1 + Math.Pow(2, -2 * m) + Math.Pow(3, -2 * m);
                var add = (m % 2 == 0 ? 2 : -2) * zeta / product * qPower;
                tail += add;
                if (Complex.Abs(add) < 1e-18 * Math.Max(1e-300, Complex.Abs(tail))) break;
            }
            sum += muToKMinusOne * tail;
            return sum;
        }

        private static Complex PolylogarithmSeries(int k, Complex z)
        {
            var sum = Complex.Zero;
            var power = Complex.One;
            for (int n = 1; n < 200; n++)
            {
                power *= z;
                var add = power / Math.Pow(n, k);
                sum += add;
                if (Complex.Abs(add) < 1e-18 * Complex.Abs(sum)) break;
            }
            return sum;
        }

        /// <summary>Li_k(z) = −(−1)ᵏ·Li_k(1/z) − (2πi)ᵏ/k!·B_k(½ + ln(−z)/(2πi)) for |z| &gt; 1 off the cut z ∈ (1, ∞).</summary>
        private static Complex InvertedPolylogarithm(int k, double r, double angle)
        {
            var inverse = ComplexPolylogarithm(k, 1 / r, -angle);
            // −z = r·e^(i(φ ± π)), its argument in (−π, π].
            double opposite = angle > 0 ? angle - Math.PI : angle + Math.PI;
            var u = 0.5 + new Complex(Math.Log(r), opposite) / new Complex(0, 2 * Math.PI);
            Complex bernoulli = k switch
            {
                2 => u * u - u + 1.0 / 6,
                3 => u * u * u - 1.5 * u * u + 0.5 * u,
                _ => u * u * u * u - 2 * u * u * u + u * u - 1.0 / 30,
            };
            var twoPiI = new Complex(0, 2 * Math.PI);
            var scale = Complex.Pow(twoPiI, k) / (k switch { 2 => 2.0, 3 => 6.0, _ => 24.0 });
            return (k % 2 == 0 ? -1 : 1) * inverse - scale * bernoulli;
        }

        private static double ZetaOf(int k) => k switch { 2 => Math.PI * Math.PI / 6, 3 => Zeta3, _ => Zeta4 };
    }

#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctionsF
    {
        /// <summary>Re Li₂(r·e^(iφ)) in single precision.</summary>
        public static float DilogarithmRe(float modulus, float angle) => (float)SpecialFunctions.DilogarithmRe(modulus, angle);
        /// <summary>Im Li₂(r·e^(iφ)) in single precision.</summary>
        public static float DilogarithmIm(float modulus, float angle) => (float)SpecialFunctions.DilogarithmIm(modulus, angle);
        /// <summary>Re Li₃(r·e^(iφ)) in single precision.</summary>
        public static float TrilogarithmRe(float modulus, float angle) => (float)SpecialFunctions.TrilogarithmRe(modulus, angle);
        /// <summary>Im Li₃(r·e^(iφ)) in single precision.</summary>
        public static float TrilogarithmIm(float modulus, float angle) => (float)SpecialFunctions.TrilogarithmIm(modulus, angle);
        /// <summary>Re Li₄(r·e^(iφ)) in single precision.</summary>
        public static float TetralogarithmRe(float modulus, float angle) => (float)SpecialFunctions.TetralogarithmRe(modulus, angle);
        /// <summary>Im Li₄(r·e^(iφ)) in single precision.</summary>
        public static float TetralogarithmIm(float modulus, float angle) => (float)SpecialFunctions.TetralogarithmIm(modulus, angle);
        /// <summary>Re(Li₁(z) − z) in single precision.</summary>
        public static float LogarithmTailRe(float modulus, float angle) => (float)SpecialFunctions.LogarithmTailRe(modulus, angle);
        /// <summary>Im(Li₁(z) − z) in single precision.</summary>
        public static float LogarithmTailIm(float modulus, float angle) => (float)SpecialFunctions.LogarithmTailIm(modulus, angle);
        /// <summary>Re(Li₂(z) − z) in single precision.</summary>
        public static float DilogarithmTailRe(float modulus, float angle) => (float)SpecialFunctions.DilogarithmTailRe(modulus, angle);
        /// <summary>Im(Li₂(z) − z) in single precision.</summary>
        public static float DilogarithmTailIm(float modulus, float angle) => (float)SpecialFunctions.DilogarithmTailIm(modulus, angle);
        /// <summary>Re(Li₃(z) − z) in single precision.</summary>
        public static float TrilogarithmTailRe(float modulus, float angle) => (float)SpecialFunctions.TrilogarithmTailRe(modulus, angle);
        /// <summary>Im(Li₃(z) − z) in single precision.</summary>
        public static float TrilogarithmTailIm(float modulus, float angle) => (float)SpecialFunctions.TrilogarithmTailIm(modulus, angle);
        /// <summary>Re(Li₄(z) − z) in single precision.</summary>
        public static float TetralogarithmTailRe(float modulus, float angle) => (float)SpecialFunctions.TetralogarithmTailRe(modulus, angle);
        /// <summary>Im(Li₄(z) − z) in single precision.</summary>
        public static float TetralogarithmTailIm(float modulus, float angle) => (float)SpecialFunctions.TetralogarithmTailIm(modulus, angle);
    }
}
