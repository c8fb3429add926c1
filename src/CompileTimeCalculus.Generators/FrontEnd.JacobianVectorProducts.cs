using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Programs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    // The reader for [JacobianVectorProduct]: a layer read as for [VectorJacobianProduct], with tangents for its inputs.
    internal static partial class FrontEnd
    {
        /// <summary>Reads a method marked [JacobianVectorProduct] or [JacobianVectorProduct(nameof(x))].</summary>
        public static ReadResult ReadJacobianVectorProduct(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            CancellationToken ct) =>
            Guarded(ReadJacobianVectorProductCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadJacobianVectorProductCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var output = LayerOutput(syntax, method, "[JacobianVectorProduct]", diagnostics);
            var methods = new List<EmittedMethod> { new((NamedString(attribute, "Name") ?? method.Name) + "Jvp", 1) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            if (output is null || diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            var env = method.Parameters.ToDictionary(p => p, p => EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var inputs = method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p, output)).ToList();
            var candidates = inputs.Where(p => IsFloating(p.Type) || Translator.IsArray(p.Type)).ToList();
            var requested = attribute.ConstructorArguments.SelectMany(a => a.Kind == TypedConstantKind.Array ? a.Values.Select(v => v.Value as string ?? "") : new[] { a.Value as string ?? "" })
                .ToList();
            var location = attributeSyntax?.ArgumentList?.GetLocation() ?? attributeSyntax?.GetLocation() ?? syntax.Identifier.GetLocation();
            foreach (var name in requested.Where(n => !candidates.Any(c => c.Name == n)))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, location,
                    $"[JacobianVectorProduct] names '{name}', which is not a double or float input (or an array or span of them) of '{method.Name}' " +
                        $"({string.Join(", ", candidates.Select(c => c.Name))})"));
            var differentiated = candidates.Where(p => requested.Count == 0 || requested.Contains(p.Name)).Select(p => env[p]).ToArray();
            if (differentiated.Length == 0 && diagnostics.Count == 0)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, location, $"'{method.Name}' has no double or float input to take tangents of"));
            if (diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            var translation = Translator.TranslateProgram(syntax, method, model, env, diagnostics, ct, declaredDerivatives: true, vjpOutput: output, jvp: true);
            if (diagnostics.Count > 0 || translation is null) return new ReadResult(null, diagnostics);

            // The emitted method: the inputs, a tangent per differentiated input, then the output and its tangent.
            string Type(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var emitted = inputs.Select(p => new ParameterModel(env[p], Type(p.Type))).ToList();
            var directions = GradientEngine.Directions(translation.Program, differentiated);
            foreach (var (parameter, direction) in directions)
            {
                var symbol = inputs.First(p => env[p] == parameter);
                emitted.Add(new ParameterModel(direction, Translator.ElementType(symbol.Type) is { } element ? "global::System.ReadOnlySpan<" + Type(element) + ">" : Type(symbol.Type)));
            }
            var taken = new HashSet<string>(emitted.Select(p => p.Name).Append(env[output]), System.StringComparer.Ordinal);
            emitted.Add(new ParameterModel(env[output], Type(output.Type)));
            emitted.Add(new ParameterModel(Names.Fresh(env[output].TrimStart('@') + "Tangent", taken), Type(output.Type)));
            string modifiers = (AccessibilityText(syntax) + "static").TrimEnd();
            var options = new GradientOptions(new EquatableArray<string>(differentiated), new EquatableArray<ParameterModel>(System.Array.Empty<ParameterModel>()));
            return new ReadResult(BuildRequest(syntax, method, method, modifiers, translation.Written, null, differentiated[0], methods, "Jvp",
                CalculusKind.JacobianVectorProduct, program: translation.Program, gradient: options, emittedParameters: emitted.ToArray()), diagnostics);
        }

        /// <summary>A layer's output: the one Span&lt;double&gt; or Span&lt;float&gt; parameter of a static void method; null (reported) otherwise.</summary>
        private static IParameterSymbol? LayerOutput(MethodDeclarationSyntax syntax, IMethodSymbol method, string attributeName, List<Diagnostic> diagnostics)
        {
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            var outputs = method.Parameters.Where(IsOutputSpan).ToList();
            if (!method.ReturnsVoid || outputs.Count != 1 || method.IsGenericMethod)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.Identifier.GetLocation(),
                    $"{attributeName} takes a layer: a static, non-generic void method with exactly one Span<double> or Span<float> parameter, its output; " +
                    $"'{method.Name}' {(method.ReturnsVoid ? "has " + outputs.Count + " such parameters" : "returns " + method.ReturnType.ToDisplayString())}"));
                return null;
            }
            var output = outputs[0];
            foreach (var p in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(p, output)) continue;
                bool supported = p.RefKind == RefKind.None && !p.IsParams
                    && (IsFloating(p.Type) || IsInteger(p.Type) || Translator.IsIntegerArray(p.Type) || Translator.IsArray(p.Type) && !IsOutputSpan(p));
                if (!supported)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.Identifier.GetLocation(),
                        $"parameter '{p.Name}' has type '{p.Type.ToDisplayString()}'; a layer's inputs are double or float, read-only spans or arrays of them, ints and int arrays"));
            }
            return output;
        }
    }
}
