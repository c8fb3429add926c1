using System;
using System.Collections.Generic;
using System.Threading;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Verification;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// Value, gradient and Hessian of a function of a few scalars, emitted as one body so every shared subexpression is
    /// computed once. Each first partial is verified against finite differences of the function (as written), each second
    /// partial against finite differences of the verified first partial, and the printed code against its formulas.
    /// </summary>
    public static class HessianEngine
    {
        public static EngineOutcome<HessianResult> Run(HessianJob job, CancellationToken cancellationToken)
        {
            var budget = new Budget(cancellationToken);
            try
            {
                var names = job.ParameterNames;
                int n = names.Count;
                var function = job.StableForms ? LogisticIdentities.Rewrite(job.Function, budget) : job.Function;
                var roots = new List<Expr> { function };
                var readable = new List<string> { MathPrinter.Readable(function) };
                int verified = int.MaxValue;
                var first = new Expr[n];
                for (int i = 0; i < n; i++)
                {
                    first[i] = Differentiator.Differentiate(function, names[i], budget);
                    var check = NumericVerifier.CheckDerivative(function, first[i], names[i], names, budget, job.Written);
                    if (!check.Passed) return Failure("∂/∂" + names[i], check.Explanation);
                    verified = Math.Min(verified, check.AgreeingPoints);
                    roots.Add(Emitted(function, first[i], names[i], job, budget));
                    readable.Add(MathPrinter.Readable(first[i]));
                }
                for (int i = 0; i < n; i++)
                {
                    for (int j = i; j < n; j++)
                    {
                        var second = Differentiator.Differentiate(first[i], names[j], budget);
                        var check = NumericVerifier.CheckDerivative(first[i], second, names[j], names, budget);
                        if (!check.Passed) return Failure("∂²/∂" + names[i] + "∂" + names[j], check.Explanation);
                        verified = Math.Min(verified, check.AgreeingPoints);
                        roots.Add(Emitted(first[i], second, names[j], job, budget));
                        readable.Add(MathPrinter.Readable(second));
                    }
                }
                var body = CSharpEmitter.Emit(roots, job.Type, names, budget);
                // The code as printed must compute each formula (the printer shares locals and orders products its own way).
                for (int k = 0; k < roots.Count; k++)
                {
                    string? printed = NumericVerifier.CheckEmitted(body, roots[k], names[0], names, job.Type, budget, k);
                    if (printed is not null) return EngineOutcome<HessianResult>.Failure(EngineProblemKind.VerificationFailed, printed);
                }
                return EngineOutcome<HessianResult>.Success(new HessianResult(n, body, readable, verified == int.MaxValue ? 0 : verified));
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                return EngineOutcome<HessianResult>.Failure(EngineProblemKind.LimitExceeded, message);
            }
            catch (MissingDerivativeException e)
            {
                return EngineOutcome<HessianResult>.Failure(EngineProblemKind.MissingDerivative, e.Message);
            }
        }

        private static Expr Emitted(Expr of, Expr derivative, string variable, HessianJob job, Budget budget) =>
            job.StableForms ? NumericVerifier.StableFormIfVerified(of, derivative, variable, job.ParameterNames, budget) : derivative;

        private static EngineOutcome<HessianResult> Failure(string which, string explanation) =>
            EngineOutcome<HessianResult>.Failure(EngineProblemKind.VerificationFailed, which + ": " + explanation);
    }
}
