using System;
using CompileTimeCalculus.Engine.Differentiation;
using System.Threading;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Verification;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// Reverse-mode gradients of programs: normalize (symbolic execution), build the adjoint program, verify it by running
    /// it against finite differences of the source program at random arguments, print it. Never throws for bad input.
    /// </summary>
    public static class GradientEngine
    {
        public const int MaxSteps = 300_000;

        /// <summary>Interpreting the source and adjoint programs at all probes is charged separately from building them.</summary>
        public const int MaxVerificationSteps = 3_000_000;

        public static EngineOutcome<GradientResult> Run(GradientJob job, CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken, MaxSteps);
            try
            {
                var normalized = ProgramNormalizer.Normalize(job.Program, budget);
                if (job.StableForms) normalized = normalized.Map(e => LogisticIdentities.Rewrite(e, budget));
                Func<Expr, Expr> finish = job.StableForms ? e => StableForms.WhereEqual(e, null, budget) : e => e;
                var adjoint = ReverseMode.Build(normalized, job.Parameters, finish, budget);
                var check = GradientVerifier.Check(job.Program, job.Written, adjoint, new Budget(cancellationToken, MaxVerificationSteps));
                if (!check.Passed)
                {
                    // If a fused loop is what the verifier refuses, the plain sweeps may pass: they are tried before giving up.
                    adjoint = ReverseMode.Build(normalized, job.Parameters, finish, budget, fuseLoops: false);
                    check = GradientVerifier.Check(job.Program, job.Written, adjoint, new Budget(cancellationToken, MaxVerificationSteps));
                }
                if (!check.Passed) return EngineOutcome<GradientResult>.Failure(EngineProblemKind.VerificationFailed, check.Explanation);
                var code = AdjointPrinter.Print(adjoint, job.Type, job.ArrayTypes, budget, job.Accumulate);
                return EngineOutcome<GradientResult>.Success(new GradientResult(adjoint, code, check.AgreeingPoints));
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<GradientResult>.Failure(EngineProblemKind.LimitExceeded, message);
            }
            catch (MissingDerivativeException e)
            {
                return EngineOutcome<GradientResult>.Failure(EngineProblemKind.MissingDerivative, e.Message);
            }
        }
    }
}
