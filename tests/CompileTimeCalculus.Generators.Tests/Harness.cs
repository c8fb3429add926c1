using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>Runs the real generator and analyzer over in-memory sources with offline reference assemblies.</summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DerivativeAttribute).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(new[] { new CalculusGenerator().AsSourceGenerator() }, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>
    /// Runs the generator; fails the test if the generator itself reported anything (it only emits code, except CALC208 for a
    /// refused [DefiniteIntegral], which <see cref="GenerateReporting"/> allows).
    /// </summary>
    public static (Compilation Output, GeneratorRunResult Result) Generate(params string[] sources)
    {
        var (output, result) = GenerateReporting(sources);
        Assert.Empty(result.Diagnostics);
        return (output, result);
    }

    public static (Compilation Output, GeneratorRunResult Result) GenerateReporting(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticIds.IntegralUndefined, d.Id));
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return (output, result);
    }

    /// <summary>The analyzer's diagnostics on the compilation with the generator's output, as the IDE and build see them.</summary>
    /// <summary>The emitted methods, by name, each with its doc comment (the generator writes one file per containing type).</summary>
    public static Dictionary<string, string> EmittedMembers(GeneratorRunResult result)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in result.GeneratedSources)
        {
            foreach (var method in source.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
                members[method.Identifier.ValueText] = method.ToFullString();
        }
        return members;
    }

    public static ImmutableArray<Diagnostic> Analyze(params string[] sources)
    {
        var (output, _) = GenerateReporting(sources);
        var withAnalyzers = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer()));
        return withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    public static void AssertNoErrorsOrWarnings(Compilation compilation)
    {
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Emits to memory and loads into a collectible context.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("consumer-" + Guid.NewGuid(), isCollectible: true);
        return context.LoadFromStream(stream);
    }

    private static MethodInfo Method(Assembly assembly, string type, string method)
    {
        var t = assembly.GetType(type) ?? throw new InvalidOperationException($"No type {type}");
        if (t.ContainsGenericParameters) t = t.MakeGenericType(t.GetGenericArguments().Select(_ => typeof(int)).ToArray());
        return t.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
               ?? throw new InvalidOperationException($"{type}.{method} was not generated");
    }

    public static bool TakesFloat(Assembly assembly, string type, string method) =>
        Method(assembly, type, method).GetParameters()[0].ParameterType == typeof(float);

    public static Func<double, double> Function(Assembly assembly, string type, string method)
    {
        var info = Method(assembly, type, method);
        return x => Convert.ToDouble(info.Invoke(null, new object[] { info.GetParameters()[0].ParameterType == typeof(float) ? (object)(float)x : x }));
    }

    /// <summary>Richardson-extrapolated central difference (error O(h^4)).</summary>
    public static double FiniteDifference(Func<double, double> f, double x, double h = 1e-3)
    {
        double coarse = (f(x + h) - f(x - h)) / (2 * h);
        double fine = (f(x + h / 2) - f(x - h / 2)) / h;
        return (4 * fine - coarse) / 3;
    }
}
