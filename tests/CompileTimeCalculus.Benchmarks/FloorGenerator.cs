using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Benchmarks;

/// <summary>
/// Roslyn's own floor for ForAttributeWithMetadataName: the same attribute, a transform that does nothing. The scale
/// tool times it beside the real generator to show how much of an edit's cost is Roslyn's re-run of the transforms.
/// </summary>
internal sealed class FloorGenerator(bool withOutputs) : IIncrementalGenerator
{
    private bool WithOutputs { get; } = withOutputs;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var nodes = context.SyntaxProvider.ForAttributeWithMetadataName("CompileTimeCalculus.DerivativeAttribute",
            static (node, _) => node is MethodDeclarationSyntax, static (ctx, _) => ((MethodDeclarationSyntax)ctx.TargetNode).Identifier.ValueText);
        if (WithOutputs)
            context.RegisterSourceOutput(nodes, static (spc, name) => spc.AddSource(name + ".g.cs", "// " + name + "\n"));
        else
            context.RegisterSourceOutput(nodes.Collect(), static (_, _) => { });
    }
}
