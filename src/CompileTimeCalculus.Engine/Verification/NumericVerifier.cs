using System;
using System.Collections.Generic;
using System.Globalization;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine.Verification
{
    /// <summary>
    /// An independent check of a symbolic result: at many probe points, a Richardson-extrapolated central
    /// difference of the function must agree with the claimed derivative. A point only counts against the result
    /// when the difference quotient itself is stable there (no kink, branch switch or overflow within the stencil).
    /// </summary>
    public static class NumericVerifier
    {
        // Spread over scales and signs so narrow domains (asin(10x)) and shifted ones (log(x - 10)) are hit.
        private static readonly double[] ProbePoints =
        {
            0.3141, -0.2718, 0.0577, -0.0461, 0.7071, -0.6931, 1.2345, -1.4142, 1.7321, -2.2361,
            2.7183, -3.1416, 4.4934, -5.5451, 7.3891, 11.2, -13.7, 23.9, 47.3, -61.1, 150.5, 0.0093, -0.0071, 0.5,
        };

        public readonly struct Result
        {
            public Result(bool passed, int agreeingPoints, string explanation)
            {
                Passed = passed;
                AgreeingPoints = agreeingPoints;
                Explanation = explanation;
            }

            public bool Passed { get; }
            public int AgreeingPoints { get; }
            public string Explanation { get; }
        }

        /// <summary>Values for the parameters held constant: fixed, distinct and not special (0, 1).</summary>
        public static Dictionary<string, double> ConstantValues(string variable, IReadOnlyList<string> parameters)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            double next = 0.75;
            foreach (var p in parameters)
            {
                if (p == variable) continue;
                values[p] = next;
                next += 0.5;
            }
            return values;
        }

        /// <param name="written">The function as written, when <paramref name="function"/> is its canonical reading: the
        /// finite differences are then taken of what the user's C# computes, never only of the engine's rewriting.</param>
        public static Result CheckDerivative(Expr function, Expr derivative, string variable, IReadOnlyList<string> parameters, Budget budget, WrittenProgram? written = null)
        {
            var values = ConstantValues(variable, parameters);
            var reference = written is null ? null : new WrittenReference(written, variable, values, budget);
            // Compiled once: a probe evaluates the function about twenty times.
            var names = new List<string> { variable };
            foreach (var p in parameters) if (p != variable) names.Add(p);
            var compiledFunction = reference is null ? new CompiledExpression(function, names, budget) : null;
            var compiledDerivative = new CompiledExpression(derivative, names, budget);
            var arguments = new double[names.Count];
            for (int i = 1; i < names.Count; i++)
            {
                // Element reads and lengths take the values the reference holds, so both sides see the same arrays.
                double held = reference?.ValueOf(names[i]) ?? double.NaN;
                arguments[i] = double.IsNaN(held) ? values[names[i]] : held;
            }
            double At(CompiledExpression e, double t)
            {
                arguments[0] = t;
                return e.Evaluate(arguments);
            }
            Func<double, double> f = reference is null ? t => At(compiledFunction!, t) : reference.At;
            if (reference is not null && RoundingNoise(f, variable) is { } noise) return new Result(false, 0, noise);
            int agreeing = 0;
            foreach (double x in ProbePoints)
            {
                budget.Charge(16);
                double claimed = At(compiledDerivative, x);
                var point = CheckPoint(f, x, claimed);
                if (point.Verdict == PointVerdict.Agrees) agreeing++;
                if (point.Verdict != PointVerdict.Disagrees) continue;
                return new Result(false, agreeing, string.Format(CultureInfo.InvariantCulture,
                    "at {0} = {1}, the symbolic result is {2:R} but finite differences give {3:R}", variable, x, claimed, point.Estimate));
            }
            return agreeing > 0
                ? new Result(true, agreeing, "")
                : new Result(false, 0, "no probe point was found where the function is finite and smooth, so the result could not be checked");
        }

        /// <summary>
        /// Where the function as written is rounding noise: moving x by a few parts in 10¹⁵ changes its value by more than a
        /// millionth of its largest magnitude over the probes ((x + 1e300) − x·(1e300/x + c) is x·(1 − c) in exact arithmetic
        /// and multiples of 1e284 in double). Its finite differences there are noise too, so a derivative, which is smooth,
        /// cannot be checked against it; null where every probe carries digits.
        /// </summary>
        private static string? RoundingNoise(Func<double, double> f, string variable)
        {
            double scale = 0;
            foreach (double x in ProbePoints)
            {
                double v = f(x);
                if (IsFinite(v)) scale = Math.Max(scale, Math.Abs(v));
            }
            if (scale == 0) return null;
            foreach (double x in ProbePoints)
            {
                double v = f(x);
                if (!IsFinite(v)) continue;
                // Both sides: a step of floor or a comparison right at x jumps on one side only.
                double up = f(x * (1 + 4e-16)), down = f(x * (1 - 4e-16));
                if (IsFinite(up) && IsFinite(down) && Math.Abs(up - v) > 1e-6 * scale && Math.Abs(down - v) > 1e-6 * scale)
                    return string.Format(CultureInfo.InvariantCulture,
                        "the function as written is rounding noise at {0} = {1}: its value jumps from {2:G6} to {3:G6} and {4:G6} when {0} moves by a few parts in 10^15 (large terms that cancel), " +
                            "so its derivative cannot be checked there",
                        variable, x, v, down, up);
            }
            return null;
        }

        /// <summary>
        /// The stable form of a verified derivative where it passes the same check against the function, else the textbook
        /// form: what runs is what was checked.
        /// </summary>
        public static Expr StableFormIfVerified(Expr function, Expr derivative, string variable, IReadOnlyList<string> parameters, Budget budget)
        {
            var stable = Printing.StableForms.WhereEqual(derivative, parameters, budget);
            return ReferenceEquals(stable, derivative) || CheckDerivative(function, stable, variable, parameters, budget).Passed ? stable : derivative;
        }

        /// <summary>The user functions an expression calls, by the C# name the emitter prints for each call.</summary>
        internal static IReadOnlyDictionary<string, UserCallExpr>? UserCalls(Expr e, Budget budget)
        {
            Dictionary<string, UserCallExpr>? calls = null;
            foreach (var node in Algebra.Rewrite.Subtrees(e, budget))
            {
                if (node is UserCallExpr call && call.Function.MethodFor(call.Index) is { } method) (calls ??= new Dictionary<string, UserCallExpr>())[method] = call;
            }
            return calls;
        }

        /// <summary>
        /// Null when the emitted code, read back and run as printed (its operation order, its locals, its literals), computes
        /// what <paramref name="printedFrom"/> computes at every probe point, to rounding; else where it does not. The checks
        /// above judge the expression; this carries their verdict over to the code that is actually emitted.
        /// </summary>
        /// <param name="index">Which of the body's results to check (<paramref name="printedFrom"/> is that root).</param>
        public static string? CheckEmitted(EmittedBody body, Expr printedFrom, string variable, IReadOnlyList<string> parameters, NumericType type, Budget budget,
            int index = 0)
        {
            // Float code prints its constants as floats: agreement to float's seven digits is all it can show.
            double relative = type == NumericType.Single ? 1e-6 : 1e-8;
            var names = new List<string> { variable };
            foreach (var p in parameters) if (p != variable) names.Add(p);
            WrittenEvaluator emitted;
            try
            {
                emitted = new WrittenEvaluator(EmittedCode.Read(body, index, names, UserCalls(printedFrom, budget)), singlePrecision: false);
            }
            catch (Exception e) when (e is FormatException or KeyNotFoundException)
            {
                return "the emitted code could not be read back to check it (" + e.Message + ")";
            }
            var expected = new CompiledExpression(body.Printed.Count > index ? body.Printed[index] : printedFrom, names, budget);
            var values = ConstantValues(variable, parameters);
            var arguments = new double[names.Count];
            for (int i = 1; i < names.Count; i++) arguments[i] = values[names[i]];
            foreach (double x in ProbePoints)
            {
                budget.Charge(4);
                arguments[0] = x;
                double want = expected.EvaluateWithError(arguments, out double error), got = emitted.Run(arguments, budget);
                // Where the formula's rounding bound is unknown (an intermediate that overflows), its last digits cannot be
                // compared, but its value can: 0 where the formula is 0.94 is no rounding.
                bool agree = IsFinite(want) ? IsFinite(got) && (IsFinite(error)
                                                  ? Math.Abs(got - want) <= relative * Math.Max(Math.Abs(got), Math.Abs(want)) + 16 * error + 1e-300
                                                  : Math.Abs(got - want) <= 1e-6 * Math.Max(Math.Abs(got), Math.Abs(want)) + 1e-300)
                                            : !IsFinite(got);
                if (!agree)
                    return string.Format(CultureInfo.InvariantCulture, "at {0} = {1}, the emitted code computes {2:R} where its formula is {3:R}", variable, x, got, want);
            }
            return null;
        }

        public enum PointVerdict { Agrees, Disagrees, Unreliable }

        /// <summary>
        /// Compares a claimed derivative of <paramref name="f"/> at <paramref name="x"/> with a Richardson-extrapolated central
        /// difference; Unreliable where the difference quotient cannot be trusted (not finite, a pole, a kink, a branch switch).
        /// </summary>
        public static (PointVerdict Verdict, double Estimate) CheckPoint(Func<double, double> f, double x, double claimed)
        {
            if (!IsFinite(f(x))) return (PointVerdict.Unreliable, double.NaN);
            if (!IsFinite(claimed))
            {
                // NaN or ∞ where the function is finite and its slope measurably finite: what the emitted code must never return.
                var (finite, estimate) = CheckPoint(f, x, 0);
                return (finite == PointVerdict.Unreliable ? PointVerdict.Unreliable : PointVerdict.Disagrees, estimate);
            }
            double h = 1e-3 * Math.Max(1.0, Math.Abs(x));
            double r1 = Richardson(f, x, h, out double scale1);
            double r2 = Richardson(f, x, h / 2, out double scale2);
            if (!IsFinite(r1) || !IsFinite(r2)) return (PointVerdict.Unreliable, r2);
            double scale = Math.Max(scale1, scale2);
            // Exactly 0 across the whole stencil: the code as written is flat here (1e300 − (1e300 + x) absorbs x), so its
            // slope is 0, whatever the formula's.
            if (scale == 0 && f(x) == 0) return (Math.Abs(claimed) <= 1e-12 ? PointVerdict.Agrees : PointVerdict.Disagrees, 0);
            // A difference quotient only resolves a slope if the function moves modestly across the stencil;
            // next to a pole (1/sin(x) at π) neither estimate can be trusted, so the point proves nothing either way.
            if (Math.Max(Math.Abs(claimed), Math.Abs(r2)) * h > 0.5 * scale) return (PointVerdict.Unreliable, r2);
            double tolerance = 1e-6 * Math.Max(Math.Abs(claimed), Math.Abs(r2)) + 1e-9 * scale / h + 1e-12;
            if (Math.Abs(r1 - r2) > tolerance) return (PointVerdict.Unreliable, r2); // the difference quotient is not trustworthy here
            if (!IsSmooth(f, x, h, tolerance)) return (PointVerdict.Unreliable, r2); // a kink: central differences average the two slopes
            return (Math.Abs(r2 - claimed) <= 10 * tolerance ? PointVerdict.Agrees : PointVerdict.Disagrees, r2);
        }

        /// <summary>
        /// One-sided slopes differ by about h·f'' where f is smooth, so their gap halves with h; at a kink it stays put.
        /// </summary>
        internal static bool IsSmooth(Func<double, double> f, double x, double h, double tolerance)
        {
            double f0 = f(x);
            double Gap(double step) => (f(x + step) - f0) / step - (f0 - f(x - step)) / step;
            double coarse = Gap(h), fine = Gap(h / 2), finer = Gap(h / 4);
            return IsFinite(coarse) && IsFinite(fine) && IsFinite(finer)
                && Math.Abs(fine - coarse / 2) <= 10 * tolerance + 1e-3 * Math.Abs(coarse)
                && Math.Abs(finer - fine / 2) <= 10 * tolerance + 1e-3 * Math.Abs(fine);
        }

        private static double Richardson(Func<double, double> f, double x, double h, out double scale)
        {
            double fp1 = f(x + h), fm1 = f(x - h);
            double fp2 = f(x + h / 2), fm2 = f(x - h / 2);
            scale = Math.Max(Math.Max(Math.Abs(fp1), Math.Abs(fm1)), Math.Max(Math.Abs(fp2), Math.Abs(fm2)));
            double coarse = (fp1 - fm1) / (2 * h);
            double fine = (fp2 - fm2) / h;
            return (4 * fine - coarse) / 3;
        }

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
    }
}
