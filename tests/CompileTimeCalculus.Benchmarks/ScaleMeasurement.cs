using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using CompileTimeCalculus.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Benchmarks;

/// <summary>
/// Build-time cost at scale: a project of N marked methods in files of 100, generated from scratch, then re-generated
/// after a one-method edit; the analyzers' execution time over the whole project; peak memory.
/// Run: dotnet run -c Release --project tests/CompileTimeCalculus.Benchmarks -- scale 1000 10000
/// </summary>
internal static class ScaleMeasurement
{
    private static readonly string[] Bodies =
    {
        "1 / (1 + Math.Exp(-x))", "Math.Log(1 + Math.Exp(x))", "0.5 * x * (1 + Math.Tanh(0.7978845608 * (x + 0.044715 * x * x * x)))",
        "Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)", "Math.Sin(Math.Cos(3 * x))", "x > 0 ? x : Math.Exp(x) - 1", "Math.Atan(x * x) + Math.Sqrt(1 + x * x)",
    };

    private static string File(int file, int methods, int edited, int factor = 2)
    {
        var sb = new StringBuilder($"using System;\nusing CompileTimeCalculus;\nnamespace Scale;\npublic static partial class F{file}\n{{\n");
        for (int i = 0; i < methods; i++)
        {
            int id = file * methods + i;
            string body = Bodies[id % Bodies.Length];
            if (id == edited) body = factor.ToString(System.Globalization.CultureInfo.InvariantCulture) + " * " + body;
            sb.Append($"    [Derivative] public static double M{id}(double x) => {body};\n");
        }
        return sb.Append("}\n").ToString();
    }

    public static void Run(IEnumerable<int> sizes)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DerivativeAttribute).Assembly.Location)).ToList();
        Measure(200, parse, references, print: false); // JIT and caches warm, as in a build server or the IDE
        Console.WriteLine("| methods | cold generation | per method | one-method edit | allocated per edit | what re-ran | Roslyn floor: same shape, empty transform | floor: " +
            "ForAttributeWithMetadataName | floor: that, a file per method | analyzers (both) | per method | peak working set |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (int size in sizes) Measure(size, parse, references, print: true);
    }

    private static readonly string[] Activations = { "Math.Log(1 + Math.Exp(z))", "(z - y) * (z - y)", "Math.Tanh(z) - y", "z * z / (1 + z * z)" };

    private static readonly string[] Integrands =
    {
        "Math.Exp(-x * x / 2)", "x * Math.Exp(-x * x)", "1 / (1 + x * x)", "Math.Exp(x) / (1 + Math.Exp(x))", "x * Math.Sin(x)",
        "Math.Log(1 + x * x)", "1 / ((x + 2) * (x + 3))", "Math.Sqrt(1 + x * x)", "x * x * Math.Exp(2 * x)", "Math.Tanh(x)",
    };

    /// <summary>One attribute's cost: N methods of one kind, generated from scratch with every cache empty.</summary>
    public static void RunKinds(int size)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var references = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(DerivativeAttribute).Assembly.Location)).ToList();
        var kinds = new (string Name, Func<int, string> Member)[]
        {
            ("[Derivative]", id => $"    [Derivative] public static double M{id}(double x) => {Bodies[id % Bodies.Length]};\n"),
            ("[Gradient] (a loop over spans)", id => $"    [Gradient(nameof(w))] public static double M{id}(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)\n    {{\n" +
                $"        double z = {id % 5};\n        for (int i = 0; i < w.Length; i++)\n            z += w[i] * x[i];\n        return {Activations[id % Activations.Length]};\n    }}\n"),
            ("[Antiderivative] (closed forms)", id => $"    [Antiderivative] public static double M{id}(double x) => {Integrands[id % Integrands.Length]} + {id % 7};\n"),
            ("[Antiderivative] (no closed form, CALC207)", id => $"    [Antiderivative] public static double M{id}(double x) => Math.Exp(-x * x) * Math.Log({id % 7 + 2} + x * x);\n"),
        };
        Console.WriteLine("| kind | methods | cold generation | per method |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, member) in kinds)
        {
            for (int pass = 0; pass < 2; pass++) // the first pass warms the JIT
            {
                int count = pass == 0 ? 20 : size;
                var trees = new List<SyntaxTree>();
                for (int file = 0; file * 100 < count; file++)
                {
                    var sb = new StringBuilder($"using System;\nusing CompileTimeCalculus;\nnamespace Kinds;\npublic static partial class K{file}\n{{\n");
                    for (int id = file * 100; id < Math.Min(count, file * 100 + 100); id++) sb.Append(member(id));
                    trees.Add(CSharpSyntaxTree.ParseText(sb.Append("}\n").ToString(), parse, $"K{file}.cs"));
                }
                var compilation = CSharpCompilation.Create("Kinds", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
                Pipeline.ClearCache();
                ReadCache.Clear();
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new CalculusGenerator().AsSourceGenerator() }, parseOptions: parse);
                driver = driver.RunGenerators(compilation);
                var timing = driver.GetTimingInfo().ElapsedTime;
                if (pass == 1) Console.WriteLine($"| {name} | {count:N0} | {timing.TotalMilliseconds:N0} ms | {timing.TotalMilliseconds / count:N2} ms |");
            }
        }
    }

    private const int Edits = 15;

    /// <summary>
    /// The median time of <see cref="Edits"/> successive edits of one method (each a new body) after a cold run, and the
    /// bytes allocated per edit (what decides whether an edit pays for a garbage collection).
    /// </summary>
    private static (TimeSpan Median, double AllocatedMegabytes) MedianEdit(IIncrementalGenerator generator, CSharpCompilation compilation, SyntaxTree editedTree,
        Func<int, SyntaxTree> edit, CSharpParseOptions parse)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, parseOptions: parse);
        driver = driver.RunGenerators(compilation);
        var timings = new List<TimeSpan>();
        long allocated = 0;
        for (int k = 0; k < Edits; k++)
        {
            var next = edit(k);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            compilation = compilation.ReplaceSyntaxTree(editedTree, next);
            editedTree = next;
            driver = driver.RunGenerators(compilation);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
            timings.Add(driver.GetTimingInfo().ElapsedTime);
        }
        timings.Sort();
        return (timings[Edits / 2], allocated / (double)Edits / (1024 * 1024));
    }

    private static void Measure(int size, CSharpParseOptions parse, List<MetadataReference> references, bool print)
    {
        {
            const int perFile = 100;
            int files = size / perFile;
            var trees = Enumerable.Range(0, files).Select(f => CSharpSyntaxTree.ParseText(File(f, perFile, -1), parse, $"F{f}.cs")).ToList();
            var compilation = CSharpCompilation.Create("Scale", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new CalculusGenerator().AsSourceGenerator() }, parseOptions: parse,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            var coldTiming = driver.GetTimingInfo().ElapsedTime;

            int editedFile = files / 2, editedMethod = editedFile * perFile + 7;
            var editedTree = CSharpSyntaxTree.ParseText(File(editedFile, perFile, editedMethod), parse, $"F{editedFile}.cs");
            var edited = compilation.ReplaceSyntaxTree(trees[editedFile], editedTree);
            // Timed without step tracking, as in a real build or the IDE (the median of successive one-method edits);
            // the per-thread counters and a tracked driver then show what re-ran.
            Func<int, SyntaxTree> edit = k => CSharpSyntaxTree.ParseText(File(editedFile, perFile, editedMethod, k + 2), parse, $"F{editedFile}.cs");
            int readsBefore = ReadCache.Reads, runsBefore = Pipeline.Runs;
            var (editTiming, editAllocated) = MedianEdit(new CalculusGenerator(), compilation, trees[editedFile], edit, parse);
            double methodsRead = (ReadCache.Reads - readsBefore) / (double)Edits, methodsRun = (Pipeline.Runs - runsBefore) / (double)Edits;
            driver = driver.RunGenerators(edited);
            var run = driver.GetRunResult().Results.Single();
            int filesFound = run.TrackedSteps[TrackingNames.FindMethods].SelectMany(s => s.Outputs).Count(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
            int filesWritten = run.TrackedSteps[TrackingNames.GroupByType].SelectMany(s => s.Outputs).Count(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);

            // Roslyn's floors for the same edits: the generator's shape with a transform that does nothing; the same
            // through ForAttributeWithMetadataName (which binds every marked method again); that with a file per method.
            var (syntaxFloor, _) = MedianEdit(new SyntaxFloorGenerator(), compilation, trees[editedFile], edit, parse);
            var (floorTiming, _) = MedianEdit(new FloorGenerator(false), compilation, trees[editedFile], edit, parse);
            var (floorFilesTiming, _) = MedianEdit(new FloorGenerator(true), compilation, trees[editedFile], edit, parse);

            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer(), new HandWrittenCalculusAnalyzer()),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var analyzerTime = TimeSpan.Zero;
            foreach (var analyzer in withAnalyzers.Analyzers)
                analyzerTime += withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime;

            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            if (print) Console.WriteLine($"| {size:N0} | {coldTiming.TotalMilliseconds:N0} ms | {coldTiming.TotalMilliseconds / size:N3} ms | {editTiming.TotalMilliseconds:N1} ms | " +
                $"{editAllocated:N1} MB | {filesFound} file scanned, {methodsRead:0.#} method read, {methodsRun:0.#} generated, {filesWritten} file written | {syntaxFloor.TotalMilliseconds:N1} ms " +
                $"| {floorTiming.TotalMilliseconds:N1} ms | {floorFilesTiming.TotalMilliseconds:N1} ms | {analyzerTime.TotalMilliseconds:N0} ms | {analyzerTime.TotalMilliseconds / size:N3} ms | " +
                $"{peak / (1024 * 1024):N0} MB |");
        }
    }
}
