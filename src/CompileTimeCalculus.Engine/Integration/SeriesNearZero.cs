using System;
using System.Linq;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>
    /// An antiderivative near a zero of f at x = 0 (x⁴·R(x), x¹⁹·(2 + 3x⁴)^(1/4), x²⁰·eˣ) as its Taylor polynomial
    /// Σ cₙ·x^(n+1)/(n + 1), and the closed form less its value at 0 beyond: there the closed form is a sum of terms far larger than f, whose
    /// digits are gone by the time they cancel to f's size, and the verifier refuses it for that. Within the radius the
    /// series is cut off below 10⁻¹⁷ of its terms' size and its terms cancel by no more than a factor 10⁴ (x²⁰·eˣ at
    /// x = −2.2: e^(2·2.2) ≈ 80); the whole form is verified like any other.
    /// </summary>
    internal static class SeriesNearZero
    {
        private const int Order = 48;

        public static Expr? Of(Expr f, Expr antiderivative, string x, Budget budget)
        {
            if (f.Variables.Any(v => v != x)) return null;
            double f0 = Evaluate(f, x, 0), value0 = Evaluate(antiderivative, x, 0);
            if (f0 != 0 || double.IsNaN(value0) || double.IsInfinity(value0)) return null;
            if (TaylorSeries.Of(f, x, 0, Order, budget) is not { } c || c.All(v => v == 0)) return null;
            double radius = 0;
            for (double r = 16; r > 1e-4; r *= 0.85)
            {
                budget.Charge(Order);
                double size = 0, tail = 0, plus = 0, minus = 0;
                for (int n = 0; n <= Order; n++)
                {
                    double term = c[n] * Math.Pow(r, n);
                    size += Math.Abs(term);
                    if (n > Order - 4) tail += Math.Abs(term);
                    plus += term;
                    minus += n % 2 == 0 ? term : -term;
                }
                if (tail <= 1e-17 * size && size <= 1e4 * Math.Min(Math.Abs(plus), Math.Abs(minus)))
                {
                    radius = r;
                    break;
                }
            }
            if (radius == 0) return null;
            // x·(c₀ + x·(c₁/2 + x·(c₂/3 + …))).
            int last = Order;
            while (last > 0 && c[last] == 0) last--;
            Expr horner = Num(c[last] / (last + 1));
            for (int n = last - 1; n >= 0; n--) horner = Add(Num(c[n] / (n + 1)), Multiply(Var(x), horner));
            // Normalized to F(0) = 0: a large F(0) (20! for x²⁰·eˣ) would cost F(b) − F(a) its digits inside the radius too.
            var series = Multiply(Var(x), horner);
            return Conditional(Compare(ComparisonOperator.Less, Call(Function.Abs, Var(x)), Num(radius)), series, Subtract(antiderivative, Num(value0)));
        }

        private static double Evaluate(Expr e, string x, double at)
        {
            try
            {
                return Evaluator.Evaluate(e, x, at);
            }
            catch (Exception ex) when (ex is ArithmeticException or System.Collections.Generic.KeyNotFoundException)
            {
                return double.NaN;
            }
        }
    }
}
