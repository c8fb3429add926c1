using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompileTimeCalculus.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    // The reader for [HessianVectorProduct]: read as [Gradient] reads, with one direction per differentiated input.
    internal static partial class FrontEnd
    {
        /// <summary>Reads a method marked [HessianVectorProduct] or [HessianVectorProduct(nameof(w))].</summary>
        public static ReadResult ReadHessianVectorProduct(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            CancellationToken ct) =>
            Guarded(ReadHessianVectorProductCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadHessianVectorProductCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            CheckSignature(syntax, method, diagnostics);
            // A model's fields would need directions of their own: the product is taken over parameters.
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            var parameters = GradientParameters(method, attribute, attributeSyntax, syntax, diagnostics, out _);
            var methods = new List<EmittedMethod> { new((NamedString(attribute, "Name") ?? method.Name) + "Hvp", 1) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            if (diagnostics.Count > 0 || parameters is null) return new ReadResult(null, diagnostics);

            var env = method.Parameters.ToDictionary(p => p, p => EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var translation = Translator.TranslateProgram(syntax, method, model, env, diagnostics, ct, declaredDerivatives: true);
            if (diagnostics.Count > 0 || translation is null) return new ReadResult(null, diagnostics);

            // The emitted parameters: the method's, then a direction per differentiated input (a read-only span for an array).
            var emitted = method.Parameters.Select(p => new ParameterModel(env[p], p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))).ToList();
            foreach (var (parameter, direction) in GradientEngine.Directions(translation.Program, parameters))
            {
                var symbol = method.Parameters.First(p => env[p] == parameter);
                string type = Translator.ElementType(symbol.Type) is { } element
                    ? "global::System.ReadOnlySpan<" + element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ">"
                    : symbol.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                emitted.Add(new ParameterModel(direction, type));
            }
            string modifiers = (AccessibilityText(syntax) + "static").TrimEnd();
            var options = new GradientOptions(new EquatableArray<string>(parameters.ToArray()), new EquatableArray<ParameterModel>(System.Array.Empty<ParameterModel>()));
            return new ReadResult(BuildRequest(syntax, method, method, modifiers, translation.Written, null, parameters.FirstOrDefault() ?? "", methods, "Hvp",
                CalculusKind.HessianVectorProduct, program: translation.Program, gradient: options, emittedParameters: emitted.ToArray()), diagnostics);
        }
    }
}
