using System.Collections.Immutable;
using System.Threading;
using CompileTimeCalculus.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Explains, at the exact source location, why the generator could not emit a method: it reads each marked method
    /// with the same <see cref="FrontEnd"/> and runs the same engine, so every skipped method gets a diagnostic.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CalculusAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TypeNotPartial, DiagnosticDescriptors.MethodNotStatic, DiagnosticDescriptors.UnsupportedSignature,
            DiagnosticDescriptors.InvalidVariable, DiagnosticDescriptors.InvalidOrder, DiagnosticDescriptors.TargetNotFound,
            DiagnosticDescriptors.InvalidEmittedName, DiagnosticDescriptors.UnsupportedConstruct, DiagnosticDescriptors.IntegerArithmetic,
            DiagnosticDescriptors.UnsupportedCall, DiagnosticDescriptors.RecursiveCall, DiagnosticDescriptors.LimitExceeded,
            DiagnosticDescriptors.VerificationFailed, DiagnosticDescriptors.InternalError);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var derivative = start.Compilation.GetTypeByMetadataName(KnownNames.DerivativeAttribute);
                var derivativeOf = start.Compilation.GetTypeByMetadataName(KnownNames.DerivativeOfAttribute);
                if (derivative is null && derivativeOf is null) return;
                start.RegisterSyntaxNodeAction(c => Analyze(c, derivative, derivativeOf), SyntaxKind.MethodDeclaration);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol? derivative, INamedTypeSymbol? derivativeOf)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0) return;
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;
            foreach (var attribute in method.GetAttributes())
            {
                var attributeClass = attribute.AttributeClass;
                if (attributeClass is null) continue;
                FrontEnd.ReadResult? read = null;
                if (SymbolEqualityComparer.Default.Equals(attributeClass, derivative))
                    read = FrontEnd.ReadDerivative(syntax, method, attribute, context.SemanticModel, context.CancellationToken);
                else if (SymbolEqualityComparer.Default.Equals(attributeClass, derivativeOf))
                    read = FrontEnd.ReadDerivativeOf(syntax, method, attribute, context.SemanticModel, context.CancellationToken);
                if (read is null) continue;
                foreach (var d in read.Diagnostics) context.ReportDiagnostic(d);
                if (read.Request is { } request) ReportEngineProblems(context, syntax, request, context.CancellationToken);
            }
        }

        private static void ReportEngineProblems(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax syntax, MethodRequest request, CancellationToken ct)
        {
            var file = Pipeline.Generate(request, ct);
            var location = syntax.Identifier.GetLocation();
            switch (file.Problem)
            {
                case EngineProblemKind.LimitExceeded:
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LimitExceeded, location, request.SourceName, file.ProblemMessage));
                    break;
                case EngineProblemKind.VerificationFailed:
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.VerificationFailed, location, request.SourceName, file.ProblemMessage));
                    break;
            }
        }
    }
}
