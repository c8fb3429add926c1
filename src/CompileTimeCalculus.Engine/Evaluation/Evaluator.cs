using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Evaluation
{
    /// <summary>Evaluates an expression in double precision with the semantics of the emitted C# (System.Math).</summary>
    public sealed class Evaluator
    {
        private readonly IReadOnlyDictionary<string, double> _variables;
        private readonly Dictionary<Expr, double> _memo = new();

        private Evaluator(IReadOnlyDictionary<string, double> variables) => _variables = variables;

        public static double Evaluate(Expr e, IReadOnlyDictionary<string, double> variables) => new Evaluator(variables).Eval(e);

        public static double Evaluate(Expr e, string variable, double value) =>
            Evaluate(e, new Dictionary<string, double> { [variable] = value });

        private double Eval(Expr e)
        {
            switch (e)
            {
                case NumberExpr n: return n.Value.Value;
                case ConstantExpr c: return c.Value;
                case VariableExpr v:
                    return _variables.TryGetValue(v.Name, out double value) ? value : throw new KeyNotFoundException($"No value for '{v.Name}'.");
            }
            if (_memo.TryGetValue(e, out double known)) return known;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            double result = e switch
            {
                SumExpr s => Sum(s),
                ProductExpr p => Product(p),
                PowerExpr p => Power(Eval(p.Base), p.Exponent),
                CallExpr c => Call(c),
                UserCallExpr u => UserCall(u),
                ConditionalExpr c => Eval(c.Test) != 0 ? Eval(c.WhenTrue) : Eval(c.WhenFalse),
                ComparisonExpr c => Compare(c) ? 1 : 0,
                LogicalExpr l => Logical(l) ? 1 : 0,
                _ => double.NaN,
            };
            _memo[e] = result;
            return result;
        }

        private double Sum(SumExpr s)
        {
            double total = 0;
            foreach (var t in s.Terms) total += Eval(t);
            return total;
        }

        private double Product(ProductExpr p)
        {
            double total = 1;
            foreach (var f in p.Factors) total *= Eval(f);
            return total;
        }

        private double Power(double b, Expr exponent) =>
            exponent is NumberExpr { Value: { IsExact: true } n } ? PowerOf(b, n, n.Value) : PowerOf(b, null, Eval(exponent));

        /// <summary>b^e as the emitted code computes it (Math.Sqrt for ±1/2 exponents).</summary>
        internal static double PowerOf(double b, Number? exactExponent, double e)
        {
            if (exactExponent is { } n)
            {
                if (n.Numerator == 1 && n.Denominator == 2) return Math.Sqrt(b);
                if (n.Numerator == -1 && n.Denominator == 2) return 1 / Math.Sqrt(b);
            }
            return Math.Pow(b, e);
        }

        private double UserCall(UserCallExpr u)
        {
            var arguments = new double[u.Arguments.Count];
            for (int i = 0; i < arguments.Length; i++) arguments[i] = Eval(u.Arguments[i]);
            return u.Function.Surrogate(u.Index, arguments);
        }

        private double Call(CallExpr c) => Apply(c.Function, Eval(c.Argument), c.Arguments.Count > 1 ? Eval(c.Arguments[1]) : double.NaN);

        /// <summary>A function of the IR applied to numbers, with the semantics of the emitted code.</summary>
        internal static double Apply(Function function, double u, double v) => FunctionFacts.Of(function).Value(u, v);

        private bool Compare(ComparisonExpr c) => Compare(c.Operator, Eval(c.Left), Eval(c.Right));

        /// <summary>l op r as C# compares doubles (every comparison with NaN false, except !=).</summary>
        internal static bool Compare(ComparisonOperator op, double l, double r)
        {
            return op switch
            {
                ComparisonOperator.Less => l < r,
                ComparisonOperator.LessOrEqual => l <= r,
                ComparisonOperator.Greater => l > r,
                ComparisonOperator.GreaterOrEqual => l >= r,
                ComparisonOperator.Equal => l == r,
                _ => l != r,
            };
        }

        private bool Logical(LogicalExpr l) => l.Operator switch
        {
            LogicalOperator.And => Eval(l.Operands[0]) != 0 && Eval(l.Operands[1]) != 0,
            LogicalOperator.Or => Eval(l.Operands[0]) != 0 || Eval(l.Operands[1]) != 0,
            _ => Eval(l.Operands[0]) == 0,
        };

        internal static double Log1p(double u)
        {
            double w = 1 + u;
            return w == 1 ? u : double.IsInfinity(w) ? Math.Log(w) : Math.Log(w) * (u / (w - 1));
        }

        /// <summary>As the runtime computes it (netstandard2.0 has no Math.Asinh): finite far out, where u² overflows, and
        /// accurate near 0, so the reference the verifiers compare with is what C# returns.</summary>
        internal static double Asinh(double u)
        {
            double a = Math.Abs(u);
            double r = a > 1e150 ? Math.Log(a) + 0.69314718055994531 : Log1p(a + a * a / (1 + Math.Sqrt(1 + a * a)));
            return u < 0 ? -r : r;
        }

        /// <summary>x^(1/3) is off by a few ulps (1/3 is not exact): one Newton step, y − (y − a/y²)/3, makes it the runtime's.</summary>
        internal static double Cbrt(double u)
        {
            double a = Math.Abs(u);
            if (a == 0 || double.IsInfinity(a) || double.IsNaN(a)) return u;
            double y = Math.Pow(a, 1.0 / 3);
            y -= (y - a / (y * y)) / 3;
            return u < 0 ? -y : y;
        }

        internal static double Atanh(double u) => u < 0 ? -0.5 * Log1p(-2 * u / (1 + u)) : 0.5 * Log1p(2 * u / (1 - u));

        internal static double Expm1(double u)
        {
            if (u > 709) return Math.Exp(u);
            double w = Math.Exp(u);
            return w == 1 ? u : w - 1 == -1 ? -1 : (w - 1) * (u / Math.Log(w));
        }

        /// <summary>ln(eᵘ + eᵛ) without overflow: the larger plus log1p(e^(−|u − v|)).</summary>
        internal static double LogAddExp(double u, double v)
        {
            if (double.IsNaN(u) || double.IsNaN(v)) return double.NaN;
            double large = Math.Max(u, v);
            if (double.IsInfinity(large)) return large;
            return large + Log1p(Math.Exp(-Math.Abs(u - v)));
        }

        /// <summary>√(u² + v²) without overflow or underflow in the squares.</summary>
        internal static double Hypot(double u, double v)
        {
            double a = Math.Abs(u), b = Math.Abs(v);
            double large = Math.Max(a, b), small = Math.Min(a, b);
            if (large == 0 || double.IsInfinity(large)) return large + small;
            double ratio = small / large;
            return large * Math.Sqrt(1 + ratio * ratio);
        }

        internal static double Acosh(double u)
        {
            if (u > 1e150) return Math.Log(u) + 0.69314718055994531;
            double t = u - 1;
            return Log1p(t + Math.Sqrt(t * (u + 1)));
        }
    }
}
