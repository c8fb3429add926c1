using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Verification
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
    /// by probing points where both sides are finite (never outside their common domain). Each point is judged on its own
    /// scale: the two values must agree to 7 digits or within what rounding in evaluating them can explain there (a
    /// running error bound), never within an allowance borrowed from a larger value elsewhere (x·e^(x²) is 10²⁸ at x = 8,
    /// which must not excuse a missing ½ at x = 1). Equal formulas written differently agree at every point.
    /// </summary>
    public static class CalculusChecker
    {
        // Moderate, readable values: a message can say "at x = 0.5"; large magnitudes add rounding, not information.
        private static readonly double[] Probes =
        {
            0.5, 1, 2, -1, -0.5, 1.5, 3, -2, 0.25, -3, 4, 0.75, -0.25, 5, -4, 6, 0.1, -1.5, 2.5, -6, 7, 0.9, -0.9, 8,
            0.3, -0.7, 1.25, -2.5, 3.5, -5,
        };

        /// <summary>A value and the bound on its rounding error, at one probe point.</summary>
        private readonly struct Sample
        {
            public Sample(double value, double error)
            {
                Value = value;
                Error = error;
            }

            public double Value { get; }
            public double Error { get; }

            /// <summary>What rounding alone could make of a true zero here.</summary>
            public double Noise => 8 * Error + 1e-300;
        }

        public static CheckResult Compare(Expr handWritten, Expr truth, IReadOnlyList<string> variables, Budget budget)
        {
            if (Expr.Subtract(handWritten, truth).Equals(Expr.Zero)) return new CheckResult(CheckVerdict.Correct, 1, null, 0, 0);
            if (!Sample2(handWritten, truth, variables, budget, out var hand, out var exact, out var points))
                return new CheckResult(CheckVerdict.Undecided, double.NaN, null, double.NaN, double.NaN);
            if (points.Count < 4) return new CheckResult(CheckVerdict.Undecided, double.NaN, null, double.NaN, double.NaN);

            int firstDisagreement = -1;
            for (int i = 0; i < points.Count && firstDisagreement < 0; i++)
            {
                if (!Close(hand[i], exact[i])) firstDisagreement = i;
            }
            if (firstDisagreement < 0) return new CheckResult(CheckVerdict.Correct, 1, null, 0, 0);

            // A constant factor: hand/truth the same wherever both carry digits, and both zero (to rounding) together.
            var ratios = new List<(double Ratio, double Uncertainty)>();
            bool zerosAgree = true;
            for (int i = 0; i < points.Count; i++)
            {
                bool handZero = Math.Abs(hand[i].Value) <= hand[i].Noise, exactZero = Math.Abs(exact[i].Value) <= exact[i].Noise;
                // One side zero to its rounding and the other clearly not, even allowing for both roundings: no factor fits.
                double both = hand[i].Noise + exact[i].Noise;
                if (handZero && Math.Abs(exact[i].Value) > both || exactZero && Math.Abs(hand[i].Value) > both) zerosAgree = false;
                if (handZero || exactZero) continue;
                double ratio = hand[i].Value / exact[i].Value;
                double uncertainty = Math.Abs(ratio) * (hand[i].Noise / Math.Abs(hand[i].Value) + exact[i].Noise / Math.Abs(exact[i].Value));
                ratios.Add((ratio, uncertainty));
            }
            if (zerosAgree && ratios.Count >= 4)
            {
                var sorted = new List<double>();
                foreach (var r in ratios) sorted.Add(r.Ratio);
                sorted.Sort();
                double median = sorted[sorted.Count / 2];
                bool same = true;
                foreach (var r in ratios) same &= Math.Abs(r.Ratio - median) <= 1e-6 * Math.Abs(median) + r.Uncertainty;
                if (same && median != 0 && Math.Abs(median - 1) > 1e-6)
                    return new CheckResult(CheckVerdict.ConstantFactor, median, null, 0, 0);
            }
            return new CheckResult(CheckVerdict.Wrong, double.NaN, points[firstDisagreement], hand[firstDisagreement].Value, exact[firstDisagreement].Value);
        }

        /// <summary>
        /// True when <paramref name="a"/> and <paramref name="b"/> agree at more than half of the probe points where both are
        /// finite (at least four): an exact identity whose one side cancels badly at some points (6 + 6·coth u for large
        /// |u|) still agrees everywhere else, while a wrong formula or a different constant disagrees nearly everywhere.
        /// </summary>
        public static bool AgreesAtMostPoints(Expr a, Expr b, IReadOnlyList<string> variables, Budget budget)
        {
            if (!Sample2(a, b, variables, budget, out var left, out var right, out _) || left.Count < 4) return false;
            int agree = 0;
            for (int i = 0; i < left.Count; i++) if (Close(left[i], right[i])) agree++;
            return 2 * agree > left.Count;
        }

        /// <summary>Both expressions at every probe point where both (and their error bounds) are finite.</summary>
        private static bool Sample2(Expr a, Expr b, IReadOnlyList<string> variables, Budget budget,
            out List<Sample> left, out List<Sample> right, out List<Dictionary<string, double>> points)
        {
            left = new List<Sample>();
            right = new List<Sample>();
            points = new List<Dictionary<string, double>>();
            CompiledExpression ca, cb;
            try
            {
                ca = new CompiledExpression(a, variables, budget);
                cb = new CompiledExpression(b, variables, budget);
            }
            catch (KeyNotFoundException)
            {
                return false;
            }
            var values = new double[variables.Count];
            for (int k = 0; k < Probes.Length; k++)
            {
                budget.Charge(8);
                for (int j = 0; j < variables.Count; j++) values[j] = Probes[(k + 7 * j) % Probes.Length];
                double x = ca.EvaluateWithError(values, out double ex), y = cb.EvaluateWithError(values, out double ey);
                // Where the rounding bound is unknown (its ball leaves a domain), the digits cannot be trusted either way.
                if (!IsFinite(x) || !IsFinite(y) || !IsFinite(ex) || !IsFinite(ey)) continue;
                left.Add(new Sample(x, ex));
                right.Add(new Sample(y, ey));
                var point = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int j = 0; j < variables.Count; j++) point[variables[j]] = values[j];
                points.Add(point);
            }
            return true;
        }

        /// <summary>
        /// A probe point inside the integrand's domain (finite there and just beside it) where the antiderivative is NaN or
        /// infinite: ln x for ∫ 1/x at x = −1. An antiderivative is differentiable, so finite, wherever its integrand is.
        /// </summary>
        public static (Dictionary<string, double> Point, double AntiderivativeValue, double IntegrandValue)? FindUndefinedPoint(
            Expr antiderivative, Expr integrand, IReadOnlyList<string> variables, Budget budget)
        {
            CompiledExpression F, f;
            try
            {
                F = new CompiledExpression(antiderivative, variables, budget);
                f = new CompiledExpression(integrand, variables, budget);
            }
            catch (KeyNotFoundException)
            {
                return null;
            }
            var values = new double[variables.Count];
            for (int k = 0; k < Probes.Length; k++)
            {
                budget.Charge(8);
                for (int j = 0; j < variables.Count; j++) values[j] = Probes[(k + 7 * j) % Probes.Length];
                double fx = f.Evaluate(values), Fx = F.Evaluate(values);
                if (!IsFinite(fx) || IsFinite(Fx) || !InteriorOfDomain(f, values)) continue;
                var point = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int j = 0; j < variables.Count; j++) point[variables[j]] = values[j];
                return (point, Fx, fx);
            }
            return null;
        }

        /// <summary>f is finite a little to either side in every variable: the point is not an end of f's domain.</summary>
        private static bool InteriorOfDomain(CompiledExpression f, double[] values)
        {
            for (int j = 0; j < values.Length; j++)
            {
                double v = values[j], step = 1e-6 * Math.Max(1, Math.Abs(v));
                values[j] = v - step;
                bool left = IsFinite(f.Evaluate(values));
                values[j] = v + step;
                bool right = IsFinite(f.Evaluate(values));
                values[j] = v;
                if (!left || !right) return false;
            }
            return true;
        }

        private static bool Close(Sample a, Sample b) =>
            Math.Abs(a.Value - b.Value) <= 1e-7 * Math.Max(Math.Abs(a.Value), Math.Abs(b.Value)) + a.Noise + b.Noise;

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
                    case CallExpr c when c.Arguments.Count == 1 && c.Argument.DependsOn(variable) && !(c.Argument is VariableExpr):
                        found.Add((node, c.Argument));
                        break;
                    case PowerExpr p when !p.Exponent.DependsOn(variable) && p.Base.DependsOn(variable) && !(p.Base is VariableExpr):
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
        public static Expr Replace(Expr e, Expr target, Expr replacement) =>
            Algebra.Rewrite.BottomUp(e, null, budget: null, pre: node => node.Equals(target) ? replacement : null);

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
