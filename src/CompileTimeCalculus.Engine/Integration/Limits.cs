using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
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
        public static Expr? At(Expr f, string x, double point, IReadOnlyList<string> parameters, Budget budget)
        {
            var sets = new List<Dictionary<string, double>>(AntiderivativeVerifier.ParameterSets(x, parameters));
            if (!double.IsInfinity(point))
            {
                var substituted = Rewrite.Substitute(f, x, Expr.Num(Number.FromDouble(point)), budget);
                bool finite = true;
                foreach (var set in sets)
                {
                    set[x] = point;
                    finite &= IsFinite(Evaluator.Evaluate(substituted, set));
                }
                if (finite) return substituted;
            }
            // A numerical limit can only give a number: with parameters, it must be the same number for every set.
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
