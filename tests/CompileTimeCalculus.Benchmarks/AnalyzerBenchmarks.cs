using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using CompileTimeCalculus.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Benchmarks;

/// <summary>
/// What the analyzers cost the IDE: a fresh compilation of 100 methods analyzed from scratch, against the compiler's own
/// diagnostics for the same code (the difference is the analyzers' share).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AnalyzerBenchmarks
{
    private const int Methods = 100;
    private CSharpCompilation _derivatives = null!, _handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        var derivatives = new StringBuilder("using System;\nusing CompileTimeCalculus;\npublic static partial class D\n{\n");
        var handWritten = new StringBuilder("using System;\nusing CompileTimeCalculus;\npublic static partial class H\n{\n");
        for (int i = 0; i < Methods; i++)
        {
            derivatives.Append($"    [Derivative] public static double F{i}(double x) => Math.Log(1 + Math.Exp({i % 5 + 1} * x)) + Math.Max(x, 0.0);\n");
            handWritten.Append($"    public static double F{i}(double x) => Math.Exp({i % 5 + 2} * x) * Math.Sin(x);\n");
            handWritten.Append($"    [DerivativeOf(nameof(F{i}))] public static double G{i}(double x) => Math.Exp({i % 5 + 2} * x) * ({i % 5 + 2} * Math.Sin(x) + Math.Cos(x));\n");
        }
        _derivatives = Compile(derivatives.Append("}\n").ToString());
        _handWritten = Compile(handWritten.Append("}\n").ToString());
    }

    private static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().Append(MetadataReference.CreateFromFile(typeof(DerivativeAttribute).Assembly.Location)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static int Analyze(Compilation compilation, DiagnosticAnalyzer analyzer) =>
        compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;

    [Benchmark(Baseline = true)]
    public int CompilerOnly100DerivativeMethods() => _derivatives.Clone().GetDiagnostics().Length;

    [Benchmark]
    public int CalculusAnalyzer100DerivativeMethods() => Analyze(_derivatives.Clone(), new CalculusAnalyzer());

    [Benchmark]
    public int CompilerOnly100HandWrittenDerivatives() => _handWritten.Clone().GetDiagnostics().Length;

    [Benchmark]
    public int HandWrittenAnalyzer100HandWrittenDerivatives() => Analyze(_handWritten.Clone(), new HandWrittenCalculusAnalyzer());
}
