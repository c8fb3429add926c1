using System.Collections.Generic;
using System.Threading;
using CompileTimeCalculus.Engine;

namespace CompileTimeCalculus.Generators
{
    /// <summary>The pure part of generation: request in, file out. No Roslyn objects, bounded by the engine's budget.</summary>
    internal static class Pipeline
    {
        public static GeneratedFile Generate(MethodRequest request, CancellationToken cancellationToken) => Generate(request, true, cancellationToken);

        public static GeneratedFile Generate(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            foreach (var p in request.Parameters) names.Add(p.Name);
            var job = new DerivativeJob(request.Function, request.Variable, names, request.MaxOrder, request.NumericType, stableForms);
            var outcome = DerivativeEngine.Run(job, cancellationToken);
            if (!outcome.Succeeded) return new GeneratedFile(request.HintName, null, outcome.Problem, outcome.Message);
            return new GeneratedFile(request.HintName, SourceWriter.Write(request, outcome.Results), EngineProblemKind.None, null);
        }
    }
}
