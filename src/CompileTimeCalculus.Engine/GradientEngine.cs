using System;
using System.Collections.Generic;
using System.Linq;
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

        /// <summary>
        /// A layer's Jacobian-vector product J·v by forward mode. The job's program is the layer read as the scalar ȳ·y
        /// (<paramref name="output"/> is ȳ, an array parameter whose length is the output's, and the program fills a local
        /// buffer of that length). The tangent program's value, ȳ·(J·v), is verified against directional finite
        /// differences of the layer as written at random ȳ; the emitted program is the tangent program without the
        /// product with ȳ, which fills the buffer and its tangent, and is checked to give the same ȳ·y and ȳ·(J·v) as the
        /// verified programs. The buffers are copied to the spans named <paramref name="output"/> and <paramref name="outputTangent"/>.
        /// </summary>
        public static EngineOutcome<JacobianVectorProductResult> JacobianVectorProduct(GradientJob job, string output, string outputTangent, NumericType outputType,
            CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken, MaxSteps);
            try
            {
                var buffer = job.Program.Body.OfType<BufferStatement>().FirstOrDefault(b => b.Length.Equals(IntExpr.Length(output)))?.Name
                    ?? throw new ArgumentException("The program has no buffer of the output's length.", nameof(job));
                var directions = ForwardMode.Directions(job.Program, job.Parameters);
                var tangent = ForwardMode.Tangent(job.Program, directions, budget, out var tangents);
                var verification = new Budget(cancellationToken, MaxVerificationSteps);
                var check = GradientVerifier.CheckTangent(job.Program, job.Written, tangent, directions, verification);
                if (!check.Passed) return EngineOutcome<JacobianVectorProductResult>.Failure(EngineProblemKind.VerificationFailed, check.Explanation);
                if (!tangents.TryGetValue(buffer, out var tangentBuffer))
                    return EngineOutcome<JacobianVectorProductResult>.Failure(EngineProblemKind.VerificationFailed, "the output does not depend on the inputs differentiated");

                // What is emitted: the buffers are the result, so the product with ȳ (and everything only it needs) goes.
                var emitted = DeadAssignments.Remove(tangent with { Body = ReturningZero(tangent.Body) });
                var normalized = ProgramNormalizer.Normalize(emitted, budget);
                if (job.StableForms) normalized = normalized.Map(e => LogisticIdentities.Rewrite(e, budget));
                Func<Expr, Expr> finish = job.StableForms ? e => StableForms.WhereEqual(e, null, budget) : e => e;
                var program = ReverseMode.Build(normalized, Array.Empty<string>(), finish, budget);
                var same = GradientVerifier.CheckBuffers(job.Program, job.Written, tangent, directions, program, output, buffer, tangentBuffer, verification);
                if (!same.Passed) return EngineOutcome<JacobianVectorProductResult>.Failure(EngineProblemKind.VerificationFailed, same.Explanation);
                var code = AdjointPrinter.Print(program, job.Type, job.ArrayTypes, budget,
                    copyOut: new[] { (buffer, output, outputType), (tangentBuffer, outputTangent, outputType) });
                return EngineOutcome<JacobianVectorProductResult>.Success(new JacobianVectorProductResult(program, code, check.AgreeingPoints));
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<JacobianVectorProductResult>.Failure(EngineProblemKind.LimitExceeded, message);
            }
            catch (MissingDerivativeException e)
            {
                return EngineOutcome<JacobianVectorProductResult>.Failure(EngineProblemKind.MissingDerivative, e.Message);
            }
        }

        private static ValueList<Statement> ReturningZero(IEnumerable<Statement> statements) => new(statements.Select(s => s switch
        {
            ReturnStatement => new ReturnStatement(Expr.Zero),
            IfStatement i => new IfStatement(i.Test, ReturningZero(i.Then), ReturningZero(i.Else)),
            ForStatement f => f with { Body = ReturningZero(f.Body) },
            _ => s,
        }));

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
