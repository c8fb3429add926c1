using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators.Tests;

public class GeneratorBehaviourTests
{
    [Fact]
    public void Attribute_metadata_names_match_the_runtime_library()
    {
        Assert.Equal(KnownNames.DerivativeAttribute, typeof(DerivativeAttribute).FullName);
        Assert.Equal(KnownNames.DerivativeOfAttribute, typeof(DerivativeOfAttribute).FullName);
    }

    [Fact]
    public void Generator_version_matches_the_assembly()
    {
        var version = typeof(CalculusGenerator).Assembly.GetName().Version!;
        Assert.Equal(KnownNames.GeneratorVersion, $"{version.Major}.{version.Minor}.{version.Build}");
    }

    [Fact]
    public void Output_is_byte_identical_across_runs_and_cultures()
    {
        string[] First() => Harness.Generate(Sources.Functions).Result.GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToArray();
        var baseline = First();
        Assert.Equal(baseline, First());
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("fi-FI");
            Assert.Equal(baseline, First());
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void DerivativeOf_with_an_unknown_target_is_diagnosed()
    {
        var diagnostics = Harness.Analyze("""
            using CompileTimeCalculus;
            public static partial class C
            {
                [DerivativeOf("Missing")] public static partial double MissingPrime(double x);
                [DerivativeOf(nameof(F))] public static partial double FPrime(float x);
                public static double F(double x) => x * x;
            }
            """);
        Assert.Equal(2, diagnostics.Count(d => d.Id == DiagnosticIds.TargetNotFound));
    }

    [Fact]
    public void DerivativeOf_with_a_hand_written_body_is_left_alone()
    {
        var (output, result) = Harness.Generate("""
            using CompileTimeCalculus;
            public static partial class C
            {
                [DerivativeOf(nameof(F))] public static double FPrime(double x) => 2 * x;
                public static double F(double x) => x * x;
            }
            """);
        Assert.Empty(result.GeneratedSources);
        Harness.AssertNoErrorsOrWarnings(output);
    }

    [Theory]
    [InlineData("public static double F(double u) => Math.Sin(u);\n[DerivativeOf(nameof(F))] public static partial double G(double")]
    [InlineData("[Derivative] public static double F(double, double y) => y * y;")]
    [InlineData("[Gradient] public static double F(double x, ) => x * x;")]
    [InlineData("[Antiderivative] public static double (double x) => x * x;")]
    public void A_signature_being_typed_emits_nothing(string member)
    {
        // Found by the fuzzer: `G(double` has a parameter without a name, and emitting `G(double )` broke the build.
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class C\n{\n" + member + "\n}\n";
        var (output, result) = Harness.Generate(source);
        Assert.Empty(result.GeneratedSources);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("[Derivative] public static double F(double x) => Math.Sin(")]
    [InlineData("[Derivative] public static double F(double x) => x +;")]
    [InlineData("[Derivative] public static double F(double x) => Undefined(x);")]
    [InlineData("[Derivative] public static double F(double x) => x * \"text\";")]
    [InlineData("[Derivative] public static double F(double x, double x) => x;")]
    [InlineData("[Derivative] public static double F(double x) => 1e999 * x;")]
    [InlineData("[Derivative] public static double F(double x) => double.NaN * x + double.PositiveInfinity;")]
    [InlineData("[Derivative(Order = -1, Name = null)] public static double F(double x) => x;")]
    [InlineData("[Derivative] public static double F(double Math) => Math * Math;")]
    [InlineData("[Derivative] public static double F(double x) => x;\n[Derivative] public static double F(double x) => x;")]
    [InlineData("public static double F(double x) => G(x);\n[DerivativeOf(nameof(F))] public static double G(double x) => F(x);")]
    [InlineData("public static double F(double x) => x;\n[GradientOf(nameof(F))] public static double G(double x) => x;")]
    [InlineData("public static double F(double x) => x;\n[GradientOf(nameof(F))] public static (double, double) G(double x) => (x, x);")]
    [InlineData("public static double F(double x) => x;\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Log(-1 - x * x);")]
    [InlineData("public static double F(double x) => Math.Exp(Math.Exp(Math.Exp(x)));\n[AntiderivativeOf(nameof(F))] public static double G(double x) => F(x) * F(x);")]
    [InlineData("[AntiderivativeOf(null)] public static double G(double x) => x;")]
    public async Task Broken_code_never_throws_out_of_the_generator_or_analyzer(string member)
    {
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class C\n{\n" + member + "\n}\n";
        var compilation = Harness.Compile(source);
        var driver = Harness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8784" or "CS8785");
        var analyzerDiagnostics = await output.WithAnalyzers([new CalculusAnalyzer(), new HandWrittenCalculusAnalyzer()], options: null).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Id is "AD0001" or DiagnosticIds.InternalError);
        Assert.All(analyzerDiagnostics, d => Assert.True(d.Location.IsInSource, $"{d.Id} has no source location"));
    }

    [Theory]
    [InlineData("Math.Sin(", ")")]
    [InlineData("(", ")")]
    [InlineData("-(", ")")]
    public void Ten_thousand_deep_nesting_is_diagnosed_without_overflowing_the_stack(string open, string close) =>
        // Roslyn's own parser recurses once per level: like csc, give it a big stack (a test-pool thread has 1.5 MB).
        OnBigStack(() => DeepNesting(open, close));

    [Fact]
    public void A_long_flat_sum_is_diagnosed_not_crashed() => OnBigStack(LongFlatSum);

    private static void OnBigStack(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { failure = e; }
        }, 256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private static void DeepNesting(string open, string close)
    {
        string body = string.Concat(Enumerable.Repeat(open, 10_000)) + "x" + string.Concat(Enumerable.Repeat(close, 10_000));
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class C\n{\n[Derivative] public static double F(double x) => " + body + ";\n}\n";
        var compilation = Harness.Compile(source);
        var driver = Harness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        // The analyzer's reading, without binding the whole body: Roslyn's own binder (not this project's code) overflows
        // on 10,000 levels on a thread-pool stack, so the full compilation is left to the command-line compiler.
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().SingleOrDefault();
        if (method is null || method.ExpressionBody is null)
        {
            // Roslyn's parser gave up on the nesting itself (CS8078); the user sees that error and there is nothing to generate.
            Assert.Contains(tree.GetDiagnostics(), d => d.Id == "CS8078");
            return;
        }
        var symbol = (IMethodSymbol)model.GetDeclaredSymbol(method)!;
        var read = FrontEnd.ReadDerivative(method, symbol, symbol.GetAttributes().Single(), model, default);
        Assert.Null(read.Request);
        var diagnostic = Assert.Single(read.Diagnostics);
        Assert.Equal(DiagnosticIds.LimitExceeded, diagnostic.Id);
        Assert.Equal(method.ExpressionBody!.Expression.Span, diagnostic.Location.SourceSpan);
    }

    private static void LongFlatSum()
    {
        string body = string.Join(" + ", Enumerable.Repeat("x", 10_000));
        var diagnostics = Harness.Analyze("using CompileTimeCalculus;\npublic static partial class C\n{\n[Derivative] public static double F(double x) => " + body + ";\n}\n");
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.LimitExceeded);
    }

    [Fact]
    public void Cancellation_stops_the_generator()
    {
        var compilation = Harness.Compile(Sources.Functions);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Harness.CreateDriver().RunGenerators(compilation, cts.Token));
    }
}
