using System.Text;
using BenchmarkDotNet.Attributes;
using CompileTimeCalculus.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CompileTimeCalculus.Benchmarks;

/// <summary>
/// The generator's own cost: a cold run over 100 marked methods, a new driver in a process that has run them, and the
/// re-run after editing one of them.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GeneratorBenchmarks
{
    private const int Methods = 100;
    private static readonly string[] Bodies =
    {
        "1 / (1 + Math.Exp(-x))", "Math.Log(1 + Math.Exp(x))", "0.5 * x * (1 + Math.Tanh(0.7978845608 * (x + 0.044715 * x * x * x)))",
        "Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)", "Math.Sin(Math.Cos(3 * x))", "x > 0 ? x : Math.Exp(x) - 1",
    };

    private CSharpCompilation _compilation = null!, _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = Compile(Source(edit: false));
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(Source(edit: true), new CSharpParseOptions(LanguageVersion.Latest)));
        _warmDriver = NewDriver().RunGenerators(_compilation);
    }

    private static string Source(bool edit)
    {
        var sb = new StringBuilder("using System;\nusing CompileTimeCalculus;\nnamespace Bench;\npublic static partial class F\n{\n");
        for (int i = 0; i < Methods; i++)
        {
            string body = Bodies[i % Bodies.Length];
            if (edit && i == 0) body = "2 * " + body;
            sb.Append($"    [Derivative] public static double M{i}(double x) => {body};\n");
        }
        return sb.Append("}\n").ToString();
    }

    private static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().Append(MetadataReference.CreateFromFile(typeof(DerivativeAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new CalculusGenerator().AsSourceGenerator() }, parseOptions: new CSharpParseOptions(LanguageVersion.Latest));

    /// <summary>A process that has seen none of the methods: every method read and run through the engine.</summary>
    [Benchmark]
    public GeneratorDriver ColdRun100Methods()
    {
        Pipeline.ClearCache();
        ReadCache.Clear();
        return NewDriver().RunGenerators(_compilation);
    }

    /// <summary>A new driver in a process that has seen the methods (a build server's next build): engine results reused.</summary>
    [Benchmark]
    public GeneratorDriver NewDriverSameProcess100Methods() => NewDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver RerunAfterOneMethodEdit() => _warmDriver.RunGenerators(_edited);
}
