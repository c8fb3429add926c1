using System;
using System.Collections.Generic;
using System.Threading;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Verification;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// The outputs of a small vector function and every partial ∂fᵢ/∂xⱼ, emitted as one body (results: the m outputs, then
    /// the m·n partials row-major). Each partial is verified against finite differences of its output, and the printed
    /// code against each formula.
    /// </summary>
    public static class JacobianEngine
    {
        /// <param name="written">Each output as written, which its row of partials is verified against (null: the canonical outputs only).</param>
        public static EngineOutcome<EmittedBody> Run(IReadOnlyList<Expr> outputs, IReadOnlyList<string> names, NumericType type, bool stableForms,
            CancellationToken cancellationToken, IReadOnlyList<WrittenProgram>? written = null)
        {
            var budget = new Budget(cancellationToken);
            try
            {
                var roots = new List<Expr>();
                foreach (var output in outputs) roots.Add(stableForms ? LogisticIdentities.Rewrite(output, budget) : output);
                int m = roots.Count;
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < names.Count; j++)
                    {
                        var partial = Differentiator.Differentiate(roots[i], names[j], budget);
                        var check = NumericVerifier.CheckDerivative(roots[i], partial, names[j], names, budget, written?[i]);
                        if (!check.Passed)
                            return EngineOutcome<EmittedBody>.Failure(EngineProblemKind.VerificationFailed, $"∂f{i + 1}/∂{names[j]}: {check.Explanation}");
                        roots.Add(stableForms ? NumericVerifier.StableFormIfVerified(roots[i], partial, names[j], names, budget) : partial);
                    }
                }
                var body = CSharpEmitter.Emit(roots, type, names, budget);
                for (int k = 0; k < roots.Count; k++)
                {
                    string? printed = NumericVerifier.CheckEmitted(body, roots[k], names[0], names, type, budget, k);
                    if (printed is not null) return EngineOutcome<EmittedBody>.Failure(EngineProblemKind.VerificationFailed, printed);
                }
                return EngineOutcome<EmittedBody>.Success(body);
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<EmittedBody>.Failure(EngineProblemKind.LimitExceeded, message);
            }
            catch (MissingDerivativeException e)
            {
                return EngineOutcome<EmittedBody>.Failure(EngineProblemKind.MissingDerivative, e.Message);
            }
        }
    }
}
