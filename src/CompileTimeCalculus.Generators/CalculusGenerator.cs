using System;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Emits derivatives ([Derivative]), gradients ([Gradient]), antiderivatives ([Antiderivative]) and the bodies of partial methods marked
    /// [DerivativeOf], [AntiderivativeOf] and [DefiniteIntegral].
    /// Diagnostics come from <see cref="CalculusAnalyzer"/>, which reads methods the same way, except CALC208 for a refused
    /// [DefiniteIntegral] (see below).
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class CalculusGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            // Found by syntax alone (an edit re-runs only its own file), then bound per file; ReadCache reuses what the
            // edit cannot have changed, where ForAttributeWithMetadataName would bind every marked method again.
            var files = context.SyntaxProvider.CreateSyntaxProvider(
                    static (node, _) => node is CompilationUnitSyntax,
                    static (ctx, ct) => MarkedFile.Find(ctx.Node, ct))
                .Where(static file => file.Methods.Count > 0)
                .WithTrackingName(TrackingNames.FindMethods);
            var requests = files.Combine(context.CompilationProvider)
                .Select(static (pair, ct) => ReadCache.ReadFile(pair.Left, pair.Right, ct))
                .WithTrackingName(TrackingNames.Read);

            // <CompileTimeCalculusStableForms>false</CompileTimeCalculusStableForms> emits textbook formulas instead.
            var stableForms = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                !(options.GlobalOptions.TryGetValue(KnownNames.StableFormsProperty, out var value) && string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)));

            // Every node carries one item per source file, not per method: in a project of 10,000 methods Roslyn's
            // per-item bookkeeping would cost more than the edit itself. The engine still runs per method (cached).
            var generated = requests
                .Combine(stableForms)
                .Select(static (pair, ct) => Pipeline.GenerateFile(pair.Left, pair.Right, ct))
                .WithTrackingName(TrackingNames.Generate);
            // One file per containing type and attribute: Roslyn's cost per generated file dominates an edit in a big
            // project. The groups are equatable values, so an edit writes only its own type's file again.
            var types = generated.Collect()
                .SelectMany(static (all, _) => Pipeline.GroupByType(all))
                .WithTrackingName(TrackingNames.GroupByType);
            // .NET Framework and .NET Standard 2.0 have no MathF (nor Math.Cbrt, Asinh, ...): a bool from the compilation, so
            // an edit leaves it unchanged and every output cached.
            var modernMath = context.CompilationProvider.Select(static (compilation, _) => LegacyMath.IsAvailable(compilation))
                .WithTrackingName(TrackingNames.TargetMath);
            context.RegisterSourceOutput(types.Combine(modernMath),
                static (spc, pair) => spc.AddSource(pair.Left.HintName, SourceText.From(pair.Left.Write(pair.Right), Encoding.UTF8)));

            // A refused [DefiniteIntegral] leaves its partial method without a body; the compiler then says only CS8795 and
            // skips the analyzers, so its reason (CALC208) comes from here. Both sides are equatable values (declarations
            // found by syntax, refusals from the cached engine results), so edits elsewhere leave this output cached.
            var refused = requests.Combine(stableForms)
                .Select(static (pair, ct) => Pipeline.RefusedIntegrals(pair.Left, pair.Right, ct))
                .Where(static list => list.Count > 0)
                .Collect();
            var declarations = context.SyntaxProvider.ForAttributeWithMetadataName(KnownNames.DefiniteIntegralAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, _) => DeclarationSite.Of((MethodDeclarationSyntax)ctx.TargetNode))
                .Collect();
            // Resolved to values first: with nothing refused the result is the same empty list after any edit, so the output stays cached.
            var reports = refused.Combine(declarations)
                .Select(static (pair, _) => new EquatableArray<RefusedAt>(pair.Left.SelectMany(list => list)
                    .Select(integral => new RefusedAt(integral, pair.Right.FirstOrDefault(d => d.MethodName == integral.MethodName && d.ContainingTypes.Equals(integral.ContainingTypes))))
                    .ToArray()));
            var helpBase = context.AnalyzerConfigOptionsProvider.Select(static (options, _) => HelpLinks.Base(options.GlobalOptions));
            context.RegisterSourceOutput(reports.Combine(helpBase), static (spc, pair) =>
            {
                foreach (var report in pair.Left)
                    spc.ReportDiagnostic(HelpLinks.Rebase(Diagnostic.Create(DiagnosticDescriptors.IntegralUndefined, report.Site?.ToLocation() ?? Location.None,
                        report.Integral.SourceName, report.Integral.Message), pair.Right));
            });
        }
    }
}
