using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The fuzzing harness: random method bodies from the supported grammar, mixed with unsupported and malformed code
/// (code being typed, wrong types, huge literals, NaN and ∞, deep nesting, long sums, a type named Math, generic and
/// nested types, partial types split across files, duplicates, name clashes), driven through the real generator and
/// both analyzers. A bounded run is part of the test suite; CALC_FUZZ_CASES=N (and CALC_FUZZ_SEED) runs longer.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Unary = { "Math.Exp", "Math.Log", "Math.Sin", "Math.Cos", "Math.Tanh", "Math.Sqrt", "Math.Atan", "Math.Abs", "Math.Asinh", "Math.Cbrt" };
    private static readonly string[] Leaves = { "x", "x", "y", "2.0", "0.5", "3", "Math.PI", "K", "1e300", "1e-300", "double.NaN", "double.PositiveInfinity", "1E+400" };

    private static string Expression(Random random, int depth)
    {
        if (depth == 0 || random.Next(5) == 0) return Leaves[random.Next(Leaves.Length)];
        string a = Expression(random, depth - 1), b = Expression(random, depth - 1);
        return random.Next(14) switch
        {
            0 or 1 => $"({a} + {b})",
            2 => $"({a} - {b})",
            3 or 4 => $"({a} * {b})",
            5 => $"({a} / {b})",
            6 or 7 => $"{Unary[random.Next(Unary.Length)]}({a})",
            8 => $"Math.Pow({a}, {random.Next(-3, 5)})",
            9 => $"({a} > {b} ? {a} : {b})",
            10 => $"Math.Max({a}, {b})",
            11 => $"-({a})",
            12 => $"Helper({a})",
            _ => $"Math.Atan2({a}, {b})",
        };
    }

    private static readonly string[] Hostile =
    {
        "[Derivative] public static double H{0}(double x) => x % 2.0;",
        "[Derivative] public static double H{0}(double x) {{ var y = x; return y * y; }}",
        "[Derivative] public static double H{0}(double x) => 1 / 2 * x;",
        "[Derivative] public static int H{0}(double x) => (int)x;",
        "[Derivative] public static double H{0}(string s) => 1.0;",
        "[Derivative] public static double H{0}(ref double x) => x;",
        "[Derivative(Order = 7)] public static double H{0}(double x) => x;",
        "[Derivative(WithRespectTo = \"nope\")] public static double H{0}(double x, double y) => x * y;",
        "[Derivative] public static double H{0}(double x) => H{0}(x);",
        "[Derivative] public static double H{0}(double x) => Math.Sin(",
        "[Derivative] public static double H{0}(double x) => x +;",
        "[Derivative] public static double H{0}(double x) => Undefined(x);",
        "[Derivative] public static double H{0}(double x) => {1};",
        "[Derivative] public static double H{0}(double x) => " + string.Join(" + ", Enumerable.Repeat("x * x", 600)) + ";",
        "[Derivative] public static double H{0}(double x) => " + new string('(', 260) + "x" + new string(')', 260) + ";",
        "[Derivative] public static double H{0}(double x) => Math.Log(-1 - x * x);",
        "[Derivative] public static double H{0}(double x) => x;\n    public static double H{0}Derivative(double x) => 1;",
        "[Derivative] public static double H{0}(double x) => x;\n    [Derivative] public static double H{0}(double x) => x;",
        "[DerivativeOf(\"Missing\")] public static partial double H{0}(double x);",
        "[DerivativeOf(nameof(Helper))] public static partial double H{0}(double x);",
        "[AntiderivativeOf(nameof(Helper))] public static double H{0}(double x) => Math.Exp(2 * x);",
        "[GradientOf(nameof(Helper))] public static (double x, double q) H{0}(double x) => (x, x);",
        "[Derivative] public double H{0}(double x) => x;",
        "[Derivative] public static double H{0}<T>(double x) => x;",
        "[Derivative] public static double H{0}(double x) => checked(x * 2);",
        "[Derivative] public static double H{0}(double x) => x switch {{ > 0 => x, _ => 0.0 }};",
    };

    private static string[] Case(Random random, int index)
    {
        var members = new StringBuilder();
        int count = random.Next(1, 6);
        for (int m = 0; m < count; m++)
        {
            if (random.Next(3) == 0)
                members.Append("    ").Append(string.Format(CultureInfo.InvariantCulture, Hostile[random.Next(Hostile.Length)], m, Expression(random, 3))).Append('\n');
            else
                members.Append($"    [Derivative(WithRespectTo = nameof(x))] public static double F{m}(double x, double y) => {Expression(random, random.Next(1, 5))};\n");
        }
        string container = random.Next(4) switch
        {
            0 => "public static partial class C\n{\n    private const double K = 1.25;\n    public static double Helper(double u) => Math.Exp(u) / (1 + u * u);\n" + members + "}\n",
            1 => "public partial class Outer<T>\n{\n    internal static partial class C\n    {\n    private const double K = 1.25;\n    public static double Helper(double u) => Math.Sin(u);\n" + members + "    }\n}\n",
            2 => "public static partial class C\n{\n    private const double K = 1.25;\n    public static double Helper(double u) => u * u;\n" + members + "}\npublic static class Math { public static double Exp(double v) => v; }\n",
            _ => "public partial struct C\n{\n    private const double K = 1.25;\n    public static double Helper(double u) => Math.Tanh(u);\n" + members + "}\n",
        };
        string source = "using System;\nusing CompileTimeCalculus;\nnamespace Fuzz" + index + ";\n" + container;
        if (random.Next(6) == 0) source = source.Substring(0, random.Next(source.Length / 2, source.Length)); // still being typed
        var files = new List<string> { source };
        if (random.Next(4) == 0)
            files.Add("using System;\nusing CompileTimeCalculus;\nnamespace Fuzz" + index + ";\npublic static partial class C\n{\n    [Derivative] public static double Split(double x) => Math.Exp(-x * x);\n}\n");
        return files.ToArray();
    }

    [Fact]
    public async Task Random_and_hostile_sources_hold_every_invariant()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("CALC_FUZZ_CASES"), out int n) ? n : 150;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("CALC_FUZZ_SEED"), out int s) ? s : Environment.TickCount;
        var random = new Random(seed);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer(), new HandWrittenCalculusAnalyzer());
        long checks = 0, emittedFiles = 0, emittedDerivativesChecked = 0, diagnostics = 0;
        for (int i = 0; i < cases; i++)
        {
            var sources = Case(random, i);
            string context = $"seed {seed}, case {i}:\n{string.Join("\n---\n", sources)}";
            var compilation = Harness.Compile(sources);
            var driver = Harness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics);
            var run = driver.GetRunResult().Results.Single();

            // 1. Nothing escapes: no generator exception (CS8785 drops all output), no analyzer exception (AD0001).
            Assert.True(run.Exception is null, context + "\n" + run.Exception);
            Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8784" or "CS8785");
            var found = await updated.WithAnalyzers(analyzers, options: null).GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(found, d => d.Id is "AD0001" or DiagnosticIds.InternalError);
            checks += 3;

            // 2. Every diagnostic sits in the user's own source.
            var userTrees = compilation.SyntaxTrees.ToHashSet();
            foreach (var d in found)
            {
                Assert.True(d.Location.IsInSource && userTrees.Contains(d.Location.SourceTree!), $"{d} has no location in the user's files; {context}");
                checks++;
                diagnostics++;
            }

            // 3. Every emitted file parses and compiles.
            foreach (var generated in run.GeneratedSources)
            {
                Assert.DoesNotContain(generated.SyntaxTree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
                var errors = updated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == generated.SyntaxTree).ToList();
                Assert.True(errors.Count == 0, $"{generated.HintName}: {string.Join("; ", errors)}\n{generated.SourceText}\n{context}");
                checks += 2;
                emittedFiles++;
            }

            // 4. Where the whole program compiles, every emitted derivative matches finite differences.
            if (run.GeneratedSources.Length > 0 && !updated.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                var assembly = Harness.Load(updated);
                foreach (var type in assembly.GetTypes())
                {
                    if (type.ContainsGenericParameters) continue;
                    foreach (var derivative in type.GetMethods().Where(m => m.Name.EndsWith("Derivative", StringComparison.Ordinal) && m.GetParameters().Length == 2))
                    {
                        var f = type.GetMethod(derivative.Name[..^"Derivative".Length]);
                        if (f is null) continue;
                        foreach (double x in new[] { -1.3, 0.4, 1.7 })
                        {
                            double Fx(double t) => (double)f.Invoke(null, new object[] { t, 0.6 })!;
                            double claimed = (double)derivative.Invoke(null, new object[] { x, 0.6 })!;
                            if (!double.IsFinite(Fx(x)) || !double.IsFinite(claimed)) continue;
                            double r1 = Harness.FiniteDifference(Fx, x, 1e-3), r2 = Harness.FiniteDifference(Fx, x, 5e-4);
                            double noise = 1e-9 * Math.Max(Math.Abs(Fx(x + 1e-3)), Math.Abs(Fx(x - 1e-3))) / 1e-3;
                            double tolerance = 1e-6 * Math.Max(1, Math.Abs(r2)) + 10 * noise;
                            if (!double.IsFinite(r2) || Math.Abs(r1 - r2) > tolerance || !CompileTimeCalculus.Engine.NumericVerifier.IsSmooth(Fx, x, 1e-3, tolerance)) continue;
                            Assert.True(Math.Abs(claimed - r2) <= 10 * tolerance, $"{derivative.Name}({x}) = {claimed:R}, finite differences {r2:R}; {context}");
                            checks++;
                            emittedDerivativesChecked++;
                        }
                    }
                }
            }
        }
        output.WriteLine($"fuzz: seed {seed}, {cases} cases, {emittedFiles} emitted files, {diagnostics} diagnostics, {emittedDerivativesChecked} derivative values checked, {checks} invariant checks held");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fuzz.txt"), $"{cases} cases, {checks} invariant checks, {emittedFiles} emitted files, {emittedDerivativesChecked} derivative checks, {diagnostics} diagnostics (seed {seed})\n");
    }
}
