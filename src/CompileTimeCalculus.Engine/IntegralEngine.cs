using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Integration;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Verification;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// Finds, verifies and emits antiderivatives and definite integrals. Never throws for bad input: no closed form,
    /// failed verification and exhausted budgets come back as problems (cancellation still propagates).
    /// </summary>
    public static class IntegralEngine
    {
        /// <summary>Integration searches more than differentiation does, so it gets a larger step budget.</summary>
        public const int MaxSteps = 300_000;

        /// <summary>At most this many parameters are tried one at a time as the parameter of a sign split.</summary>
        private const int MaxSignSplitParameters = 4;

        public static EngineOutcome<AntiderivativeResult> Antiderivative(AntiderivativeJob job, CancellationToken cancellationToken)
        {
            var outcome = AntiderivativeForAllSigns(job, new Budget(cancellationToken, MaxSteps));
            // A search that ran out of budget is not retried: two more searches per parameter would only run out again.
            if (outcome.Succeeded || outcome.Problem == EngineProblemKind.LimitExceeded) return outcome;
            return SignSplit(job, cancellationToken) ?? outcome;
        }

        /// <summary>
        /// The antiderivative found with no assumption on the parameters; it must also hold where each parameter is negative
        /// (a CDF's constant F(−∞) found at σ = 0.75 is a different number at σ = −0.75), else it is left to <see cref="SignSplit"/>.
        /// </summary>
        private static EngineOutcome<AntiderivativeResult> AntiderivativeForAllSigns(AntiderivativeJob job, Budget budget, string? caseOf = null)
        {
            var outcome = Core(job, budget);
            if (!outcome.Succeeded) return outcome;
            try
            {
                foreach (var p in SplittableParameters(job))
                {
                    if (p == caseOf) continue;
                    var negated = new[] { p };
                    if (!AntiderivativeVerifier.Check(job.Function, outcome.Result!.Emitted, job.Variable, job.ParameterNames, budget, written: job.Written, negated: negated).Passed
                        || job.LowerLimit is double lower && !VanishesAt(outcome.Result.Emitted, job, lower, negated, budget))
                        return EngineOutcome<AntiderivativeResult>.Failure(EngineProblemKind.NoClosedForm, $"the antiderivative found does not hold for {p} < 0");
                }
            }
            catch (Exception e) when (e is ExpressionLimitException or KeyNotFoundException)
            {
                return EngineOutcome<AntiderivativeResult>.Failure(EngineProblemKind.LimitExceeded, e.Message);
            }
            return outcome;
        }

        private static bool VanishesAt(Expr antiderivative, AntiderivativeJob job, double lower, IReadOnlyCollection<string> negated, Budget budget)
        {
            if (Limits.At(antiderivative, job.Variable, lower, job.ParameterNames, budget, negated) is not { } limit) return false;
            foreach (var values in AntiderivativeVerifier.ParameterSets(job.Variable, job.ParameterNames, negated))
            {
                values[job.Variable] = 0;
                if (!(Math.Abs(Evaluator.Evaluate(limit, values)) <= 1e-12)) return false;
            }
            return true;
        }

        private static IEnumerable<string> SplittableParameters(AntiderivativeJob job)
        {
            int count = 0;
            foreach (var p in job.ParameterNames)
            {
                if (p == job.Variable || !job.Function.DependsOn(p)) continue;
                if (++count > MaxSignSplitParameters) yield break;
                yield return p;
            }
        }

        /// <summary>
        /// Integration by cases on the sign of one parameter, as Rubi's rules carry conditions (PosQ[a]): the case p > 0 with
        /// the interval analysis told so, the case p &lt; 0 as the case q > 0 of the integrand with p = −q. The answer is
        /// p > 0 ? F₊ : p &lt; 0 ? F₋ : NaN (NaN also for a case with no closed form, or where the integral does not exist), and it
        /// is verified against the code as written at positive and at negative values of p.
        /// </summary>
        private static EngineOutcome<AntiderivativeResult>? SignSplit(AntiderivativeJob job, CancellationToken cancellationToken)
        {
            foreach (var p in SplittableParameters(job))
            {
                var positive = Case(job, p, negative: false, cancellationToken);
                if (positive is null) continue;
                var negative = Case(job, p, negative: true, cancellationToken);
                var budget = new Budget(cancellationToken, MaxSteps);
                try
                {
                    var nan = Expr.Num(Number.Inexact(double.NaN));
                    var parameter = Expr.Var(p);
                    // Cases that give the same formula (arctan(x/a)/a) need one test, for the excluded p = 0.
                    Expr Join(Func<AntiderivativeResult, Expr> part) =>
                        negative is not null && part(positive).Equals(part(negative)) ? Expr.Conditional(Expr.Compare(ComparisonOperator.NotEqual, parameter, Expr.Zero), part(positive), nan)
                        : Expr.Conditional(Expr.Compare(ComparisonOperator.Greater, parameter, Expr.Zero), part(positive),
                            negative is null ? nan : Expr.Conditional(Expr.Compare(ComparisonOperator.Less, parameter, Expr.Zero), part(negative), nan));
                    var emitted = Join(r => r.Emitted);
                    var antiderivative = Join(r => r.Antiderivative);
                    var check = AntiderivativeVerifier.Check(job.Function, emitted, job.Variable, job.ParameterNames, budget, written: job.Written);
                    if (check.Passed && negative is not null)
                        check = AntiderivativeVerifier.Check(job.Function, emitted, job.Variable, job.ParameterNames, budget, written: job.Written, negated: new[] { p });
                    if (!check.Passed) continue;
                    var body = CSharpEmitter.Emit(new[] { emitted }, job.Type, job.ParameterNames, budget);
                    if (NumericVerifier.CheckEmitted(body, emitted, job.Variable, job.ParameterNames, job.Type, budget) is not null) continue;
                    string condition = negative is null ? $"{p} > 0 (NaN otherwise)" : $"{p} ≠ 0 (NaN at {p} = 0)";
                    var steps = new List<string> { $"by cases on the sign of {p}; holds for {condition}" };
                    foreach (var line in positive.Steps) steps.Add($"{p} > 0: " + line);
                    if (negative is not null) foreach (var line in negative.Steps) steps.Add($"{p} < 0: " + line);
                    string note = (positive.ConstantNote is null ? "" : positive.ConstantNote + "; ") + "holds for " + condition;
                    return EngineOutcome<AntiderivativeResult>.Success(
                        new AntiderivativeResult(antiderivative, emitted, body, MathPrinter.Readable(antiderivative), steps, check.AgreeingPoints, false, note));
                }
                catch (Exception e) when (EngineLimits.IsLimit(e, out _))
                {
                    continue;
                }
            }
            return null;
        }

        /// <summary>One case of <see cref="SignSplit"/>, its results in terms of p again; null when it has no verified closed form.</summary>
        private static AntiderivativeResult? Case(AntiderivativeJob job, string p, bool negative, CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken, MaxSteps) { PositiveVariables = new[] { p } };
            try
            {
                var minusP = Expr.Negate(Expr.Var(p));
                var function = negative ? Algebra.Rewrite.Substitute(job.Function, p, minusP, budget) : job.Function;
                // The written body is the reference for p > 0; for p < 0 the joined answer is checked against it afterwards.
                var caseJob = new AntiderivativeJob(function, job.Variable, job.ParameterNames, job.Type, job.LowerLimit, job.StableForms, negative ? null : job.Written);
                // The other parameters must still be free in sign: a case of the location μ that only holds for a positive scale is no answer.
                var outcome = AntiderivativeForAllSigns(caseJob, budget, p);
                if (!outcome.Succeeded) return null;
                var r = outcome.Result!;
                if (!negative) return r;
                Expr Back(Expr e) => Algebra.Rewrite.Substitute(e, p, minusP, budget);
                return new AntiderivativeResult(Back(r.Antiderivative), Back(r.Emitted), r.Body, r.Readable, r.Steps, r.VerifiedPoints, r.ProvenSymbolically, r.ConstantNote);
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out _))
            {
                return null;
            }
        }

        /// <summary>
        /// In a sign case, (p^(2k))^r is p^(2kr): √(1/σ²) is 1/σ for σ > 0. The simpler form is also the one the stable forms
        /// recognize (½ + ½·erf(u) as ½·erfc(−u) for a CDF's left tail).
        /// </summary>
        private static Expr WithPositive(Expr e, Budget budget)
        {
            if (budget.PositiveVariables.Count == 0) return e;
            budget.Charge();
            var children = new Expr[e.Children.Count];
            bool changed = false;
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = WithPositive(e.Children[i], budget);
                changed |= !ReferenceEquals(children[i], e.Children[i]);
            }
            var rebuilt = changed ? Expr.Rebuild(e, children) : e;
            if (rebuilt is PowerExpr { Base: PowerExpr { Base: VariableExpr v, Exponent: NumberExpr inner }, Exponent: NumberExpr outer }
                && System.Linq.Enumerable.Contains(budget.PositiveVariables, v.Name))
                return Expr.Power(v, Expr.Num(inner.Value * outer.Value));
            return rebuilt;
        }

        /// <summary>
        /// C + k·(t ? A : B) as t ? C + k·A : C + k·B, each branch expanded, when that is no bigger: a piecewise CDF's
        /// ½ + ½·(e^z − 1) becomes ½·e^z, which keeps its digits 40 scales into the left tail where the sum is 0.
        /// </summary>
        private static Expr ConstantIntoBranches(Expr e, string x, Budget budget)
        {
            if (e is not SumExpr sum) return e;
            var constants = new List<Expr>();
            Expr? scale = null;
            ConditionalExpr? conditional = null;
            foreach (var term in sum.Terms)
            {
                if (!term.DependsOn(x)) { constants.Add(term); continue; }
                if (conditional is not null) return e;
                var (k, rest) = Algebra.Rewrite.SplitConstant(term, x);
                if (rest is not ConditionalExpr c) return e;
                (scale, conditional) = (k, c);
            }
            if (conditional is null || constants.Count == 0) return e;
            var c0 = Expr.Add(constants);
            var whenTrue = Algebra.Rewrite.Expand(Expr.Add(c0, Expr.Multiply(scale!, conditional.WhenTrue)), budget);
            var whenFalse = Algebra.Rewrite.Expand(Expr.Add(c0, Expr.Multiply(scale!, conditional.WhenFalse)), budget);
            var pushed = Expr.Conditional(conditional.Test, whenTrue, whenFalse);
            return pushed.Size <= e.Size ? pushed : e;
        }

        private static EngineOutcome<AntiderivativeResult> Core(AntiderivativeJob job, Budget budget)
        {
            try
            {
                var derivation = Integrator.Integrate(job.Function, job.Variable, budget, job.ParameterNames);
                if (derivation is null) return EngineOutcome<AntiderivativeResult>.Failure(EngineProblemKind.NoClosedForm, "no closed-form antiderivative was found");

                var antiderivative = WithPositive(derivation.Result, budget);
                string? note = null;
                if (job.LowerLimit is double lower)
                {
                    // The stable form has a limit where the textbook one overflows (e^x/(1 + e^x)² at −∞).
                    var constant = Limits.At(StableForms.WhereEqual(antiderivative, job.ParameterNames, budget, mostPoints: true), job.Variable, lower, job.ParameterNames, budget)
                        ?? Limits.At(antiderivative, job.Variable, lower, job.ParameterNames, budget);
                    if (constant is null)
                        return EngineOutcome<AntiderivativeResult>.Failure(EngineProblemKind.Undefined,
                            $"the antiderivative {Show.Math(antiderivative)} has no finite limit at {FormatLimit(lower)}, so no constant makes F({FormatLimit(lower)}) = 0");
                    antiderivative = ConstantIntoBranches(Expr.Subtract(antiderivative, constant), job.Variable, budget);
                    note = $"F({FormatLimit(lower)}) = 0";
                }

                var emitted = Verified(job.Function, antiderivative, job.Variable, job.ParameterNames, job.StableForms, budget, out var verification, job.Written, job.Type, out var body);
                if (emitted is null || body is null)
                    return EngineOutcome<AntiderivativeResult>.Failure(EngineProblemKind.VerificationFailed,
                        "an antiderivative was found but failed verification (" + verification.Explanation + "), so it was not emitted");
                return EngineOutcome<AntiderivativeResult>.Success(new AntiderivativeResult(antiderivative, emitted, body, MathPrinter.Readable(antiderivative), derivation.Step.Lines(),
                    verification.AgreeingPoints, verification.Symbolic, note));
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<AntiderivativeResult>.Failure(EngineProblemKind.LimitExceeded, message);
            }
        }

        /// <summary>
        /// A verified antiderivative, or null with <paramref name="problem"/> saying why the one found was rejected
        /// (null problem: none was found). <paramref name="emitted"/> is the form that was verified: the stable form where
        /// it is equal and passes (what the generator emits), else the textbook form.
        /// </summary>
        public static Derivation? Find(Expr f, string x, IReadOnlyList<string> parameters, Budget budget, out Expr? emitted, out AntiderivativeVerdict verification, out string? problem,
            WrittenProgram? written = null)
        {
            problem = null;
            emitted = null;
            verification = default;
            var derivation = Integrator.Integrate(f, x, budget, parameters);
            if (derivation is null) return null;
            emitted = Verified(f, derivation.Result, x, parameters, true, budget, out verification, written, NumericType.Double, out _);
            if (emitted is not null) return derivation;
            problem = "an antiderivative was found but failed verification (" + verification.Explanation + "), so it was not emitted";
            return null;
        }

        /// <summary>
        /// What the generator emits: the first candidate (the stable form, then the textbook one) that passes the verifier and whose code, as printed
        /// for <paramref name="type"/>, computes it; null if none does.
        /// </summary>
        private static Expr? Verified(Expr f, Expr antiderivative, string x, IReadOnlyList<string> parameters, bool stableForms, Budget budget, out AntiderivativeVerdict verification,
            WrittenProgram? written, NumericType type, out EmittedBody? body)
        {
            AntiderivativeVerdict? first = null;
            body = null;
            var candidates = new List<Expr>();
            if (stableForms)
            {
                var stable = StableForms.WhereEqual(antiderivative, parameters, budget, mostPoints: true);
                if (!stable.Equals(antiderivative)) candidates.Add(stable);
            }
            candidates.Add(antiderivative);
            foreach (var candidate in candidates)
            {
                var check = AntiderivativeVerifier.Check(f, candidate, x, parameters, budget, antiderivative, written);
                if (check.Passed)
                {
                    var code = CSharpEmitter.Emit(new[] { candidate }, type, parameters, budget);
                    string? printed = NumericVerifier.CheckEmitted(code, candidate, x, parameters, type, budget);
                    if (printed is null)
                    {
                        verification = check;
                        body = code;
                        return candidate;
                    }
                    check = new AntiderivativeVerdict(false, check.Symbolic, check.AgreeingPoints, printed);
                }
                first ??= check;
            }
            // Refused, perhaps only for digits lost next to a zero of f at 0: the Taylor polynomial there, the closed form beyond.
            if (SeriesNearZero.Of(f, candidates[0], x, budget) is { } nearZero)
            {
                var check = AntiderivativeVerifier.Check(f, nearZero, x, parameters, budget, antiderivative, written);
                if (check.Passed)
                {
                    var code = CSharpEmitter.Emit(new[] { nearZero }, type, parameters, budget);
                    if (NumericVerifier.CheckEmitted(code, nearZero, x, parameters, type, budget) is null)
                    {
                        verification = check;
                        body = code;
                        return nearZero;
                    }
                }
            }
            verification = first!.Value;
            return null;
        }

        public static EngineOutcome<DefiniteIntegralResult> Definite(Expr f, string x, double lower, double upper, IReadOnlyList<string> parameters,
            CancellationToken cancellationToken, NumericType type = NumericType.Double,
            WrittenProgram? written = null)
        {
            var budget = new Budget(cancellationToken, MaxSteps);
            var others = new List<string>();
            foreach (var p in parameters) if (p != x) others.Add(p);
            try
            {
                bool hasParameters = false;
                foreach (var p in parameters) hasParameters |= p != x;
                var values = NumericVerifier.ConstantValues(x, parameters);
                var compiledVariables = new List<string> { x };
                foreach (var p in parameters) if (p != x) compiledVariables.Add(p);
                var integrand = new CompiledExpression(f, compiledVariables, budget);
                var reference = written is null ? null : new WrittenReference(written, x, values, budget);
                var arguments = new double[compiledVariables.Count];
                for (int i = 1; i < arguments.Length; i++) arguments[i] = values[compiledVariables[i]];
                double Integrand(double t)
                {
                    if (reference is not null) return reference.At(t);
                    arguments[0] = t;
                    return integrand.Evaluate(arguments);
                }
                var quadrature = Quadrature.Integrate(Integrand, lower, upper, 1e-13, 1e-12, Quadrature.MaxIntervals);

                // With no assumption first, then (parameters only) assuming each parameter positive in turn.
                var cases = new List<string?> { null };
                foreach (var p in others) if (f.DependsOn(p) && cases.Count <= MaxSignSplitParameters) cases.Add(p);
                foreach (var positive in cases)
                {
                    budget.PositiveVariables = positive is null ? Array.Empty<string>() : new[] { positive };
                    var found = Find(f, x, parameters, budget, out var emitted, out _, out _, written);
                    budget.PositiveVariables = Array.Empty<string>();
                    if (found is null || emitted is null) continue;
                    var a = Limits.At(emitted, x, lower, parameters, budget) ?? Limits.At(found.Result, x, lower, parameters, budget);
                    var b = Limits.At(emitted, x, upper, parameters, budget) ?? Limits.At(found.Result, x, upper, parameters, budget);
                    if (a is null || b is null) continue;
                    var value = Expr.Subtract(b, a);
                    var withValues = new Dictionary<string, double>(values) { [x] = 0 };
                    double numeric = Evaluator.Evaluate(value, withValues);
                    // F(b) − F(a) is only the integral when f has no pole in between: quadrature must agree.
                    if (quadrature.Converged && Math.Abs(numeric - quadrature.Value) <= 1e-7 * Math.Abs(numeric) + 100 * quadrature.ErrorEstimate + 1e-14)
                    {
                        // The value was checked at positive parameters; where a parameter's sign flips, the integral may
                        // diverge (∫₀^∞ λe^(−λx) dx for λ < 0) or be another formula: there the method returns NaN.
                        var conditions = new List<string>();
                        foreach (var p in others)
                        {
                            if (!f.DependsOn(p) || HoldsWithNegated(value, p)) continue;
                            value = Expr.Conditional(Expr.Compare(ComparisonOperator.Greater, Expr.Var(p), Expr.Zero), value, Expr.Num(Number.Inexact(double.NaN)));
                            conditions.Add(p + " > 0");
                        }
                        string method = "from the antiderivative " + Show.Math(found.Result) + (conditions.Count == 0 ? "" : "; holds for " + string.Join(", ", conditions) + " (NaN otherwise)");
                        return EngineOutcome<DefiniteIntegralResult>.Success(new DefiniteIntegralResult(value, CSharpEmitter.Emit(new[] { value }, type, others, budget), numeric, 0, method));
                    }
                    if (!quadrature.Converged)
                        return EngineOutcome<DefiniteIntegralResult>.Failure(EngineProblemKind.Undefined,
                            $"the integral may diverge: adaptive quadrature did not converge on [{FormatLimit(lower)}, {FormatLimit(upper)}], although F(b) − F(a) = " +
                                $"{numeric.ToString("R", CultureInfo.InvariantCulture)}");
                }

                bool HoldsWithNegated(Expr value, string p)
                {
                    foreach (var set in AntiderivativeVerifier.ParameterSets(x, parameters, new[] { p }))
                    {
                        var reference = written is null ? null : new WrittenReference(written, x, set, budget);
                        var args = new double[compiledVariables.Count];
                        for (int i = 1; i < args.Length; i++) args[i] = set[compiledVariables[i]];
                        double At(double t)
                        {
                            if (reference is not null) return reference.At(t);
                            args[0] = t;
                            return integrand.Evaluate(args);
                        }
                        var q = Quadrature.Integrate(At, lower, upper, 1e-13, 1e-12, Quadrature.MaxIntervals);
                        set[x] = 0;
                        double formula = Evaluator.Evaluate(value, set);
                        if (!q.Converged || !(Math.Abs(formula - q.Value) <= 1e-7 * Math.Abs(formula) + 100 * q.ErrorEstimate + 1e-14)) return false;
                    }
                    return true;
                }
                if (hasParameters)
                    return EngineOutcome<DefiniteIntegralResult>.Failure(EngineProblemKind.NoClosedForm, "no closed-form antiderivative was found, and an integral that depends on parameters " +
                        "cannot be computed numerically at build time");
                if (!quadrature.Converged || double.IsNaN(quadrature.Value) || double.IsInfinity(quadrature.Value))
                    return EngineOutcome<DefiniteIntegralResult>.Failure(EngineProblemKind.Undefined,
                        $"adaptive quadrature did not converge on [{FormatLimit(lower)}, {FormatLimit(upper)}] (estimate {quadrature.Value.ToString("G6", CultureInfo.InvariantCulture)}, error " +
                            $"{quadrature.ErrorEstimate.ToString("G3", CultureInfo.InvariantCulture)}): the integral may diverge");
                var numericValue = Expr.Num(Number.Inexact(quadrature.Value));
                return EngineOutcome<DefiniteIntegralResult>.Success(
                    new DefiniteIntegralResult(numericValue, CSharpEmitter.Emit(new[] { numericValue }, type, others, budget), quadrature.Value, quadrature.ErrorEstimate,
                    "adaptive Gauss–Kronrod quadrature, " + quadrature.Evaluations.ToString(CultureInfo.InvariantCulture) + " evaluations"));
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<DefiniteIntegralResult>.Failure(EngineProblemKind.LimitExceeded, message);
            }
        }

        /// <summary>
        /// For Numeric = true: the integrand's landmarks (<see cref="NumericLandmarks"/>) as C# in its parameters, which the
        /// emitted method splits its range at before integrating, and a problem when, with the parameters held at probe
        /// values, that piecewise quadrature does not converge at any probe point (so the method would only return NaN).
        /// </summary>
        public static NumericAntiderivative PrepareNumericAntiderivative(Expr f, string x, IReadOnlyList<string> parameters, double lower, CancellationToken cancellationToken,
            WrittenProgram? written = null)
        {
            var budget = new Budget(cancellationToken, MaxSteps);
            var variables = new List<string> { x };
            foreach (var p in parameters) if (p != x) variables.Add(p);
            try
            {
                var landmarks = NumericLandmarks.Of(f, x, budget);
                var others = new List<string>(variables.Count - 1);
                for (int i = 1; i < variables.Count; i++) others.Add(variables[i]);
                var emitted = CSharpEmitter.Emit(landmarks, NumericType.Double, variables, budget);

                var compiled = new CompiledExpression(f, variables, budget);
                var values = new double[variables.Count];
                var constants = NumericVerifier.ConstantValues(x, parameters);
                var reference = written is null ? null : new WrittenReference(written, x, constants, budget);
                for (int i = 1; i < variables.Count; i++) values[i] = constants[variables[i]];
                var points = new double[landmarks.Count];
                for (int i = 0; i < points.Length; i++) points[i] = new CompiledExpression(landmarks[i], variables, budget).Evaluate(values);
                double Integrand(double t)
                {
                    if (reference is not null) return reference.At(t);
                    values[0] = t;
                    return compiled.Evaluate(values);
                }
                int converged = 0;
                foreach (double end in new[] { 0.5, 1.0, 2.0, 3.5, -0.5, -1.0, -2.0 })
                {
                    double to = double.IsInfinity(lower) ? end : lower + end;
                    budget.Charge(100);
                    var q = Quadrature.IntegratePiecewise(Integrand, lower, to, points, 1e-10, 1e-10, Quadrature.MaxIntervals);
                    if (q.Converged && !double.IsNaN(q.Value) && !double.IsInfinity(q.Value)) converged++;
                }
                return converged > 0 ? new NumericAntiderivative(emitted, null)
                    : new NumericAntiderivative(null, $"the integrand cannot be integrated numerically from {FormatLimit(lower)}: adaptive quadrature did not converge at any probe point (a " +
                        $"singularity at the lower limit? set LowerLimit)");
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return new NumericAntiderivative(null, message);
            }
        }

        public static string FormatLimit(double v) =>
            double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString("R", CultureInfo.InvariantCulture);
    }
}
