using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Written;
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
            var env = method.Parameters.ToDictionary(p => p, p => EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var outputs = new List<Expr>();
            var written = new List<WrittenProgram>();
            foreach (var argument in returned.Arguments)
            {
                if (Translator.TranslateWrittenExpression(argument.Expression, method, model, env, diagnostics, ct) is not { } output) continue;
                outputs.Add(output.Expression);
                written.Add(ElementProgram(method, output.Written));
            }
            if (diagnostics.Count > 0 || outputs.Count != elements.Count) return new ReadResult(null, diagnostics);

            string modifiers = AccessibilityText(syntax) + "static";
            var request = BuildRequest(syntax, method, method, modifiers, written[0], null, method.Parameters[0].Name, methods, "Jacobian",
                CalculusKind.Jacobian, outputs: outputs.ToArray(), outputsWritten: written.ToArray());
            return new ReadResult(request, diagnostics);
        }

        /// <summary>One tuple element as written, as a program of the method's scalars: each row is verified against it.</summary>
        private static WrittenProgram ElementProgram(IMethodSymbol method, WrittenExpr element)
        {
            var parameters = method.Parameters.Select(p => new ProgramParameter(EscapeIdentifier(p.Name), ParameterKind.Scalar)).ToList();
            return new(new ValueList<ProgramParameter>(parameters), ValueList<ElementRead>.Empty,
                new ValueList<WrittenStatement>(new WrittenStatement[] { new WrittenReturn(element) }));
        }
    }
}
