using System;

#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    // Clausen's functions: the polylogarithms of e^(iθ) in real form, which ∫ ln|sin|, ∫ ln|cos| and ∫ xⁿ·cot x need.
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctions
    {
        // ζ(2k) for k = 1 … 13; beyond, 1 + 2^(−2k) + 3^(−2k) is exact to the last bit.
        private static readonly double[] ZetaOfEven =
        {
            0, 1.6449340668482264, 1.0823232337111381, 1.0173430619844492, 1.0040773561979444, 1.000994575127818, 1.000246086553308,
            1.0000612481350588, 1.0000152822594086, 1.000003817293265, 1.0000009539620338, 1.0000002384505027, 1.000000059608189,
            1.0000000149015549,
        };

        /// <summary>Clausen's function Cl₂(θ) = Σ sin(kθ)/k² = −∫₀^θ ln|2 sin(t/2)| dt: odd, 2π-periodic, continuous.</summary>
        public static double Clausen2(double theta) => Clausen(2, theta);

        /// <summary>Cl₃(θ) = Σ cos(kθ)/k³ (Cl₃′ = −Cl₂): even, 2π-periodic.</summary>
        public static double Clausen3(double theta) => Clausen(3, theta);

        /// <summary>Cl₄(θ) = Σ sin(kθ)/k⁴ (Cl₄′ = Cl₃): odd, 2π-periodic.</summary>
        public static double Clausen4(double theta) => Clausen(4, theta);

        /// <summary>
        /// θ reduced to (−π, π], then the expansion about 0 from ln|2 sin(t/2)| = ln|t| − Σ ζ(2k)/k·(t/2π)^(2k), integrated
        /// once (Cl₂), twice (Cl₃) and three times (Cl₄): Cl₂ = θ − θ ln|θ| + θ·Σ ζ(2k)/(k(2k+1))·(θ/2π)^(2k), and so on.
        /// </summary>
        private static double Clausen(int n, double theta)
        {
            if (double.IsNaN(theta) || double.IsInfinity(theta)) return double.NaN;
            // θ − 2πk with 2π in two parts (Cody and Waite), so the reduction keeps the digits of t near multiples of 2π.
            const double TwoPi = 2 * Math.PI, TwoPiLow = 2.4492935982947064e-16;
            double turns = Math.Round(theta / TwoPi);
            double t = (theta - turns * TwoPi) - turns * TwoPiLow;
            if (t == 0) return n == 3 ? Zeta3 : 0;
            double a = Math.Abs(t), log = Math.Log(a);
            double x2 = (a / TwoPi) * (a / TwoPi), power = 1, sum = 0;
            for (int k = 1; k < 60; k++)
            {
                power *= x2;
                double zeta = k < ZetaOfEven.Length ? ZetaOfEven[k] : 1 + Math.Pow(2, -2 * k) + Math.Pow(3, -2 * k);
                double denominator = k * (2.0 * k + 1) * (n >= 3 ? 2.0 * k + 2 : 1) * (n >= 4 ? 2.0 * k + 3 : 1);
                double add = zeta / denominator * power;
                sum += add;
                if (add < 1e-18 * sum) break;
            }
            double value = n switch
            {
                2 => a - a * log + a * sum,
                3 => Zeta3 - a * a / 2 * (1.5 - log) - a * a * sum,
                _ => Zeta3 * a - a * a * a / 6 * (11.0 / 6 - log) - a * a * a * sum,
            };
            return n == 3 || t > 0 ? value : -value;
        }
    }

#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctionsF
    {
        /// <summary>Cl₂ in single precision.</summary>
        public static float Clausen2(float theta) => (float)SpecialFunctions.Clausen2(theta);
        /// <summary>Cl₃ in single precision.</summary>
        public static float Clausen3(float theta) => (float)SpecialFunctions.Clausen3(theta);
        /// <summary>Cl₄ in single precision.</summary>
        public static float Clausen4(float theta) => (float)SpecialFunctions.Clausen4(theta);
    }
}
