using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Emits derivatives ([Derivative]), gradients ([Gradient]), antiderivatives ([Antiderivative]) and the bodies of partial methods marked
    /// [DerivativeOf], [AntiderivativeOf] and [DefiniteIntegral].
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
                    static (ctx, ct) => ReadCache.Read(ctx, ct, FrontEnd.ReadDerivativeOf))
                .WithTrackingName(TrackingNames.ReadDerivativeOf);

            var antiderivatives = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.AntiderivativeAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ReadCache.ReadAntiderivative(ctx, ct))
                .WithTrackingName(TrackingNames.ReadAntiderivative);

            var antiderivativesOf = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.AntiderivativeOfAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ReadCache.Read(ctx, ct, FrontEnd.ReadAntiderivativeOf))
                .WithTrackingName(TrackingNames.ReadAntiderivativeOf);

            var definiteIntegrals = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.DefiniteIntegralAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ReadCache.Read(ctx, ct, FrontEnd.ReadDefiniteIntegral))
                .WithTrackingName(TrackingNames.ReadDefiniteIntegral);

            var gradients = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.GradientAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => ReadCache.ReadGradient(ctx, ct))
                .WithTrackingName(TrackingNames.ReadGradient);

            // <CompileTimeCalculusStableForms>false</CompileTimeCalculusStableForms> emits textbook formulas instead.
            var stableForms = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                !(options.GlobalOptions.TryGetValue(KnownNames.StableFormsProperty, out var value) && string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)));

            Register(context, derivatives, stableForms);
            Register(context, derivativesOf, stableForms);
            Register(context, antiderivatives, stableForms);
            Register(context, antiderivativesOf, stableForms);
            Register(context, definiteIntegrals, stableForms);
            Register(context, gradients, stableForms);
        }

        private static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<MethodRequest?> requests, IncrementalValueProvider<bool> stableForms)
        {
            // The engine runs per method, so an edit re-runs one method's work (duplicated methods were dropped when read).
            var methods = requests
                .Where(static r => r is not null)
                .Combine(stableForms)
                .Select(static (pair, ct) => Pipeline.Generate(pair.Left!, pair.Right, ct))
                .WithTrackingName(TrackingNames.Generate);
            // One file per containing type: Roslyn's cost per generated file dominates an edit in a big project. The
            // groups are equatable values, so an edit writes only its own type's file again.
            var types = methods.Collect()
                .SelectMany(static (all, _) => Pipeline.GroupByType(all))
                .WithTrackingName(TrackingNames.GroupByType);
            context.RegisterSourceOutput(types, static (spc, file) => spc.AddSource(file.HintName, SourceText.From(file.Write(), Encoding.UTF8)));
        }
    }
}
