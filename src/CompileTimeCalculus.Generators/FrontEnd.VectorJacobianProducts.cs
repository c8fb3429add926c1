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
            var output = LayerOutput(syntax, method, "[VectorJacobianProduct]", diagnostics);
            if (output is null) return new ReadResult(null, diagnostics);
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
