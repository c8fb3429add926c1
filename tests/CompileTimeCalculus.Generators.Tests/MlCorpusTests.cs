using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The ML corpus through the real generator: which functions get a gradient, and whether every partial derivative (each
/// scalar, a sample of every array's elements) matches a finite difference of the function as C# runs it. Adapters
/// written after generation call the emitted methods (spans in and out) from plain arrays.
/// </summary>
public class MlCorpusTests(ITestOutputHelper output)
{
    private sealed record Outcome(string Name, string Status, string Detail);

    [Fact]
    public void Corpus_functions_get_gradients_that_match_finite_differences()
    {
        var compilation = Harness.Compile(MlCorpus.Source);
        var driver = Harness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        var analyzerDiagnostics = generated.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        var outcomes = new List<Outcome>();
        var adapters = new StringBuilder("using System;\nusing System.Linq;\npublic static class Adapters\n{\n");
        var withGradient = new List<(string Name, IMethodSymbol Source, IMethodSymbol Gradient)>();
        foreach (var (name, _) in MlCorpus.Entries)
        {
            var (typeName, methodName) = Split(name);
            var type = generated.GetTypeByMetadataName("Ml." + typeName)!;
            var source = type.GetMembers(methodName).OfType<IMethodSymbol>().Single();
            var gradient = type.GetMembers(methodName + "Gradient").OfType<IMethodSymbol>().SingleOrDefault();
            if (gradient is null)
            {
                var span = source.DeclaringSyntaxReferences[0].Span;
                var why = analyzerDiagnostics.Where(d => d.Location.SourceSpan.IntersectsWith(span) && d.Severity >= DiagnosticSeverity.Warning)
                    .Select(d => d.Id + ": " + d.GetMessage(CultureInfo.InvariantCulture)).FirstOrDefault() ?? "no diagnostic";
                outcomes.Add(new Outcome(name, "no gradient", why));
                continue;
            }
            withGradient.Add((name, source, gradient));
            adapters.Append(Adapter(name, typeName, source, gradient));
        }
        adapters.Append("}\n");
        var withAdapters = generated.AddSyntaxTrees(CSharpSyntaxTree.ParseText(adapters.ToString(), Harness.ParseOptions));
        var assembly = Harness.Load(withAdapters);
        var adapterType = assembly.GetType("Adapters")!;

        var random = new Random(1206);
        foreach (var (name, source, gradient) in withGradient)
        {
            var arguments = MlCorpus.Entries.Single(e => e.Name == name).Arguments(random);
            var value = (Func<object[], double>)adapterType.GetMethod("Value_" + Id(name))!.CreateDelegate(typeof(Func<object[], double>));
            var partials = (Func<object[], double[]>)adapterType.GetMethod("Gradient_" + Id(name))!.CreateDelegate(typeof(Func<object[], double[]>));
            outcomes.Add(Check(name, source, gradient, arguments, value, partials));
        }

        int ok = outcomes.Count(o => o.Status == "ok");
        var report = new StringBuilder($"{ok} of {outcomes.Count} corpus functions get a gradient that matches finite differences\n");
        foreach (var o in outcomes.OrderBy(o => o.Status == "ok").ThenBy(o => o.Name, StringComparer.Ordinal))
            report.Append(CultureInfo.InvariantCulture, $"  {o.Name}: {o.Status}{(o.Detail.Length > 0 ? " — " + o.Detail : "")}\n");
        output.WriteLine(report.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "ml-corpus.txt"), report.ToString());
        Assert.DoesNotContain(outcomes, o => o.Status == "wrong");
        Assert.True(ok >= MinimumWorking, report.ToString());
    }

    /// <summary>Raised as the corpus is worked through; a wrong gradient always fails.</summary>
    private const int MinimumWorking = 44;

    private static (string Type, string Method) Split(string name) => name.Contains('.') ? (name.Split('.')[0], name.Split('.')[1]) : ("Corpus", name);

    private static string Id(string name) => name.Replace('.', '_');

    private static string Element(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType.ToDisplayString(),
        INamedTypeSymbol { TypeArguments.Length: 1 } span => span.TypeArguments[0].ToDisplayString(),
        _ => type.ToDisplayString(),
    };

    private static bool IsSequence(ITypeSymbol type) => type is IArrayTypeSymbol || type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan" };

    /// <summary>Value_X(object[]) and Gradient_X(object[]) → [value, scalar partials…, array gradients…].</summary>
    private static string Adapter(string name, string typeName, IMethodSymbol source, IMethodSymbol gradient)
    {
        string Argument(IParameterSymbol p, int i) => IsSequence(p.Type) ? $"({Element(p.Type)}[])a[{i}]" : $"({p.Type.ToDisplayString()})a[{i}]";
        string target = source.IsStatic ? "Ml." + typeName : $"new Ml.{typeName}()";
        var inputs = source.Parameters.Select(Argument).ToList();
        var sb = new StringBuilder();
        sb.Append($"    public static double Value_{Id(name)}(object[] a) => {target}.{source.Name}({string.Join(", ", inputs)});\n");
        sb.Append($"    public static double[] Gradient_{Id(name)}(object[] a)\n    {{\n");
        var calls = new List<string>(inputs);
        var outputs = new List<string>();
        foreach (var p in gradient.Parameters.Skip(source.Parameters.Length))
        {
            string of = p.Name.Substring(0, p.Name.Length - "Gradient".Length);
            int index = source.Parameters.IndexOf(source.Parameters.Single(q => q.Name == of));
            sb.Append($"        var {p.Name} = new {Element(p.Type)}[(({Element(source.Parameters[index].Type)}[])a[{index}]).Length];\n");
            calls.Add(p.Name);
            outputs.Add(p.Name);
        }
        sb.Append($"        var r = {target}.{gradient.Name}({string.Join(", ", calls)});\n");
        string scalars = gradient.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple
            ? string.Join(", ", tuple.TupleElements.Select(e => "(double)r." + e.Name))
            : "(double)r";
        sb.Append($"        return new double[] {{ {scalars} }}{string.Concat(outputs.Select(o => $".Concat({o}.Select(v => (double)v))"))}.ToArray();\n    }}\n");
        return sb.ToString();
    }

    private static Outcome Check(string name, IMethodSymbol source, IMethodSymbol gradient, object[] arguments, Func<object[], double> value, Func<object[], double[]> partials)
    {
        double[] claimed;
        try
        {
            claimed = partials(arguments);
        }
        catch (Exception e)
        {
            return new Outcome(name, "wrong", "the gradient threw " + e.GetType().Name + ": " + e.Message);
        }
        double f0 = value(arguments);
        if (Math.Abs(claimed[0] - f0) > 1e-9 * Math.Max(1, Math.Abs(f0))) return new Outcome(name, "wrong", $"value {claimed[0]:R}, the function gives {f0:R}");
        var checks = new List<(string What, double Claimed, Func<double, double> F, double At)>();
        int slot = 1;
        if (gradient.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            foreach (var element in tuple.TupleElements.Skip(1))
            {
                int index = source.Parameters.IndexOf(source.Parameters.Single(p => p.Name == element.Name));
                double x = Convert.ToDouble(arguments[index], CultureInfo.InvariantCulture);
                checks.Add((element.Name, claimed[slot++], t => value(With(arguments, index, t)), x));
            }
        }
        foreach (var output in gradient.Parameters.Skip(source.Parameters.Length))
        {
            string of = output.Name.Substring(0, output.Name.Length - "Gradient".Length);
            int index = source.Parameters.IndexOf(source.Parameters.Single(q => q.Name == of));
            var array = (double[])arguments[index];
            for (int j = 0; j < array.Length; j++)
            {
                if (array.Length > 6 && j % (array.Length / 5) != 0 && j != array.Length - 1) { slot++; continue; }
                int element = j;
                checks.Add(($"{of}[{j}]", claimed[slot++], t => value(WithElement(arguments, index, element, t)), array[j]));
            }
        }
        int reliable = 0;
        foreach (var (what, c, f, x) in checks)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(x));
            double r1 = Harness.FiniteDifference(f, x, h), r2 = Harness.FiniteDifference(f, x, h / 2);
            if (!double.IsFinite(r2) || Math.Abs(r1 - r2) > 1e-6 * Math.Max(1, Math.Abs(r2))) continue; // a kink within the stencil
            reliable++;
            if (Math.Abs(c - r2) > 1e-5 * Math.Max(1, Math.Abs(r2))) return new Outcome(name, "wrong", $"∂/∂{what} = {c:R}, finite differences {r2:R}");
        }
        return reliable > 0 ? new Outcome(name, "ok", "") : new Outcome(name, "unchecked", "no reliable finite difference");
    }

    private static object[] With(object[] arguments, int index, double t)
    {
        var copy = (object[])arguments.Clone();
        copy[index] = arguments[index] is float ? (object)(float)t : t;
        return copy;
    }

    private static object[] WithElement(object[] arguments, int index, int element, double t)
    {
        var copy = (object[])arguments.Clone();
        var array = (double[])((double[])arguments[index]).Clone();
        array[element] = t;
        copy[index] = array;
        return copy;
    }
}
