using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Evaluation
{
    /// <summary>
    /// Interval arithmetic over the whole real line (every variable ranges over (−∞, ∞), or (0, ∞) where the budget's sign
    /// case assumes it positive): finds function applications
    /// whose argument provably lies outside the function's real domain for every input, such as ln(−1 − x²).
    /// </summary>
    public sealed class IntervalAnalysis
    {
        private readonly struct Interval
        {
            public Interval(double lo, double hi)
            {
                Lo = lo;
                Hi = hi;
            }

            public double Lo { get; }
            public double Hi { get; }
            public static readonly Interval All = new(double.NegativeInfinity, double.PositiveInfinity);
        }

        private readonly Dictionary<Expr, Interval> _memo = new();
        private readonly List<(Expr Node, string Problem)> _problems = new();
        private readonly Budget _budget;

        private IntervalAnalysis(Budget budget) => _budget = budget;

        /// <summary>Applications that are undefined for every real input, with what goes wrong.</summary>
        public static IReadOnlyList<(Expr Node, string Problem)> FindDomainProblems(Expr e, Budget budget)
        {
            var analysis = new IntervalAnalysis(budget);
            analysis.Range(e);
            return analysis._problems;
        }

        /// <summary>True when <paramref name="e"/> is positive for every value of every variable.</summary>
        public static bool IsPositive(Expr e, Budget budget) => new IntervalAnalysis(budget).Range(e).Lo > 0;

        /// <summary>True when <paramref name="e"/> is negative for every value of every variable.</summary>
        public static bool IsNegative(Expr e, Budget budget) => new IntervalAnalysis(budget).Range(e).Hi < 0;

        private Interval Range(Expr e)
        {
            if (_memo.TryGetValue(e, out var known)) return known;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            var result = e switch
            {
                NumberExpr n => new Interval(n.Value.Value, n.Value.Value),
                ConstantExpr c => new Interval(c.Value, c.Value),
                SumExpr s => Sum(s),
                ProductExpr p => Product(p),
                PowerExpr p => Power(p),
                CallExpr c => Call(c),
                ConditionalExpr c => Union(Range(c.WhenTrue), Range(c.WhenFalse)),
                VariableExpr v when Contains(_budget.PositiveVariables, v.Name) => new Interval(double.Epsilon, double.PositiveInfinity),
                _ => Interval.All,
            };
            _memo[e] = result;
            return result;
        }

        private static bool Contains(IReadOnlyCollection<string> names, string name)
        {
            foreach (var n in names) if (n == name) return true;
            return false;
        }

        private static Interval Union(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

        private Interval Sum(SumExpr s)
        {
            double lo = 0, hi = 0;
            foreach (var t in s.Terms)
            {
                var r = Range(t);
                lo += r.Lo;
                hi += r.Hi;
            }
            return double.IsNaN(lo) || double.IsNaN(hi) ? Interval.All : new Interval(lo, hi);
        }

        private Interval Product(ProductExpr p)
        {
            var acc = new Interval(1, 1);
            foreach (var f in p.Factors) acc = Multiply(acc, Range(f));
            return acc;
        }

        private static Interval Multiply(Interval a, Interval b)
        {
            double[] c = { Times(a.Lo, b.Lo), Times(a.Lo, b.Hi), Times(a.Hi, b.Lo), Times(a.Hi, b.Hi) };
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (double v in c)
            {
                if (double.IsNaN(v)) return Interval.All; // 0 · ∞
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            return new Interval(lo, hi);
        }

        /// <summary>A product that keeps its sign where it underflows: a positive parameter's range starts at ε, and ε² is still positive.</summary>
        private static double Times(double a, double b)
        {
            double product = a * b;
            return product == 0 && a != 0 && b != 0 && !double.IsNaN(product) ? Math.Sign(a) * Math.Sign(b) * double.Epsilon : product;
        }

        private static double PowerKeepingSign(double b, double n)
        {
            double power = Math.Pow(b, n);
            return power == 0 && b != 0 ? (b < 0 && n % 2 != 0 ? -double.Epsilon : double.Epsilon) : power;
        }

        private Interval Power(PowerExpr p)
        {
            var b = Range(p.Base);
            if (p.Exponent is not NumberExpr { Value: var n }) return Interval.All;
            if (n.IsExact && n.Denominator == 2 && b.Hi < 0)
                _problems.Add((p, "the square root of a number that is negative for every input"));
            if (n.IsInteger && n.Numerator % 2 == 0 && n.Numerator > 0)
            {
                double lo = b.Lo <= 0 && b.Hi >= 0 ? 0 : Math.Min(Math.Abs(b.Lo), Math.Abs(b.Hi));
                return new Interval(PowerKeepingSign(lo, n.Value), Math.Pow(Math.Max(Math.Abs(b.Lo), Math.Abs(b.Hi)), n.Value));
            }
            if (n.IsInteger && n.Numerator > 0) return new Interval(PowerKeepingSign(b.Lo, n.Value), PowerKeepingSign(b.Hi, n.Value));
            // Any power of a positive base is positive, decreasing in the base for a negative exponent.
            if (b.Lo > 0)
                return n.Value > 0 ? new Interval(PowerKeepingSign(b.Lo, n.Value), Math.Pow(b.Hi, n.Value)) : new Interval(PowerKeepingSign(b.Hi, n.Value), Math.Pow(b.Lo, n.Value));
            if (!n.IsInteger && b.Lo >= 0) return new Interval(0, double.PositiveInfinity);
            return Interval.All;
        }

        private Interval Call(CallExpr c)
        {
            var u = Range(c.Argument);
            var facts = FunctionFacts.Of(c.Function);
            if (facts.Domain is { } domain && domain.ExcludesAll(u.Lo, u.Hi))
                _problems.Add((c, $"{facts.Readable} of a number outside {domain} for every input"));
            switch (c.Function)
            {
                case Function.Exp:
                    return new Interval(Math.Exp(u.Lo), Math.Exp(u.Hi));
                case Function.Log:
                    // Monotone; widened by a rounding margin so ln of a number a hair above 1 is not claimed positive.
                    return u.Hi <= 0 ? Interval.All : new Interval(u.Lo > 0 ? Math.Log(u.Lo) - 1e-12 : double.NegativeInfinity, Math.Log(u.Hi) + 1e-12);
                case Function.Asin:
                case Function.Acos:
                    return c.Function == Function.Asin ? new Interval(-Math.PI / 2, Math.PI / 2) : new Interval(0, Math.PI);
                case Function.Acosh:
                    return new Interval(0, double.PositiveInfinity);
                case Function.Sin:
                case Function.Cos:
                    return new Interval(-1, 1);
                case Function.Tanh:
                    return new Interval(-1, 1);
                case Function.Atan:
                    return new Interval(-Math.PI / 2, Math.PI / 2);
                case Function.Cosh:
                    return new Interval(1, double.PositiveInfinity);
                case Function.Abs:
                    return new Interval(u.Lo <= 0 && u.Hi >= 0 ? 0 : Math.Min(Math.Abs(u.Lo), Math.Abs(u.Hi)), Math.Max(Math.Abs(u.Lo), Math.Abs(u.Hi)));
                case Function.Sign:
                    return new Interval(-1, 1);
                default:
                    foreach (var a in c.Arguments) Range(a);
                    return Interval.All;
            }
        }
    }
}
