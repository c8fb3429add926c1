using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Emits derivatives of methods marked [Derivative] and bodies of partial methods marked [DerivativeOf].
    /// Diagnostics come from <see cref="CalculusAnalyzer"/>, which reads methods the same way.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class CalculusGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var derivatives = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.DerivativeAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ReadCache.ReadDerivative(ctx, ct))
                .WithTrackingName(TrackingNames.ReadDerivative);

            var derivativesOf = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.DerivativeOfAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ReadCache.IsLaterDuplicate((IMethodSymbol)ctx.TargetSymbol, (MethodDeclarationSyntax)ctx.TargetNode)
                        ? null
                        : FrontEnd.ReadDerivativeOf((MethodDeclarationSyntax)ctx.TargetNode, (IMethodSymbol)ctx.TargetSymbol, ctx.Attributes[0], ctx.SemanticModel, ct).Request)
                .WithTrackingName(TrackingNames.ReadDerivativeOf);

            // <CompileTimeCalculusStableForms>false</CompileTimeCalculusStableForms> emits textbook formulas instead.
            var stableForms = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                !(options.GlobalOptions.TryGetValue(KnownNames.StableFormsProperty, out var value) && string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)));

            Register(context, derivatives, stableForms);
            Register(context, derivativesOf, stableForms);
        }

        private static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<MethodRequest?> requests, IncrementalValueProvider<bool> stableForms)
        {
            var files = requests
                .Where(static r => r is not null)
                .Combine(stableForms)
                .Select(static (pair, ct) => Pipeline.Generate(pair.Left!, pair.Right, ct))
                .WithTrackingName(TrackingNames.Generate);
            // Per method, so an edit re-emits one file, not all of them (duplicated methods were dropped when read).
            context.RegisterSourceOutput(files, static (spc, file) =>
            {
                if (file.Code is not null) spc.AddSource(file.HintName, SourceText.From(file.Code, Encoding.UTF8));
            });
        }
    }
}
