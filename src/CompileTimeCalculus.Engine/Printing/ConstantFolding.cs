using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>
    /// Replaces constant subexpressions (no variables) with their value, so √2·π^(−1/2) is one literal in the emitted code
    /// and not work at run time. Only what is correctly rounded on every machine is folded: numbers, π, + − × ÷, integer
    /// powers and square roots; exp, log and the trigonometric functions of constants stay calls, so the output is the same
    /// bytes on every build machine.
    /// </summary>
    internal static class ConstantFolding
    {
        public static IReadOnlyList<Expr> Fold(IReadOnlyList<Expr> roots, Budget budget)
        {
            var memo = new Dictionary<Expr, Expr>();
            var result = new Expr[roots.Count];
            // Rebuilding through the factories would undo the folding's purpose only for exact numbers, which stay exact.
            for (int i = 0; i < roots.Count; i++) result[i] = Algebra.Rewrite.BottomUp(roots[i], null, budget, pre: Folded, memo: memo);
            return result;
        }

        private static Expr? Folded(Expr e) =>
            e.Children.Count > 0 && Foldable(e) && Value(e) is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? Expr.Num(Number.Inexact(v)) : null;

        /// <summary>A constant made only of correctly rounded operations, and not already a plain or exactly rational number.</summary>
        private static bool Foldable(Expr e)
        {
            if (e is NumberExpr || e is ConstantExpr) return false;
            if (e is ProductExpr or SumExpr or PowerExpr) return Constant(e) && HasIrrational(e);
            return false;
        }

        private static bool Constant(Expr e) => e switch
        {
            NumberExpr => true,
            ConstantExpr => true,
            SumExpr or ProductExpr => AllConstant(e),
            PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } n } } p =>
                (n.IsInteger || n.Denominator == 2 && Math.Abs(n.Numerator) == 1) && Constant(p.Base),
            _ => false,
        };

        private static bool AllConstant(Expr e)
        {
            foreach (var c in e.Children) if (!Constant(c)) return false;
            return true;
        }

        /// <summary>Exact rationals are left to the emitter (it prints 1/3 as 1.0 / 3.0); only π and roots need folding.</summary>
        private static bool HasIrrational(Expr e)
        {
            if (e is ConstantExpr) return true;
            if (e is PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } }) return true;
            if (e is NumberExpr { Value.IsExact: false }) return true;
            foreach (var c in e.Children) if (HasIrrational(c)) return true;
            return false;
        }

        /// <summary>The value in double-double arithmetic, rounded once: the correctly rounded literal in practice.</summary>
        private static double Value(Expr e)
        {
            var v = Exact(e);
            return v.Hi + v.Lo;
        }

        private static DoubleDouble Exact(Expr e)
        {
            switch (e)
            {
                case NumberExpr { Value: { IsExact: true } n } when Math.Abs(n.Numerator) < (1L << 53) && n.Denominator < (1L << 53):
                    return DoubleDouble.Divide(new DoubleDouble(n.Numerator), new DoubleDouble(n.Denominator));
                case NumberExpr n:
                    return new DoubleDouble(n.Value.Value);
                case ConstantExpr:
                    return DoubleDouble.Pi;
                case SumExpr s:
                {
                    var total = new DoubleDouble(0);
                    foreach (var t in s.Terms) total = DoubleDouble.Add(total, Exact(t));
                    return total;
                }
                case ProductExpr p:
                {
                    var total = new DoubleDouble(1);
                    foreach (var f in p.Factors) total = DoubleDouble.Multiply(total, Exact(f));
                    return total;
                }
                case PowerExpr { Exponent: NumberExpr { Value: var n } } power:
                {
                    var b = Exact(power.Base);
                    if (!n.IsInteger)
                    {
                        var root = DoubleDouble.Sqrt(b);
                        return n.IsNegative ? DoubleDouble.Divide(new DoubleDouble(1), root) : root;
                    }
                    var result = new DoubleDouble(1);
                    for (long i = 0; i < Math.Abs(n.Numerator); i++) result = DoubleDouble.Multiply(result, b);
                    return n.IsNegative ? DoubleDouble.Divide(new DoubleDouble(1), result) : result;
                }
                default:
                    return new DoubleDouble(double.NaN);
            }
        }

        /// <summary>An unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2: about 32 significant digits (Dekker, Knuth).</summary>
        private readonly struct DoubleDouble
        {
            public DoubleDouble(double hi, double lo = 0)
            {
                Hi = hi;
                Lo = lo;
            }

            public double Hi { get; }
            public double Lo { get; }

            public static readonly DoubleDouble Pi = new(3.141592653589793, 1.2246467991473532e-16);

            private static DoubleDouble TwoSum(double a, double b)
            {
                double s = a + b, v = s - a;
                return new DoubleDouble(s, (a - (s - v)) + (b - v));
            }

            private static DoubleDouble TwoProduct(double a, double b)
            {
                double p = a * b;
                const double splitter = 134217729.0;
                double t = splitter * a, ah = t - (t - a), al = a - ah;
                t = splitter * b;
                double bh = t - (t - b), bl = b - bh;
                return new DoubleDouble(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
            }

            private static DoubleDouble Normalize(double hi, double lo)
            {
                double s = hi + lo;
                return new DoubleDouble(s, lo - (s - hi));
            }

            public static DoubleDouble Add(DoubleDouble a, DoubleDouble b)
            {
                var s = TwoSum(a.Hi, b.Hi);
                return Normalize(s.Hi, s.Lo + a.Lo + b.Lo);
            }

            public static DoubleDouble Multiply(DoubleDouble a, DoubleDouble b)
            {
                var p = TwoProduct(a.Hi, b.Hi);
                return Normalize(p.Hi, p.Lo + a.Hi * b.Lo + a.Lo * b.Hi);
            }

            public static DoubleDouble Divide(DoubleDouble a, DoubleDouble b)
            {
                double q1 = a.Hi / b.Hi;
                var r = Add(a, Negate(Multiply(b, new DoubleDouble(q1))));
                double q2 = r.Hi / b.Hi;
                return Normalize(q1, q2);
            }

            public static DoubleDouble Sqrt(DoubleDouble a)
            {
                if (a.Hi <= 0) return new DoubleDouble(a.Hi == 0 ? 0 : double.NaN);
                double x = Math.Sqrt(a.Hi);
                // One Newton step in double-double: x + (a − x²)/(2x).
                var residual = Add(a, Negate(TwoProduct(x, x)));
                return Normalize(x, residual.Hi / (2 * x));
            }

            private static DoubleDouble Negate(DoubleDouble a) => new(-a.Hi, -a.Lo);
        }
    }
}
