using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Generators
{
    /// <summary>The pure part of generation: request in, file out. No Roslyn objects, bounded by the engine's budget.</summary>
    internal static class Pipeline
    {
        public static GeneratedFile Generate(MethodRequest request, CancellationToken cancellationToken) => Generate(request, true, cancellationToken);

        /// <summary>
        /// Never throws but for cancellation: an unexpected exception for one method becomes an internal-error result (the
        /// analyzer reports CALC901), so no exception leaves the generator and every other method is still emitted.
        /// </summary>
        public static GeneratedFile Generate(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            // The analyzer re-runs what the generator ran (and an integral's search can take a large part of a second):
            // results are shared through a bounded cache keyed by the request's value.
            var key = (request, stableForms);
            if (Results.TryGetValue(key, out var known)) return known;
            RunsOnThisThread++;
            var file = GenerateUncached(request, stableForms, cancellationToken);
            if (Results.Count >= MaxCachedResults) Results.Clear();
            Results[key] = file;
            return file;
        }

        /// <summary>
        /// One source file's generated members, grouped by the type (and attribute) they go into, members in hint-name
        /// order. Runs for the files an edit touched; a request read again unchanged is the same object, found by identity.
        /// </summary>
        public static EquatableArray<TypeGroup> GenerateFile(EquatableArray<MethodRequest> requests, bool stableForms, CancellationToken cancellationToken)
        {
            var groups = new SortedDictionary<string, List<GeneratedFile>>(StringComparer.Ordinal);
            foreach (var request in requests)
            {
                var file = GenerateShared(request, stableForms, cancellationToken);
                if (file.Code is null) continue;
                string key = TypeGroup.KeyOf(file);
                if (!groups.TryGetValue(key, out var members)) groups[key] = members = new List<GeneratedFile>();
                members.Add(file);
            }
            var result = new TypeGroup[groups.Count];
            int i = 0;
            foreach (var pair in groups)
            {
                pair.Value.Sort(static (a, b) => string.CompareOrdinal(a.HintName, b.HintName));
                var first = pair.Value[0];
                result[i++] = new TypeGroup(pair.Key, first.TypeHintName, first.Namespace, first.ContainingTypes, new EquatableArray<GeneratedFile>(pair.Value.ToArray()));
            }
            return new EquatableArray<TypeGroup>(result);
        }

        /// <summary>The [DefiniteIntegral] methods of one source file that get no body, with the engine's reason (cached results).</summary>
        public static EquatableArray<RefusedIntegral> RefusedIntegrals(EquatableArray<MethodRequest> requests, bool stableForms, CancellationToken cancellationToken)
        {
            List<RefusedIntegral>? refused = null;
            foreach (var request in requests)
            {
                if (request.Kind != CalculusKind.DefiniteIntegral || request.Methods.Count == 0) continue;
                var file = GenerateShared(request, stableForms, cancellationToken);
                if (file.Code is not null || file.Problem is not (EngineProblemKind.NoClosedForm or EngineProblemKind.Undefined)) continue;
                (refused ??= new List<RefusedIntegral>()).Add(new RefusedIntegral(request.ContainingTypes, request.Methods[0].Name, request.SourceName, file.ProblemMessage ?? ""));
            }
            return refused is null ? EquatableArray<RefusedIntegral>.Empty : new EquatableArray<RefusedIntegral>(refused.ToArray());
        }

        /// <summary>
        /// The emitted members of every source file merged into one file per containing type (a partial type can span
        /// several source files), members in hint-name order, hint names made unique: the same input always gives the
        /// same files.
        /// </summary>
        public static ImmutableArray<TypeFile> GroupByType(ImmutableArray<EquatableArray<TypeGroup>> files)
        {
            var groups = new Dictionary<string, List<TypeGroup>>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                foreach (var group in file)
                {
                    if (!groups.TryGetValue(group.Key, out var parts)) groups[group.Key] = parts = new List<TypeGroup>(1);
                    parts.Add(group);
                }
            }
            var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = ImmutableArray.CreateBuilder<TypeFile>(groups.Count);
            foreach (var key in groups.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                var parts = groups[key];
                IEnumerable<GeneratedFile> members = parts[0].Members;
                if (parts.Count > 1)
                {
                    var merged = parts.SelectMany(p => p.Members).ToList();
                    merged.Sort(static (a, b) => string.CompareOrdinal(a.HintName, b.HintName));
                    members = merged;
                }
                var first = parts[0];
                string hint = first.TypeHintName + ".g.cs";
                for (int n = 2; !taken.Add(hint); n++) hint = first.TypeHintName + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
                result.Add(new TypeFile(hint, first.Namespace, first.ContainingTypes, new EquatableArray<string>(members.Select(m => m.Code!).ToArray())));
            }
            return result.MoveToImmutable();
        }

        /// <summary>Results by request object: a request reused by <see cref="ReadCache"/> is found without hashing its expression trees.</summary>
        private static readonly ConditionalWeakTable<MethodRequest, GeneratedFile>[] ByIdentity = { new(), new() };

        [ThreadStatic] private static int RunsOnThisThread;

        /// <summary>How many requests the engine ran on this thread (not found in a cache); for tests.</summary>
        internal static int Runs => RunsOnThisThread;

        private static GeneratedFile GenerateShared(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var byIdentity = ByIdentity[stableForms ? 1 : 0];
            if (byIdentity.TryGetValue(request, out var known)) return known;
            var file = Generate(request, stableForms, cancellationToken);
            return byIdentity.GetValue(request, _ => file);
        }

        private const int MaxCachedResults = 4096;

        /// <summary>Forgets every engine result (benchmarks measure a process that has seen nothing yet).</summary>
        internal static void ClearCache()
        {
            Results.Clear();
            for (int i = 0; i < ByIdentity.Length; i++) ByIdentity[i] = new ConditionalWeakTable<MethodRequest, GeneratedFile>();
        }
        private static readonly ConcurrentDictionary<(MethodRequest, bool), GeneratedFile> Results = new();

        private static GeneratedFile GenerateUncached(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            try
            {
                return request.Kind switch
                {
                    CalculusKind.Antiderivative => Antiderivative(request, stableForms, cancellationToken),
                    CalculusKind.DefiniteIntegral => DefiniteIntegral(request, cancellationToken),
                    CalculusKind.Gradient => Gradient(request, request.Gradient!.Parameters, stableForms, cancellationToken),
                    CalculusKind.Hessian => Hessian(request, stableForms, cancellationToken),
                    CalculusKind.JacobianVectorProduct => JacobianVectorProduct(request, stableForms, cancellationToken),
                    CalculusKind.HessianVectorProduct => Gradient(request, request.Gradient!.Parameters, stableForms, cancellationToken),
                    CalculusKind.Jacobian => Jacobian(request, stableForms, cancellationToken),
                    _ when request.Function is null => Gradient(request, new[] { request.Variable }, stableForms, cancellationToken),
                    _ => Derivative(request, stableForms, cancellationToken),
                };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return GeneratedFile.For(request, null, EngineProblemKind.InternalError, e.GetType().Name + ": " + e.Message);
            }
        }

        /// <summary>The parameters, then the element reads and lengths the function reads (w[0], w.Length), held constant by the engines.</summary>
        private static List<string> Names(MethodRequest request)
        {
            var names = new List<string>();
            foreach (var p in request.Parameters) names.Add(p.Name);
            if (request.Function is { } function)
            {
                foreach (var v in ExprVariables.Of(function).OrderBy(v => v, StringComparer.Ordinal))
                {
                    if (!names.Contains(v) && (v.IndexOf('[') >= 0 || v.EndsWith(".Length", StringComparison.Ordinal))) names.Add(v);
                }
            }
            return names;
        }

        /// <summary>A gradient, or (one parameter) the derivative of a body with loops: reverse mode over the program.</summary>
        private static GeneratedFile Gradient(MethodRequest request, IReadOnlyList<string> parameters, bool stableForms, CancellationToken cancellationToken)
        {
            var arrayTypes = ArrayTypes(request);
            var job = new GradientJob(request.Program!, parameters, request.NumericType, arrayTypes, stableForms, request.Written, request.Gradient?.Accumulate ?? false);
            var outcome = request.Kind == CalculusKind.HessianVectorProduct
                ? GradientEngine.HessianVectorProduct(job, cancellationToken)
                : GradientEngine.Run(job, cancellationToken);
            if (!outcome.Succeeded) return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);
            string code = request.Kind is CalculusKind.Gradient or CalculusKind.HessianVectorProduct
                ? SourceWriter.WriteGradient(request, outcome.Result!, arrayTypes)
                : SourceWriter.WriteLoopDerivative(request, outcome.Result!);
            return GeneratedFile.For(request, code, EngineProblemKind.None, null);
        }

        /// <summary>A layer's J·v: the program is the layer read as ȳ·y, with the output's name for ȳ; the last two parameters are the output and its tangent.</summary>
        private static GeneratedFile JacobianVectorProduct(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var arrayTypes = ArrayTypes(request);
            var output = request.Parameters[request.Parameters.Count - 2];
            var tangent = request.Parameters[request.Parameters.Count - 1];
            var outputType = output.Type.EndsWith("<float>", StringComparison.Ordinal) ? NumericType.Single : NumericType.Double;
            var job = new GradientJob(request.Program!, request.Gradient!.Parameters, request.NumericType, arrayTypes, stableForms, request.Written);
            var outcome = GradientEngine.JacobianVectorProduct(job, output.Name, tangent.Name, outputType, cancellationToken);
            if (!outcome.Succeeded) return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);
            return GeneratedFile.For(request, SourceWriter.WriteJacobianVectorProduct(request, outcome.Result!), EngineProblemKind.None, null);
        }

        private static Dictionary<string, NumericType> ArrayTypes(MethodRequest request)
        {
            var arrayTypes = new Dictionary<string, NumericType>(StringComparer.Ordinal);
            foreach (var p in request.Parameters.Concat(request.Gradient?.Members ?? default))
            {
                if (p.Type.EndsWith("<float>", StringComparison.Ordinal) || p.Type == "float[]") arrayTypes[p.Name] = NumericType.Single;
                else if (p.Type.EndsWith("<double>", StringComparison.Ordinal) || p.Type == "double[]") arrayTypes[p.Name] = NumericType.Double;
            }
            return arrayTypes;
        }

        private static GeneratedFile Hessian(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var names = request.Parameters.Select(p => p.Name).ToArray();
            var outcome = HessianEngine.Run(new HessianJob(request.Function!, names, request.NumericType, stableForms, request.Written), cancellationToken);
            if (!outcome.Succeeded) return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);
            return GeneratedFile.For(request, SourceWriter.WriteHessian(request, outcome.Result!), EngineProblemKind.None, null);
        }

        private static GeneratedFile Jacobian(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var names = request.Parameters.Select(p => p.Name).ToArray();
            var outcome = JacobianEngine.Run(request.Outputs.ToArray(), names, request.NumericType, stableForms, cancellationToken, request.OutputsWritten.ToArray());
            if (!outcome.Succeeded) return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);
            return GeneratedFile.For(request, SourceWriter.WriteJacobian(request, outcome.Result!), EngineProblemKind.None, null);
        }

        private static GeneratedFile Derivative(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var job = new DerivativeJob(request.Function!, request.Variable, Names(request), request.MaxOrder, request.NumericType, stableForms, request.Written);
            var outcome = DerivativeEngine.Run(job, cancellationToken);
            if (!outcome.Succeeded) return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);
            return GeneratedFile.For(request, SourceWriter.Write(request, outcome.Result!), EngineProblemKind.None, null);
        }

        private static GeneratedFile Antiderivative(MethodRequest request, bool stableForms, CancellationToken cancellationToken)
        {
            var options = request.Integral!;
            double? lower = double.IsNaN(options.LowerLimit) ? null : options.LowerLimit;
            var job = new AntiderivativeJob(request.Function!, request.Variable, Names(request), request.NumericType, lower, stableForms, request.Written);
            var outcome = IntegralEngine.Antiderivative(job, cancellationToken);
            if (outcome.Succeeded) return GeneratedFile.For(request, SourceWriter.WriteAntiderivative(request, outcome.Result!), EngineProblemKind.None, null);
            if (outcome.Problem != EngineProblemKind.NoClosedForm || !options.Numeric)
                return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);

            // Numeric = true: integrate at run time from the lower limit, once the build has seen that it converges.
            double from = lower ?? 0;
            var numeric = IntegralEngine.PrepareNumericAntiderivative(request.Function!, request.Variable, Names(request), from, cancellationToken, request.Written);
            if (numeric.Problem is not null) return GeneratedFile.For(request, null, EngineProblemKind.Undefined, numeric.Problem);
            return GeneratedFile.For(request, SourceWriter.WriteNumericAntiderivative(request, from, outcome.Message!, numeric.Landmarks!), EngineProblemKind.None, null);
        }

        private static GeneratedFile DefiniteIntegral(MethodRequest request, CancellationToken cancellationToken)
        {
            var options = request.Integral!;
            var names = Names(request);
            names.Add(request.Variable);
            var outcome = IntegralEngine.Definite(request.Function!, request.Variable, options.LowerLimit, options.UpperLimit, names, cancellationToken, written: request.Written);
            if (!outcome.Succeeded) return GeneratedFile.For(request, null, outcome.Problem, outcome.Message);
            return GeneratedFile.For(request, SourceWriter.WriteDefiniteIntegral(request, outcome.Result!, Names(request)), EngineProblemKind.None, null);
        }
    }
}
