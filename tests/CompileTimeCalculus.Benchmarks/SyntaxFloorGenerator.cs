using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Benchmarks;

/// <summary>
/// Roslyn's own floor for the generator's shape: a syntax provider with one item per file, combined with the
/// compilation, a transform that only hashes the marked methods' spans. The scale tool times it beside the real generator.
/// </summary>
internal sealed class SyntaxFloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.SyntaxProvider.CreateSyntaxProvider(static (node, _) => node is CompilationUnitSyntax,
            static (ctx, _) =>
            {
                long hash = 17;
                foreach (var node in ctx.Node.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    if (node is MethodDeclarationSyntax { AttributeLists.Count: > 0 } method) hash = hash * 31 + method.Span.GetHashCode();
                }
                return hash;
            });
        context.RegisterSourceOutput(files.Combine(context.CompilationProvider).Select(static (pair, _) => pair.Left).Collect(), static (_, _) => { });
    }
}
