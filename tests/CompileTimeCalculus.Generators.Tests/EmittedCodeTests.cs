using Microsoft.CodeAnalysis;

namespace CompileTimeCalculus.Generators.Tests;

public class EmittedCodeTests
{
    private static readonly Lazy<(Compilation Output, GeneratorRunResult Result)> Run = new(() => Harness.Generate(Sources.Functions));

    public static TheoryData<string> HintNames()
    {
        var data = new TheoryData<string>();
        foreach (var source in Run.Value.Result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal)) data.Add(source);
        return data;
    }

    [Theory]
    [MemberData(nameof(HintNames))]
    public void Emitted_file_matches_snapshot(string hintName)
    {
        var source = Run.Value.Result.GeneratedSources.Single(s => s.HintName == hintName);
        string caseName = hintName.Replace(".g.cs", "");
        Snapshot.Verify(nameof(EmittedCodeTests), caseName, hintName, source.SourceText.ToString());
    }

    [Fact]
    public void Every_marked_method_is_generated()
    {
        Assert.Equal(30, Harness.EmittedMembers(Run.Value.Result).Count); // 27 marked methods; Order = 2 and Order = 3 add three
        // One file per containing type and attribute: Functions' derivatives, its DerivativeOf bodies, the nested type's.
        var hints = Run.Value.Result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "Samples.Functions.Derivative.g.cs", "Samples.Functions.DerivativeOf.g.cs", "Samples.Nested.Outer`1.Inner.Derivative.g.cs" }, hints);
    }

    [Fact]
    public void Output_compiles_without_warnings()
    {
        Harness.AssertNoErrorsOrWarnings(Run.Value.Output);
    }

    [Fact]
    public void Analyzer_is_silent_on_supported_code()
    {
        // Information (kinks, with the convention used) is expected; nothing may be a warning or an error.
        Assert.Empty(Harness.Analyze(Sources.Functions).Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    public static TheoryData<string, string, string> EmittedMethods()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (type, source, emitted) in Sources.Emitted) data.Add(type, source, emitted);
        return data;
    }

    [Theory]
    [MemberData(nameof(EmittedMethods))]
    public void Emitted_derivative_matches_finite_differences(string type, string source, string emitted)
    {
        var assembly = Loaded.Value;
        var f = Harness.Function(assembly, type, source);
        var df = Harness.Function(assembly, type, emitted);
        bool isFloat = Harness.TakesFloat(assembly, type, emitted);
        int checkedPoints = 0;
        foreach (double x in new[] { -2.7, -1.3, -0.6, -0.2, 0.15, 0.45, 0.8, 1.1, 1.9, 3.3 })
        {
            double expected = Harness.FiniteDifference(f, x, isFloat ? 1e-2 : 1e-3);
            double actual = df(x);
            if (double.IsNaN(f(x))) continue; // outside the function's domain
            double tolerance = (isFloat ? 2e-3 : 1e-6) * Math.Max(1, Math.Abs(expected));
            if (Math.Abs(expected - actual) > tolerance && IsKinkNear(f, x)) continue;
            Assert.True(Math.Abs(expected - actual) <= tolerance, $"{emitted}({x}) = {actual}, finite differences give {expected}");
            checkedPoints++;
        }
        Assert.True(checkedPoints >= 3, $"only {checkedPoints} points checked");
    }

    private static bool IsKinkNear(Func<double, double> f, double x) =>
        Math.Abs(Harness.FiniteDifference(f, x, 1e-3) - Harness.FiniteDifference(f, x, 1e-4)) > 1e-4;

    private static readonly Lazy<System.Reflection.Assembly> Loaded = new(() => Harness.Load(Run.Value.Output));
}
