using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>
    /// Values of an antiderivative at a limit of integration: by substitution where F is defined there, otherwise as a
    /// numerical limit (F at points approaching the limit must settle), recognized as an exact constant (a rational,
    /// a rational multiple of π or of √π, a square root) where it is one.
    /// </summary>
    public static class Limits
    {
        /// <summary>lim F(x) as x → <paramref name="point"/> (finite or ±∞); null when F does not settle to a finite value.</summary>
        public static Expr? At(Expr f, string x, double point, IReadOnlyList<string> parameters, Budget budget, IReadOnlyCollection<string>? negated = null)
        {
            var sets = new List<Dictionary<string, double>>(AntiderivativeVerifier.ParameterSets(x, parameters, negated));
            if (!double.IsInfinity(point))
            {
                var substituted = Rewrite.Substitute(f, x, Expr.Num(Number.FromDouble(point)), budget);
                bool finite = true, same = true;
                double? first = null;
                foreach (var set in sets)
                {
                    set[x] = point;
                    double value = Evaluator.Evaluate(substituted, set);
                    finite &= IsFinite(value);
                    first ??= value;
                    same &= value == first;
                }
                // The same number at every set is a constant: folded, so no ln(0) or erf(−∞) is left to run time.
                if (finite) return same && first is double constant && HasNonFiniteConstant(substituted, budget) ? Recognize(constant) : substituted;
            }
            // A numerical limit can only give a number: with parameters, it must be the same number for every set, or a
            // symbolic limit at ±∞ that the numerical limits confirm for every set.
            if (double.IsInfinity(point) && Rewrite.HasOtherVariables(f, x) && AtInfinity(f, x, point > 0, sets, budget) is { } symbolic) return symbolic;
            double? common = null;
            foreach (var set in sets)
            {
                var limit = Numeric(f, x, point, set);
                if (limit is null) return null;
                if (common is not null && Math.Abs(common.Value - limit.Value) > 1e-12 * (1 + Math.Abs(limit.Value))) return null;
                common = limit;
            }
            return common is null ? null : Recognize(common.Value);
        }

        /// <summary>
        /// A constant (no variables) that is finite but has a part that is not (erf(ln 0), arctan(sinh(2 + 9·ln 0))), as the
        /// number it is, exact where recognized; anything else unchanged. Left as it is, the printed code would compute it
        /// at run time, and a stable form could not see it is a multiple of π/2.
        /// </summary>
        public static Expr Folded(Expr e, Budget budget)
        {
            if (e.HasVariables || !HasNonFiniteConstant(e, budget)) return e;
            double value = Evaluator.Evaluate(e, new Dictionary<string, double>(StringComparer.Ordinal));
            return IsFinite(value) ? Recognize(value) : e;
        }

        /// <summary>True when <paramref name="e"/> has a part that is not finite on its own (ln 0 inside erf).</summary>
        private static bool HasNonFiniteConstant(Expr e, Budget budget)
        {
            budget.Charge();
            if (!e.HasVariables && !IsFinite(Evaluator.Evaluate(e, new Dictionary<string, double>(StringComparer.Ordinal)))) return true;
            foreach (var c in e.Children) if (HasNonFiniteConstant(c, budget)) return true;
            return false;
        }

        /// <summary>
        /// lim F at ±∞ when F depends on parameters (σ²·erf(x/(√2σ)) − σ²x·e^(−x²/2σ²) at ∞ is σ²): terms that vanish at every
        /// parameter set are dropped, erf, arctan and tanh of arguments that diverge become their limits, and what is left must be
        /// free of x and equal the numerical limit at every set.
        /// </summary>
        private static Expr? AtInfinity(Expr f, string x, bool positive, List<Dictionary<string, double>> sets, Budget budget)
        {
            double point = positive ? double.PositiveInfinity : double.NegativeInfinity;
            var kept = new List<Expr>();
            foreach (var term in Rewrite.Terms(Rewrite.Expand(f, budget)))
            {
                budget.Charge();
                bool vanishes = true;
                foreach (var set in sets) vanishes &= Numeric(term, x, point, set) is double v && Math.Abs(v) < 1e-300;
                if (vanishes) continue;
                var limit = Saturated(term, x, positive, sets, budget);
                if (limit is null || limit.DependsOn(x)) return null;
                kept.Add(limit);
            }
            var result = Expr.Add(kept);
            foreach (var set in sets)
            {
                var numeric = Numeric(f, x, point, set);
                set[x] = 0;
                double symbolic = Evaluator.Evaluate(result, set);
                if (numeric is null || !(Math.Abs(symbolic - numeric.Value) <= 1e-9 * (1 + Math.Abs(numeric.Value)))) return null;
            }
            return result;
        }

        /// <summary><paramref name="e"/> with erf, arctan and tanh of arguments that diverge to ±∞ at every set replaced by their limits.</summary>
        private static Expr Saturated(Expr e, string x, bool positive, List<Dictionary<string, double>> sets, Budget budget)
        {
            budget.Charge();
            if (!e.DependsOn(x)) return e;
            if (e is CallExpr { Function: Function.Erf or Function.Atan or Function.Tanh } call && Diverges(call.Argument, x, positive, sets) is int sign and not 0)
                return call.Function == Function.Atan ? Expr.Multiply(Expr.Num(sign), Expr.Divide(Expr.Pi, Expr.Num(2))) : Expr.Num(sign);
            // A branch that far out is the same at every set (x ≥ 0 at +∞; x < a for every a at −∞) is the branch taken.
            if (e is ConditionalExpr conditional && Settled(conditional.Test, x, positive, sets) is bool taken)
                return Saturated(taken ? conditional.WhenTrue : conditional.WhenFalse, x, positive, sets, budget);
            var children = new Expr[e.Children.Count];
            for (int i = 0; i < children.Length; i++) children[i] = Saturated(e.Children[i], x, positive, sets, budget);
            return Expr.Rebuild(e, children);
        }

        private static bool? Settled(Expr test, string x, bool positive, List<Dictionary<string, double>> sets)
        {
            var indicator = Expr.Conditional(test, Expr.One, Expr.Zero);
            bool? common = null;
            foreach (var set in sets)
            {
                foreach (double far in new[] { 1e8, 1e16 })
                {
                    set[x] = positive ? far : -far;
                    bool value = Evaluator.Evaluate(indicator, set) == 1;
                    if (common is not null && common != value) return null;
                    common = value;
                }
            }
            return common;
        }

        /// <summary>+1 or −1 when <paramref name="u"/> grows without bound with that sign at every set, else 0.</summary>
        private static int Diverges(Expr u, string x, bool positive, List<Dictionary<string, double>> sets)
        {
            int common = 0;
            foreach (var set in sets)
            {
                set[x] = positive ? 1e8 : -1e8;
                double near = Evaluator.Evaluate(u, set);
                set[x] = positive ? 1e16 : -1e16;
                double far = Evaluator.Evaluate(u, set);
                if (double.IsNaN(far) || Math.Sign(near) != Math.Sign(far) || !(Math.Abs(far) > 1e3 * Math.Max(1, Math.Abs(near)) || double.IsInfinity(far))) return 0;
                if (common != 0 && common != Math.Sign(far)) return 0;
                common = Math.Sign(far);
            }
            return common;
        }

        private static double? Numeric(Expr f, string x, double point, Dictionary<string, double> values)
        {
            if (double.IsInfinity(point)) return Sequence(f, x, values, k => point > 0 ? Step(k) : -Step(k));
            // A finite point where F is not defined: approach it from the right, else from the left.
            double width = Math.Max(1, Math.Abs(point));
            return Sequence(f, x, values, k => point + width / Step(k)) ?? Sequence(f, x, values, k => point - width / Step(k));
        }

        /// <summary>1e2, 1e4, 1e6, 1e8, then 1e16, 1e24, ... 1e48.</summary>
        private static double Step(int k) => Math.Pow(10, k <= 4 ? 2 * k : 8 * (k - 3));

        private static double? Sequence(Expr f, string x, Dictionary<string, double> values, Func<int, double> point)
        {
            var sequence = new List<double>();
            for (int k = 1; k <= 9; k++)
            {
                values[x] = point(k);
                double v = Evaluator.Evaluate(f, values);
                if (IsFinite(v)) sequence.Add(v);
            }
            if (sequence.Count < 3) return null;
            double last = sequence[sequence.Count - 1], before = sequence[sequence.Count - 2], third = sequence[sequence.Count - 3];
            double scale = 1 + Math.Abs(last);
            if (Math.Abs(last - before) > 1e-13 * scale || Math.Abs(before - third) > 1e-10 * scale) return null;
            return last;
        }

        /// <summary>An exact form of a number computed in double precision where a simple one fits, else the number.</summary>
        public static Expr Recognize(double v)
        {
            if (Math.Abs(v) < 1e-300) return Expr.Zero;
            double tolerance = 4e-16 * Math.Abs(v);
            if (RootFinder.Rationalize(v, 10000, tolerance) is { } q) return Expr.Num(q.ToNumber());
            if (RootFinder.Rationalize(v / Math.PI, 1000, tolerance / Math.PI) is { } qp) return Expr.Multiply(Expr.Num(qp.ToNumber()), Expr.Pi);
            double sqrtPi = Math.Sqrt(Math.PI);
            if (RootFinder.Rationalize(v / sqrtPi, 1000, tolerance / sqrtPi) is { } qs) return Expr.Multiply(Expr.Num(qs.ToNumber()), Expr.Sqrt(Expr.Pi));
            if (RootFinder.Rationalize(v * v, 10000, 4 * tolerance * Math.Abs(v)) is { } q2)
                return Expr.Multiply(Expr.Num(v < 0 ? -1 : 1), Expr.Sqrt(Expr.Num(q2.ToNumber())));
            return Expr.Num(Number.Inexact(v));
        }

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
    }
}
