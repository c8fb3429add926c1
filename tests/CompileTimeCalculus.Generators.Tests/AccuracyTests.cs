using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The accuracy harness: for every function family, the emitted derivatives are evaluated across the double range
/// (±1e-300 … ±1e300) and compared in ulps with references computed at 60 digits (Accuracy/generate_references.py).
/// Measured with the stable forms (the default) and with textbook formulas, for the README's before/after table.
/// </summary>
public class AccuracyTests(ITestOutputHelper output)
{
    private sealed record Row(string Family, string Body, int Order, double X, double Reference);

    private static readonly Lazy<List<Row>> Rows = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Accuracy", "references.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new Row(f[0], f[1], int.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList());

    private sealed class Options(bool stable) : AnalyzerConfigOptionsProvider
    {
        private sealed class Global(bool stable) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = stable ? "true" : "false";
                return key == KnownNames.StableFormsProperty;
            }
        }

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Global(stable);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
    }

    private static Type Compile(bool stable)
    {
        var source = new StringBuilder("using System;\nusing CompileTimeCalculus;\npublic static partial class Families\n{\n");
        foreach (var family in Rows.Value.GroupBy(r => r.Family))
            source.Append($"    [Derivative(Order = {family.Max(r => r.Order)})] public static double {family.Key}(double x) => {family.First().Body};\n");
        source.Append("}\n");
        var compilation = Harness.Compile(source.ToString());
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new CalculusGenerator().AsSourceGenerator() }, parseOptions: Harness.ParseOptions, optionsProvider: new Options(stable));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
        Harness.AssertNoErrorsOrWarnings(updated);
        return Harness.Load(updated).GetType("Families")!;
    }

    private static readonly Lazy<Type> Stable = new(() => Compile(stable: true));
    private static readonly Lazy<Type> Textbook = new(() => Compile(stable: false));

    /// <summary>Distance in units in the last place of the reference; 0 when both are the same value.</summary>
    internal static double Ulps(double reference, double actual)
    {
        if (reference == actual) return 0;
        if (!double.IsFinite(actual)) return double.PositiveInfinity;
        double magnitude = Math.Abs(reference);
        double ulp = Math.BitIncrement(magnitude) - magnitude;
        return Math.Abs(actual - reference) / ulp;
    }

    private static double Evaluate(Type type, Row row)
    {
        string name = row.Family + (row.Order == 1 ? "Derivative" : "SecondDerivative");
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(name + " was not generated");
        return (double)method.Invoke(null, new object[] { row.X })!;
    }

    private static Dictionary<(string Family, int Order), (double Worst, double WorstX, int NonFinite)> Measure(Type type)
    {
        var result = new Dictionary<(string, int), (double, double, int)>();
        foreach (var row in Rows.Value)
        {
            double value = Evaluate(type, row);
            double ulps = Ulps(row.Reference, value);
            var key = (row.Family, row.Order);
            var (worst, worstX, nonFinite) = result.TryGetValue(key, out var r) ? r : (0.0, 0.0, 0);
            if (!double.IsFinite(value)) nonFinite++;
            if (ulps > worst || double.IsNaN(ulps)) (worst, worstX) = (ulps, row.X);
            result[key] = (worst, worstX, nonFinite);
        }
        return result;
    }

    // Worst error allowed, in ulps, per family with the stable forms. Most are within a few ulps. GELU's is bounded by
    // the mathematics: at x = -20 its derivative is e^(-603)·(1 - 1744) and e^y carries y's rounding, a condition number
    // near 1,700, so ~250 ulps is the best any double evaluation of that formula can promise.
    private static readonly Dictionary<string, double> Bounds = new()
    {
        ["Sigmoid"] = 8, ["Softplus"] = 8, ["Swish"] = 8, ["Gelu"] = 512, ["Mish"] = 64, ["Tanh"] = 16, ["NormalPdf"] = 8,
        ["LogSumExp"] = 8, ["SoftplusOfSquare"] = 64,
        ["LogisticPdf"] = 16, ["LogOnePlusSquare"] = 8, ["Atan"] = 8, ["Asinh"] = 8, ["Hypotenuse"] = 8, ["LogOnePlus"] = 8, ["Elu"] = 4,
    };

    [Fact]
    public void Emitted_derivatives_are_accurate_across_the_double_range()
    {
        var after = Measure(Stable.Value);
        var before = Measure(Textbook.Value);
        var table = new StringBuilder("| family | order | textbook worst ulps (at x) | non-finite | stable worst ulps (at x) | non-finite |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var key in after.Keys.OrderBy(k => k.Family, StringComparer.Ordinal).ThenBy(k => k.Order))
        {
            var (b, bx, bn) = before[key];
            var (a, ax, an) = after[key];
            table.Append(CultureInfo.InvariantCulture, $"| {key.Family} | {key.Order} | {Format(b)} ({bx:G3}) | {bn} | {Format(a)} ({ax:G3}) | {an} |\n");
        }
        output.WriteLine(table.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "accuracy.md"), table.ToString());

        foreach (var ((family, order), (worst, x, nonFinite)) in after)
        {
            Assert.True(nonFinite == 0, $"{family} order {order}: NaN or ∞ where the true value is finite");
            Assert.True(worst <= Bounds[family], $"{family} order {order}: {worst:G3} ulps at x = {x:R} (bound {Bounds[family]})");
        }
    }

    private static string Format(double ulps) => double.IsPositiveInfinity(ulps) ? "∞" : ulps < 1e6 ? ulps.ToString("0.#", CultureInfo.InvariantCulture) : ulps.ToString("0.#E+0", CultureInfo.InvariantCulture);

    [Fact]
    public void Ulps_are_measured_in_units_of_the_reference() => Assert.Equal(1, Ulps(1.0, Math.BitIncrement(1.0)));
}
