using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompileTimeCalculus.Engine.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    // The reader for [Jacobian]: a few scalars in, a tuple of a few numbers out.
    internal static partial class FrontEnd
    {
        public const int MaxJacobianSize = 8;

        /// <summary>Reads a method marked [Jacobian].</summary>
        public static ReadResult ReadJacobian(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadJacobianCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadJacobianCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            var elements = method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple ? tuple.TupleElements.Select(e => e.Type).ToList() : null;
            var first = method.Parameters.FirstOrDefault()?.Type;
            bool sameType(ITypeSymbol t) => first is not null && IsFloating(t) && SymbolEqualityComparer.Default.Equals(t, first);
            if (method.IsGenericMethod || first is null || method.Parameters.Length > MaxJacobianSize || elements is null || elements.Count > MaxJacobianSize
                || method.Parameters.Any(p => p.RefKind != RefKind.None || !sameType(p.Type)) || elements.Any(t => !sameType(t)))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.Identifier.GetLocation(),
                    $"[Jacobian] takes one to {MaxJacobianSize} parameters and returns a tuple of up to {MaxJacobianSize} numbers, all double or all float; " +
                    $"'{method.Name}' is ({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString()))}) → {method.ReturnType.ToDisplayString()}"));
                return new ReadResult(null, diagnostics);
            }
            var methods = new List<EmittedMethod> { new((NamedString(attribute, "Name") ?? method.Name) + "Jacobian", 1) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            if (diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            if (Translator.ReturnedExpression(syntax) is not TupleExpressionSyntax returned || returned.Arguments.Count != elements.Count)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, syntax.Identifier.GetLocation(),
                    "A [Jacobian] body other than a tuple expression (write => (f1, f2) or { return (f1, f2); })"));
                return new ReadResult(null, diagnostics);
            }
            var env = Translator.OwnNames(method);
            var outputs = new List<Expr>();
            foreach (var argument in returned.Arguments)
            {
                if (Translator.TranslateExpression(argument.Expression, method, model, env, diagnostics, ct) is { } output) outputs.Add(output);
            }
            if (diagnostics.Count > 0 || outputs.Count != elements.Count) return new ReadResult(null, diagnostics);

            string modifiers = AccessibilityText(syntax) + "static";
            var request = BuildRequest(syntax, method, method, modifiers, EmptyWritten(method), null, method.Parameters[0].Name, methods, "Jacobian",
                CalculusKind.Jacobian, outputs: outputs.ToArray());
            return new ReadResult(request, diagnostics);
        }

        // A [Jacobian] is verified against its canonical outputs (each element as one expression); there is no single written body.
        private static Engine.Written.WrittenProgram EmptyWritten(IMethodSymbol method)
        {
            var parameters = method.Parameters.Select(p => new Engine.Programs.ProgramParameter(p.Name, Engine.Programs.ParameterKind.Scalar)).ToList();
            return new(new Engine.Programs.ValueList<Engine.Programs.ProgramParameter>(parameters),
                Engine.Programs.ValueList<Engine.Programs.ElementRead>.Empty, Engine.Programs.ValueList<Engine.Written.WrittenStatement>.Empty);
        }
    }
}
