using System;
using System.Numerics;

// One source for two assemblies: the runtime library (public, what generated code calls) and the engine (internal, so
// the build-time verifier evaluates exactly what the emitted code will).
#if CALCULUS_ENGINE
namespace CompileTimeCalculus.Engine
#else
namespace CompileTimeCalculus
#endif
{
    /// <summary>
    /// The non-elementary functions that antiderivatives need (erf for the normal CDF, the exponential, sine, cosine and
    /// logarithmic integrals, Fresnel integrals, the dilogarithm), in double precision over their whole real domain.
    /// </summary>
    /// <remarks>
    /// Each combines a series where its terms are positive or mildly alternating with an asymptotic expansion or a
    /// continued fraction for large arguments; the test suite checks them against 30-digit reference values.
    /// <see cref="CosIntegral(double)"/> and <see cref="CoshIntegral(double)"/> return the real part for negative arguments
    /// (Ci(|x|), Chi(|x|)), so that their derivatives are cos(x)/x and cosh(x)/x on both sides of 0.
    /// </remarks>
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctions
    {
        private const double EulerGamma = 0.57721566490153286061;
        private const double TwoOverSqrtPi = 1.1283791670955125739;
        private const double OneOverSqrtPi = 0.56418958354775628695;
        private const double PiSquaredOverSix = 1.6449340668482264365;

        /// <summary>The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.</summary>
        public static double Erf(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            double ax = Math.Abs(x);
            if (ax < 2.0)
            {
                // erf(x) = 2x/√π · e^(−x²) · Σ (2x²)^n / (2n+1)!!, every term positive.
                double x2 = x * x, term = 1.0, sum = 1.0;
                for (int n = 1; n < 200; n++)
                {
                    term *= 2 * x2 / (2 * n + 1);
                    sum += term;
                    if (term < 1e-17 * sum) break;
                }
                return TwoOverSqrtPi * x * ExpMinusSquare(x) * sum;
            }
            double r = 1.0 - Erfc(ax);
            return x < 0 ? -r : r;
        }

        private const double LogSqrtTwoPi = 0.91893853320467274178;

        /// <summary>
        /// ln |Γ(x)|, the log-gamma function: +∞ at the poles (0, −1, −2, …), accurate relative to its value near its zeros
        /// at 1 and 2.
        /// </summary>
        public static double LogGamma(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            if (double.IsInfinity(x)) return double.PositiveInfinity;
            if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
            // Near 0, Γ(x) = Γ(1 + x)/x with the series in t = x itself (π/sin(πx) would overflow for a subnormal x).
            if (Math.Abs(x) < 0.5) return LogGammaSeries(x) - Log1p(x) - Math.Log(Math.Abs(x));
            // Reflection, Γ(x)·Γ(1 − x) = π / sin(πx), for the logarithm of |Γ|.
            if (x < 0.5) return Math.Log(Math.PI / Math.Abs(SinPi(x))) - LogGamma(1 - x);
            // Around the zeros, in t = x − 1 or x − 2 (exact): series whose terms carry t, so small values keep their digits.
            if (x < 1.5) return LogGammaSeries(x - 1) - Log1p(x - 1);
            if (x < 2.5) return LogGammaSeries(x - 2);
            if (x < 10)
            {
                // Γ(x) = (x − 1)·Γ(x − 1) down to [1.5, 2.5).
                double product = 1;
                while (x >= 2.5)
                {
                    x -= 1;
                    product *= x;
                }
                return Math.Log(product) + LogGammaSeries(x - 2);
            }
            // Stirling's series; its terms are below 1e-17 of the value from x = 10 on.
            double inv = 1 / x, inv2 = inv * inv;
            double correction = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 / 156.0))))));
            return (x - 0.5) * Math.Log(x) - x + LogSqrtTwoPi + correction;
        }

        // ζ(k) − 1 for k = 2 … 39.
        private static readonly double[] ZetaMinusOne =
        {
            0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993, 0.01734306198444914,
            0.008349277381922827, 0.00407735619794434, 0.0020083928260822143, 0.0009945751278180853, 0.0004941886041194645,
            0.0002460865533080483, 0.00012271334757848915, 6.124813505870483e-05, 3.058823630702049e-05, 1.528225940865187e-05,
            7.637197637899763e-06, 3.81729326499984e-06, 1.908212716553939e-06, 9.539620338727962e-07, 4.769329867878064e-07,
            2.38450502727733e-07, 1.1921992596531106e-07, 5.960818905125948e-08, 2.980350351465228e-08, 1.4901554828365043e-08,
            7.45071178983543e-09, 3.725334024788457e-09, 1.862659723513049e-09, 9.313274324196682e-10, 4.656629065033784e-10,
            2.3283118336765053e-10, 1.164155017270052e-10, 5.820772087902701e-11, 2.9103850444971e-11, 1.4551921891041985e-11,
            7.275959835057482e-12, 3.637979547378651e-12, 1.818989650307066e-12,
        };

        /// <summary>ln Γ(2 + t) = (1 − γ)·t + Σ (−1)^k (ζ(k) − 1)·t^k / k for |t| ≤ ½ (Abramowitz and Stegun 6.1.33 shifted by one).</summary>
        private static double LogGammaSeries(double t)
        {
            double sum = 0, power = -t;
            for (int k = 2; k < ZetaMinusOne.Length + 2; k++)
            {
                power *= -t;
                double term = ZetaMinusOne[k - 2] * power / k;
                sum += term;
                if (Math.Abs(term) < 1e-18 * Math.Abs(sum)) break;
            }
            return (1 - EulerGamma) * t + sum;
        }

        // The positive zero of ψ as a double and the rest, and ψ's Taylor coefficients there, ψ⁽ᵏ⁾(x₀)/k!.
        private const double DigammaRoot = 1.4616321449683622, DigammaRootLow = 9.549995429965697e-17;
        private static readonly double[] DigammaRootTaylor =
        {
            0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652, 0.10782405069126237,
            -0.07219956125645471, 0.04880428816414311, -0.03316112647484736, 0.022597648232218104, -0.01542476590494896,
            0.010538791616612175, -0.007204534386356869, 0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
            -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
            0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-05, 5.178575795222081e-05,
        };

        /// <summary>The digamma function ψ(x) = Γ′(x)/Γ(x), the derivative of ln Γ: NaN at the poles (0, −1, −2, …).</summary>
        public static double Digamma(double x)
        {
            if (double.IsNaN(x) || double.IsNegativeInfinity(x)) return double.NaN;
            if (double.IsPositiveInfinity(x)) return double.PositiveInfinity;
            if (x <= 0 && x == Math.Floor(x)) return double.NaN;
            // Reflection: ψ(1 − x) − ψ(x) = π·cot(πx).
            if (x < 0) return Digamma(1 - x) - Math.PI * CosPi(x) / SinPi(x);
            if (Math.Abs(x - DigammaRoot) < 0.3)
            {
                // Near the zero, its Taylor series in t = x − x₀ keeps the digits a difference of large terms would lose.
                double t = (x - DigammaRoot) - DigammaRootLow, sum = 0;
                for (int k = DigammaRootTaylor.Length - 1; k >= 0; k--) sum = sum * t + DigammaRootTaylor[k];
                return sum * t;
            }
            // ψ(x) = ψ(x + 1) − 1/x up to 10, then the asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k·x²ᵏ).
            double result = 0;
            while (x < 10)
            {
                result -= 1 / x;
                x += 1;
            }
            double inv = 1 / x, inv2 = inv * inv;
            double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12.0))))));
            return result + (Math.Log(x) - 0.5 * inv - series);
        }

        /// <summary>The trigamma function ψ′(x), the derivative of ψ: +∞ at the poles (0, −1, −2, …).</summary>
        public static double Trigamma(double x)
        {
            if (double.IsNaN(x) || double.IsNegativeInfinity(x)) return double.NaN;
            if (double.IsPositiveInfinity(x)) return 0;
            if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
            // Reflection: ψ′(1 − x) + ψ′(x) = π² / sin²(πx).
            if (x < 0)
            {
                double s = SinPi(x);
                return Math.PI * Math.PI / (s * s) - Trigamma(1 - x);
            }
            // ψ′(x) = ψ′(x + 1) + 1/x² up to 10 (every term positive), then 1/x + 1/(2x²) + Σ B₂ₖ/x²ᵏ⁺¹.
            double result = 0;
            while (x < 10)
            {
                result += 1 / (x * x);
                x += 1;
            }
            double inv = 1 / x, inv2 = inv * inv;
            double series = inv * inv2 * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 * (1.0 / 30 - inv2 * (5.0 / 66 - inv2 * (691.0 / 2730 - inv2 * 7.0 / 6))))));
            return result + (inv + 0.5 * inv2 + series);
        }

        /// <summary>The standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in both tails.</summary>
        public static double NormalCdf(double x) => 0.5 * ErfcOfScaled(-x);

        /// <summary>
        /// erfc(x/√2) with the rounding of x/√2 taken back out: far in the tail erfc amplifies an argument error δ by 2v²
        /// (900 at x = 30), so x/√2 is carried as a double plus its error and erfc(v + δ) = erfc(v) − δ·(2/√π)·e^(−v²).
        /// </summary>
        private static double ErfcOfScaled(double x)
        {
            const double inverseSqrt2 = 0.7071067811865476, inverseSqrt2Low = -4.833646656726457e-17;
            double v = x * inverseSqrt2;
            // Past |v| = 27 erfc is 0 or 2 to the last digit (and splitting a huge x would overflow): nothing to correct.
            if (!(Math.Abs(v) <= 27)) return Erfc(v);
            const double splitter = 134217729.0; // 2^27 + 1
            double t = splitter * x, xh = t - (t - x), xl = x - xh;
            t = splitter * inverseSqrt2;
            double ch = t - (t - inverseSqrt2), cl = inverseSqrt2 - ch;
            double delta = (((xh * ch - v) + xh * cl) + xl * ch) + xl * cl + x * inverseSqrt2Low;
            return Erfc(v) - delta * TwoOverSqrtPi * ExpMinusSquare(v);
        }

        /// <summary>
        /// ln Φ(x), finite however far left x is (where Φ itself underflows: an asymptotic series past x = −37) and
        /// accurate where Φ is close to 1 (ln(1 − ½·erfc(x/√2)) through log1p).
        /// </summary>
        public static double LogNormalCdf(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            if (x > 0) return Log1p(-0.5 * ErfcOfScaled(x));
            if (x > -37) return Math.Log(0.5 * ErfcOfScaled(-x));
            // Φ(x) = φ(x)/|x| · (1 − 1/x² + 3/x⁴ − 15/x⁶ + …): Abramowitz and Stegun 26.2.12.
            double inv2 = 1 / (x * x), term = 1, sum = 0;
            for (int k = 1; k < 12; k++)
            {
                term *= -(2 * k - 1) * inv2;
                sum += term;
            }
            return -0.5 * x * x - Math.Log(-x) - LogSqrtTwoPi + Log1p(sum);
        }

        /// <summary>sin(πx), exact at the integers and accurate near them (the argument is reduced before π multiplies it).</summary>
        private static double SinPi(double x)
        {
            double r = x - 2 * Math.Round(x / 2);
            if (r > 0.5) r = 1 - r;
            else if (r < -0.5) r = -1 - r;
            return Math.Sin(Math.PI * r);
        }

        /// <summary>cos(πx), exact at the half-integers.</summary>
        private static double CosPi(double x)
        {
            double r = Math.Abs(x - 2 * Math.Round(x / 2));
            return r <= 0.5 ? Math.Sin(Math.PI * (0.5 - r)) : -Math.Sin(Math.PI * (r - 0.5));
        }

        /// <summary>The complementary error function 1 − erf(x), accurate where it is tiny (large x).</summary>
        public static double Erfc(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            if (x < 0.5) return 1.0 - Erf(x);
            if (x > 27.3) return 0.0;
            return ExpMinusSquare(x) * ScaledErfc(x);
        }

        /// <summary>e^(x²)·erfc(x) for x ≥ 0.5, by the continued fraction 1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).</summary>
        private static double ScaledErfc(double x)
        {
            // Lentz's forward iteration finds how many terms converge; evaluating that many backwards, from the tail,
            // keeps the rounding errors from accumulating (they would, over the hundreds of terms needed near x = 0.5).
            const double tiny = 1e-300;
            double c = x, d = 0;
            int terms = 1;
            for (; terms < 5000; terms++)
            {
                double a = 0.5 * terms;
                d = x + a * d;
                if (d == 0) d = tiny;
                c = x + a / c;
                if (c == 0) c = tiny;
                d = 1 / d;
                if (Math.Abs(c * d - 1) < 1e-17) break;
            }
            double t = x;
            for (int n = terms + 8; n >= 1; n--) t = x + 0.5 * n / t;
            return OneOverSqrtPi / t;
        }

        /// <summary>The imaginary error function erfi(x) = −i·erf(ix) = 2/√π ∫₀ˣ e^(t²) dt.</summary>
        public static double Erfi(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            double ax = Math.Abs(x);
            double r;
            if (ax < 6.5)
            {
                // 2x/√π Σ x^(2n) / (n! (2n+1)), every term positive.
                double x2 = x * x, term = 1.0, sum = 1.0;
                for (int n = 1; n < 400; n++)
                {
                    term *= x2 / n;
                    double add = term / (2 * n + 1);
                    sum += add;
                    if (add < 1e-17 * sum) break;
                }
                r = TwoOverSqrtPi * ax * sum;
            }
            else
            {
                // e^(x²)/(x√π) Σ (2n−1)!! / (2x²)^n, stopped at its smallest term.
                double inv = 1 / (2 * ax * ax), term = 1.0, sum = 1.0;
                for (int n = 1; n < 200; n++)
                {
                    double next = term * (2 * n - 1) * inv;
                    if (next > term) break;
                    term = next;
                    sum += term;
                    if (term < 1e-17 * sum) break;
                }
                r = ExpSquare(ax) * OneOverSqrtPi / ax * sum;
            }
            return x < 0 ? -r : r;
        }

        /// <summary>The exponential integral Ei(x) = −PV∫_{−x}^∞ e^(−t)/t dt (x ≠ 0; Ei(0) = −∞).</summary>
        public static double ExpIntegralEi(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            if (x == 0) return double.NegativeInfinity;
            if (x < 0) return -ExpIntegralE1(-x);
            if (x > 709.8) return double.PositiveInfinity;
            if (x <= 40)
            {
                double term = 1.0, sum = 0.0;
                for (int k = 1; k < 500; k++)
                {
                    term *= x / k;
                    double add = term / k;
                    sum += add;
                    if (add < 1e-17 * sum) break;
                }
                return EulerGamma + Math.Log(x) + sum;
            }
            double asymptotic = 1.0, t = 1.0;
            for (int k = 1; k < 100; k++)
            {
                double next = t * k / x;
                if (next > t) break;
                t = next;
                asymptotic += t;
                if (t < 1e-17 * asymptotic) break;
            }
            return Math.Exp(x) / x * asymptotic;
        }

        /// <summary>The exponential integral E₁(x) = ∫ₓ^∞ e^(−t)/t dt for x &gt; 0.</summary>
        public static double ExpIntegralE1(double x)
        {
            if (double.IsNaN(x) || x < 0) return double.NaN;
            if (x == 0) return double.PositiveInfinity;
            if (x <= 1)
            {
                double term = 1.0, sum = 0.0;
                for (int k = 1; k < 100; k++)
                {
                    term *= -x / k;
                    double add = term / k;
                    sum += add;
                    if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
                }
                return -EulerGamma - Math.Log(x) - sum;
            }
            if (x > 745) return 0.0;
            // e^(−x) / (x + 1 − 1²/(x + 3 − 2²/(x + 5 − …))): Lentz to count the terms, then evaluated backwards.
            const double tiny = 1e-300;
            double b = x + 1, c = 1 / tiny, d = 1 / b;
            int terms = 1;
            for (; terms < 1000; terms++)
            {
                double a = -(double)terms * terms;
                b += 2;
                d = 1 / (a * d + b);
                c = b + a / c;
                if (Math.Abs(c * d - 1) < 1e-17) break;
            }
            double t = x + 2 * (terms + 8) + 1;
            for (int i = terms + 8; i >= 1; i--) t = (x + 2 * i - 1) - (double)i * i / t;
            return Math.Exp(-x) / t;
        }

        /// <summary>The sine integral Si(x) = ∫₀ˣ sin(t)/t dt.</summary>
        public static double SinIntegral(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            if (double.IsInfinity(x)) return x > 0 ? Math.PI / 2 : -Math.PI / 2;
            var (si, _) = SineCosineIntegrals(Math.Abs(x));
            return x < 0 ? -si : si;
        }

        /// <summary>The cosine integral Ci(x) = γ + ln x + ∫₀ˣ (cos t − 1)/t dt; Ci(|x|) for negative x (its real part).</summary>
        public static double CosIntegral(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            if (x == 0) return double.NegativeInfinity;
            if (double.IsInfinity(x)) return 0.0;
            return SineCosineIntegrals(Math.Abs(x)).Ci;
        }

        private static (double Si, double Ci) SineCosineIntegrals(double t)
        {
            if (t == 0) return (0, double.NegativeInfinity);
            if (t > 2)
            {
                // E1(i t) by its complex continued fraction 1/(1 + it − 1²/(3 + it − 2²/(5 + it − …))), terms counted by
                // Lentz and evaluated backwards; then Ci = −Re h, Si = π/2 + Im h with h = e^(−it)·CF.
                var b = new Complex(1, t);
                var c = new Complex(1e300, 0);
                var d = Complex.One / b;
                int terms = 1;
                for (; terms < 1000; terms++)
                {
                    double a = -(double)terms * terms;
                    b += 2;
                    d = Complex.One / (a * d + b);
                    c = b + a / c;
                    var delta = c * d;
                    if (Math.Abs(delta.Real - 1) + Math.Abs(delta.Imaginary) < 1e-17) break;
                }
                var tail = new Complex(2 * (terms + 8) + 1, t);
                for (int i = terms + 8; i >= 1; i--) tail = new Complex(2 * i - 1, t) - (double)i * i / tail;
                var h = new Complex(Math.Cos(t), -Math.Sin(t)) / tail;
                return (Math.PI / 2 + h.Imaginary, -h.Real);
            }
            // Power series: Si = Σ (−1)^k t^(2k+1)/((2k+1)(2k+1)!), Ci = γ + ln t + Σ (−1)^k t^(2k)/(2k (2k)!).
            double si = 0, ci = 0, fact = 1, sign = 1, power = 1;
            for (int k = 1; k < 100; k++)
            {
                power *= t;
                fact *= 1.0 / k;
                double term = power * fact / k;
                if (k % 2 == 1)
                {
                    si += sign * term;
                }
                else
                {
                    ci += -sign * term;
                    sign = -sign;
                }
                if (term < 1e-18 * Math.Max(Math.Abs(si), Math.Abs(ci) + 1e-300) && k > 3) break;
            }
            return (si, EulerGamma + Math.Log(t) + ci);
        }

        /// <summary>The hyperbolic sine integral Shi(x) = ∫₀ˣ sinh(t)/t dt.</summary>
        public static double SinhIntegral(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            double t = Math.Abs(x), r;
            if (t <= 40)
            {
                double term = t, sum = t;
                for (int k = 1; k < 500; k++)
                {
                    term *= t * t / ((2 * k) * (2 * k + 1));
                    double add = term / (2 * k + 1);
                    sum += add;
                    if (add < 1e-17 * sum) break;
                }
                r = sum;
            }
            else
            {
                r = 0.5 * (ExpIntegralEi(t) + ExpIntegralE1(t));
            }
            return x < 0 ? -r : r;
        }

        /// <summary>The hyperbolic cosine integral Chi(x) = γ + ln x + ∫₀ˣ (cosh t − 1)/t dt; Chi(|x|) for negative x (its real part).</summary>
        public static double CoshIntegral(double x)
        {
            if (double.IsNaN(x)) return double.NaN;
            double t = Math.Abs(x);
            if (t == 0) return double.NegativeInfinity;
            if (t > 40) return 0.5 * (ExpIntegralEi(t) - ExpIntegralE1(t));
            double term = 1, sum = 0;
            for (int k = 1; k < 500; k++)
            {
                term *= t * t / ((2 * k - 1) * (2 * k));
                double add = term / (2 * k);
                sum += add;
                if (add < 1e-17 * sum) break;
            }
            return EulerGamma + Math.Log(t) + sum;
        }

        /// <summary>The logarithmic integral li(x) = Ei(ln x) for x &gt; 0 (li(1) = −∞).</summary>
        public static double LogIntegral(double x)
        {
            if (double.IsNaN(x) || x < 0) return double.NaN;
            if (x == 0) return 0.0;
            if (x == 1) return double.NegativeInfinity;
            return ExpIntegralEi(Math.Log(x));
        }

        /// <summary>The Fresnel integral S(x) = ∫₀ˣ sin(πt²/2) dt.</summary>
        public static double FresnelS(double x) => Fresnel(x).S;

        /// <summary>The Fresnel integral C(x) = ∫₀ˣ cos(πt²/2) dt.</summary>
        public static double FresnelC(double x) => Fresnel(x).C;

        private static (double S, double C) Fresnel(double x)
        {
            if (double.IsNaN(x)) return (double.NaN, double.NaN);
            double ax = Math.Abs(x);
            if (double.IsInfinity(ax)) return (x > 0 ? 0.5 : -0.5, x > 0 ? 0.5 : -0.5);
            double s, c;
            if (ax < 1e-150)
            {
                s = 0;
                c = ax;
            }
            else if (ax <= 1.8)
            {
                // C = Σ (−1)^k (π/2)^(2k) x^(4k+1)/((2k)!(4k+1)), S = Σ (−1)^k (π/2)^(2k+1) x^(4k+3)/((2k+1)!(4k+3)).
                double halfPiX2 = Math.PI / 2 * ax * ax;
                double term = ax; // (π/2 x²)^n x / n!
                s = 0;
                c = 0;
                for (int n = 0; n < 200; n++)
                {
                    if (n > 0) term *= halfPiX2 / n;
                    double add = term / (2 * n + 1);
                    int sign = (n / 2) % 2 == 0 ? 1 : -1;
                    if (n % 2 == 0) c += sign * add;
                    else s += sign * add;
                    if (add < 1e-18 * Math.Max(Math.Abs(c), 1e-300) && n > 4) break;
                }
            }
            else
            {
                // Complex continued fraction for erfc (Numerical Recipes' frenel).
                double pix2 = Math.PI * ax * ax;
                var b = new Complex(1.0, -pix2);
                var cc = new Complex(1e300, 0);
                var d = Complex.One / b;
                var h = d;
                int n = -1;
                for (int k = 2; k < 1000; k++)
                {
                    n += 2;
                    double a = -(double)n * (n + 1);
                    b += 4.0;
                    d = Complex.One / (a * d + b);
                    cc = b + a / cc;
                    var delta = cc * d;
                    h *= delta;
                    if (Math.Abs(delta.Real - 1) + Math.Abs(delta.Imaginary) < 1e-16) break;
                }
                h = new Complex(ax, -ax) * h;
                // cos and sin of πx²/2, with the argument reduced exactly modulo 4 in x² to keep its digits.
                double phase = HalfPiTimesSquare(ax);
                var cs = new Complex(0.5, 0.5) * (Complex.One - new Complex(Math.Cos(phase), Math.Sin(phase)) * h);
                c = cs.Real;
                s = cs.Imaginary;
            }
            return x < 0 ? (-s, -c) : (s, c);
        }

        /// <summary>πx²/2 reduced modulo 2π, computed from an exact split of x² so large x keep an accurate phase.</summary>
        private static double HalfPiTimesSquare(double x)
        {
            var (hi, lo) = SquareSplit(x);
            // π/2·x² mod 2π depends on x² mod 4.
            double hiMod = hi - 4 * Math.Floor(hi / 4);
            return Math.PI / 2 * (hiMod + lo);
        }

        /// <summary>The dilogarithm Li₂(x) = −∫₀ˣ ln(1 − t)/t dt for x ≤ 1 (NaN above 1, where it is complex).</summary>
        public static double Dilogarithm(double x)
        {
            if (double.IsNaN(x) || x > 1) return double.NaN;
            if (x == 1) return PiSquaredOverSix;
            if (double.IsNegativeInfinity(x)) return double.NegativeInfinity;
            if (x < -1)
            {
                double l = Math.Log(-x);
                return -PiSquaredOverSix - 0.5 * l * l - Dilogarithm(1 / x);
            }
            if (x < -0.5)
            {
                // Landen: Li₂(x) = −Li₂(x/(x−1)) − ln²(1−x)/2, with x/(x−1) in (1/3, 1/2].
                double l = Math.Log(1 - x);
                return -DilogSeries(x / (x - 1)) - 0.5 * l * l;
            }
            if (x > 0.5)
            {
                return PiSquaredOverSix - Math.Log(x) * Log1p(-x) - DilogSeries(1 - x);
            }
            return DilogSeries(x);
        }

        private const double Zeta3 = 1.2020569031595942854;
        private const double Zeta4 = 1.0823232337111381915;

        // ζ(−m) for m = 0, 1, 2, …: −B(m+1)/(m+1), zero at even m > 0.
        private static readonly double[] ZetaAtNegative =
        {
            -0.5, -1.0 / 12, 0, 1.0 / 120, 0, -1.0 / 252, 0, 1.0 / 240, 0, -1.0 / 132, 0, 691.0 / 32760, 0, -1.0 / 12, 0, 3617.0 / 8160, 0,
            -43867.0 / 14364, 0, 174611.0 / 6600, 0, -77683.0 / 276, 0, 236364091.0 / 65520,
        };

        /// <summary>
        /// The trilogarithm Li₃(x) = Σ xᵏ/k³ = ∫₀ˣ Li₂(t)/t dt for x ≤ 1 (NaN above 1, where it is complex). Series near 0,
        /// the expansion in ln x near 1, Li₃(−y) = Li₃(y²)/4 − Li₃(y) on [−1, −½), inversion below −1.
        /// </summary>
        public static double Trilogarithm(double x) => Polylogarithm(3, x);

        /// <summary>The tetralogarithm Li₄(x) = Σ xᵏ/k⁴ = ∫₀ˣ Li₃(t)/t dt for x ≤ 1 (NaN above 1, where it is complex).</summary>
        public static double Tetralogarithm(double x) => Polylogarithm(4, x);

        private static double Polylogarithm(int n, double x)
        {
            if (double.IsNaN(x) || x > 1) return double.NaN;
            if (x == 1) return n == 3 ? Zeta3 : Zeta4;
            if (double.IsNegativeInfinity(x)) return double.NegativeInfinity;
            if (x < -1)
            {
                // Inversion: Li₃(x) = Li₃(1/x) − π²/6·ln(−x) − ln³(−x)/6; Li₄(x) = −Li₄(1/x) − ln⁴(−x)/24 − π²/12·ln²(−x) − 7π⁴/360.
                double l = Math.Log(-x);
                double l2 = l * l;
                return n == 3
                    ? Polylogarithm(3, 1 / x) - PiSquaredOverSix * l - l2 * l / 6
                    : -Polylogarithm(4, 1 / x) - l2 * l2 / 24 - PiSquaredOverSix / 2 * l2 - 7 * Math.Pow(Math.PI, 4) / 360;
            }
            if (x < -0.5)
            {
                // Li(−y) + Li(y) = 2^(1−n)·Li(y²), y in (½, 1].
                double y = -x;
                return Math.Pow(2, 1 - n) * Polylogarithm(n, y * y) - Polylogarithm(n, y);
            }
            if (x > 0.5) return PolylogarithmNearOne(n, Math.Log(x));
            double sum = 0, power = 1;
            for (int k = 1; k < 200; k++)
            {
                power *= x;
                double k3 = (double)k * k * k;
                double add = power / (n == 3 ? k3 : k3 * k);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return sum;
        }

        /// <summary>
        /// Li_n(e^μ) for −ln 2 ≤ μ &lt; 0: Σ_{k≠n−1} ζ(n−k)·μᵏ/k! + μ^(n−1)/(n−1)!·(H_(n−1) − ln(−μ)).
        /// </summary>
        private static double PolylogarithmNearOne(int n, double mu)
        {
            double harmonic = n == 3 ? 1.5 : 11.0 / 6;
            double sum = 0, term = 1; // μᵏ/k!
            for (int k = 0; k < n + ZetaAtNegative.Length; k++)
            {
                if (k > 0) term *= mu / k;
                double add;
                if (k == n - 1) add = term * (harmonic - Math.Log(-mu));
                else if (k < n - 1) add = term * ZetaOfInteger(n - k);
                else add = term * ZetaAtNegative[k - n];
                sum += add;
                // ζ(n − k) vanishes at every other k: only a term that is not zero by that can end the sum.
                if (k > n && add != 0 && Math.Abs(add) < 1e-18 * Math.Abs(sum)) break;
            }
            return sum;
        }

        private static double ZetaOfInteger(int s) => s switch
        {
            2 => PiSquaredOverSix,
            3 => Zeta3,
            4 => Zeta4,
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        };

        private static double DilogSeries(double y)
        {
            double sum = 0, power = 1;
            for (int k = 1; k < 200; k++)
            {
                power *= y;
                double add = power / ((double)k * k);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return sum;
        }

        private static double Log1p(double x)
        {
            double u = 1.0 + x;
            if (u == 1.0) return x;
            return Math.Log(u) * (x / (u - 1.0));
        }

        /// <summary>x² as hi + lo exactly (Dekker's product), for exponentials of squares that keep their digits.</summary>
        private static (double Hi, double Lo) SquareSplit(double x)
        {
            double hi = x * x;
            const double splitter = 134217729.0; // 2^27 + 1
            double t = splitter * x;
            double xh = t - (t - x), xl = x - xh;
            double lo = ((xh * xh - hi) + 2 * xh * xl) + xl * xl;
            return (hi, lo);
        }

        /// <summary>e^(−x²) with the rounding of x² accounted for.</summary>
        private static double ExpMinusSquare(double x)
        {
            var (hi, lo) = SquareSplit(x);
            return Math.Exp(-hi) * (1 - lo);
        }

        private static double ExpSquare(double x)
        {
            var (hi, lo) = SquareSplit(x);
            return Math.Exp(hi) * (1 + lo);
        }
    }

    /// <summary>
    /// <see cref="SpecialFunctions"/> in single precision, as <c>MathF</c> is to <c>Math</c> (a separate class,
    /// so an integer argument such as <c>Erf(1)</c> never silently picks the float overload).
    /// </summary>
#if CALCULUS_ENGINE
    internal
#else
    public
#endif
    static partial class SpecialFunctionsF
    {
        /// <summary>erf in single precision.</summary>
        public static float Erf(float x) => (float)SpecialFunctions.Erf((double)x);
        /// <summary>erfc in single precision.</summary>
        public static float Erfc(float x) => (float)SpecialFunctions.Erfc((double)x);
        /// <summary>erfi in single precision.</summary>
        public static float Erfi(float x) => (float)SpecialFunctions.Erfi((double)x);
        /// <summary>Ei in single precision.</summary>
        public static float ExpIntegralEi(float x) => (float)SpecialFunctions.ExpIntegralEi((double)x);
        /// <summary>Si in single precision.</summary>
        public static float SinIntegral(float x) => (float)SpecialFunctions.SinIntegral((double)x);
        /// <summary>Ci in single precision.</summary>
        public static float CosIntegral(float x) => (float)SpecialFunctions.CosIntegral((double)x);
        /// <summary>Shi in single precision.</summary>
        public static float SinhIntegral(float x) => (float)SpecialFunctions.SinhIntegral((double)x);
        /// <summary>Chi in single precision.</summary>
        public static float CoshIntegral(float x) => (float)SpecialFunctions.CoshIntegral((double)x);
        /// <summary>li in single precision.</summary>
        public static float LogIntegral(float x) => (float)SpecialFunctions.LogIntegral((double)x);
        /// <summary>Fresnel S in single precision.</summary>
        public static float FresnelS(float x) => (float)SpecialFunctions.FresnelS((double)x);
        /// <summary>Fresnel C in single precision.</summary>
        public static float FresnelC(float x) => (float)SpecialFunctions.FresnelC((double)x);
        /// <summary>Li₂ in single precision.</summary>
        public static float Dilogarithm(float x) => (float)SpecialFunctions.Dilogarithm((double)x);
        /// <summary>Li₃ in single precision.</summary>
        public static float Trilogarithm(float x) => (float)SpecialFunctions.Trilogarithm((double)x);
        /// <summary>Li₄ in single precision.</summary>
        public static float Tetralogarithm(float x) => (float)SpecialFunctions.Tetralogarithm((double)x);
        /// <summary>ln |Γ| in single precision.</summary>
        public static float LogGamma(float x) => (float)SpecialFunctions.LogGamma((double)x);
        /// <summary>ψ in single precision.</summary>
        public static float Digamma(float x) => (float)SpecialFunctions.Digamma((double)x);
        /// <summary>ψ′ in single precision.</summary>
        public static float Trigamma(float x) => (float)SpecialFunctions.Trigamma((double)x);
        /// <summary>Φ in single precision.</summary>
        public static float NormalCdf(float x) => (float)SpecialFunctions.NormalCdf((double)x);
        /// <summary>ln Φ in single precision.</summary>
        public static float LogNormalCdf(float x) => (float)SpecialFunctions.LogNormalCdf((double)x);
    }
}
