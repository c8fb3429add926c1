using System;
using System.Collections.Generic;
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

        /// <summary>
        /// The names of the directions of a Hessian-vector product or a tangent: one per differentiated parameter, fresh
        /// among the program's names.
        /// </summary>
        public static IReadOnlyList<(string Parameter, string Direction)> Directions(Program program, IReadOnlyList<string> parameters) =>
            ForwardMode.Directions(program, parameters);

        /// <summary>
        /// A Hessian-vector product H·v of the program's result, by reverse mode over forward mode: the tangent program
        /// computes the directional derivative ∇f·v (verified against directional finite differences of the function as
        /// written), and its gradient with respect to the parameters, v held constant, is H·v (verified against finite
        /// differences of the tangent program). The result's value is ∇f·v; array outputs are named {x}Hvp.
        /// </summary>
        public static EngineOutcome<GradientResult> HessianVectorProduct(GradientJob job, CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken, MaxSteps);
            try
            {
                var directions = ForwardMode.Directions(job.Program, job.Parameters);
                var tangent = ForwardMode.Tangent(job.Program, directions, budget);
                var check = GradientVerifier.CheckTangent(job.Program, job.Written, tangent, directions, new Budget(cancellationToken, MaxVerificationSteps));
                if (!check.Passed) return EngineOutcome<GradientResult>.Failure(EngineProblemKind.VerificationFailed, check.Explanation);
                return Run(new GradientJob(tangent, job.Parameters, job.Type, job.ArrayTypes, job.StableForms, written: null, job.Accumulate, outputSuffix: "Hvp"), cancellationToken);
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

        public static EngineOutcome<GradientResult> Run(GradientJob job, CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken, MaxSteps);
            try
            {
                var normalized = ProgramNormalizer.Normalize(job.Program, budget);
                if (job.StableForms) normalized = normalized.Map(e => LogisticIdentities.Rewrite(e, budget));
                Func<Expr, Expr> finish = job.StableForms ? e => StableForms.WhereEqual(e, null, budget) : e => e;
                var adjoint = ReverseMode.Build(normalized, job.Parameters, finish, budget, outputSuffix: job.OutputSuffix);
                var check = GradientVerifier.Check(job.Program, job.Written, adjoint, new Budget(cancellationToken, MaxVerificationSteps));
                if (!check.Passed)
                {
                    // If a fused loop is what the verifier refuses, the plain sweeps may pass: they are tried before giving up.
                    adjoint = ReverseMode.Build(normalized, job.Parameters, finish, budget, fuseLoops: false, outputSuffix: job.OutputSuffix);
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
