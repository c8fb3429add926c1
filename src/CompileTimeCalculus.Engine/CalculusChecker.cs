using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine
{
    public enum CheckVerdict
    {
        /// <summary>Equal to the truth (symbolically, or at the probe points).</summary>
        Correct,
        /// <summary>The truth times a constant factor other than 1.</summary>
        ConstantFactor,
        /// <summary>Different in another way.</summary>
        Wrong,
        /// <summary>Too few points where both sides are finite to decide; nothing is reported.</summary>
        Undecided,
    }

    public sealed class CheckResult
    {
        internal CheckResult(CheckVerdict verdict, double factor, IReadOnlyDictionary<string, double>? point, double handWritten, double truth)
        {
            Verdict = verdict;
            Factor = factor;
            Point = point;
            HandWrittenValue = handWritten;
            TruthValue = truth;
        }

        public CheckVerdict Verdict { get; }

        /// <summary>hand-written / truth, for <see cref="CheckVerdict.ConstantFactor"/>.</summary>
        public double Factor { get; }

        /// <summary>A point where the two differ, for <see cref="CheckVerdict.Wrong"/>.</summary>
        public IReadOnlyDictionary<string, double>? Point { get; }
        public double HandWrittenValue { get; }
        public double TruthValue { get; }
    }

    /// <summary>
    /// Decides whether hand-written calculus equals the engine's truth: exactly where the simplifier can show it, otherwise
    /// by probing points where both sides are finite (never outside their common domain). Robust to the rounding of
    /// differently written but equal formulas: a verdict needs nine in ten probe points to agree.
    /// </summary>
    public static class CalculusChecker
    {
        // Moderate, readable values: a message can say "at x = 0.5"; large magnitudes add rounding, not information.
        private static readonly double[] Probes =
        {
            0.5, 1, 2, -1, -0.5, 1.5, 3, -2, 0.25, -3, 4, 0.75, -0.25, 5, -4, 6, 0.1, -1.5, 2.5, -6, 7, 0.9, -0.9, 8,
            0.3, -0.7, 1.25, -2.5, 3.5, -5,
        };

        private const double Agreement = 0.9;

        public static CheckResult Compare(Expr handWritten, Expr truth, IReadOnlyList<string> variables, Budget budget)
        {
            if (Expr.Subtract(handWritten, truth).Equals(Expr.Zero)) return new CheckResult(CheckVerdict.Correct, 1, null, 0, 0);

            var hand = new List<double>();
            var exact = new List<double>();
            var points = new List<Dictionary<string, double>>();
            for (int k = 0; k < Probes.Length; k++)
            {
                budget.Charge(8);
                var point = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int j = 0; j < variables.Count; j++) point[variables[j]] = Probes[(k + 7 * j) % Probes.Length];
                double h = Evaluator.Evaluate(handWritten, point), t = Evaluator.Evaluate(truth, point);
                if (!IsFinite(h) || !IsFinite(t)) continue;
                hand.Add(h);
                exact.Add(t);
                points.Add(point);
            }
            if (points.Count < 4) return new CheckResult(CheckVerdict.Undecided, double.NaN, null, double.NaN, double.NaN);

            double scale = 0;
            foreach (double t in exact) scale = Math.Max(scale, Math.Abs(t));
            int agree = 0;
            for (int i = 0; i < points.Count; i++)
            {
                if (Close(hand[i], exact[i], scale)) agree++;
            }
            if (agree >= Agreement * points.Count) return new CheckResult(CheckVerdict.Correct, 1, null, 0, 0);

            var ratios = new List<double>();
            for (int i = 0; i < points.Count; i++)
            {
                if (Math.Abs(exact[i]) > 1e-9 * scale && exact[i] != 0) ratios.Add(hand[i] / exact[i]);
            }
            if (ratios.Count >= 4)
            {
                var sorted = new List<double>(ratios);
                sorted.Sort();
                double median = sorted[sorted.Count / 2];
                int same = 0;
                foreach (double r in ratios) if (Math.Abs(r - median) <= 1e-6 * Math.Abs(median)) same++;
                bool zerosAgree = true;
                for (int i = 0; i < points.Count; i++)
                {
                    if (exact[i] == 0 && hand[i] != 0) zerosAgree = false;
                }
                if (same >= Agreement * ratios.Count && zerosAgree && median != 0 && Math.Abs(median - 1) > 1e-6)
                    return new CheckResult(CheckVerdict.ConstantFactor, median, null, 0, 0);
            }

            for (int i = 0; i < points.Count; i++)
            {
                if (!Close(hand[i], exact[i], scale)) return new CheckResult(CheckVerdict.Wrong, double.NaN, points[i], hand[i], exact[i]);
            }
            return new CheckResult(CheckVerdict.Undecided, double.NaN, null, double.NaN, double.NaN);
        }

        /// <summary>
        /// True when <paramref name="a"/> and <paramref name="b"/> agree at more than half of the probe points where both are
        /// finite (at least four): an exact identity whose one side cancels badly at some points (6 + 6·coth u for large
        /// |u|) still agrees everywhere else, while a wrong formula or a different constant disagrees nearly everywhere.
        /// </summary>
        public static bool AgreesAtMostPoints(Expr a, Expr b, IReadOnlyList<string> variables, Budget budget)
        {
            var left = new List<double>();
            var right = new List<double>();
            for (int k = 0; k < Probes.Length; k++)
            {
                budget.Charge(8);
                var point = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int j = 0; j < variables.Count; j++) point[variables[j]] = Probes[(k + 7 * j) % Probes.Length];
                double x = Evaluator.Evaluate(a, point), y = Evaluator.Evaluate(b, point);
                if (!IsFinite(x) || !IsFinite(y)) continue;
                left.Add(x);
                right.Add(y);
            }
            if (left.Count < 4) return false;
            double scale = 0;
            foreach (double y in right) scale = Math.Max(scale, Math.Abs(y));
            int agree = 0;
            for (int i = 0; i < left.Count; i++) if (Close(left[i], right[i], scale)) agree++;
            return 2 * agree > left.Count;
        }

        private static bool Close(double a, double b, double scale) =>
            Math.Abs(a - b) <= 1e-7 * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-12 * scale;

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        /// <summary>
        /// The outermost function application f(u) in <paramref name="e"/> whose argument has the constant derivative
        /// <paramref name="coefficient"/>: the inner function whose chain-rule coefficient is in question.
        /// </summary>
        public static Expr? FindInnerWithConstantDerivative(Expr e, string variable, double coefficient, Budget budget)
        {
            foreach (var (node, inner) in Applications(e, variable, budget))
            {
                var d = Differentiator.Differentiate(inner, variable, budget);
                if (d is NumberExpr n && Math.Abs(n.Value.Value - coefficient) <= 1e-9 * Math.Abs(coefficient)) return node;
            }
            return null;
        }

        /// <summary>
        /// For a derivative written without the inner derivative: an application f(u) in <paramref name="function"/>
        /// whose u' makes <c>handWritten · u'</c> equal to <paramref name="truth"/>. Returns (u, u').
        /// </summary>
        public static (Expr Inner, Expr InnerDerivative)? FindMissingInnerDerivative(Expr function, Expr handWritten, Expr truth, string variable, IReadOnlyList<string> variables, Budget budget)
        {
            foreach (var (_, inner) in Applications(function, variable, budget))
            {
                var d = Differentiator.Differentiate(inner, variable, budget);
                if (d is NumberExpr) continue;
                if (Compare(Expr.Multiply(handWritten, d), truth, variables, budget).Verdict == CheckVerdict.Correct) return (inner, d);
            }
            return null;
        }

        private static IEnumerable<(Expr Node, Expr Inner)> Applications(Expr e, string variable, Budget budget)
        {
            var found = new List<(Expr, Expr)>();
            var visited = new HashSet<Expr>();
            Walk(e);
            return found;

            void Walk(Expr node)
            {
                if (!visited.Add(node)) return;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                budget.Charge();
                switch (node)
                {
                    case CallExpr c when c.Arguments.Count == 1 && Differentiator.DependsOn(c.Argument, variable) && !(c.Argument is VariableExpr):
                        found.Add((node, c.Argument));
                        break;
                    case PowerExpr p when !Differentiator.DependsOn(p.Exponent, variable) && Differentiator.DependsOn(p.Base, variable) && !(p.Base is VariableExpr):
                        found.Add((node, p.Base));
                        break;
                }
                foreach (var child in node.Children) Walk(child);
            }
        }

        /// <summary>
        /// <paramref name="e"/> with every occurrence of <paramref name="target"/> replaced, rebuilt through the simplifying
        /// factories (used to check that a fix at one spot really repairs the whole expression).
        /// </summary>
        public static Expr Replace(Expr e, Expr target, Expr replacement)
        {
            var memo = new Dictionary<Expr, Expr>();
            return Visit(e);

            Expr Visit(Expr node)
            {
                if (node.Equals(target)) return replacement;
                if (node.Children.Count == 0) return node;
                if (memo.TryGetValue(node, out var done)) return done;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                var children = new Expr[node.Children.Count];
                bool changed = false;
                for (int i = 0; i < children.Length; i++)
                {
                    children[i] = Visit(node.Children[i]);
                    changed |= !ReferenceEquals(children[i], node.Children[i]);
                }
                var rebuilt = changed ? Expr.Rebuild(node, children) : node;
                memo[node] = rebuilt;
                return rebuilt;
            }
        }

        /// <summary>A factor as a person writes it: 2, 1/2, -1, 3/4, else a short decimal.</summary>
        public static string FormatFactor(double value)
        {
            for (long q = 1; q <= 1000; q++)
            {
                double p = Math.Round(value * q);
                if (p != 0 && Math.Abs(value - p / q) <= 1e-9 * Math.Abs(value))
                    return q == 1 ? p.ToString("R", CultureInfo.InvariantCulture) : p.ToString("R", CultureInfo.InvariantCulture) + "/" + q.ToString(CultureInfo.InvariantCulture);
            }
            return value.ToString("G6", CultureInfo.InvariantCulture);
        }
    }
}
