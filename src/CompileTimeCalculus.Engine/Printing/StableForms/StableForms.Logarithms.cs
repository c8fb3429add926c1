using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Printing
{
    // Logarithms that overflow or cancel as written: of hyperbolic functions, of sums with exponentials, of ratios.
    public static partial class StableForms
    {
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

        /// <summary>
        /// ln|√A − c| = ln|A − c²| − ln(√A + c), c &gt; 0, when A − c² is c²·(tanh u − 1) or kin (<see cref="LogOfHyperbolicSum"/>):
        /// where √(tanh u) rounds to 1 the difference has no digits left, while ln|tanh u − 1| = −u − ln cosh u keeps them
        /// (∫ √(tanh u) du at u = 20).
        /// </summary>
        private static Expr? LogOfRootMinusConstant(CallExpr log)
        {
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            if (argument is not SumExpr { Terms.Count: 2 } sum || sum.Terms[0] is not NumberExpr c || c.Value.IsZero || !c.Value.IsExact) return null;
            var (k, root) = SplitCoefficient(sum.Terms[1]);
            if (!(k.IsOne || k.IsMinusOne) || k.IsNegative == c.Value.IsNegative) return null;
            if (root is not PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, Numerator: 1, Denominator: 2 } } } sqrt) return null;
            var magnitude = c.Value.IsNegative ? -c.Value : c.Value;
            if (Log(Call(Function.Abs, Subtract(sqrt.Base, Num(magnitude * magnitude)))) is not CallExpr difference || LogOfHyperbolicSum(difference) is not { } stable) return null;
            return Subtract(stable, Log(Add(root, Num(magnitude))));
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
        /// ln(1 + v): log1p(v), which keeps the digits of small v; ln(1 + e^u) is softplus; ln(1 + u^(2k)) has its own form.
        /// </summary>
        private static Expr? LogOfOnePlus(CallExpr log)
        {
            if (log.Argument is not SumExpr sum || !sum.Terms[0].Equals(One)) return null;
            if (sum.Terms.Count == 2 && sum.Terms[1] is CallExpr { Function: Function.Exp } exp) return Softplus(exp.Argument);
            return LogOnePlusEvenPower(sum) ?? Call(Function.Log1p, Add(Rest(sum)));
        }

        /// <summary>ln|1 + v|: log1p(v) where 1 + v &gt; 0, which keeps the digits of small v.</summary>
        private static Expr? LogAbsOfOnePlus(CallExpr log)
        {
            if (log.Argument is not CallExpr { Function: Function.Abs, Argument: SumExpr sum } || !sum.Terms[0].Equals(One)) return null;
            var v = Add(Rest(sum));
            return Conditional(Compare(ComparisonOperator.Greater, v, MinusOne), Call(Function.Log1p, v), Log(Subtract(MinusOne, v)));
        }

        /// <summary>log-sum-exp of two: ln(e^A + e^B) = max(A, B) + ln(1 + e^(−|A − B|)), which overflows nowhere.</summary>
        private static Expr? LogSumExpOfTwo(CallExpr log)
        {
            if (log.Argument is not SumExpr { Terms.Count: 2 } pair || pair.Terms[0] is not CallExpr { Function: Function.Exp } first
                || pair.Terms[1] is not CallExpr { Function: Function.Exp } second) return null;
            var (a, b) = (first.Argument, second.Argument);
            return Add(Call(Function.Max, a, b), Call(Function.Log1p, Exp(Negate(Call(Function.Abs, Subtract(a, b))))));
        }

        private static Expr? LogOfCosh(CallExpr log) => log.Argument is CallExpr { Function: Function.Cosh } cosh ? LogCosh(cosh.Argument) : null;

        /// <summary>
        /// ln(c + k·coshⁿu) and ln|c + k·coshⁿu| (k &gt; 0, c/k ≥ −1, n ≥ 1) as ln k + n·ln cosh u + log1p((c/k)·cosh⁻ⁿu):
        /// finite where coshⁿu overflows (ln(3/2 + cosh²(5 + 7x)) at x = −61), and ln|cosh u − 1| without ∞ − ∞ beside
        /// ln(1 + cosh u).
        /// </summary>
        private static Expr? LogOfShiftedCoshPower(CallExpr log)
        {
            var argument = log.Argument is CallExpr { Function: Function.Abs } abs ? abs.Argument : log.Argument;
            if (argument is not SumExpr { Terms.Count: 2 } sum || sum.Terms[0] is not NumberExpr c) return null;
            var (k, rest) = SplitCoefficient(sum.Terms[1]);
            if (k.IsNegative || k.IsZero) return null;
            var (cosh, n) = rest switch
            {
                CallExpr { Function: Function.Cosh } h => (h, 1L),
                PowerExpr { Base: CallExpr { Function: Function.Cosh } h, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } e } } => (h, e.Numerator),
                _ => (null, 0L),
            };
            if (cosh is null || n < 1) return null;
            var ratio = c.Value / k;
            if ((ratio + Number.FromInteger(1)).IsNegative) return null; // c/k < −1: the argument is 0 somewhere inside
            return Add(Log(Num(k)), Multiply(Num(n), LogCosh(cosh.Argument)), Call(Function.Log1p, Multiply(Num(ratio), Power(cosh, Num(-n)))));
        }

        private static Expr? LogAbsOfSinh(CallExpr log) =>
            log.Argument is CallExpr { Function: Function.Abs, Argument: CallExpr { Function: Function.Sinh } sinh } ? LogAbsSinh(sinh.Argument) : null;

        /// <summary>Li₂(−e^s) = −π²/6 − s²/2 − Li₂(−e^(−s)) for s &gt; 0 (the inversion formula): finite where e^s overflows.</summary>
        private static Expr? DilogarithmOfNegatedExponential(CallExpr li)
        {
            if (li.Function != Function.Dilogarithm || !IsNegated(li.Argument, out var positive) || positive is not CallExpr { Function: Function.Exp } power || power.Equals(E))
                return null;
            var v = power.Argument;
            return Conditional(Compare(ComparisonOperator.Greater, v, Zero),
                Subtract(Negate(Add(Divide(Square(Pi), Num(6)), Multiply(Half, Square(v)))), Call(Function.Dilogarithm, Negate(Exp(Negate(v))))),
                li);
        }
    }
}
