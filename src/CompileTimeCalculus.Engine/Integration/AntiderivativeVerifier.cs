using System;
using System.Collections.Generic;
using System.Globalization;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Verification;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>The verifier's verdict on one antiderivative.</summary>
    public readonly struct AntiderivativeVerdict
    {
        public AntiderivativeVerdict(bool passed, bool symbolic, int agreeingPoints, string explanation)
        {
            Passed = passed;
            Symbolic = symbolic;
            AgreeingPoints = agreeingPoints;
            Explanation = explanation;
        }

        public bool Passed { get; }

        /// <summary>True when the simplifier reduced F' − f to 0.</summary>
        public bool Symbolic { get; }
        public int AgreeingPoints { get; }
        public string Explanation { get; }
    }

    /// <summary>
    /// Decides whether F is an antiderivative of f before anything is emitted: F' = f (symbolically when the simplifier
    /// shows it, and numerically at every probe point where f is finite, where F must be finite too), and F has no jump
    /// where f is continuous (F(b) − F(a) against adaptive quadrature of f between neighbouring probe points).
    /// </summary>
    /// <remarks>
    /// Called only by <see cref="IntegralEngine"/>, which verifies what it emits: every caller (the generator, the analyzer's
    /// suggestions, the benchmark, the tests) gets the same verdict for the same integrand.
    /// </remarks>
    internal static class AntiderivativeVerifier
    {
        // Spread over scales and signs so that narrow domains (asin(5x)), shifted ones (ln(x − 3)) and the usual
        // intervals of the benchmark are all hit; denser in [−2, 2] where jumps of arctangent substitutions show.
        private static readonly double[] Probes =
        {
            -61.1, -13.7, -5.5451, -3.1416, -2.2361, -1.4142, -1.0353, -0.6931, -0.4472, -0.2718, -0.1357, -0.0461, -0.0071,
            0.0093, 0.0577, 0.1131, 0.1933, 0.3141, 0.4423, 0.5, 0.6173, 0.7071, 0.8367, 0.9549, 1.2345, 1.4957, 1.7321,
            2.2031, 2.7183, 3.4519, 4.4934, 5.9999, 7.3891, 11.2, 23.9, 47.3, 150.5,
        };

        private const double RelativeTolerance = 1e-7;

        /// <summary>
        /// Values for the parameters held constant: two sets, so a result that only holds for one is caught. They are positive;
        /// the parameters in <paramref name="negated"/> get the same values negated (a sign case checked on its own).
        /// </summary>
        public static IEnumerable<Dictionary<string, double>> ParameterSets(string variable, IReadOnlyList<string> parameters, IReadOnlyCollection<string>? negated = null)
        {
            foreach (var set in PositiveParameterSets(variable, parameters))
            {
                if (negated is not null) foreach (var p in negated) if (set.ContainsKey(p)) set[p] = -set[p];
                yield return set;
            }
        }

        private static IEnumerable<Dictionary<string, double>> PositiveParameterSets(string variable, IReadOnlyList<string> parameters)
        {
            yield return NumericVerifier.ConstantValues(variable, parameters);
            bool any = false;
            foreach (var p in parameters) any |= p != variable;
            if (!any) yield break;
            var second = new Dictionary<string, double>(StringComparer.Ordinal);
            double next = 1.9;
            foreach (var p in parameters)
            {
                if (p == variable) continue;
                second[p] = next;
                next = next * 0.61 + 0.37;
            }
            yield return second;
        }

        /// <param name="textbook">The form the derivation produced, when <paramref name="antiderivative"/> is its stable rewrite
        /// (probed equal): the exact check runs on it, the numeric checks on what is emitted.</param>
        /// <param name="written">The integrand as written, when <paramref name="f"/> is its canonical reading: the numeric checks
        /// compare with what the user's C# computes, and an exact proof about <paramref name="f"/> counts only where the two agree.</param>
        public static AntiderivativeVerdict Check(Expr f, Expr antiderivative, string x, IReadOnlyList<string> parameters, Budget budget, Expr? textbook = null, WrittenProgram? written = null,
            IReadOnlyCollection<string>? negated = null)
        {
            var derivative = Differentiator.Differentiate(antiderivative, x, budget);
            // Exactly: F' − f simplifies to 0, or is a rational function of x with exact coefficients that reduces to 0
            // (every result of the rational-function integrator that has no numeric roots). Then rounding in the tails,
            // where F' is a difference of large terms, cannot count against a proven result.
            // The proof is about the textbook form; a stable rewrite of it is only probed equal, so it must pass the numeric
            // checks on its own (a proof of one form never excuses another form's wrong digits).
            var proved = textbook ?? antiderivative;
            var difference = Expr.Subtract(ReferenceEquals(proved, antiderivative) ? derivative : Differentiator.Differentiate(proved, x, budget), f);
            bool symbolic = difference.Equals(Expr.Zero)
                || !Algebra.Rewrite.HasOtherVariables(difference, x) && Algebra.RationalFunction.TryFrom(WithoutLogAbs(proved, difference, budget), x, budget) is { Numerator.IsZero: true };
            // Rounding that the proof explains away is only forgiven in the form the proof is about.
            bool forgiven = symbolic && (ReferenceEquals(proved, antiderivative) || proved.Equals(antiderivative));
            var variables = new List<string> { x };
            foreach (var p in parameters) if (p != x) variables.Add(p);

            CompiledExpression cf, cF, cdF;
            try
            {
                cf = new CompiledExpression(f, variables, budget);
                cF = new CompiledExpression(antiderivative, variables, budget);
                cdF = new CompiledExpression(derivative, variables, budget);
            }
            catch (KeyNotFoundException e)
            {
                return new AntiderivativeVerdict(false, false, 0, "the antiderivative uses an unknown variable (" + e.Message + ")");
            }

            var derivativeTerms = new List<CompiledExpression>();
            if (Algebra.Rewrite.SplitConstant(derivative, x).Remainder is SumExpr sum)
            {
                foreach (var term in sum.Terms) derivativeTerms.Add(new CompiledExpression(term, variables, budget));
            }

            int agreeing = 0;
            foreach (var parameterValues in ParameterSets(x, parameters, negated))
            {
                var values = new double[variables.Count];
                var reference = written is null ? null : new WrittenReference(written, x, parameterValues, budget);
                for (int i = 1; i < variables.Count; i++)
                {
                    double held = reference?.ValueOf(variables[i]) ?? double.NaN;
                    values[i] = double.IsNaN(held) ? parameterValues[variables[i]] : held;
                }
                Func<double[], double> integrand = reference is null ? cf.Evaluate : v => reference.At(v[0]);
                var finite = new List<(double X, double F)>();
                var probes = ProbesFor(integrand, values, budget);
                var integrandValues = new double[probes.Count];
                double scale = 0;
                for (int i = 0; i < probes.Count; i++)
                {
                    values[0] = probes[i];
                    integrandValues[i] = integrand(values);
                    if (IsFinite(integrandValues[i])) scale = Math.Max(scale, Math.Abs(integrandValues[i]));
                    // A proof about the canonical integrand says nothing where it is not what the C# computes.
                    if (forgiven && reference is not null && !SameValue(cf, values, integrandValues[i])) forgiven = false;
                }
                double typical = Typical(integrandValues);
                for (int i = 0; i < probes.Count; i++)
                {
                    budget.Charge(4);
                    double probe = probes[i], fx = integrandValues[i];
                    if (!IsFinite(fx)) continue;
                    values[0] = probe;
                    double value = cF.Evaluate(values), slope = cdF.Evaluate(values);
                    if (IsFinite(value) && !IsFinite(slope))
                    {
                        // F is fine but its symbolic derivative overflows (cosh w / (1 + sinh² w) far out): judge F by its
                        // difference quotient instead.
                        double allowance = RelativeTolerance * Math.Abs(fx) + 1e-9 * LocalScale(integrandValues, i) + 1e-300;
                        if (AgreesWithDifferenceQuotient(cF, values, fx, allowance))
                        {
                            agreeing++;
                            finite.Add((probe, value));
                            continue;
                        }
                    }
                    if (!IsFinite(value) || !IsFinite(slope))
                    {
                        // Right next to a pole of f the antiderivative may overflow first, and at an end of f's domain
                        // (√(1 − 2x) at x = 1/2) F may be undefined while f is 0: only interior points with a moderate f count.
                        if (Math.Abs(fx) > 1e12 || AtDomainEdge(integrand, values, probe)) continue;
                        return Fail(agreeing, "the antiderivative is not defined at {0} = {1}, where the integrand is {2:R}", x, probe, fx);
                    }
                    // F' must match f to 8 digits, up to an allowance relative to f around this point (not its global maximum,
                    // which a nearby pole makes huge: where f is tiny next to its partial fractions, cancellation is caught).
                    // Far out (|x| > 2), where F' is a difference of terms that decay slower than f, the rounding noise of
                    // evaluating F' is allowed for too.
                    double tolerance = RelativeTolerance * Math.Abs(fx) + 1e-9 * LocalScale(integrandValues, i) + 1e-300;
                    if (Math.Abs(probe) > 2) tolerance += 1e-13 * Magnitude(derivativeTerms, values, slope);
                    // Next to a pole (f a thousand times its typical size) F' is a difference of huge terms: 5 digits.
                    if (Math.Abs(fx) > 1e3 * typical) tolerance = Math.Max(tolerance, 1e-5 * Math.Abs(fx));
                    if (!forgiven && Math.Abs(slope - fx) > tolerance && !AgreesWithDifferenceQuotient(cF, values, fx, tolerance)
                        && !WithinRounding(cdF, cf, values, slope, fx, tolerance))
                        return Fail(agreeing, "at {0} = {1} the derivative of the antiderivative is {2:R} but the integrand is {3:R}", x, probe, slope, fx);
                    agreeing++;
                    finite.Add((probe, value));
                }
                var jump = FindJump(integrand, cF, values, finite, scale, budget);
                if (jump is not null) return Fail(agreeing, "{0}", jump);
            }
            if (agreeing < 3)
                return new AntiderivativeVerdict(false, symbolic, agreeing, "fewer than 3 probe points lie in the integrand's domain, so the result could not be checked");
            return new AntiderivativeVerdict(true, symbolic, agreeing, "");
        }

        /// <summary>
        /// The fixed probes, plus, when fewer than 8 of them fall in the integrand's domain (acos(2 + 3x) lives on
        /// [−1, −1/3]), points spread over the part of a fine grid where the integrand is finite.
        /// </summary>
        private static List<double> ProbesFor(Func<double[], double> f, double[] values, Budget budget)
        {
            var probes = new List<double>(Probes);
            int inDomain = 0;
            foreach (double probe in Probes)
            {
                values[0] = probe;
                if (IsFinite(f(values))) inDomain++;
            }
            if (inDomain >= 8) return probes;
            var grid = new List<double>();
            for (int i = -600; i <= 600; i++)
            {
                // Dense near 0, reaching ±200: x = sinh(i/100)·0.5 covers [−201, 201] with steps from 0.005.
                double x = 0.5 * Math.Sinh(i / 100.0) + 1e-7;
                values[0] = x;
                if (IsFinite(f(values))) grid.Add(x);
            }
            budget.Charge(grid.Count / 4 + 1);
            int wanted = Math.Min(12, grid.Count);
            for (int k = 0; k < wanted; k++) probes.Add(grid[(int)((k + 0.5) * grid.Count / wanted)]);
            probes.Sort();
            return probes;
        }

        /// <summary>Σ |terms| of a sum: what the rounding error of evaluating it scales with.</summary>
        private static double Magnitude(List<CompiledExpression> terms, double[] values, double value)
        {
            if (terms.Count == 0) return Math.Abs(value);
            double total = 0;
            foreach (var t in terms) total += Math.Abs(t.Evaluate(values));
            return total;
        }

        /// <summary>True when f is undefined just to one side of x: x is an end of f's domain.</summary>
        private static bool AtDomainEdge(Func<double[], double> f, double[] values, double x)
        {
            double step = 1e-7 * Math.Max(1, Math.Abs(x));
            values[0] = x - step;
            bool left = IsFinite(f(values));
            values[0] = x + step;
            bool right = IsFinite(f(values));
            values[0] = x;
            return left != right;
        }

        /// <summary>
        /// When every |u| of F sits inside a logarithm (ln|x + 2|), F' only holds sign(u)/|u| = 1/u: replacing |u| by u and
        /// sign(u) by 1 in F' − f keeps its value wherever u ≠ 0, and makes it a rational function the exact check can
        /// reduce. Otherwise the difference is returned unchanged.
        /// </summary>
        private static Expr WithoutLogAbs(Expr antiderivative, Expr difference, Budget budget)
        {
            bool onlyInLogs = true;
            foreach (var node in Algebra.Rewrite.Subtrees(antiderivative, budget))
            {
                foreach (var child in node.Children)
                {
                    if (child is CallExpr { Function: Function.Abs or Function.Sign } && node is not CallExpr { Function: Function.Log }) onlyInLogs = false;
                }
                if (node is CallExpr { Function: Function.Sign }) onlyInLogs = false;
            }
            if (antiderivative is CallExpr { Function: Function.Abs or Function.Sign }) onlyInLogs = false;
            if (!onlyInLogs) return difference;
            return Algebra.Rewrite.Replace(difference, node => node switch
            {
                CallExpr { Function: Function.Abs } a => a.Argument,
                CallExpr { Function: Function.Sign } => Expr.One,
                _ => null,
            }, budget);
        }

        private static double LocalScale(double[] integrandValues, int i)
        {
            double local = 0;
            for (int j = Math.Max(0, i - 1); j <= Math.Min(integrandValues.Length - 1, i + 1); j++)
            {
                if (IsFinite(integrandValues[j])) local = Math.Max(local, Math.Abs(integrandValues[j]));
            }
            return local;
        }

        /// <summary>
        /// The symbolic derivative can lose digits where F' is a difference of large terms; accept the point if a
        /// difference quotient of F itself agrees with f (F is what gets emitted).
        /// </summary>
        private static bool AgreesWithDifferenceQuotient(CompiledExpression cF, double[] values, double fx, double tolerance)
        {
            double x = values[0];
            double h = 1e-4 * Math.Max(1, Math.Abs(x));
            double Eval(double t)
            {
                values[0] = t;
                return cF.Evaluate(values);
            }
            double coarse = (Eval(x + h) - Eval(x - h)) / (2 * h);
            double fine = (Eval(x + h / 2) - Eval(x - h / 2)) / h;
            values[0] = x;
            double estimate = (4 * fine - coarse) / 3;
            return IsFinite(estimate) && Math.Abs(estimate - fx) <= 1e3 * tolerance && Math.Abs(coarse - fine) < 0.01 * Math.Abs(fine) + tolerance;
        }

        /// <summary>
        /// F' and f differ by no more than what rounding in evaluating them can explain (a bound from running error
        /// analysis, doubled): x¹⁹·(2 + 3x⁴)^(1/4) near 0, where F' is a difference of terms a million times larger than f.
        /// A wrong F differs by more than rounding at some probe; only points whose evaluation is that uncertain are forgiven,
        /// and only up to 6 significant digits.
        /// </summary>
        private static bool WithinRounding(CompiledExpression cdF, CompiledExpression cf, double[] values, double slope, double fx, double tolerance)
        {
            cdF.EvaluateWithError(values, out double slopeError);
            cf.EvaluateWithError(values, out double integrandError);
            double bound = 2 * (slopeError + integrandError);
            // Never more than 6 digits lost: an F whose derivative cannot even show that is not worth emitting.
            return IsFinite(bound) && Math.Abs(slope - fx) <= tolerance + Math.Min(bound, 1e-6 * Math.Abs(fx));
        }

        /// <summary>The median of |f| over the probes where it is finite.</summary>
        private static double Typical(double[] integrandValues)
        {
            var finite = new List<double>();
            foreach (double v in integrandValues) if (IsFinite(v)) finite.Add(Math.Abs(v));
            if (finite.Count == 0) return 0;
            finite.Sort();
            return finite[finite.Count / 2];
        }

        /// <summary>F(b) − F(a) must equal ∫ₐᵇ f wherever quadrature can vouch for the integral: no jumps.</summary>
        private static string? FindJump(Func<double[], double> f, CompiledExpression cF, double[] values, List<(double X, double F)> points, double scale, Budget budget)
        {
            var parameters = (double[])values.Clone();
            double Integrand(double t)
            {
                parameters[0] = t;
                return f(parameters);
            }
            for (int i = 1; i < points.Count; i++)
            {
                var (a, fa) = points[i - 1];
                var (b, fb) = points[i];
                if (b - a > 4 || Math.Abs(a) > 60 || Math.Abs(b) > 60) continue;
                budget.Charge(50);
                // A pole between the points (1/cos⁷ between π/2-crossings) can fool quadrature into a "converged" huge
                // value: only intervals where f stays within a few orders of its size at the ends are judged.
                double ends = Math.Max(Math.Abs(Integrand(a)), Math.Abs(Integrand(b)));
                bool pole = false;
                for (int k = 1; k < 64 && !pole; k++)
                {
                    double v = Integrand(a + (b - a) * k / 64);
                    pole = !IsFinite(v) || Math.Abs(v) > 1e4 * ends + 1e-300;
                }
                if (pole) continue;
                var q = Quadrature.Integrate(Integrand, a, b, 1e-13 * Math.Max(scale, 1e-300) * (b - a), 1e-11, 60);
                if (!q.Converged || !IsFinite(q.Value)) continue;
                double change = fb - fa;
                // F's own rounding (a difference of huge terms, x⁵·e^(3/x²) against erfi(√3/x)) is no jump.
                parameters[0] = a;
                cF.EvaluateWithError(parameters, out double errorA);
                parameters[0] = b;
                cF.EvaluateWithError(parameters, out double errorB);
                double rounding = 2 * (errorA + errorB);
                if (!IsFinite(rounding)) rounding = 0;
                double tolerance = 1e-7 * (Math.Abs(q.Value) + Math.Abs(fa) + Math.Abs(fb)) + 100 * q.ErrorEstimate + rounding + 1e-12;
                if (Math.Abs(change - q.Value) > tolerance && !AgreesPiecewise(Integrand, a, b, change, tolerance - 100 * q.ErrorEstimate, scale))
                    return string.Format(CultureInfo.InvariantCulture,
                        "the antiderivative jumps between {0} and {1}: it changes by {2:G6} there, but the integral of the integrand is {3:G6}", a, b, change, q.Value);
            }
            return null;
        }

        /// <summary>
        /// A second opinion before a jump is reported: the integral again over 16 pieces, which a kink inside [a, b] (2·|cos w|,
        /// the root of 2 + 2·cos 2w) cannot fool into an optimistic error estimate. A real jump still shows in full.
        /// </summary>
        private static bool AgreesPiecewise(Func<double, double> integrand, double a, double b, double change, double tolerance, double scale)
        {
            double sum = 0, error = 0;
            for (int k = 0; k < 16; k++)
            {
                double lo = a + (b - a) * k / 16, hi = a + (b - a) * (k + 1) / 16;
                var piece = Quadrature.Integrate(integrand, lo, hi, 1e-14 * Math.Max(scale, 1e-300) * (hi - lo), 1e-12, 60);
                if (!piece.Converged || !IsFinite(piece.Value)) return false;
                sum += piece.Value;
                error += piece.ErrorEstimate;
            }
            return Math.Abs(change - sum) <= tolerance + 100 * error;
        }

        /// <summary>The canonical integrand has the written one's value here, up to the rounding of evaluating it.</summary>
        private static bool SameValue(CompiledExpression cf, double[] values, double written)
        {
            double canonical = cf.EvaluateWithError(values, out double error);
            if (!IsFinite(written) || !IsFinite(canonical)) return IsFinite(written) == IsFinite(canonical);
            return Math.Abs(canonical - written) <= 4 * error + 1e-12 * Math.Abs(written) + 1e-300;
        }

        private static AntiderivativeVerdict Fail(int agreeing, string format, params object[] args) =>
            new(false, false, agreeing, string.Format(CultureInfo.InvariantCulture, format, args));

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
    }
}
