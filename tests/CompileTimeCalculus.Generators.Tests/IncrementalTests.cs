using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CompileTimeCalculus.Generators.Tests;

public class IncrementalTests
{
    private const string Softplus = """
        using System;
        using CompileTimeCalculus;
        namespace App;
        public static partial class Activations
        {
            [Derivative] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
            [Derivative] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        }
        """;

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) RunTracked(string source)
    {
        var compilation = Harness.Compile(source);
        var driver = Harness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        return (driver, compilation);
    }

    private static CSharpCompilation ReplaceFirstTree(CSharpCompilation compilation, string text)
    {
        var old = compilation.SyntaxTrees.First();
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, Harness.ParseOptions, old.FilePath));
    }

    private static void AssertReasons(GeneratorRunResult run, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static void AssertAllOutputsCached(GeneratorRunResult run) =>
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

    /// <summary>
    /// A body with #if has the same text in Debug and Release but not the same code: the read cache must tell the two
    /// configurations apart (its key includes the preprocessor symbols), or one build gets the other's derivative.
    /// </summary>
    [Fact]
    public void The_read_cache_tells_configurations_apart()
    {
        const string source = "using System;\nusing CompileTimeCalculus;\nnamespace N;\npublic static partial class Configured\n{\n" +
            "    [Derivative] public static double F(double x)\n    {\n#if DEBUG\n        return x * x;\n#else\n        return x * x * x;\n#endif\n    }\n}\n";
        double DerivativeAtTwo(params string[] symbols)
        {
            var options = Harness.ParseOptions.WithPreprocessorSymbols(symbols);
            var compilation = CSharpCompilation.Create("Consumer", new[] { CSharpSyntaxTree.ParseText(source, options, path: "Configured.cs") }, Harness.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var driver = Harness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            Harness.AssertNoErrorsOrWarnings(output);
            var method = Harness.Load(output).GetType("N.Configured")!.GetMethod("FDerivative")!;
            return (double)method.Invoke(null, new object[] { 2.0 })!;
        }
        Assert.Equal(4.0, DerivativeAtTwo("DEBUG"), 12);   // 2x
        Assert.Equal(12.0, DerivativeAtTwo(), 12);         // 3x², the same text without DEBUG
        Assert.Equal(4.0, DerivativeAtTwo("DEBUG"), 12);
    }

    [Fact]
    public void Same_compilation_again_is_all_cached()
    {
        var (driver, compilation) = RunTracked(Softplus);
        var run = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Cached);
        AssertAllOutputsCached(run);
    }

    [Fact]
    public void Comment_above_the_method_keeps_generation_cached()
    {
        var (driver, compilation) = RunTracked(Softplus);
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, "// moved down one line\n" + Softplus)).GetRunResult().Results.Single();
        AssertReasons(run, TrackingNames.Read, IncrementalStepRunReason.Unchanged);
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Cached);
        AssertAllOutputsCached(run);
    }

    private const string Integrals = """
        using System;
        using CompileTimeCalculus;
        namespace App;
        public static partial class Integrals
        {
            [Antiderivative(LowerLimit = double.NegativeInfinity)] public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
            public static double Square(double x) => x * x;
            [DefiniteIntegral(nameof(Square), 0, 1)] public static partial double Area();
            [AntiderivativeOf(nameof(Square))] public static partial double Cube(double x);
        }
        """;

    [Fact]
    public void Comment_above_an_integral_keeps_every_integral_cached()
    {
        var (driver, compilation) = RunTracked(Integrals);
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, "// moved down one line\n" + Integrals)).GetRunResult().Results.Single();
        AssertReasons(run, TrackingNames.Read, IncrementalStepRunReason.Unchanged);
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAllOutputsCached(run);
        Assert.Equal(3, Harness.EmittedMembers(run).Count);
    }

    [Fact]
    public void Editing_the_integrand_regenerates_its_integrals()
    {
        var (driver, compilation) = RunTracked(Integrals);
        int runsBefore = Pipeline.Runs;
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, Integrals.Replace("=> x * x;", "=> x * x * x;"))).GetRunResult().Results.Single();
        Assert.Equal(2, Pipeline.Runs - runsBefore); // Area and Cube depend on Square; NormalPdf's antiderivative stays as it was
        Assert.Contains("return 0.25;", Harness.EmittedMembers(run)["Area"]);
    }

    private const string Gradients = """
        using System;
        using CompileTimeCalculus;
        namespace App;
        public static partial class Losses
        {
            [Gradient] public static double Mse(double w, double b, double x, double y) => (w * x + b - y) * (w * x + b - y);

            [Gradient(nameof(w))]
            public static double LogLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
            {
                double z = 0;
                for (int i = 0; i < w.Length; i++)
                    z += w[i] * x[i];
                return Math.Log(1 + Math.Exp(z)) - y * z;
            }
        }
        """;

    [Fact]
    public void Comment_above_a_gradient_keeps_every_gradient_cached()
    {
        var (driver, compilation) = RunTracked(Gradients);
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, "// moved down one line\n" + Gradients)).GetRunResult().Results.Single();
        AssertReasons(run, TrackingNames.Read, IncrementalStepRunReason.Unchanged);
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Cached);
        AssertAllOutputsCached(run);
        Assert.Equal(2, Harness.EmittedMembers(run).Count);
    }

    [Fact]
    public void Editing_a_loop_body_regenerates_only_that_gradient()
    {
        var (driver, compilation) = RunTracked(Gradients);
        int readsBefore = ReadCache.Reads, runsBefore = Pipeline.Runs;
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, Gradients.Replace("z += w[i] * x[i];", "z += 2 * w[i] * x[i];"))).GetRunResult().Results.Single();
        Assert.Equal(1, ReadCache.Reads - readsBefore);
        Assert.Equal(1, Pipeline.Runs - runsBefore);
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Modified);
        Assert.Contains("2.0 * w[i] * x[i]", Harness.EmittedMembers(run)["LogLossGradient"]);
    }

    [Fact]
    public void An_edit_writes_only_its_own_types_file_again()
    {
        const string twoTypes = """
            using System;
            using CompileTimeCalculus;
            namespace App;
            public static partial class A
            {
                [Derivative] public static double F(double x) => Math.Sin(x);
                [Derivative] public static double G(double x) => Math.Cos(x);
            }
            public static partial class B
            {
                [Derivative] public static double H(double x) => Math.Exp(x);
            }
            """;
        var (driver, compilation) = RunTracked(twoTypes);
        Assert.Equal(new[] { "App.A.Derivative.g.cs", "App.B.Derivative.g.cs" },
            driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, twoTypes.Replace("Math.Sin(x)", "Math.Sin(2 * x)"))).GetRunResult().Results.Single();
        var reasons = run.TrackedSteps[TrackingNames.GroupByType].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified)); // A's file
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Unchanged)); // B's file is not written again
        Assert.Contains("Math.Cos(2.0 * x)", Harness.EmittedMembers(run)["FDerivative"]);
    }

    [Fact]
    public void A_partial_type_split_across_files_gets_one_file_and_an_edit_keeps_both_parts()
    {
        const string first = "using System;\nusing CompileTimeCalculus;\nnamespace App;\npublic static partial class Split\n{\n    [Derivative] public static double B(double x) => Math.Sin(x);\n}\n";
        const string second = "using System;\nusing CompileTimeCalculus;\nnamespace App;\npublic static partial class Split\n{\n    [Derivative] public static double A(double x) => Math.Cos(x);\n}\n";
        var compilation = Harness.Compile(first, second);
        var driver = Harness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var generated = driver.GetRunResult().Results.Single().GeneratedSources.Single();
        Assert.Equal("App.Split.Derivative.g.cs", generated.HintName);
        string text = generated.SourceText.ToString();
        Assert.True(text.IndexOf("ADerivative", StringComparison.Ordinal) < text.IndexOf("BDerivative", StringComparison.Ordinal)); // hint-name order, not file order

        var edited = ReplaceFirstTree(compilation, first.Replace("Math.Sin(x)", "Math.Sin(3 * x)"));
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var members = Harness.EmittedMembers(run);
        Assert.Contains("3.0 * global::System.Math.Cos(3.0 * x)", members["BDerivative"]);
        Assert.Contains("Sin(x)", members["ADerivative"]);
    }

    [Fact]
    public void Unrelated_file_added_keeps_generation_cached()
    {
        var (driver, compilation) = RunTracked(Softplus);
        var other = CSharpSyntaxTree.ParseText("namespace App; public static class Other { public static int Twice(int n) => 2 * n; }", Harness.ParseOptions, "Other.cs");
        var run = driver.RunGenerators(compilation.AddSyntaxTrees(other)).GetRunResult().Results.Single();
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Cached);
        AssertAllOutputsCached(run);
    }

    [Fact]
    public void Editing_one_body_regenerates_only_that_method()
    {
        var (driver, compilation) = RunTracked(Softplus);
        var edited = Softplus.Replace("1 / (1 + Math.Exp(-x))", "1 / (1 + Math.Exp(-2 * x))");
        int readsBefore = ReadCache.Reads, runsBefore = Pipeline.Runs;
        var run = driver.RunGenerators(ReplaceFirstTree(compilation, edited)).GetRunResult().Results.Single();
        Assert.Equal(1, ReadCache.Reads - readsBefore); // Softplus is reused, not read again
        Assert.Equal(1, Pipeline.Runs - runsBefore);
        AssertReasons(run, TrackingNames.Generate, IncrementalStepRunReason.Modified);
        Assert.Contains("2.0 *", Harness.EmittedMembers(run)["SigmoidDerivative"]);
    }

    [Fact]
    public void A_one_method_edit_reads_only_that_method_again()
    {
        // Ten files of ten methods: the edited file's step runs again, the read cache and the engine's cache keep it to one method.
        string File(int f, string edit) => "using System;\nusing CompileTimeCalculus;\nnamespace App;\npublic static partial class F" + f + "\n{\n" +
            string.Concat(Enumerable.Range(0, 10).Select(i => $"    [Derivative] public static double M{f}_{i}(double x) => {(f == 4 && i == 3 ? edit : "")}Math.Sin({i + 1} * x);\n")) + "}\n";
        var compilation = Harness.Compile(Enumerable.Range(0, 10).Select(f => File(f, "")).ToArray());
        var driver = Harness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var old = compilation.SyntaxTrees.ElementAt(4);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(File(4, "2 * "), Harness.ParseOptions, old.FilePath));

        int readsBefore = ReadCache.Reads, runsBefore = Pipeline.Runs;
        var run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(1, ReadCache.Reads - readsBefore); // counted per thread: tests running in parallel do not interfere
        Assert.Equal(1, Pipeline.Runs - runsBefore);
        var find = run.TrackedSteps[TrackingNames.FindMethods].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(1, find.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(9, find.Count(o => o.Reason == IncrementalStepRunReason.Cached));
        var generate = run.TrackedSteps[TrackingNames.Generate].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(1, generate.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(9, generate.Count(o => o.Reason == IncrementalStepRunReason.Cached));
        var written = run.TrackedSteps[TrackingNames.GroupByType].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(1, written.Count(o => o.Reason == IncrementalStepRunReason.Modified));
        Assert.Equal(9, written.Count(o => o.Reason == IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void A_declaration_change_elsewhere_reads_everything_again()
    {
        // A new type named Math changes what Math.Sin means in every file: nothing may be reused.
        const string source = "using System;\nusing CompileTimeCalculus;\nnamespace App;\npublic static partial class G\n{\n    [Derivative] public static double S(double x) => Math.Sin(x);\n}\n";
        var compilation = Harness.Compile(source, "namespace Other; public static class Unrelated { }");
        var driver = Harness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var old = compilation.SyntaxTrees.ElementAt(1);
        var shadowing = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            "namespace App; public static class Math { public static double Sin(double v) => v * v; }", Harness.ParseOptions, old.FilePath));
        var (output, _) = (driver.RunGeneratorsAndUpdateCompilation(shadowing, out var updated, out _), updated);
        var generated = output.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("2.0 * x", generated); // the derivative of the new Math.Sin(x) = x², not cos x
    }

    [Fact]
    public void Pipeline_models_hold_no_compiler_objects()
    {
        var (driver, compilation) = RunTracked(Softplus + "\npublic static partial class P { [DerivativeOf(nameof(G))] public static partial double GPrime(double x); public static double G(double " +
            "x) => x * x; }\n"
            + Integrals.Replace("using System;\n", "").Replace("using CompileTimeCalculus;\n", "").Replace("namespace App;", ""));
        // The source itself is sound C# (the generator supplies the partial methods' bodies, CS8795 until it runs).
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795"));
        var run = driver.GetRunResult().Results.Single();
        var ours = new[] { TrackingNames.FindMethods, TrackingNames.Read, TrackingNames.Generate, TrackingNames.GroupByType };
        var values = run.TrackedSteps.Where(s => ours.Contains(s.Key)).SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(values);
        foreach (var value in values) AssertNoCompilerObjects(value);
    }

    private static void AssertNoCompilerObjects(object root)
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(Location), typeof(SemanticModel), typeof(SyntaxTree) };
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current)) continue;
            var type = current.GetType();
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"A pipeline model holds a {type}");
            if (type.IsPrimitive || current is string) continue;
            if (current is System.Collections.IEnumerable sequence)
            {
                foreach (var item in sequence) if (item is not null) pending.Push(item);
            }
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.GetValue(current) is { } child) pending.Push(child);
                }
            }
        }
    }
}
