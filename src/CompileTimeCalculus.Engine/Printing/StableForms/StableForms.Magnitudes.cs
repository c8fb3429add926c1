using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Printing
{
    // Forms that overflow or underflow in an intermediate: squares under a root, products of vanishing and growing factors, rational functions of large arguments.
    public static partial class StableForms
    {
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
                if (!factor.HasVariables) constants.Add(factor);
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

        /// <summary>
        /// e^(−v²)/erfc(v), a normal density over its tail (the derivative of a log-CDF, a probit gradient): past v ≈ 26 both
        /// underflow in double (past 9 in float) and the quotient is 0/0, though it is about √π·v. Past v = 9, the asymptotic
        /// series of erfc (Abramowitz and Stegun 7.1.23): e^(−v²)/erfc(v) = √π·v / Σₙ (−1)ⁿ (2n − 1)!!/(2v²)ⁿ to n = 14,
        /// within 4e-18 of the quotient there.
        /// </summary>
        private static Expr? MillsRatio(Expr e)
        {
            if (e is not ProductExpr product) return null;
            var factors = product.Factors;
            for (int i = 0; i < factors.Count; i++)
            {
                if (factors[i] is not PowerExpr { Base: CallExpr { Function: Function.Erfc } erfc, Exponent: NumberExpr { Value: var power } } || !power.Equals(Number.MinusOne))
                    continue;
                var v = erfc.Argument;
                for (int j = 0; j < factors.Count; j++)
                {
                    if (factors[j] is not CallExpr { Function: Function.Exp } exp || !Add(exp.Argument, Square(v)).Equals(Zero)) continue;
                    var series = new List<Expr>();
                    long doubleFactorial = 1;
                    for (int n = 0; n <= 14; n++)
                    {
                        if (n > 0) doubleFactorial *= 2 * n - 1;
                        series.Add(Multiply(Rational((n % 2 == 0 ? 1 : -1) * doubleFactorial, 1L << n), Power(v, Num(-2 * n))));
                    }
                    var rest = factors.Where((_, k) => k != i && k != j).ToList();
                    rest.Add(Multiply(Sqrt(Pi), v, Reciprocal(Add(series))));
                    return Conditional(Compare(ComparisonOperator.Greater, v, Num(9)), Multiply(rest), e);
                }
            }
            return null;
        }
    }
}
