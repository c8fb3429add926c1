using System;
using System.Collections.Generic;
using System.Threading;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Verification;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// Differentiates, verifies against finite differences and emits. Never throws for bad input: limits and failed
    /// verification come back as an outcome with a problem (cancellation still propagates).
    /// </summary>
    public static class DerivativeEngine
    {
        private const int MaxRetriedSize = 400;

        public static EngineOutcome<IReadOnlyList<DerivativeResult>> Run(DerivativeJob job, CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken);
            try
            {
                var results = new List<DerivativeResult>(job.MaxOrder);
                var current = job.StableForms ? LogisticIdentities.Rewrite(job.Function, budget) : job.Function;
                for (int order = 1; order <= job.MaxOrder; order++)
                {
                    var next = Differentiator.Differentiate(current, job.Variable, budget);
                    // Against finite differences of the C# as written (above order 1, of the verified previous order).
                    var written = order == 1 ? job.Written : null;
                    var check = NumericVerifier.CheckDerivative(current, next, job.Variable, job.ParameterNames, budget, written);
                    bool textbookPassed = check.Passed;
                    // A small textbook form that is 0/0 where the function is finite ((ln Φ)′ far left) may pass as its stable
                    // form, which is what would run; else nothing is emitted. (Large failures are not worth rewriting.)
                    if (!check.Passed && (!job.StableForms || next.Size > MaxRetriedSize))
                        return EngineOutcome<IReadOnlyList<DerivativeResult>>.Failure(EngineProblemKind.VerificationFailed, check.Explanation);
                    var emitted = job.StableForms ? StableForms.WhereEqual(next, job.ParameterNames, budget) : next;
                    if (!check.Passed)
                    {
                        var stable = ReferenceEquals(emitted, next) ? check : NumericVerifier.CheckDerivative(current, emitted, job.Variable, job.ParameterNames, budget, written);
                        if (!stable.Passed) return EngineOutcome<IReadOnlyList<DerivativeResult>>.Failure(EngineProblemKind.VerificationFailed, check.Explanation);
                        check = stable;
                    }
                    // The stable form is what runs, so it faces the same check; the textbook form is emitted if it fails.
                    else if (!ReferenceEquals(emitted, next) && !NumericVerifier.CheckDerivative(current, emitted, job.Variable, job.ParameterNames, budget, written).Passed)
                        emitted = next;
                    var body = CSharpEmitter.Emit(new[] { emitted }, job.Type, job.ParameterNames, budget);
                    // And the code as printed must compute that formula (the printer orders products and shares locals its own way).
                    string? printed = NumericVerifier.CheckEmitted(body, emitted, job.Variable, job.ParameterNames, job.Type, budget);
                    if (printed is not null && !ReferenceEquals(emitted, next) && textbookPassed)
                    {
                        emitted = next;
                        body = CSharpEmitter.Emit(new[] { emitted }, job.Type, job.ParameterNames, budget);
                        printed = NumericVerifier.CheckEmitted(body, emitted, job.Variable, job.ParameterNames, job.Type, budget);
                    }
                    if (printed is not null) return EngineOutcome<IReadOnlyList<DerivativeResult>>.Failure(EngineProblemKind.VerificationFailed, printed);
                    results.Add(new DerivativeResult(order, next, body, MathPrinter.Readable(next), check.AgreeingPoints));
                    current = next;
                }
                return EngineOutcome<IReadOnlyList<DerivativeResult>>.Success(results);
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<IReadOnlyList<DerivativeResult>>.Failure(EngineProblemKind.LimitExceeded, message);
            }
            catch (MissingDerivativeException e)
            {
                return EngineOutcome<IReadOnlyList<DerivativeResult>>.Failure(EngineProblemKind.MissingDerivative, e.Message);
            }
        }
    }
}
