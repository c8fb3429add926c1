using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Verification;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>
    /// Rewrites a result into forms that evaluate well in floating point before it is emitted; the caller proves every
    /// rewritten tree equal to the original (by probing) and keeps the original otherwise.
    /// <list type="bullet">
    /// <item>e^(ku)·(1 + e^u)^(−n), 0 ≤ k ≤ n: the logistic family (sigmoid, its derivatives, softplus', swish', the logistic
    /// density) as w^k or w^(n−k) over (1 + w)^n with w = e^(−|u|), which never overflows.</item>
    /// <item>ln(1 + e^u) → max(u, 0) + log1p(e^(−|u|)) (softplus); ln(1 + v) → log1p(v); e^u − 1 → expm1(u).</item>
    /// <item>1 − tanh²u → cosh(u)^(−2), which keeps its digits where tanh rounds to ±1.</item>
    /// <item>(a² + b²)^(k/2) → hypot(a, b)^k, which does not overflow in the squares.</item>
    /// <item>a product of a factor that can underflow to 0 (e^…, cosh^(−n)) and factors that can overflow (x², x³) is 0
    /// when the former is 0, instead of ∞ · 0 = NaN.</item>
    /// <item>c ± c·erf(u) → c·erfc(∓u); ln cosh u, ln(1 + u^(2k)), ln|1 + v| in two branches; differences of logarithms
    /// and of arctangents whose arguments differ by a constant, through log1p and the arctangent subtraction formula.</item>
    /// </list>
    /// </summary>
    public sealed class StableForms
    {
        private readonly Dictionary<Expr, Expr> _memo = new();
        private readonly Budget _budget;

        private StableForms(Budget budget) => _budget = budget;

        /// <summary>
        /// The stable form of <paramref name="e"/> when it computes what e computes at the checker's probe points, else e: the
        /// one acceptance rule of the engines. <paramref name="variables"/> null: every variable of either form.
        /// <paramref name="mostPoints"/>: agreeing at most points is enough, for an antiderivative that is verified against
        /// its integrand afterwards (the textbook form is what cancels badly at the others: ln|6 + 6·coth u| for large |u|).
        /// </summary>
        public static Expr WhereEqual(Expr e, IReadOnlyList<string>? variables, Budget budget, bool mostPoints = false)
        {
            var stable = Rewrite(e, budget);
            if (stable.Equals(e)) return e;
            if (variables is null)
            {
                var names = ExprVariables.Of(e);
                names.UnionWith(ExprVariables.Of(stable));
                variables = names.OrderBy(v => v, StringComparer.Ordinal).ToList();
            }
            return CalculusChecker.Compare(stable, e, variables, budget).Verdict == CheckVerdict.Correct
                || mostPoints && CalculusChecker.AgreesAtMostPoints(stable, e, variables, budget) ? stable : e;
        }

        public static Expr Rewrite(Expr e, Budget budget)
        {
            // Logarithms of c ± c·tanh u, c − c·tanh²u and of products of cosh, e^v, 1 + e^v first, while their arguments are as
            // the integrator left them: visited bottom-up, 1 + tanh u would already be 2σ(2u) and 2/(1 + e^u) a logistic form
            // that underflows to 0, and the differences rule would merge two such logarithms into one quotient.
            var prepared = Algebra.Rewrite.Replace(e, node => node is CallExpr { Function: Function.Log } log
                ? LogOfHyperbolicSum(log) ?? LogOfSechSquared(log) ?? LogOfPositiveProduct(log) : null, budget);
            var stable = new StableForms(budget).Visit(prepared);
            // Last, so the rules above see rational parts as they are (arcsinh recognized inside artanh, say).
            return Algebra.Rewrite.Replace(stable, node => node is SumExpr or ProductExpr ? RationalInReciprocal(node, budget) ?? RootInReciprocal(node, budget) : null, budget);
        }

        /// <summary>
        /// c·xⁿ·Q(x)^r for a polynomial Q of degree m ≥ 2 and n + m·r ≤ 0 (x/√(2 + x²), Student's t CDF with ν = 2), evaluated for
        /// |x| > 1 as c·sign(x)ⁿ·|x|^(n + m·r)·Q̃(1/x)^r, Q̃ the reversed polynomial: x² overflowing at 1e200 made it ∞/∞ = NaN,
        /// or 0 where the answer is ±c·d^r. Q(x) = xᵐ·Q̃(1/x) with m even keeps the sign of Q̃, so the real power is the same.
        /// </summary>
        private static Expr? RootInReciprocal(Expr e, Budget budget)
        {
            if (e is not ProductExpr product) return null;
            var variables = Programs.ExprVariables.Of(e);
            if (variables.Count != 1) return null;
            string name = variables.First();
            var x = Var(name);
            var constants = new List<Expr>();
            long n = 0;
            PowerExpr? root = null;
            foreach (var factor in product.Factors)
            {
                if (!Algebra.Rewrite.HasVariables(factor)) constants.Add(factor);
                else if (factor.Equals(x)) n += 1;
                else if (factor is PowerExpr { Base: VariableExpr, Exponent: NumberExpr { Value: { IsInteger: true } k } } && k.Numerator > 0) n += k.Numerator;
                else if (root is null && factor is PowerExpr { Base: SumExpr, Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } } } power) root = power;
                else return null;
            }
            if (root is null || n == 0) return null;
            var q = Algebra.RationalFunction.TryFrom(root.Base, name, budget);
            if (q is null || !q.IsPolynomial || q.Numerator.Degree < 2 || q.Numerator.Degree % 2 != 0) return null;
            var r = ((NumberExpr)root.Exponent).Value;
            int m = q.Numerator.Degree;
            var growth = Number.FromInteger(n) + Number.FromInteger(m) * r;
            if (!growth.IsZero && !growth.IsNegative) return null;
            var c = new Algebra.BigRational[m + 1];
            for (int i = 0; i <= m; i++) c[i] = q.Numerator[m - i] / q.Denominator[0];
            var reversed = Algebra.Polynomial.FromCoefficients(c).ToExpr(Reciprocal(x));
            var far = Multiply(new[] { Multiply(constants), n % 2 != 0 ? Call(Function.Sign, x) : One, Power(Call(Function.Abs, x), Num(growth)), Power(reversed, Num(r)) });
            return Conditional(Compare(ComparisonOperator.LessOrEqual, Call(Function.Abs, x), One), e, far);
        }

        /// <summary>
        /// A rational function P(x)/Q(x) of one variable, evaluated for |x| > 1 in t = 1/x as t^(m − n)·P̃(t)/Q̃(t) (P̃, Q̃ the
        /// polynomials with their coefficients reversed, n and m the degrees): every power of x it computes stays within
        /// [0, 1] there, so x² overflowing far out makes no ∞/∞ (the quotient rule's (1 − x²)/(1 + x²)² at 1e200 was NaN).
        /// Within |x| ≤ 1 the form is unchanged.
        /// </summary>
        private static Expr? RationalInReciprocal(Expr e, Budget budget)
        {
            var variables = Programs.ExprVariables.Of(e);
            if (variables.Count != 1) return null;
            string name = variables.First();
            var f = Algebra.RationalFunction.TryFrom(e, name, budget);
            // Only where both parts grow (a constant over Q(x) only underflows to 0, never ∞/∞) and x² or more can overflow.
            if (f is null || f.Denominator.Degree < 1 || f.Numerator.Degree < 1 || System.Math.Max(f.Numerator.Degree, f.Denominator.Degree) < 2) return null;
            // A denominator c·x^m is a matter of small x (where 1/x³ overflows), not of large: nothing to gain here.
            int nonZero = 0;
            for (int i = 0; i <= f.Denominator.Degree; i++) if (!f.Denominator[i].IsZero) nonZero++;
            if (nonZero < 2) return null;
            var x = Var(name);
            var t = Reciprocal(x);
            int n = f.Numerator.Degree, m = f.Denominator.Degree;
            var far = Multiply(Power(x, Num(n - m)), Divide(Reversed(f.Numerator).ToExpr(t), Reversed(f.Denominator).ToExpr(t)));
            return Conditional(Compare(ComparisonOperator.LessOrEqual, Call(Function.Abs, x), One), e, far);

            static Algebra.Polynomial Reversed(Algebra.Polynomial p)
            {
                var c = new Algebra.BigRational[p.Degree + 1];
                for (int i = 0; i <= p.Degree; i++) c[i] = p[p.Degree - i];
                return Algebra.Polynomial.FromCoefficients(c);
            }
        }

        /// <summary>ln|c − c·tanh²u| = ln|c| − 2·ln cosh u: finite where tanh² rounds to 1 and the argument to 0.</summary>
        private static Expr? LogOfSechSquared(CallExpr log)
        {
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            if (argument is not SumExpr { Terms.Count: 2 } sum || sum.Terms[0] is not NumberExpr { Value.IsZero: false } c) return null;
            var (k, rest) = SplitCoefficient(sum.Terms[1]);
            if (rest is not PowerExpr { Base: CallExpr { Function: Function.Tanh } t, Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } } || !k.Equals(-c.Value)) return null;
            if (log.Argument is not CallExpr { Function: Function.Abs } && c.Value.IsNegative) return null; // ln of a negative number
            return Subtract(Log(Num(c.Value.IsNegative ? -c.Value : c.Value)), Multiply(Num(2), LogCosh(t.Argument)));
        }

        private Expr Visit(Expr e)
        {
            // A constant is computed once, so it needs no stable form (and conditionals on constants would not fold).
            if (e.Children.Count == 0 || !HasVariables(e)) return e;
            if (_memo.TryGetValue(e, out var done)) return done;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            // A rule that keeps the original as one branch (the arctangent difference) meets it again below: leave it be.
            _memo[e] = e;
            // The logistic rule looks at a whole product (numerator and denominator together), so it runs before the
            // factors are rewritten on their own.
            var pre = e switch
            {
                SumExpr sum => LogisticSum(sum) ?? Differences(sum) ?? SoftplusWithItsLinearPart(sum) ?? e,
                ProductExpr or PowerExpr => Logistic(e) ?? ExponentialRatio(e) ?? ScaledReciprocal(e) ?? ExponentialShare(e) ?? HyperbolicRatio(e) ?? e,
                // Before the radicand becomes a hypot, which the pattern would no longer see.
                CallExpr { Function: Function.Atanh } atanh => AsinhForm(atanh.Argument) ?? e,
                _ => e,
            };
            var children = new Expr[pre.Children.Count];
            bool changed = false;
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = Visit(pre.Children[i]);
                changed |= !ReferenceEquals(children[i], pre.Children[i]);
            }
            var rebuilt = changed ? Expr.Rebuild(pre, children) : pre;
            var result = Apply(rebuilt);
            _memo[e] = result;
            return result;
        }


        private static bool HasVariables(Expr e) => e.HasVariables;

        private static Expr Apply(Expr e)
        {
            switch (e)
            {
                case ProductExpr p:
                    return GuardUnderflow(p);
                case PowerExpr p:
                    return Hypotenuse(p) ?? DifferenceOfSquares(p) ?? p;
                case CallExpr { Function: Function.Log } log when LogOfHyperbolicSum(log) is { } hyperbolic:
                    return hyperbolic;
                case CallExpr { Function: Function.Log } log when LogOfShiftedExponential(log) is { } shifted:
                    return shifted;
                case CallExpr { Function: Function.Log } log when LogOfRatio(log) is { } ratio:
                    return ratio;
                case CallExpr { Function: Function.Dilogarithm } li when IsNegated(li.Argument, out var positive) && positive is CallExpr { Function: Function.Exp } power && !power.Equals(E):
                {
                    // Li₂(−e^s) = −π²/6 − s²/2 − Li₂(−e^(−s)) for s > 0 (the inversion formula): finite where e^s overflows.
                    var v = power.Argument;
                    return Conditional(Compare(ComparisonOperator.Greater, v, Zero),
                        Subtract(Negate(Add(Divide(Square(Pi), Num(6)), Multiply(Half, Square(v)))), Call(Function.Dilogarithm, Negate(Exp(Negate(v))))),
                        li);
                }
                case CallExpr { Function: Function.Log } log when log.Argument is SumExpr sum && sum.Terms[0].Equals(One):
                    if (sum.Terms.Count == 2 && sum.Terms[1] is CallExpr { Function: Function.Exp } exp) return Softplus(exp.Argument);
                    return LogOnePlusEvenPower(sum) ?? Call(Function.Log1p, Add(Rest(sum)));
                case CallExpr { Function: Function.Log, Argument: CallExpr { Function: Function.Abs, Argument: SumExpr sum } } when sum.Terms[0].Equals(One):
                {
                    // ln|1 + v|: log1p(v) where 1 + v > 0, which keeps the digits of small v.
                    var v = Add(Rest(sum));
                    return Conditional(Compare(ComparisonOperator.Greater, v, MinusOne), Call(Function.Log1p, v), Log(Subtract(MinusOne, v)));
                }
                case CallExpr { Function: Function.Log, Argument: SumExpr { Terms.Count: 2 } pair }
                    when pair.Terms[0] is CallExpr { Function: Function.Exp } first && pair.Terms[1] is CallExpr { Function: Function.Exp } second:
                {
                    // log-sum-exp of two: ln(e^A + e^B) = max(A, B) + ln(1 + e^(−|A − B|)), which overflows nowhere.
                    var (a, b) = (first.Argument, second.Argument);
                    return Add(Call(Function.Max, a, b), Call(Function.Log1p, Exp(Negate(Call(Function.Abs, Subtract(a, b))))));
                }
                case CallExpr { Function: Function.Log, Argument: CallExpr { Function: Function.Cosh } cosh }:
                    return LogCosh(cosh.Argument);
                case CallExpr { Function: Function.Log, Argument: CallExpr { Function: Function.Abs, Argument: CallExpr { Function: Function.Sinh } sinh } }:
                    return LogAbsSinh(sinh.Argument);
                case SumExpr sum:
                    return ExpMinusOne(sum) ?? Gudermannian(sum) ?? ArctanComplement(sum) ?? OneMinusTanhSquared(sum) ?? OnePlusTanh(sum) ?? ErfComplement(sum) ?? LogisticComplement(sum) ?? RootDifference(sum) ?? sum;
                default:
                    return e;
            }
        }

        /// <summary>
        /// ln|sinh u| = |u| − ln 2 + ln(−expm1(−2|u|)) past |u| = 1: finite where sinh u overflows (|u| &gt; 710, as in
        /// ∫ x/sinh²(u)), and without the cancellation of 1 − e^(−2|u|) for small u, where the textbook form stays.
        /// </summary>
        private static Expr LogAbsSinh(Expr u)
        {
            var abs = Call(Function.Abs, u);
            return Conditional(Compare(ComparisonOperator.LessOrEqual, abs, One),
                Log(Call(Function.Abs, Call(Function.Sinh, u))),
                Add(abs, Negate(Log(Num(2))), Log(Negate(Call(Function.Expm1, Multiply(Num(-2), abs))))));
        }

        /// <summary>
        /// ln cosh u: 2·sinh²(u/2) = cosh u − 1 without cancellation near 0; |u| − ln 2 + ln(1 + e^(−2|u|)) where cosh
        /// overflows (the log-cosh loss at 1e300).
        /// </summary>
        private static Expr LogCosh(Expr u)
        {
            var abs = Call(Function.Abs, u);
            var sinhHalf = Call(Function.Sinh, Multiply(Half, u));
            return Conditional(Compare(ComparisonOperator.LessOrEqual, abs, One),
                Call(Function.Log1p, Multiply(Num(2), Square(sinhHalf))),
                Add(abs, Negate(Log(Num(2))), Call(Function.Log1p, Exp(Multiply(Num(-2), abs)))));
        }

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

        /// <summary>
        /// ln|c·Π fᵢ^kᵢ| with every fᵢ positive and prone to overflow or underflow (cosh u, 1 + e^v, e^v; 1 ± tanh u has
        /// become 2/(1 + e^(∓2u)) by then): ln|c| + Σ kᵢ·ln fᵢ, each in a form that stays finite (ln cosh, softplus), where
        /// the product itself would be 0 or ∞ far out (ln|1 + tanh(5 + 7x)| at x = −61).
        /// </summary>
        private static Expr? LogOfPositiveProduct(CallExpr log)
        {
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            if (argument is not (ProductExpr or PowerExpr)) return null;
            var terms = new List<Expr>();
            bool overflowing = false;
            foreach (var factor in argument is ProductExpr p ? p.Factors : new[] { argument })
            {
                // Every base below is positive, so fractional powers split too: ln((1 + e^(2x))^(−1/2)).
                var (b, k) = factor is PowerExpr { Exponent: NumberExpr { Value.IsExact: true } n } power ? (power.Base, n.Value) : (factor, Number.One);
                switch (b)
                {
                    case NumberExpr c when factor is NumberExpr:
                        terms.Add(Log(Num(c.Value.IsNegative ? -c.Value : c.Value)));
                        break;
                    case CallExpr { Function: Function.Cosh } cosh:
                        terms.Add(Multiply(Num(k), LogCosh(cosh.Argument)));
                        overflowing = true;
                        break;
                    case CallExpr { Function: Function.Exp } exp when !exp.Equals(E):
                        terms.Add(Multiply(Num(k), exp.Argument));
                        overflowing = true;
                        break;
                    case SumExpr { Terms.Count: 2 } sum when sum.Terms[0].Equals(One) && sum.Terms[1] is CallExpr { Function: Function.Exp } e && !e.Equals(E):
                        // Left as ln(1 + e^v) (softplus when visited) so that a linear part next to it can still cancel.
                        terms.Add(Multiply(Num(k), Log(sum)));
                        overflowing = true;
                        break;
                    default:
                        return null;
                }
            }
            return overflowing ? Add(terms) : null;
        }

        private static List<Expr> Rest(SumExpr sum)
        {
            var rest = new List<Expr>();
            for (int i = 1; i < sum.Terms.Count; i++) rest.Add(sum.Terms[i]);
            return rest;
        }

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

        /// <summary>sinh u / cosh u = tanh u (ln cosh's derivative), finite where both overflow.</summary>
        private static Expr? HyperbolicRatio(Expr e)
        {
            if (e is not ProductExpr p) return null;
            // sinh/cosh is tanh, and cosh/sinh is 1/tanh: finite where both overflow (x·coth u in ∫ x/sinh²u at u = 600).
            foreach (var (over, under, exponent) in new[] { (Function.Sinh, Function.Cosh, One), (Function.Cosh, Function.Sinh, MinusOne) })
            {
                for (int i = 0; i < p.Factors.Count; i++)
                {
                    if (p.Factors[i] is not CallExpr { Function: var f } top || f != over) continue;
                    int bottomAt = -1;
                    for (int j = 0; j < p.Factors.Count; j++)
                    {
                        if (p.Factors[j] is PowerExpr { Base: CallExpr { Function: var g } bottom, Exponent: NumberExpr { Value.IsMinusOne: true } } && g == under && bottom.Argument.Equals(top.Argument))
                            bottomAt = j;
                    }
                    if (bottomAt < 0) continue;
                    var rest = new List<Expr> { Power(Call(Function.Tanh, top.Argument), exponent) };
                    for (int j = 0; j < p.Factors.Count; j++) if (j != i && j != bottomAt) rest.Add(p.Factors[j]);
                    return Multiply(rest);
                }
            }
            return null;
        }

        /// <summary>
        /// ln|c ± c·tanh u| = ln|c| ± u − ln cosh u and ln|c ± c·coth u| = ln|c| ± u − ln|sinh u| (1 + tanh u = e^u/cosh u,
        /// 1 + coth u = e^u/sinh u): where tanh rounds to ∓1 the sum is 0 in double, but its logarithm is ±u + O(1).
        /// </summary>
        private static Expr? LogOfHyperbolicSum(CallExpr log)
        {
            bool absolute = log.Argument is CallExpr { Function: Function.Abs };
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            if (argument is not SumExpr { Terms.Count: 2 } sum || sum.Terms[0] is not NumberExpr c || c.Value.IsZero || !c.Value.IsExact) return null;
            var (k, rest) = SplitCoefficient(sum.Terms[1]);
            int sign = k.Equals(c.Value) ? 1 : k.Equals(-c.Value) ? -1 : 0;
            if (sign == 0) return null;
            if (UOf(rest, out bool coth) is not { } u) return null;
            var shift = Add(Log(Num(c.Value.IsNegative ? -c.Value : c.Value)), Multiply(Num(sign), u));
            if (!coth)
            {
                if (!absolute && c.Value.IsNegative) return null;
                return Subtract(shift, Apply(Log(Call(Function.Cosh, u))));
            }
            if (!absolute) return null; // c·(1 ± coth u) changes sign with u: only ln|…| is defined on both sides
            var absU = Call(Function.Abs, u);
            var logAbsSinh = Conditional(Compare(ComparisonOperator.LessOrEqual, absU, One), Log(Call(Function.Abs, Call(Function.Sinh, u))),
                Add(absU, Negate(Log(Num(2))), Call(Function.Log1p, Negate(Exp(Multiply(Num(-2), absU))))));
            return Subtract(shift, logAbsSinh);

            static Expr? UOf(Expr term, out bool isCoth)
            {
                isCoth = false;
                if (term is CallExpr { Function: Function.Tanh } tanh) return tanh.Argument;
                if (term is PowerExpr { Base: CallExpr { Function: Function.Tanh } inverse, Exponent: NumberExpr { Value.IsMinusOne: true } })
                {
                    isCoth = true;
                    return inverse.Argument;
                }
                return null;
            }
        }

        /// <summary>ln(c + e^v), c &gt; 0: v + log1p(c·e^(−v)) where v &gt; 0, so e^v never overflows (the softplus rule for any c).</summary>
        private static Expr? LogOfShiftedExponential(CallExpr log)
        {
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            // ln(b·e^v) = ln b + v for b > 0: finite where e^v overflows.
            if (ScaledExponential(argument) is { Scale.IsNegative: false } alone) return Add(Log(Num(alone.Scale)), alone.Exponent);
            if (log.Argument is CallExpr { Function: Function.Abs } && LogAbsOfSignedShift(argument) is { } signed) return signed;
            if (argument is not SumExpr { Terms.Count: 2 } sum || sum.Terms[0] is not NumberExpr { Value: { IsNegative: false, IsZero: false } c }
                || ScaledExponential(sum.Terms[1]) is not { Scale.IsNegative: false } scaled || c.IsOne) return null;
            // ln(c + b·e^v) = ln b + v + log1p((c/b)·e^(−v)) where v > 0.
            var (b, v) = scaled;
            return Conditional(Compare(ComparisonOperator.Greater, v, Zero),
                Add(Log(Num(b)), v, Call(Function.Log1p, Multiply(Num(c / b), Exp(Negate(v))))), Log(argument));
        }

        /// <summary>
        /// ln|c + b·e^v| with c or b negative (1/(a + b·e^(cx)) with a, b of opposite signs): ln|b| + v + log1p((c/b)·e^(−v))
        /// where |c/b|·e^(−v) &lt; 1/2, so that 1 + (c/b)·e^(−v) is positive; else as it was. Finite where e^v overflows.
        /// </summary>
        private static Expr? LogAbsOfSignedShift(Expr argument)
        {
            // k·(c + b·e^v) with a number k: ln|k| + ln|c + b·e^v|.
            if (argument is ProductExpr { Factors.Count: 2 } scaled && scaled.Factors[0] is NumberExpr { Value: { IsZero: false } factor } && LogAbsOfSignedShift(scaled.Factors[1]) is { } inner)
                return Add(Log(Num(factor.IsNegative ? -factor : factor)), inner);
            if (argument is not SumExpr { Terms.Count: 2 } sum || sum.Terms[0] is not NumberExpr { Value: { IsZero: false } c }
                || ScaledExponential(sum.Terms[1]) is not { } term) return null;
            var (b, v) = term;
            if (!(c.IsNegative || b.IsNegative)) return null;
            var ratio = c / b;
            var magnitude = b.IsNegative ? -b : b;
            var threshold = Log(Num(Number.FromInteger(2) * (ratio.IsNegative ? -ratio : ratio)));
            return Conditional(Compare(ComparisonOperator.Greater, v, threshold),
                Add(Log(Num(magnitude)), v, Call(Function.Log1p, Multiply(Num(ratio), Exp(Negate(v))))), Log(Call(Function.Abs, argument)));
        }

        /// <summary>b·e^v with b a nonzero number (1 for e^v alone, but not e itself); else null.</summary>
        private static (Number Scale, Expr Exponent)? ScaledExponential(Expr e) => e switch
        {
            CallExpr { Function: Function.Exp } exp when !exp.Equals(E) => (Number.FromInteger(1), exp.Argument),
            ProductExpr { Factors.Count: 2 } p when p.Factors[0] is NumberExpr { Value: { IsZero: false } b }
                && p.Factors[1] is CallExpr { Function: Function.Exp } exp && !exp.Equals(E) => (b, exp.Argument),
            _ => null,
        };

        /// <summary>artanh(t/√(a + t²)) = arsinh(t/√a), a &gt; 0: the left side's argument rounds to ±1 (∞) long before arsinh overflows.</summary>
        private static Expr? AsinhForm(Expr argument)
        {
            if (argument is not ProductExpr product) return null;
            for (int i = 0; i < product.Factors.Count; i++)
            {
                if (product.Factors[i] is not PowerExpr { Base: SumExpr { Terms.Count: 2 } radicand, Exponent: NumberExpr { Value: { IsExact: true, Numerator: -1, Denominator: 2 } } }
                    || radicand.Terms[0] is not NumberExpr { Value: { IsNegative: false, IsZero: false } a }) continue;
                var others = new List<Expr>();
                for (int j = 0; j < product.Factors.Count; j++) if (j != i) others.Add(product.Factors[j]);
                var t = Multiply(others);
                if (!Square(t).Equals(radicand.Terms[1])) continue;
                return Call(Function.Asinh, Multiply(t, Power(Num(a), Rational(-1, 2))));
            }
            return null;
        }

        /// <summary>
        /// ln(1 + u^(2k)) → 2k·ln|u| + log1p(u^(−2k)) where |u| &gt; 1: u^(2k) overflows long before the logarithm does
        /// (the Cauchy log-likelihood ln(1 + x²) at 1e300 is 1381.6, not ∞).
        /// </summary>
        private static Expr? LogOnePlusEvenPower(SumExpr sum)
        {
            if (sum.Terms.Count != 2 || sum.Terms[1] is not PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } n } } power
                || n.Numerator % 2 != 0) return null;
            var u = power.Base;
            var abs = Call(Function.Abs, u);
            return Conditional(Compare(ComparisonOperator.LessOrEqual, abs, One),
                Call(Function.Log1p, power),
                Add(Multiply(Num(n), Log(abs)), Call(Function.Log1p, Power(u, Num(-n)))));
        }

        /// <summary>c + c·erf(u) = c·erfc(−u), c − c·erf(u) = c·erfc(u): a normal CDF's lower tail keeps its digits.</summary>
        private static Expr? ErfComplement(SumExpr sum)
        {
            if (sum.Terms[0] is not NumberExpr c || c.Value.IsZero) return null;
            for (int i = 1; i < sum.Terms.Count; i++)
            {
                var (coefficient, rest) = SplitCoefficient(sum.Terms[i]);
                if (rest is not CallExpr { Function: Function.Erf } erf) continue;
                Expr argument;
                if (coefficient.Equals(c.Value)) argument = Negate(erf.Argument);
                else if (coefficient.Equals(-c.Value)) argument = erf.Argument;
                else continue;
                var terms = new List<Expr> { Multiply(c, Call(Function.Erfc, argument)) };
                for (int j = 1; j < sum.Terms.Count; j++) if (j != i) terms.Add(sum.Terms[j]);
                return Add(terms);
            }
            return null;
        }

        /// <summary>
        /// ln|A/B| with A − B = c a constant (partial fractions of a quadratic in t = e^u): log1p(c/B) where |c| &lt; |B|/2,
        /// which keeps the digits where A/B is near 1 (the tail of ∫ du/(a + b·sinh u), where t grows without bound and
        /// ln|A/B| rounds to 0); else as it was.
        /// </summary>
        private static Expr? LogOfRatio(CallExpr log)
        {
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            if (argument is not ProductExpr { Factors.Count: 2 } product) return null;
            Expr? a = null, b = null;
            foreach (var factor in product.Factors)
            {
                if (factor is PowerExpr { Base: SumExpr denominator, Exponent: NumberExpr { Value: var n } } && n.Equals(Number.FromInteger(-1))) b = denominator;
                else if (factor is SumExpr numerator) a = numerator;
            }
            if (a is null || b is null) return null;
            var c = Subtract(a, b);
            if (c.HasVariables || c.Equals(Zero)) return null;
            return Conditional(Compare(ComparisonOperator.Less, Call(Function.Abs, c), Multiply(Half, Call(Function.Abs, b))), Call(Function.Log1p, Divide(c, b)), log);
        }

        /// <summary>
        /// Differences that cancel where their terms grow alike, each pair k·f(A) − k·f(B) with A − B = c a number:
        /// ln|A| − ln|B| → log1p(c/B) where |c| &lt; |B|/2 (else ln|A/B|), and arctan A − arctan B → arctan(c/(1 + AB))
        /// where AB &gt; −1 (the partial fractions of 1/(x(x + 1)) at 1e300 are −1e-300, not 0).
        /// </summary>
        private static Expr? Differences(SumExpr sum)
        {
            for (int i = 0; i < sum.Terms.Count; i++)
            {
                var (k, first) = SplitCoefficient(sum.Terms[i]);
                if (k.IsNegative || !TryDifferenceOperand(first, out var function, out var a)) continue;
                for (int j = 0; j < sum.Terms.Count; j++)
                {
                    if (j == i) continue;
                    var (m, second) = SplitCoefficient(sum.Terms[j]);
                    if (!m.Equals(-k) || !TryDifferenceOperand(second, out var otherFunction, out var b) || otherFunction != function) continue;
                    if (Subtract(a, b) is not NumberExpr { Value.IsZero: false } c) continue;
                    Expr stable;
                    if (function == Function.Log)
                    {
                        var ratio = Divide(c, b);
                        stable = Conditional(Compare(ComparisonOperator.Less, Call(Function.Abs, c), Multiply(Half, Call(Function.Abs, b))),
                            Call(Function.Log1p, ratio), Log(Call(Function.Abs, Divide(a, b))));
                    }
                    else
                    {
                        var product = Multiply(a, b);
                        stable = Conditional(Compare(ComparisonOperator.Greater, product, MinusOne),
                            Call(Function.Atan, Divide(c, Add(One, product))), Subtract(Call(Function.Atan, a), Call(Function.Atan, b)));
                    }
                    var terms = new List<Expr> { Multiply(Num(k), stable) };
                    for (int t = 0; t < sum.Terms.Count; t++) if (t != i && t != j) terms.Add(sum.Terms[t]);
                    return Add(terms);
                }
            }
            return null;
        }

        /// <summary>ln|A| (or ln A) and arctan A, with A a sum: the operands a difference rule can pair.</summary>
        private static bool TryDifferenceOperand(Expr e, out Function function, out Expr operand)
        {
            function = default;
            operand = e;
            switch (e)
            {
                case CallExpr { Function: Function.Log } log:
                    operand = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
                    function = Function.Log;
                    return operand is SumExpr or VariableExpr;
                case CallExpr { Function: Function.Atan } atan:
                    operand = atan.Argument;
                    function = Function.Atan;
                    return operand is SumExpr or VariableExpr;
                default:
                    return false;
            }
        }

        /// <summary>
        /// k·π/2 + k·arctan(sinh u) as 2k·arctan(eᵘ) (the Gudermannian identity): the hyperbolic secant CDF
        /// ½ + arctan(sinh(πx/2))/π is 0 at x = −30 as a sum, 2e-21 this way.
        /// </summary>
        private static Expr? Gudermannian(SumExpr sum)
        {
            if (sum.Terms.Count != 2 || Algebra.Rewrite.HasVariables(sum.Terms[0])) return null;
            var factors = new List<Expr>(Algebra.Rewrite.Factors(sum.Terms[1]));
            int at = factors.FindIndex(f => f is CallExpr { Function: Function.Atan, Argument: CallExpr { Function: Function.Sinh } });
            if (at < 0) return null;
            var u = ((CallExpr)((CallExpr)factors[at]).Argument).Argument;
            factors.RemoveAt(at);
            var k = Multiply(factors);
            if (Algebra.Rewrite.HasVariables(k)) return null;
            double c = Evaluator.Evaluate(sum.Terms[0], new Dictionary<string, double>()), scale = Evaluator.Evaluate(k, new Dictionary<string, double>());
            if (!(System.Math.Abs(c - scale * System.Math.PI / 2) <= 1e-15 * System.Math.Abs(c))) return null;
            return Multiply(Num(2), k, Call(Function.Atan, Exp(u)));
        }

        /// <summary>
        /// k·π/2 + k·arctan u as k·arctan(−1/u) where u &lt; 0 (and −k·π/2 + k·arctan u as −k·arctan(1/u) where u > 0): the Cauchy
        /// CDF ½ + arctan(z)/π is 0 far left as a sum, 1/(π|z|) this way.
        /// </summary>
        private static Expr? ArctanComplement(SumExpr sum)
        {
            if (sum.Terms.Count != 2 || Algebra.Rewrite.HasVariables(sum.Terms[0])) return null;
            var factors = new List<Expr>(Algebra.Rewrite.Factors(sum.Terms[1]));
            int at = factors.FindIndex(f => f is CallExpr { Function: Function.Atan });
            if (at < 0) return null;
            var u = ((CallExpr)factors[at]).Argument;
            factors.RemoveAt(at);
            var k = Multiply(factors);
            if (Algebra.Rewrite.HasVariables(k)) return null;
            double c = Evaluator.Evaluate(sum.Terms[0], new Dictionary<string, double>()), scale = Evaluator.Evaluate(k, new Dictionary<string, double>());
            double half = scale * System.Math.PI / 2;
            if (System.Math.Abs(c - half) <= 1e-15 * System.Math.Abs(c))
                return Conditional(Compare(ComparisonOperator.Less, u, Zero), Multiply(k, Call(Function.Atan, Negate(Reciprocal(u)))), sum);
            if (System.Math.Abs(c + half) <= 1e-15 * System.Math.Abs(c))
                return Conditional(Compare(ComparisonOperator.Greater, u, Zero), Negate(Multiply(k, Call(Function.Atan, Reciprocal(u)))), sum);
            return null;
        }

        /// <summary>k·e^u − k as k·expm1(u): 1 − e^(−λx), an exponential CDF near 0, keeps its digits.</summary>
        private static Expr? ExpMinusOne(SumExpr sum)
        {
            if (sum.Terms[0] is not NumberExpr { Value: { IsZero: false } c }) return null;
            for (int i = 1; i < sum.Terms.Count; i++)
            {
                var (k, term) = sum.Terms[i] is ProductExpr { Factors.Count: 2 } product && product.Factors[0] is NumberExpr factor ? (factor.Value, product.Factors[1]) : (Number.One, sum.Terms[i]);
                if (term is CallExpr { Function: Function.Exp } exp && !exp.Equals(E) && (k + c).IsZero)
                {
                    var terms = new List<Expr> { Multiply(Num(k), Call(Function.Expm1, exp.Argument)) };
                    for (int j = 1; j < sum.Terms.Count; j++) if (j != i) terms.Add(sum.Terms[j]);
                    return Add(terms);
                }
            }
            return null;
        }

        /// <summary>
        /// c + W with W = U/√V tending to −c (√2·cosh x/√(3 + 2cosh²x) − 1 for large x): c + W = N/(V·(c − W)) with
        /// N = c²V − U² when that is simpler than V (here 3), so the difference never cancels; used where c·W &lt; 0.
        /// </summary>
        private static Expr? RootDifference(SumExpr sum)
        {
            if (sum.Terms.Count != 2 || sum.Terms[0] is not NumberExpr c || c.Value.IsZero || sum.Terms[1] is not ProductExpr w) return null;
            Expr? radicand = null;
            var numerator = new List<Expr>();
            foreach (var factor in w.Factors)
            {
                if (radicand is null && factor is PowerExpr { Base: SumExpr v, Exponent: NumberExpr { Value: { IsExact: true, Numerator: -1, Denominator: 2 } } }) radicand = v;
                else numerator.Add(factor);
            }
            if (radicand is null) return null;
            try
            {
                var budget = new Budget(default, 20_000);
                var n = Algebra.Rewrite.Expand(Subtract(Multiply(Square(c), radicand), Square(Multiply(numerator))), budget, 40);
                if (n.Equals(Zero) || n.Size >= radicand.Size) return null;
                var rationalized = Divide(n, Multiply(radicand, Subtract(c, w)));
                return Conditional(Compare(ComparisonOperator.Less, Multiply(c, w), Zero), rationalized, sum);
            }
            catch (ExpressionLimitException)
            {
                return null;
            }
        }

        private static Expr? OneMinusTanhSquared(SumExpr sum)
        {
            if (sum.Terms.Count == 2 && sum.Terms[0].Equals(One) && IsNegated(sum.Terms[1], out var square)
                && square is PowerExpr { Base: CallExpr { Function: Function.Tanh } tanh, Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } })
                return Power(Call(Function.Cosh, tanh.Argument), Num(-2));
            // c − c·tanh²u = c·cosh⁻²u (3·tanh²u − 3 in a logarithm's argument).
            if (sum.Terms.Count == 2 && sum.Terms[0] is NumberExpr c && !c.Value.IsZero && SplitCoefficient(sum.Terms[1]) is var (k, rest)
                && k.Equals(-c.Value) && rest is PowerExpr { Base: CallExpr { Function: Function.Tanh } t, Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } })
                return Multiply(c, Power(Call(Function.Cosh, t.Argument), Num(-2)));
            return null;
        }

        /// <summary>c ± c·tanh(z) = 2c·σ(±2z): no cancellation where tanh rounds to ∓1 (GELU's tail).</summary>
        private static Expr? OnePlusTanh(SumExpr sum)
        {
            if (sum.Terms[0] is not NumberExpr c || c.Value.IsZero) return null;
            for (int i = 1; i < sum.Terms.Count; i++)
            {
                var (coefficient, rest) = SplitCoefficient(sum.Terms[i]);
                if (rest is not CallExpr { Function: Function.Tanh } tanh) continue;
                Expr z;
                if (coefficient.Equals(c.Value)) z = tanh.Argument;
                else if (coefficient.Equals(-c.Value)) z = Negate(tanh.Argument);
                else continue;
                var logistic = Logistic(Reciprocal(Add(One, Exp(Multiply(Num(-2), z))))) ?? Reciprocal(Add(One, Exp(Multiply(Num(-2), z))));
                var terms = new List<Expr> { Multiply(Num(c.Value * Number.FromInteger(2)), logistic) };
                for (int j = 1; j < sum.Terms.Count; j++) if (j != i) terms.Add(sum.Terms[j]);
                return Add(terms);
            }
            return null;
        }

        private static Expr? Hypotenuse(PowerExpr p)
        {
            if (p.Base is not SumExpr { Terms.Count: 2 } sum || p.Exponent is not NumberExpr { Value: { IsExact: true, Denominator: 2 } half }) return null;
            var a = Root(sum.Terms[0]);
            var b = Root(sum.Terms[1]);
            if (a is null || b is null) return null;
            return Power(Call(Function.Hypot, a, b), Num(half.Numerator));

            static Expr? Root(Expr term) => term switch
            {
                NumberExpr { Value.IsNegative: false } c when !c.Value.IsZero => Sqrt(c),
                PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } } square => square.Base,
                _ => null,
            };
        }

        /// <summary>
        /// (a² − u²)^k = (a − u)^k·(a + u)^k and (u² − a²)^k = (|u| − a)^k·(|u| + a)^k for negative k, a and any factor of u
        /// exact (the derivatives of
        /// arcsin, arccos, artanh and arcosh): no cancellation next to the domain edge |u| = a, where a² − u² loses every
        /// digit, and no overflow of u² far out (arcosh' at 1e200 was 0; it is 1e-200).
        /// </summary>
        private static Expr? DifferenceOfSquares(PowerExpr p)
        {
            if (p.Base is not SumExpr { Terms.Count: 2 } sum || p.Exponent is not NumberExpr { Value: { IsExact: true, IsNegative: true } k }) return null;
            if (k.Denominator is not (1 or 2) || sum.Terms[0] is not NumberExpr { Value: { IsExact: true, IsZero: false } c }) return null;
            var (coefficient, square) = SplitCoefficient(sum.Terms[1]);
            if (coefficient.IsNegative == c.IsNegative || !coefficient.IsExact) return null;
            if (square is not PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } } squared) return null;
            // (a² − b²u²)^k with a and b exact: 1 − x², 4 − 9x², 1 − x²/4.
            var rootC = Number.Power(c.IsNegative ? -c : c, Number.Half);
            var rootK = Number.Power(coefficient.IsNegative ? -coefficient : coefficient, Number.Half);
            if (rootC is not { IsExact: true } a || rootK is not { IsExact: true } b) return null;
            var u = Multiply(Num(b), squared.Base);
            if (!c.IsNegative) return Multiply(Power(Subtract(Num(a), u), Num(k)), Power(Add(Num(a), u), Num(k)));
            // b²u² − a² > 0 means |bu| > a; with a half-integer power both factors must be positive, so |bu|.
            var magnitude = k.IsInteger ? u : Call(Function.Abs, u);
            return Multiply(Power(Subtract(magnitude, Num(a)), Num(k)), Power(Add(magnitude, Num(a)), Num(k)));
        }

        private static Expr GuardUnderflow(Expr e)
        {
            if (e is not ProductExpr p) return e;
            Expr? decaying = null;
            var rest = new List<Expr>();
            foreach (var f in p.Factors)
            {
                if (decaying is null && (f is CallExpr { Function: Function.Exp } exp && !exp.Equals(E)
                                        || f is PowerExpr { Base: CallExpr { Function: Function.Cosh }, Exponent: NumberExpr { Value.IsNegative: true } }))
                    decaying = f;
                else
                    rest.Add(f);
            }
            if (decaying is null) return e;
            // Only where the other factors grow at least like the square of one variable can they overflow while it underflows.
            var variables = new HashSet<string>();
            foreach (var f in rest) CollectVariables(f, variables);
            foreach (var v in variables)
            {
                int degree = 0;
                foreach (var f in rest) degree += Degree(f, v);
                if (degree >= 2) return Conditional(Compare(ComparisonOperator.Equal, decaying, Zero), Zero, e);
            }
            return e;
        }

        private static void CollectVariables(Expr e, HashSet<string> into)
        {
            if (e is VariableExpr v) into.Add(v.Name);
            foreach (var c in e.Children) CollectVariables(c, into);
        }

        /// <summary>Polynomial degree in <paramref name="v"/>, as a measure of how soon a factor overflows.</summary>
        private static int Degree(Expr e, string v)
        {
            switch (e)
            {
                case VariableExpr variable:
                    return variable.Name == v ? 1 : 0;
                case PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } n } } p:
                    return (int)System.Math.Min(64, n.Numerator) * Degree(p.Base, v);
                case ProductExpr product:
                {
                    int total = 0;
                    foreach (var f in product.Factors) total += Degree(f, v);
                    return total;
                }
                case SumExpr sum:
                {
                    int max = 0;
                    foreach (var t in sum.Terms) max = System.Math.Max(max, Degree(t, v));
                    return max;
                }
                default:
                    return 0;
            }
        }
    }
}
