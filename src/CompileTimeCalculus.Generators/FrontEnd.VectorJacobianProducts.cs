using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    // The reader for [VectorJacobianProduct]: a layer, void with one Span<T> output, read as the scalar ȳ·y.
    internal static partial class FrontEnd
    {
        /// <summary>Reads a method marked [VectorJacobianProduct].</summary>
        public static ReadResult ReadVectorJacobianProduct(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            CancellationToken ct) =>
            Guarded(ReadVectorJacobianProductCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadVectorJacobianProductCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            var outputs = method.Parameters.Where(IsOutputSpan).ToList();
            if (!method.ReturnsVoid || outputs.Count != 1 || method.IsGenericMethod)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.Identifier.GetLocation(),
                    $"[VectorJacobianProduct] takes a layer: a static, non-generic void method with exactly one Span<double> or Span<float> parameter, its output; " +
                    $"'{method.Name}' {(method.ReturnsVoid ? "has " + outputs.Count + " such parameters" : "returns " + method.ReturnType.ToDisplayString())}"));
                return new ReadResult(null, diagnostics);
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
            var methods = new List<EmittedMethod> { new((NamedString(attribute, "Name") ?? method.Name) + "Vjp", 1) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            if (diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            var env = method.Parameters.ToDictionary(p => p, p => EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var translation = Translator.TranslateProgram(syntax, method, model, env, diagnostics, ct, declaredDerivatives: true, vjpOutput: output);
            if (diagnostics.Count > 0 || translation is null) return new ReadResult(null, diagnostics);

            // The emitted method: the output replaced by its adjoint; gradients for every number and array input.
            string adjoint = Translator.VjpAdjointName(env[output]);
            string element = Translator.ElementType(output.Type)!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            var parameters = method.Parameters.Select(p => SymbolEqualityComparer.Default.Equals(p, output)
                ? new ParameterModel(adjoint, "global::System.ReadOnlySpan<" + element + ">")
                : new ParameterModel(env[p], p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))).ToArray();
            var differentiated = method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p, output) && (IsFloating(p.Type) || Translator.IsArray(p.Type)))
                .Select(p => env[p]).ToArray();
            string modifiers = (AccessibilityText(syntax) + "static").TrimEnd();
            var options = new GradientOptions(new EquatableArray<string>(differentiated), new EquatableArray<ParameterModel>(System.Array.Empty<ParameterModel>()), false);
            return new ReadResult(BuildRequest(syntax, method, method, modifiers, translation.Written, null, differentiated.FirstOrDefault() ?? "", methods, "Vjp",
                CalculusKind.Gradient, program: translation.Program, gradient: options, emittedParameters: parameters), diagnostics);
        }

        private static bool IsOutputSpan(IParameterSymbol p) =>
            p.Type is INamedTypeSymbol { Name: "Span", TypeArguments.Length: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } span
            && IsFloating(span.TypeArguments[0]);
    }
}
