using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Printing
{
    // Differences that cancel (of logarithms, arctangents, roots, 1 − erf, e^u − 1) and hyperbolic identities.
    public static partial class StableForms
    {
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
                        if (p.Factors[j] is PowerExpr { Base: CallExpr { Function: var g } bottom, Exponent: NumberExpr { Value.IsMinusOne: true } }
                            && g == under && bottom.Argument.Equals(top.Argument))
                            bottomAt = j;
                    }
                    if (bottomAt < 0) continue;
                    var rest = new List<Expr> { Power(Call(Function.Tanh, top.Argument), exponent) };
                    for (int j = 0; j < p.Factors.Count; j++) if (j != i && j != bottomAt) rest.Add(p.Factors[j]);
                    return Multiply(rest);
                }
            }
            return SinhOverCoshPower(p);
        }

        /// <summary>
        /// sinh u·cosh⁻ⁿu = tanh u·cosh^(1−n)u and sinh u·(c + c·sinh²u)⁻ⁿ = c⁻ⁿ·tanh u·cosh^(1−2n)u (n ≥ 1): finite where
        /// sinh and cosh overflow (the sinh u/(1 + sinh²u)³ of ∫ x/cosh⁷(2 + 3x²) at x = −61).
        /// </summary>
        private static Expr? SinhOverCoshPower(ProductExpr p)
        {
            for (int i = 0; i < p.Factors.Count; i++)
            {
                if (p.Factors[i] is not CallExpr { Function: Function.Sinh } sinh) continue;
                for (int j = 0; j < p.Factors.Count; j++)
                {
                    if (p.Factors[j] is not PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: true } e } } power) continue;
                    long n = -e.Numerator;
                    Expr? replacement = null;
                    if (power.Base is CallExpr { Function: Function.Cosh } cosh && cosh.Argument.Equals(sinh.Argument) && n >= 2)
                        replacement = Power(Call(Function.Cosh, sinh.Argument), Num(1 - n));
                    else if (power.Base is SumExpr { Terms.Count: 2 } sum && sum.Terms[0] is NumberExpr c && !c.Value.IsZero && SplitCoefficient(sum.Terms[1]) is var (k, squared)
                        && k.Equals(c.Value) && squared is PowerExpr { Base: CallExpr { Function: Function.Sinh } inner, Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } }
                        && inner.Argument.Equals(sinh.Argument))
                        replacement = Multiply(Power(c, Num(-n)), Power(Call(Function.Cosh, sinh.Argument), Num(1 - 2 * n)));
                    if (replacement is null) continue;
                    var rest = new List<Expr> { Call(Function.Tanh, sinh.Argument), replacement };
                    for (int l = 0; l < p.Factors.Count; l++) if (l != i && l != j) rest.Add(p.Factors[l]);
                    return Multiply(rest);
                }
            }
            return null;
        }

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
            if (sum.Terms.Count != 2 || sum.Terms[0].HasVariables) return null;
            var factors = new List<Expr>(Algebra.Rewrite.Factors(sum.Terms[1]));
            int at = factors.FindIndex(f => f is CallExpr { Function: Function.Atan, Argument: CallExpr { Function: Function.Sinh } });
            if (at < 0) return null;
            var u = ((CallExpr)((CallExpr)factors[at]).Argument).Argument;
            factors.RemoveAt(at);
            var k = Multiply(factors);
            if (k.HasVariables) return null;
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
            if (sum.Terms.Count != 2 || sum.Terms[0].HasVariables) return null;
            var factors = new List<Expr>(Algebra.Rewrite.Factors(sum.Terms[1]));
            int at = factors.FindIndex(f => f is CallExpr { Function: Function.Atan });
            if (at < 0) return null;
            var u = ((CallExpr)factors[at]).Argument;
            factors.RemoveAt(at);
            var k = Multiply(factors);
            if (k.HasVariables) return null;
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
            catch (Exception e) when (EngineLimits.IsLimit(e, out _))
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

        /// <summary>
        /// c + c·sinh²u = c·cosh²u: then sinh u/(1 + sinh²u)ⁿ is a ratio of powers of sinh and cosh, which
        /// <see cref="HyperbolicRatio"/> keeps finite where both overflow.
        /// </summary>
        private static Expr? OnePlusSinhSquared(SumExpr sum)
        {
            if (sum.Terms.Count != 2 || sum.Terms[0] is not NumberExpr c || c.Value.IsZero) return null;
            var (k, rest) = SplitCoefficient(sum.Terms[1]);
            if (!k.Equals(c.Value)) return null;
            return rest is PowerExpr { Base: CallExpr { Function: Function.Sinh } sinh, Exponent: NumberExpr { Value: { IsInteger: true, Numerator: 2 } } }
                ? Multiply(c, Square(Call(Function.Cosh, sinh.Argument)))
                : null;
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
    }
}
