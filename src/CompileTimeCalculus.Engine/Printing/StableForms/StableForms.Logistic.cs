using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Printing
{
    // The logistic family: sigmoid-like quotients of exponentials, softplus, and their complements.
    public static partial class StableForms
    {
        /// <summary>
        /// k·ln(1 + e^v) next to terms that contain −k·v: ln(1 + e^v) = v + ln(1 + e^(−v)) lets them cancel exactly
        /// (x − ln(1 + e^x)/2·… : log-sigmoid x − ln(1 + e^x) = −ln(1 + e^(−x)), which keeps its digits for large x instead of
        /// subtracting two nearly equal numbers).
        /// </summary>
        private static Expr? SoftplusWithItsLinearPart(SumExpr sum)
        {
            for (int i = 0; i < sum.Terms.Count; i++)
            {
                var term = sum.Terms[i];
                var (k, log) = term is ProductExpr { Factors.Count: 2 } p && p.Factors[0] is NumberExpr n ? (n.Value, p.Factors[1]) : (Number.One, term);
                if (log is not CallExpr { Function: Function.Log, Argument: SumExpr { Terms.Count: 2 } inner } || !inner.Terms[0].Equals(One)
                    || inner.Terms[1] is not CallExpr { Function: Function.Exp } exp || exp.Equals(E)) continue;
                var others = new List<Expr>();
                for (int j = 0; j < sum.Terms.Count; j++) if (j != i) others.Add(sum.Terms[j]);
                var absorbed = Add(Add(others), Multiply(Num(k), exp.Argument));
                if (Terms(absorbed).Count >= others.Count) continue;
                return Add(absorbed, Multiply(Num(k), Log(Add(One, Exp(Negate(exp.Argument))))));
            }
            return null;
        }

        private static IReadOnlyList<Expr> Terms(Expr e) => e is SumExpr s ? s.Terms : e.Equals(Zero) ? System.Array.Empty<Expr>() : new[] { e };

        /// <summary>softplus v = ln(1 + e^v) = max(v, 0) + ln(1 + e^(−|v|)), finite for every finite v.</summary>
        private static Expr Softplus(Expr v) => Add(Call(Function.Max, v, Zero), Call(Function.Log1p, Exp(Negate(Call(Function.Abs, v)))));

        /// <summary>(1 + e^u)^(−n) with n a positive integer: returns (u, n).</summary>
        private static (Expr U, long N)? LogisticDenominator(Expr factor)
        {
            if (factor is PowerExpr { Base: SumExpr { Terms.Count: 2 } sum, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: true } n } }
                && sum.Terms[0].Equals(One) && sum.Terms[1] is CallExpr { Function: Function.Exp } exp && !exp.Equals(E) && n.Numerator >= -8
                && !IsStableExponent(exp.Argument))
                return (exp.Argument, -n.Numerator);
            return null;
        }

        /// <summary>−|v|: already the argument of a rewritten form, which must not be rewritten again.</summary>
        private static bool IsStableExponent(Expr u) => IsNegated(u, out var positive) && positive is CallExpr { Function: Function.Abs };

        private static Expr? Logistic(Expr e)
        {
            var factors = e is ProductExpr p ? new List<Expr>(p.Factors) : new List<Expr> { e };
            int denominatorAt = -1;
            (Expr U, long N) logistic = default;
            for (int i = 0; i < factors.Count; i++)
            {
                if (LogisticDenominator(factors[i]) is { } found)
                {
                    denominatorAt = i;
                    logistic = found;
                    break;
                }
            }
            if (denominatorAt < 0) return null;
            Expr u = logistic.U!;
            long n = logistic.N;

            // The numerator e^(ku): an exponential factor whose argument is an integer multiple of u, or none (k = 0).
            long k = 0;
            int numeratorAt = -1;
            for (int i = 0; i < factors.Count; i++)
            {
                if (factors[i] is CallExpr { Function: Function.Exp } exp && !exp.Equals(E) && Divide(exp.Argument, u) is NumberExpr { Value: { IsInteger: true } ratio }
                    && ratio.Numerator >= 0 && ratio.Numerator <= n)
                {
                    k = ratio.Numerator;
                    numeratorAt = i;
                    break;
                }
            }

            List<Expr> rewritten;
            if (n == 1)
            {
                // A single logistic needs no branch: 1/(1 + e^u) is already safe (e^u = ∞ gives 0, never NaN), and
                // e^u/(1 + e^u) becomes 1/(1 + e^−u). Cheaper than the w-form, as fast as the hand-written sigmoid.
                if (k == 0) return null;
                rewritten = new List<Expr> { Reciprocal(Add(One, Exp(Negate(u)))) };
            }
            else
            {
                var w = Exp(Negate(Call(Function.Abs, u)));
                var numerator = k == n - k ? Power(w, Num(k)) : Conditional(Compare(ComparisonOperator.LessOrEqual, u, Zero), Power(w, Num(k)), Power(w, Num(n - k)));
                rewritten = new List<Expr> { numerator, Power(Add(One, w), Num(-n)) };
            }
            for (int i = 0; i < factors.Count; i++)
            {
                if (i != denominatorAt && i != numeratorAt) rewritten.Add(factors[i]);
            }
            return Multiply(rewritten);
        }

        /// <summary>
        /// A sum of logistic terms c·e^(ku)·(1 + e^u)^(−n) over one u, brought over the common denominator (1 + w)^M with
        /// w = e^(−|u|) for each sign of u. The numerator polynomial in w is exact; its roots at w = 1 (u = 0) are factored
        /// out as expm1(−|u|), so σ'' = σ'(1 − 2σ) keeps its digits near 0 instead of cancelling.
        /// </summary>
        private static Expr? LogisticSum(SumExpr sum)
        {
            Expr? u = null;
            var parsed = new List<(Expr Coefficient, long K, long N, Expr Term)>();
            int logisticTerms = 0;
            foreach (var term in sum.Terms)
            {
                var factors = term is ProductExpr p ? new List<Expr>(p.Factors) : new List<Expr> { term };
                int denominatorAt = -1;
                long n = 0;
                for (int i = 0; i < factors.Count; i++)
                {
                    if (LogisticDenominator(factors[i]) is { } found && (u is null || found.U.Equals(u)))
                    {
                        u = found.U;
                        n = found.N;
                        denominatorAt = i;
                        break;
                    }
                }
                if (denominatorAt >= 0) factors.RemoveAt(denominatorAt);
                parsed.Add((Zero, 0, n, Multiply(factors)));
                if (denominatorAt >= 0) logisticTerms++;
            }
            if (u is null || logisticTerms < 2) return null;

            // The numerator e^(ku) of each term, now that u is known.
            long m = 0;
            for (int i = 0; i < parsed.Count; i++)
            {
                var (_, _, n, rest) = parsed[i];
                var factors = rest is ProductExpr p ? new List<Expr>(p.Factors) : new List<Expr> { rest };
                long k = 0;
                for (int j = 0; j < factors.Count && n > 0; j++)
                {
                    if (factors[j] is CallExpr { Function: Function.Exp } exp && !exp.Equals(E)
                        && Divide(exp.Argument, u) is NumberExpr { Value: { IsInteger: true } ratio } && ratio.Numerator >= 0 && ratio.Numerator <= n)
                    {
                        k = ratio.Numerator;
                        factors.RemoveAt(j);
                        break;
                    }
                }
                parsed[i] = (Multiply(factors), k, n, rest);
                m = System.Math.Max(m, n);
            }

            var w = Exp(Negate(Call(Function.Abs, u)));
            var whenNegative = Numerator(parsed, m, positive: false, w, u);
            var whenPositive = Numerator(parsed, m, positive: true, w, u);
            var numerator = whenNegative.Equals(whenPositive) ? whenNegative : Conditional(Compare(ComparisonOperator.LessOrEqual, u, Zero), whenNegative, whenPositive);
            return Multiply(numerator, Power(Add(One, w), Num(-m)));
        }

        private static Expr Numerator(List<(Expr Coefficient, long K, long N, Expr Term)> terms, long m, bool positive, Expr w, Expr u)
        {
            // For u ≤ 0, e^(ku)/(1 + e^u)^n = w^k/(1 + w)^n; for u > 0 it is w^(n−k)/(1 + w)^n.
            var coefficients = new List<Expr>();
            foreach (var (c, k, n, _) in terms)
            {
                long power = positive ? n - k : k;
                long spread = m - n;
                for (long j = 0; j <= spread; j++)
                {
                    int index = (int)(power + j);
                    while (coefficients.Count <= index) coefficients.Add(Zero);
                    coefficients[index] = Add(coefficients[index], Multiply(Num(Binomial(spread, j)), c));
                }
            }
            return PolynomialWithRoots(coefficients, w, u);
        }

        /// <summary>
        /// A quotient of sums of exponentials e^(k·u) (k integers, constants being k = 0), such as
        /// (e^x − e^−x)/(e^x + e^−x): numerator and denominator are divided by the dominant exponential for each sign of u,
        /// which leaves polynomials in w = e^(−|u|) ≤ 1, so nothing overflows into ∞/∞.
        /// </summary>
        private static Expr? ExponentialRatio(Expr e)
        {
            var factors = e is ProductExpr p ? new List<Expr>(p.Factors) : new List<Expr> { e };
            for (int d = 0; d < factors.Count; d++)
            {
                if (factors[d] is not PowerExpr { Base: SumExpr denominatorSum, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: true } power } }
                    || power.Numerator < -4) continue;
                long n = -power.Numerator;
                foreach (var candidate in ExponentArguments(denominatorSum))
                {
                    var denominator = ExponentialPolynomial(denominatorSum, candidate);
                    if (denominator is null || denominator.Count < 2) continue;
                    // The numerator: one sum of exponentials, or one exponential, among the other factors (or none).
                    List<(Expr Coefficient, long K)> numerator = new() { (One, 0) };
                    int numeratorAt = -1;
                    for (int i = 0; i < factors.Count; i++)
                    {
                        if (i == d) continue;
                        var terms = factors[i] switch
                        {
                            SumExpr sum => ExponentialPolynomial(sum, candidate),
                            CallExpr { Function: Function.Exp } => ExponentialPolynomial(new[] { factors[i] }, candidate),
                            _ => null,
                        };
                        if (terms is null || !terms.Exists(t => t.K != 0)) continue;
                        numerator = terms;
                        numeratorAt = i;
                        break;
                    }
                    long high = long.MinValue, low = long.MaxValue;
                    foreach (var (_, k) in denominator)
                    {
                        high = System.Math.Max(high, k);
                        low = System.Math.Min(low, k);
                    }
                    bool fits = true;
                    foreach (var (_, m) in numerator) fits &= m <= n * high && m >= n * low;
                    if (!fits || high == low) continue;

                    var u = candidate;
                    var w = Exp(Negate(Call(Function.Abs, u)));
                    // u > 0: divide by e^(n·high·u); u ≤ 0: divide by e^(n·low·u). Powers of w are then non-negative.
                    Expr Branch(bool positive)
                    {
                        var numeratorCoefficients = new List<Expr>();
                        foreach (var (c, m) in numerator)
                        {
                            int index = (int)(positive ? n * high - m : m - n * low);
                            while (numeratorCoefficients.Count <= index) numeratorCoefficients.Add(Zero);
                            numeratorCoefficients[index] = Add(numeratorCoefficients[index], c);
                        }
                        var denominatorTerms = new List<Expr>();
                        foreach (var (c, k) in denominator) denominatorTerms.Add(Multiply(c, Power(w, Num(positive ? high - k : k - low))));
                        return Multiply(PolynomialWithRoots(numeratorCoefficients, w, u), Power(Add(denominatorTerms), Num(-n)));
                    }
                    var whenNegative = Branch(false);
                    var whenPositive = Branch(true);
                    var rewritten = new List<Expr>
                    {
                        whenNegative.Equals(whenPositive) ? whenNegative : Conditional(Compare(ComparisonOperator.LessOrEqual, u, Zero), whenNegative, whenPositive),
                    };
                    for (int i = 0; i < factors.Count; i++) if (i != d && i != numeratorAt) rewritten.Add(factors[i]);
                    return Multiply(rewritten);
                }
            }
            return null;
        }

        private static IEnumerable<Expr> ExponentArguments(SumExpr sum)
        {
            foreach (var t in sum.Terms)
            {
                var (_, rest) = SplitCoefficient(t);
                if (rest is CallExpr { Function: Function.Exp } exp && !exp.Equals(E) && !IsStableExponent(exp.Argument)) yield return exp.Argument;
            }
        }

        /// <summary>The terms as (coefficient, k) with each term c·e^(k·u), or null when a term is not of that form.</summary>
        private static List<(Expr Coefficient, long K)>? ExponentialPolynomial(IReadOnlyList<Expr> terms, Expr u)
        {
            var result = new List<(Expr, long)>();
            foreach (var t in terms)
            {
                if (t is NumberExpr)
                {
                    result.Add((t, 0));
                    continue;
                }
                var (c, rest) = SplitCoefficient(t);
                if (rest is CallExpr { Function: Function.Exp } exp && Divide(exp.Argument, u) is NumberExpr { Value: { IsInteger: true } k } && System.Math.Abs(k.Numerator) <= 8)
                    result.Add((Num(c), k.Numerator));
                else
                    return null;
            }
            return result;
        }

        private static List<(Expr Coefficient, long K)>? ExponentialPolynomial(SumExpr sum, Expr u) => ExponentialPolynomial(sum.Terms, u);

        /// <summary>Σ cᵢ·wⁱ with its roots at w = 1 (u = 0) factored out as expm1(−|u|), which keeps their digits.</summary>
        private static Expr PolynomialWithRoots(List<Expr> coefficients, Expr w, Expr u)
        {
            int roots = 0;
            while (coefficients.Count > 1 && Add(coefficients).Equals(Zero))
            {
                var quotient = new Expr[coefficients.Count - 1];
                Expr carry = Zero;
                for (int i = coefficients.Count - 1; i >= 1; i--)
                {
                    carry = Add(coefficients[i], carry);
                    quotient[i - 1] = carry;
                }
                coefficients = new List<Expr>(quotient);
                roots++;
            }
            var polynomial = new List<Expr>();
            for (int i = 0; i < coefficients.Count; i++) polynomial.Add(Multiply(coefficients[i], Power(w, Num(i))));
            return Multiply(Power(Call(Function.Expm1, Negate(Call(Function.Abs, u))), Num(roots)), Add(polynomial));
        }

        private static Number Binomial(long n, long k)
        {
            var result = Number.One;
            for (long i = 1; i <= k; i++) result = result * Number.FromInteger(n - k + i) / Number.FromInteger(i);
            return result;
        }

        /// <summary>
        /// k·v·(c + v²)^(−1) = k/(v + c/v): the square does not overflow for large v (2x/(1 + x²) at 1e300).
        /// </summary>
        private static Expr? ScaledReciprocal(Expr e)
        {
            if (e is not ProductExpr p) return null;
            for (int i = 0; i < p.Factors.Count; i++)
            {
                if (p.Factors[i] is not PowerExpr { Base: SumExpr { Terms.Count: 2 } sum, Exponent: NumberExpr { Value.IsMinusOne: true } }
                    || sum.Terms[0] is not NumberExpr { Value.IsNegative: false } c || c.Value.IsZero
                    || sum.Terms[1] is not PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } } square)
                    continue;
                // The factor may be a multiple of v: 2m − 2x over 1 + (x − m)² (the canonical IR distributes the 2).
                int vAt = -1;
                Expr scale = One;
                for (int j = 0; j < p.Factors.Count && vAt < 0; j++)
                {
                    if (j != i && MultipleOf(p.Factors[j], square.Base) is { IsZero: false } k)
                        (vAt, scale) = (j, Num(k));
                }
                if (vAt < 0) continue;
                var v = square.Base;
                var rest = new List<Expr> { scale, Reciprocal(Add(v, Multiply(c, Reciprocal(v)))) };
                for (int j = 0; j < p.Factors.Count; j++) if (j != i && j != vAt) rest.Add(p.Factors[j]);
                return Multiply(rest);
            }
            return null;
        }

        /// <summary>
        /// e^A over a sum of exponentials c·e^(Bᵢ) with different arguments (a softmax probability): divided through by
        /// e^A, 1/Σ cᵢ·e^(Bᵢ − A) never meets ∞/∞; two terms become the stable logistic form.
        /// </summary>
        private static Expr? ExponentialShare(Expr e)
        {
            if (e is not ProductExpr p) return null;
            int numeratorAt = -1, denominatorAt = -1;
            for (int i = 0; i < p.Factors.Count; i++)
            {
                if (p.Factors[i] is CallExpr { Function: Function.Exp } exp && !exp.Equals(E) && numeratorAt < 0) numeratorAt = i;
                else if (p.Factors[i] is PowerExpr { Base: SumExpr sum, Exponent: NumberExpr { Value.IsMinusOne: true } }
                    && sum.Terms.All(t => SplitCoefficient(t).Term is CallExpr { Function: Function.Exp })) denominatorAt = i;
            }
            if (numeratorAt < 0 || denominatorAt < 0) return null;
            var a = ((CallExpr)p.Factors[numeratorAt]).Argument;
            var terms = ((SumExpr)((PowerExpr)p.Factors[denominatorAt]).Base).Terms;
            var shifted = terms.Select(t =>
            {
                var (c, exp) = SplitCoefficient(t);
                return Multiply(Num(c), Exp(Subtract(((CallExpr)exp).Argument, a)));
            }).ToList();
            var share = Reciprocal(Add(shifted));
            var rest = new List<Expr> { Logistic(share) ?? share };
            for (int j = 0; j < p.Factors.Count; j++) if (j != numeratorAt && j != denominatorAt) rest.Add(p.Factors[j]);
            return Multiply(rest);
        }

        /// <summary>k such that <paramref name="a"/> = k·<paramref name="v"/> term by term (2m − 2x = −2·(x − m)), else null.</summary>
        private static Number? MultipleOf(Expr a, Expr v)
        {
            if (a.Equals(v)) return Number.One;
            if (a is not SumExpr sa || v is not SumExpr sv || sa.Terms.Count != sv.Terms.Count) return null;
            var (cv, rest) = SplitCoefficient(sv.Terms[0]);
            foreach (var term in sa.Terms)
            {
                var (ca, restA) = SplitCoefficient(term);
                if (!restA.Equals(rest)) continue;
                var k = ca / cv;
                return Multiply(Num(k), v).Equals(a) ? k : null;
            }
            return null;
        }

        /// <summary>k/(1 + e^u) − k = −k/(1 + e^(−u)): no cancellation where the logistic is near 1 (a softmax gradient).</summary>
        private static Expr? LogisticComplement(SumExpr sum)
        {
            if (sum.Terms[0] is not NumberExpr constant) return null;
            for (int i = 1; i < sum.Terms.Count; i++)
            {
                var (k, rest) = SplitCoefficient(sum.Terms[i]);
                if (!k.Equals(-constant.Value) || rest is not PowerExpr { Base: SumExpr { Terms.Count: 2 } inner, Exponent: NumberExpr { Value.IsMinusOne: true } }
                    || !inner.Terms[0].Equals(One) || inner.Terms[1] is not CallExpr { Function: Function.Exp } exp || exp.Equals(E)) continue;
                var terms = new List<Expr> { Multiply(Num(-k), Reciprocal(Add(One, Exp(Negate(exp.Argument))))) };
                for (int j = 1; j < sum.Terms.Count; j++) if (j != i) terms.Add(sum.Terms[j]);
                return Add(terms);
            }
            return null;
        }
    }
}
