using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace QuickStart;

/// <summary>
/// Shows what the build reports for code it cannot differentiate, by running the package's analyzer on a snippet
/// in-process (the same diagnostics appear in the IDE and in `dotnet build` for real code).
/// </summary>
internal static class DiagnosticsTour
{
    public const string Snippet = """
        using System;
        using CompileTimeCalculus;

        public static class NotPartial
        {
            [Derivative] public static double F(double x) => x * x;
        }

        public static partial class Mistakes
        {
            [Derivative] public static double Half(double x) => 1 / 2 * x;
            [Derivative] public static double Remainder(double x) => x % 2.0;
            [Derivative] public static double Stateful(double x) => x * Random.Shared.NextDouble();
            [Derivative] public static double Loop(double x) { var y = x; return y * y; }
            [Derivative] public static double Product(double x, double y) => x * y;
            [Derivative] public static double Recursive(double x) => x < 1 ? x : Recursive(x / 2);

            public static double Exp2(double x) => Math.Exp(2 * x);
            [AntiderivativeOf(nameof(Exp2))] public static double Exp2Integral(double x) => Math.Exp(2 * x);

            public static double LogQuadratic(double x) => Math.Log(x * x + 1);
            [DerivativeOf(nameof(LogQuadratic))] public static double LogQuadraticPrime(double x) => 1 / (x * x + 1);

            public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
            [DerivativeOf(nameof(Sigmoid))] public static double SigmoidPrime(double x) => Sigmoid(x) * (1 - Sigmoid(x)); // correct: silent
        }
        """;

    public static void Run()
    {
        var analyzerAssembly = typeof(CompileTimeCalculus.DerivativeAttribute).Assembly;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(analyzerAssembly.Location));
        var tree = CSharpSyntaxTree.ParseText(Snippet, path: "Mistakes.cs");
        var compilation = CSharpCompilation.Create("Tour", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new CompileTimeCalculus.Generators.CalculusAnalyzer(), new CompileTimeCalculus.Generators.HandWrittenCalculusAnalyzer());
        var diagnostics = compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        foreach (var d in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var position = d.Location.GetLineSpan().StartLinePosition;
            var text = tree.GetText().ToString(d.Location.SourceSpan);
            Console.WriteLine($"  Mistakes.cs({position.Line + 1},{position.Character + 1}): {d.Id} at '{Shorten(text)}'");
            Console.WriteLine($"      {d.GetMessage()}");
        }
    }

    private static string Shorten(string text) => text.Length <= 50 ? text : text[..47] + "...";
}
