using System;

#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    // Incomplete elliptic integrals in Legendre's form with the parameter m = k², from Carlson's symmetric integrals R_F, R_D,
    // R_J (B. C. Carlson, "Numerical computation of real or complex elliptic integrals", Numerical Algorithms 10, 1995):
    // duplication until the arguments agree to the sixth root of the rounding error, then a fifth-order series.
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctions
    {
        /// <summary>
        /// The incomplete elliptic integral of the first kind F(φ|m) = ∫₀^φ dθ/√(1 − m·sin²θ). Real for m ≤ 1 at every φ
        /// (quasi-periodic: F(φ + π|m) = F(φ|m) + 2K(m)), and for m &gt; 1 where m·sin²φ ≤ 1 within |φ| ≤ π/2; NaN elsewhere.
        /// </summary>
        public static double EllipticF(double phi, double m)
        {
            if (double.IsNaN(phi) || double.IsNaN(m) || double.IsInfinity(phi)) return double.NaN;
            var (turns, reduced) = Periods(phi);
            double s = Math.Sin(reduced), c = Math.Cos(reduced);
            double delta = Delta(s, c, m);
            if (delta < 0) return double.NaN;
            double value = s * CarlsonRF(c * c, delta, 1);
            if (turns == 0) return value;
            return m > 1 ? double.NaN : value + 2 * turns * CarlsonRF(0, 1 - m, 1);
        }

        /// <summary>
        /// The incomplete elliptic integral of the second kind E(φ|m) = ∫₀^φ √(1 − m·sin²θ) dθ, real where F is
        /// (E(φ + π|m) = E(φ|m) + 2E(m)).
        /// </summary>
        public static double EllipticE(double phi, double m)
        {
            if (double.IsNaN(phi) || double.IsNaN(m) || double.IsInfinity(phi)) return double.NaN;
            var (turns, reduced) = Periods(phi);
            double s = Math.Sin(reduced), c = Math.Cos(reduced);
            double delta = Delta(s, c, m);
            if (delta < 0) return double.NaN;
            double value = s * CarlsonRF(c * c, delta, 1) - m / 3 * s * s * s * CarlsonRD(c * c, delta, 1);
            if (turns == 0) return value;
            if (m > 1) return double.NaN;
            double complete = CarlsonRF(0, 1 - m, 1) - m / 3 * CarlsonRD(0, 1 - m, 1);
            return value + 2 * turns * complete;
        }

        /// <summary>
        /// The incomplete elliptic integral of the third kind Π(n; φ|m) = ∫₀^φ dθ/((1 − n·sin²θ)·√(1 − m·sin²θ)) for
        /// |φ| ≤ π/2 and n·sin²φ &lt; 1 (NaN elsewhere, and past a pole of the integrand, where only a principal value exists).
        /// </summary>
        public static double EllipticPi(double n, double phi, double m)
        {
            if (double.IsNaN(n) || double.IsNaN(phi) || double.IsNaN(m) || Math.Abs(phi) > Math.PI / 2) return double.NaN;
            double s = Math.Sin(phi), c = Math.Cos(phi);
            double s2 = s * s;
            double delta = Delta(s, c, m), p = n <= 1 ? c * c + (1 - n) * s2 : 1 - n * s2;
            if (delta < 0 || p <= 0) return double.NaN;
            return s * CarlsonRF(c * c, delta, 1) + n / 3 * s2 * s * CarlsonRJ(c * c, delta, 1, p);
        }

        /// <summary>1 − m·sin²φ, as cos²φ + (1 − m)·sin²φ for m ≤ 1: no cancellation near φ = π/2, m = 1.</summary>
        private static double Delta(double s, double c, double m) => m <= 1 ? c * c + (1 - m) * s * s : 1 - m * s * s;

        /// <summary>φ = turns·π + reduced with |reduced| ≤ π/2.</summary>
        private static (double Turns, double Reduced) Periods(double phi)
        {
            if (Math.Abs(phi) <= Math.PI / 2) return (0, phi);
            double turns = Math.Round(phi / Math.PI);
            return (turns, phi - turns * Math.PI);
        }

        /// <summary>R_F(x, y, z) = ½∫₀^∞ dt/√((t + x)(t + y)(t + z)), x, y, z ≥ 0, at most one of them 0.</summary>
        internal static double CarlsonRF(double x, double y, double z)
        {
            double a0 = (x + y + z) / 3, a = a0;
            double q = Math.Max(Math.Abs(a0 - x), Math.Max(Math.Abs(a0 - y), Math.Abs(a0 - z))) * 1.0e3; // (3r)^(−1/6), r = 1e−18
            double scale = 1; // 4^(−n)
            double xn = x, yn = y, zn = z;
            while (q * scale > Math.Abs(a))
            {
                double sx = Math.Sqrt(xn), sy = Math.Sqrt(yn), sz = Math.Sqrt(zn);
                double lambda = sx * sy + sx * sz + sy * sz;
                xn = (xn + lambda) / 4;
                yn = (yn + lambda) / 4;
                zn = (zn + lambda) / 4;
                a = (a + lambda) / 4;
                scale /= 4;
            }
            double dx = (a0 - x) * scale / a, dy = (a0 - y) * scale / a, dz = -dx - dy;
            double e2 = dx * dy - dz * dz, e3 = dx * dy * dz;
            return (1 - e2 / 10 + e3 / 14 + e2 * e2 / 24 - 3 * e2 * e3 / 44) / Math.Sqrt(a);
        }

        /// <summary>R_D(x, y, z) = 3/2·∫₀^∞ dt/((t + z)·√((t + x)(t + y)(t + z))), x, y ≥ 0 (not both 0), z &gt; 0.</summary>
        internal static double CarlsonRD(double x, double y, double z)
        {
            double a0 = (x + y + 3 * z) / 5, a = a0;
            double q = Math.Max(Math.Abs(a0 - x), Math.Max(Math.Abs(a0 - y), Math.Abs(a0 - z))) * 1.5e3; // (r/4)^(−1/6)
            double scale = 1, sum = 0;
            double xn = x, yn = y, zn = z;
            while (q * scale > Math.Abs(a))
            {
                double sx = Math.Sqrt(xn), sy = Math.Sqrt(yn), sz = Math.Sqrt(zn);
                double lambda = sx * sy + sx * sz + sy * sz;
                sum += scale / (sz * (zn + lambda));
                xn = (xn + lambda) / 4;
                yn = (yn + lambda) / 4;
                zn = (zn + lambda) / 4;
                a = (a + lambda) / 4;
                scale /= 4;
            }
            double dx = (a0 - x) * scale / a, dy = (a0 - y) * scale / a, dz = -(dx + dy) / 3;
            double xy = dx * dy, z2 = dz * dz;
            double e2 = xy - 6 * z2, e3 = (3 * xy - 8 * z2) * dz, e4 = 3 * (xy - z2) * z2, e5 = xy * z2 * dz;
            double series = 1 - 3 * e2 / 14 + e3 / 6 + 9 * e2 * e2 / 88 - 3 * e4 / 22 - 9 * e2 * e3 / 52 + 3 * e5 / 26;
            return scale * series / (a * Math.Sqrt(a)) + 3 * sum;
        }

        /// <summary>R_J(x, y, z, p) = 3/2·∫₀^∞ dt/((t + p)·√((t + x)(t + y)(t + z))), x, y, z ≥ 0 (at most one 0), p &gt; 0.</summary>
        internal static double CarlsonRJ(double x, double y, double z, double p)
        {
            double a0 = (x + y + z + 2 * p) / 5, a = a0;
            double delta = (p - x) * (p - y) * (p - z);
            double q = Math.Max(Math.Max(Math.Abs(a0 - x), Math.Abs(a0 - y)), Math.Max(Math.Abs(a0 - z), Math.Abs(a0 - p))) * 1.5e3;
            double scale = 1, sum = 0;
            double xn = x, yn = y, zn = z, pn = p;
            while (q * scale > Math.Abs(a))
            {
                double sx = Math.Sqrt(xn), sy = Math.Sqrt(yn), sz = Math.Sqrt(zn), sp = Math.Sqrt(pn);
                double lambda = sx * sy + sx * sz + sy * sz;
                double d = (sp + sx) * (sp + sy) * (sp + sz);
                double e = delta * scale * scale * scale / (d * d);
                sum += scale * CarlsonRCOfOnePlus(e) / d;
                xn = (xn + lambda) / 4;
                yn = (yn + lambda) / 4;
                zn = (zn + lambda) / 4;
                pn = (pn + lambda) / 4;
                a = (a + lambda) / 4;
                scale /= 4;
            }
            double dx = (a0 - x) * scale / a, dy = (a0 - y) * scale / a, dz = (a0 - z) * scale / a, dp = -(dx + dy + dz) / 2;
            double e2 = dx * dy + dx * dz + dy * dz - 3 * dp * dp;
            double e3 = dx * dy * dz + 2 * e2 * dp + 4 * dp * dp * dp;
            double e4 = (2 * dx * dy * dz + e2 * dp + 3 * dp * dp * dp) * dp;
            double e5 = dx * dy * dz * dp * dp;
            double series = 1 - 3 * e2 / 14 + e3 / 6 + 9 * e2 * e2 / 88 - 3 * e4 / 22 - 9 * e2 * e3 / 52 + 3 * e5 / 26;
            return scale * series / (a * Math.Sqrt(a)) + 6 * sum;
        }

        /// <summary>R_C(1, 1 + e) = arctan(√e)/√e for e &gt; 0, artanh(√−e)/√−e for −1 &lt; e &lt; 0.</summary>
        private static double CarlsonRCOfOnePlus(double e)
        {
            if (Math.Abs(e) < 1e-8) return 1 - e / 3 + e * e / 5;
            if (e > 0)
            {
                double r = Math.Sqrt(e);
                return Math.Atan(r) / r;
            }
            double t = Math.Sqrt(-e);
            return 0.5 * Math.Log((1 + t) / (1 - t)) / t;
        }
    }

#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctionsF
    {
        /// <summary>F(φ|m) in single precision.</summary>
        public static float EllipticF(float phi, float m) => (float)SpecialFunctions.EllipticF(phi, m);
        /// <summary>E(φ|m) in single precision.</summary>
        public static float EllipticE(float phi, float m) => (float)SpecialFunctions.EllipticE(phi, m);
        /// <summary>Π(n; φ|m) in single precision.</summary>
        public static float EllipticPi(float n, float phi, float m) => (float)SpecialFunctions.EllipticPi(n, phi, m);
    }
}
