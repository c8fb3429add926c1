using System;

#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    // The incomplete gamma function in the two forms ∫ xᵐ·e^(c·xⁿ) needs, each scaled by the exponential: Kummer's
    // e^(−z)·M(s, s + 1, z) where the exponential grows (so the answer overflows only where the integrand does), and the
    // scaled upper function where it decays (so the answer falls off with the integrand instead of cancelling against a constant).
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctions
    {
        /// <summary>
        /// Kummer's function scaled by its growth, e^(−z)·M(s, s + 1, z), where M(s, s + 1, z) = ₁F₁(s; s + 1; z) =
        /// Σ s·zᵏ/((s + k)·k!) (for s &gt; 0 also s·∫₀¹ u^(s−1)·e^(zu) du) is the lower incomplete gamma function
        /// s·(−z)^(−s)·γ(s, −z) made entire in z. About s/z for large z. s not 0, −1, −2, …
        /// </summary>
        public static double ScaledKummerM(double s, double z)
        {
            if (double.IsNaN(s) || double.IsNaN(z) || double.IsInfinity(s) || (s <= 0 && s == Math.Floor(s))) return double.NaN;
            if (z > 40) return s * KummerAsymptoticSum(s, z);
            if (z >= -2) return Math.Exp(-z) * KummerM(s, z);
            double y = -z;
            return s * Math.Pow(y, -s) * Gamma(s) * Math.Exp(y) - s / y * ScaledUpperGamma(s, y);
        }

        // Watson's lemma on s·e^z·∫₀¹ (1 − v)^(s−1)·e^(−zv) dv: M = s·e^z·Σ (1 − s)ₖ/z^(k+1), to its smallest term; this is the sum.
        private static double KummerAsymptoticSum(double s, double z)
        {
            double term = 1 / z, sum = term;
            for (int k = 1; k < 200; k++)
            {
                double next = term * (k - s) / z;
                if (Math.Abs(next) >= Math.Abs(term)) break;
                term = next;
                sum += term;
                if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
            }
            return sum;
        }

        /// <summary>M(s, s + 1, z) by its series, for −2 ≤ z ≤ 40 (every term positive for z ≥ 0, little cancellation above −2).</summary>
        private static double KummerM(double s, double z)
        {
            double power = 1, total = 0;
            for (int k = 0; k < 400; k++)
            {
                if (k > 0) power *= z / k;
                double add = s / (s + k) * power;
                total += add;
                if (k > 2 && Math.Abs(add) < 1e-17 * Math.Abs(total)) break;
            }
            return total;
        }

        /// <summary>
        /// The upper incomplete gamma function scaled by its decay, G(s, y) = e^y·y^(1−s)·Γ(s, y) for y &gt; 0 (about 1 for large
        /// y): Legendre's continued fraction (modified Lentz) for y &gt; max(s + 1, ½), else through the series of γ(s, y).
        /// </summary>
        public static double ScaledUpperGamma(double s, double y)
        {
            if (double.IsNaN(s) || double.IsNaN(y) || y <= 0 || double.IsInfinity(s)) return double.NaN;
            if (double.IsPositiveInfinity(y)) return 1;
            if (y > Math.Max(s + 1, 0.5))
            {
                const double tiny = 1e-300;
                double b = y + 1 - s, c = 1 / tiny, d = 1 / b, h = d;
                for (int i = 1; i < 500; i++)
                {
                    double an = -i * (i - s);
                    b += 2;
                    d = an * d + b;
                    if (Math.Abs(d) < tiny) d = tiny;
                    c = b + an / c;
                    if (Math.Abs(c) < tiny) c = tiny;
                    d = 1 / d;
                    double delta = d * c;
                    h *= delta;
                    if (Math.Abs(delta - 1) < 1e-16) break;
                }
                return y * h;
            }
            if (s <= 0 && s == Math.Floor(s)) return double.NaN;
            // γ(s, y) = e^(−y)·y^s·Σ yᵏ/(s(s + 1)…(s + k)), so G = e^y·y^(1−s)·Γ(s) − y·Σ.
            double term = 1 / s, sum = term;
            for (int k = 1; k < 400; k++)
            {
                term *= y / (s + k);
                sum += term;
                if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
            }
            return Math.Exp(y) * Math.Pow(y, 1 - s) * Gamma(s) - y * sum;
        }

        /// <summary>Γ(s) with its sign, from ln|Γ|: negative on (−1, 0), (−3, −2), …</summary>
        internal static double Gamma(double s)
        {
            double magnitude = Math.Exp(LogGamma(s));
            return s > 0 || ((long)Math.Floor(s)) % 2 == 0 ? magnitude : -magnitude;
        }
    }

#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctionsF
    {
        /// <summary>e^(−z)·M(s, s + 1, z) in single precision.</summary>
        public static float ScaledKummerM(float s, float z) => (float)SpecialFunctions.ScaledKummerM(s, z);
        /// <summary>e^y·y^(1−s)·Γ(s, y) in single precision.</summary>
        public static float ScaledUpperGamma(float s, float y) => (float)SpecialFunctions.ScaledUpperGamma(s, y);
    }
}
