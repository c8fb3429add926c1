using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Evaluation;
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
            DiagnosticDescriptors.VerificationFailed, DiagnosticDescriptors.InternalError, DiagnosticDescriptors.DomainProblem,
            DiagnosticDescriptors.NonDifferentiablePoint, DiagnosticDescriptors.NoClosedForm, DiagnosticDescriptors.IntegralUndefined);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var readers = ReadCache.Readers.Of(start.Compilation).ByAttribute;
                if (readers.Count == 0) return;
                var derivative = start.Compilation.GetTypeByMetadataName(KnownNames.DerivativeAttribute);
                start.RegisterSyntaxNodeAction(c => Analyze(c, readers, derivative), SyntaxKind.MethodDeclaration);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, Dictionary<INamedTypeSymbol, (ReadCache.MethodReader Read, bool ReadsOtherBodies)> readers, INamedTypeSymbol? derivative)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0) return;
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is not { } attributeClass || !readers.TryGetValue(attributeClass, out var reader)) continue;
                var result = reader.Read(syntax, method, attribute, context.SemanticModel, context.CancellationToken);
                foreach (var d in result.Diagnostics) context.Report(d);
                if (result.Request is not { } request) continue;
                ReportEngineProblems(context, syntax, request, context.CancellationToken);
                if (SymbolEqualityComparer.Default.Equals(attributeClass, derivative)) ReportFunctionInformation(context, syntax, method, request);
            }
        }

        private static readonly string[] Kinks = { "Abs", "Max", "Min", "Clamp" };
        private static readonly string[] Steps = { "Sign", "Floor", "Ceiling", "Round", "Truncate" };

        /// <summary>Info diagnostics that help: a domain problem proven for every input, and each non-differentiable point with its convention.</summary>
        private static void ReportFunctionInformation(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax syntax, IMethodSymbol method, MethodRequest request)
        {
            var ct = context.CancellationToken;
            var body = Translator.ReturnedExpression(syntax);
            if (body is null) return;
            var env = method.Parameters.ToDictionary(p => p, p => p.Name, (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            try
            {
                if (request.Function is null) return;
                foreach (var (node, problem) in IntervalAnalysis.FindDomainProblems(request.Function, new Budget(ct)))
                {
                    var at = SyntaxLookup.Find(body, node, method, context.SemanticModel, env, ct) ?? body;
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.DomainProblem, at.GetLocation(), at.ToString(), problem));
                }
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out _))
            {
                // Too large to analyze within the budget: no information is better than a guess.
            }

            foreach (var node in body.DescendantNodesAndSelf())
            {
                if (node is ConditionalExpressionSyntax conditional && DependsOnVariable(conditional.Condition))
                {
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.NonDifferentiablePoint, conditional.Condition.GetLocation(),
                        $"where '{conditional.Condition}' switches, '{method.Name}' may have no derivative; the emitted derivative differentiates the branch taken there"));
                }
                else if (node is InvocationExpressionSyntax invocation && context.SemanticModel.GetSymbolInfo(invocation, ct).Symbol is IMethodSymbol { ContainingType.Name: "Math" or "MathF" } called
                         && DependsOnVariable(invocation))
                {
                    string? message = Array.IndexOf(Kinks, called.Name) >= 0
                        ? called.Name == "Abs"
                            ? $"'{invocation}' has no derivative where its argument is 0; the emitted derivative uses sign(0) = 0 there (PyTorch's convention)"
                            : $"'{invocation}' has no derivative where its arguments are equal; the emitted derivative takes the argument that does not depend on {request.Variable} there, else " +
                                $"the second"
                        : Array.IndexOf(Steps, called.Name) >= 0
                            ? $"'{invocation}' jumps, so it has no derivative at its steps; its derivative is taken as 0 everywhere"
                            : null;
                    if (message is not null) context.Report(Diagnostic.Create(DiagnosticDescriptors.NonDifferentiablePoint, invocation.GetLocation(), message));
                }
            }

            bool DependsOnVariable(ExpressionSyntax expression)
            {
                if (expression.Parent is ConditionalExpressionSyntax parent && parent.Condition == expression)
                {
                    // A condition is not a value; look at the numbers it compares.
                    return expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == request.Variable.TrimStart('@'));
                }
                var translated = Translator.TranslateExpression(expression, method, context.SemanticModel, env, new List<Diagnostic>(), ct);
                return translated is not null && translated.DependsOn(request.Variable);
            }
        }

        private static void ReportEngineProblems(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax syntax, MethodRequest request, CancellationToken ct)
        {
            var file = Pipeline.Generate(request, ct);
            var location = syntax.Identifier.GetLocation();
            string what = request.Kind switch
            {
                CalculusKind.Derivative => "derivative",
                CalculusKind.Antiderivative => "antiderivative",
                CalculusKind.Gradient => "gradient",
                CalculusKind.Hessian => "Hessian",
                CalculusKind.Jacobian => "Jacobian",
                CalculusKind.HessianVectorProduct => "Hessian-vector product",
                CalculusKind.JacobianVectorProduct => "Jacobian-vector product",
                _ => "definite integral",
            };
            switch (file.Problem)
            {
                case EngineProblemKind.LimitExceeded:
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.LimitExceeded, location, request.SourceName, file.ProblemMessage));
                    break;
                case EngineProblemKind.VerificationFailed:
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.VerificationFailed, location, what, request.SourceName, file.ProblemMessage));
                    break;
                case EngineProblemKind.NoClosedForm when request.Kind == CalculusKind.Antiderivative:
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.NoClosedForm, location, request.SourceName, ""));
                    break;
                case EngineProblemKind.InternalError:
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.InternalError, location, request.SourceName, file.ProblemMessage));
                    break;
                case EngineProblemKind.MissingDerivative:
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.UnsupportedCall, location, $"'{request.SourceName}' has no {what}: {file.ProblemMessage}"));
                    break;
                case EngineProblemKind.NoClosedForm or EngineProblemKind.Undefined when request.Kind == CalculusKind.DefiniteIntegral:
                    // Reported by the generator: the missing body's CS8795 would keep this analyzer from running.
                    break;
                case EngineProblemKind.NoClosedForm:
                case EngineProblemKind.Undefined:
                    context.Report(Diagnostic.Create(DiagnosticDescriptors.IntegralUndefined, location, request.SourceName, file.ProblemMessage));
                    break;
            }
        }
    }
}
