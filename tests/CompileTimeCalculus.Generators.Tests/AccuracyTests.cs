using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The accuracy harness: for every function family, the emitted derivatives, antiderivatives and gradients are evaluated
/// across the double range (±1e-300 … ±1e300) and compared in ulps with references computed at 60 digits
/// (Accuracy/generate_references.py, which also holds each family's C# body and attribute). Measured with the stable
/// forms (the default) and with textbook formulas, for the README's before/after table.
/// </summary>
public class AccuracyTests(ITestOutputHelper output)
{
    /// <summary>
    /// One reference value: <c>[{Attribute}] double {Family}({Parameters}) => {Body};</c> is compiled, and the emitted
    /// method <c>Emitted</c> is called with X and the <c>Fixed</c> values of the other parameters (its result, or
    /// element <c>Element</c> of the tuple it returns).
    /// </summary>
    private sealed record Row(string Family, string Attribute, string Parameters, string Body, double[] Fixed, string Emitted, int Element, double X, double Reference)
    {
        public string What => Emitted.EndsWith("SecondDerivative", StringComparison.Ordinal) ? "f''"
            : Emitted.EndsWith("Antiderivative", StringComparison.Ordinal) ? "∫"
            : Emitted.EndsWith("Gradient", StringComparison.Ordinal) ? "∂/∂" + Parameters.Split(", ")[Element - 1].Split(' ')[1]
            : "f'";
    }

    private static readonly Lazy<List<Row>> Rows = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Accuracy", "references.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new Row(f[0], f[1], f[2], f[3],
                f[4].Length == 0 ? Array.Empty<double>() : f[4].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
                f[5], int.Parse(f[6], CultureInfo.InvariantCulture),
                double.Parse(f[7], CultureInfo.InvariantCulture), double.Parse(f[8], CultureInfo.InvariantCulture)))
            .Where(r => double.IsFinite(r.Reference)) // the promise is about values a double can hold
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
        {
            var row = family.First();
            source.Append($"    [{row.Attribute}] public static double {family.Key}({row.Parameters}) => {row.Body};\n");
        }
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

    /// <summary>
    /// Distance in units in the last place of the reference; 0 when both are the same value, and 0 when the reference is
    /// subnormal (below 2.2e-308, with fewer digits) and the value is too: the promise is about normal doubles.
    /// </summary>
    private const double MinNormal = 2.2250738585072014E-308;

    internal static double Ulps(double reference, double actual)
    {
        if (reference == actual) return 0;
        if (Math.Abs(reference) < MinNormal && Math.Abs(actual) < MinNormal) return 0;
        if (!double.IsFinite(actual)) return double.PositiveInfinity;
        double magnitude = Math.Abs(reference);
        double ulp = Math.BitIncrement(magnitude) - magnitude;
        return Math.Abs(actual - reference) / ulp;
    }

    private static double Evaluate(Type type, Row row)
    {
        var method = type.GetMethod(row.Emitted, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(row.Emitted + " was not generated");
        var result = method.Invoke(null, new object[] { row.X }.Concat(row.Fixed.Cast<object>()).ToArray())!;
        return row.Element < 0 ? (double)result : (double)((System.Runtime.CompilerServices.ITuple)result)[row.Element]!;
    }

    private static Dictionary<(string Family, string What), (double Worst, double WorstX, int NonFinite)> Measure(Type type)
    {
        var result = new Dictionary<(string, string), (double, double, int)>();
        foreach (var row in Rows.Value)
        {
            double value = Evaluate(type, row);
            double ulps = Ulps(row.Reference, value);
            var key = (row.Family, row.What);
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
        ["Sigmoid"] = 8,
        ["Softplus"] = 8,
        ["Swish"] = 8,
        ["Gelu"] = 512,
        ["Mish"] = 64,
        ["Tanh"] = 16,
        ["NormalPdf"] = 8,
        ["LogSumExp"] = 8,
        ["SoftplusOfSquare"] = 64,
        ["LogisticPdf"] = 16,
        ["LogOnePlusSquare"] = 8,
        ["Atan"] = 8,
        ["Asinh"] = 8,
        ["Hypotenuse"] = 8,
        ["LogOnePlus"] = 8,
        ["Elu"] = 4,
        // The extreme-argument sweep (±1e-300 … ±1e308 and next to domain edges).
        ["Acosh"] = 8,
        ["Asin"] = 8,
        ["Acos"] = 8,
        ["Atanh"] = 8,
        ["AtanSweep"] = 8,
        ["AsinhSweep"] = 8,
        ["Cbrt"] = 8,
        ["Sqrt"] = 8,
        ["PowThreeHalves"] = 8,
        ["Reciprocal"] = 8,
        ["InverseHypotenuse"] = 8,
        ["RationalBump"] = 8,
        ["ScaledHypotenuse"] = 8,
        ["LogOfSquare"] = 8,
        // Antiderivatives. Φ(x) = erfc(−x/√2)/2 inherits the rounding of x/√2 amplified by 2u² (u = x/√2): ~400 ulps at
        // x = −20 is the mathematics; 117 measured.
        ["NormalCdf"] = 256,
        ["LogisticCdf"] = 8,
        ["SoftplusFromSigmoid"] = 8,
        ["LogCosh"] = 8,
        ["CauchyLog"] = 8,
        ["ArctanDifference"] = 8,
        ["LogRatio"] = 8,
        ["LogAbsOnePlus"] = 8,
        ["Gaussian"] = 4,
        ["Sech2"] = 4,
        // CDFs with parameters (location 0.5, scale ±2), tails included; the normal's bound as above.
        // The hyperbolic secant's e^(πx/2) carries the rounding of πx/2, a condition number of 63 at x = −40.
        ["NormalCdfScaled"] = 256,
        ["NormalCdfNegativeScale"] = 256,
        ["LaplaceCdf"] = 8,
        ["CauchyCdf"] = 8,
        ["ExponentialCdf"] = 8,
        ["RayleighCdf"] = 8,
        ["HyperbolicSecantCdf"] = 64,
        ["StudentT2Cdf"] = 8,
        // Gradients. σ(z) − y cancels near σ(z) = y (condition number σ/(σ − y), 14 at z = −1 with y = 1/4).
        ["LogLoss"] = 16,
        ["BinaryCrossEntropy"] = 16,
        ["SoftmaxTwo"] = 8,
        ["CauchyNll"] = 8,
        ["LogCoshLoss"] = 8,
    };

    [Fact]
    public void Emitted_derivatives_are_accurate_across_the_double_range()
    {
        var after = Measure(Stable.Value);
        var before = Measure(Textbook.Value);
        var table = new StringBuilder("| family | emitted | textbook worst ulps (at x) | non-finite | stable worst ulps (at x) | non-finite |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var key in after.Keys.OrderBy(k => Kind(k.What)).ThenBy(k => k.Family, StringComparer.Ordinal).ThenBy(k => k.What, StringComparer.Ordinal))
        {
            var (b, bx, bn) = before[key];
            var (a, ax, an) = after[key];
            table.Append(CultureInfo.InvariantCulture, $"| {key.Family} | {key.What} | {Format(b)} ({bx:G3}) | {bn} | {Format(a)} ({ax:G3}) | {an} |\n");
        }
        output.WriteLine(table.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "accuracy.md"), table.ToString());

        var problems = new List<string>();
        foreach (var ((family, what), (worst, x, nonFinite)) in after)
        {
            if (nonFinite != 0) problems.Add($"{family} {what}: NaN or ∞ where the true value is finite");
            if (!(worst <= Bounds[family])) problems.Add($"{family} {what}: {worst:G3} ulps at x = {x:R} (bound {Bounds[family]})");
        }
        // No 0 where the true value is a normal double.
        foreach (var row in Rows.Value)
        {
            if (Math.Abs(row.Reference) >= MinNormal && Evaluate(Stable.Value, row) == 0) problems.Add($"{row.Family} {row.What}: 0 at x = {row.X:R}, where it is {row.Reference:R}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static int Kind(string what) => what.StartsWith("∂", StringComparison.Ordinal) ? 2 : what == "∫" ? 1 : 0;

    private static string Format(double ulps) => double.IsPositiveInfinity(ulps) ? "∞" : ulps < 1e6
        ? ulps.ToString("0.#", CultureInfo.InvariantCulture) : ulps.ToString("0.#E+0", CultureInfo.InvariantCulture);

    [Fact]
    public void Ulps_are_measured_in_units_of_the_reference() => Assert.Equal(1, Ulps(1.0, Math.BitIncrement(1.0)));
}
