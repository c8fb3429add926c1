using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompileTimeCalculus.Engine.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    internal static partial class FrontEnd
    {
        /// <summary>More parameters make the Hessian's n² entries the wrong tool (a Hessian-vector product is the right one).</summary>
        public const int MaxHessianParameters = 8;

        /// <summary>Reads a method marked [Hessian].</summary>
        public static ReadResult ReadHessian(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadHessianCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadHessianCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            CheckSignature(syntax, method, diagnostics);
            if (diagnostics.Count == 0)
            {
                var first = method.Parameters[0].Type;
                if (method.Parameters.Length > MaxHessianParameters || method.Parameters.Any(p => !SymbolEqualityComparer.Default.Equals(p.Type, first) || !IsFloating(p.Type)))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.ParameterList.GetLocation(),
                        $"[Hessian] takes one to {MaxHessianParameters} parameters, all double or all float; '{method.Name}' has " +
                        string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString()))));
            }

            string baseName = NamedString(attribute, "Name") ?? method.Name;
            var methods = new List<EmittedMethod> { new(baseName + "Hessian", 2) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            if (diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            // The emitted method's names (@in for a keyword), which the engine differentiates by.
            var env = method.Parameters.ToDictionary(p => p, p => EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var translation = Translator.TranslateProgram(syntax, method, model, env, diagnostics, ct, declaredDerivatives: true);
            if (translation is { FirstLoop: { } loop })
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, loop,
                    "A loop in a [Hessian] body (a Hessian is built from the body as one expression; write the loop out, or use [Gradient])"));
            Expr? body = translation is { FirstLoop: null } ? Translator.ExpressionOf(translation, syntax, method, diagnostics, ct) : null;
            if (diagnostics.Count > 0 || translation is null || body is null) return new ReadResult(null, diagnostics);

            string modifiers = AccessibilityText(syntax) + "static";
            var request = BuildRequest(syntax, method, method, modifiers, translation.Written, body, method.Parameters[0].Name, methods, "Hessian", CalculusKind.Hessian);
            return new ReadResult(request, diagnostics);
        }
    }
}
