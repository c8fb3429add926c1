using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Inputs where the engine's canonical reading of a body differs from what C# computes (constants outside double's range,
/// NaN in comparisons): whatever is emitted must match finite differences of the source as written, and what is not
/// emitted must be explained by a diagnostic.
/// </summary>
public class CorrectOrSilentTests
{
    private const string Prelude = "using System;\nusing CompileTimeCalculus;\nnamespace N;\npublic static partial class C\n{\n    private const double K = 1.25;\n" +
                                   "    public static double Helper(double u) => Math.Exp(u) / (1 + u * u);\n";

    /// <summary>Fuzz case 5139 of seed 4242: 1e-300·max(1e300, y)/x squared made the constant 1e-600, which is 0 in double.</summary>
    [Fact]
    public void A_constant_that_underflows_in_the_rewriting_is_never_emitted_wrong() =>
        AssertCorrectOrExplained("F1", Prelude +
            "    [Derivative(WithRespectTo = nameof(x))] public static double F1(double x, double y) => Math.Atan2(Helper(((K * x) * 3)), Helper(((1e-300 / x) * Math.Max(1e300, y))));\n}\n");

    /// <summary>Fuzz case 8418 of seed 92: Helper(1e300) is ∞/∞ = NaN in C#, so every comparison with it is false.</summary>
    [Fact]
    public void A_comparison_with_NaN_takes_the_branch_CSharp_takes() =>
        AssertCorrectOrExplained("F1", Prelude +
            "    [Derivative(WithRespectTo = nameof(x))] public static double F1(double x, double y) => (((x * (1e300 > 0.5 ? 1e300 : 0.5)) > (Helper(3) * Helper(1e300)) ? (x * (1e300 > 0.5 ? " +
                "1e300 : 0.5)) : (Helper(3) * Helper(1e300))) > ((2.0 / x) * ((2.0 + K) * Helper(0.5))) ? ((x * (1e300 > 0.5 ? 1e300 : 0.5)) > (Helper(3) * Helper(1e300)) ? (x * (1e300 > 0.5 ? " +
                "1e300 : 0.5)) : (Helper(3) * Helper(1e300))) : ((2.0 / x) * ((2.0 + K) * Helper(0.5))));\n}\n");

    /// <summary>
    /// Fuzz case 76985 of seed 61206: a = max(tanh x, −1e-300)·max(y, 1e300) is −1 for x &lt; 0, but the derivative squares
    /// the factors apart, (−1e-300)² underflows and the emitted code divided by the wrong denominator. The verifier saw NaN
    /// there and skipped the point; NaN where the function and its slope are finite now counts against the result.
    /// </summary>
    [Fact]
    public void A_derivative_that_is_NaN_where_the_function_is_smooth_is_never_emitted() =>
        AssertCorrectOrExplained("B0", Prelude.Replace("Math.Exp(u) / (1 + u * u)", "Math.Tanh(u)") +
            "    [Derivative(WithRespectTo = nameof(x))] public static double B0(double x, double y)\n    {\n        double a = Math.Max(Helper(x), -(1e-300));\n" +
            "        if (Math.Abs(x) > (1e-300 > K ? 1e-300 : K)) return (Math.Atan2(x, x) > Helper(0.5) ? Math.Atan2(x, x) : Helper(0.5));\n" +
            "        a = a * Math.Max(y, 1e300);\n        return Math.Atan2((x + a), a);\n    }\n}\n");

    /// <summary>
    /// Fuzz case 63333 of seed 1206: (x + 1e300) − x·(1e300/x + c) is x·(1 − c) in exact arithmetic, but in double the large
    /// terms cancel to multiples of 1e284 (or to 0, flat, where the fuzzer measured slope 0 against the emitted 1 − c).
    /// A function whose value is rounding noise cannot have its derivative checked: refused.
    /// </summary>
    [Fact]
    public void A_function_that_is_rounding_noise_gets_no_derivative() =>
        AssertCorrectOrExplained("B0", Prelude +
            "    [Derivative(WithRespectTo = nameof(x))] public static double B0(double x, double y)\n    {\n        double a = ((1e300 / x) + Math.Atan2(y, 2.0));\n" +
            "        if (Math.Cos(1e300) > a) return ((x + 1e300) - (x * a));\n        a = a * (2.0 / y);\n        return Math.Max(Math.Log(2.0), -(1e300));\n    }\n}\n");

    /// <summary>
    /// Fuzz case 18782 of seed 16968860: for x &gt; 0 the body returns 1e300 − (1e300 + x), exactly 0 in double (x is
    /// absorbed), while the formula's slope is −1. The finite differences were all 0, which the verifier took for "cannot
    /// resolve" (the claimed slope dwarfed the function's size) instead of "flat": a function exactly 0 across the stencil
    /// now has slope 0, and the −1 is refused.
    /// </summary>
    [Fact]
    public void A_body_that_absorbs_x_is_flat_as_written() =>
        AssertCorrectOrExplained("B3", Prelude +
            "    [Derivative(WithRespectTo = nameof(x))] public static double B3(double x, double y)\n    {\n        double a = (1e300 > Math.Atan(2.0) ? 1e300 : Math.Atan(2.0));\n" +
            "        if (1e-300 > (1e-300 - x)) return (Math.Max(a, K) - (a + x));\n        a = a * a;\n        return Math.Pow((x - x), 1);\n    }\n}\n");

    /// <summary>
    /// Fuzz case 11601 of seed 20261206: max(s, x) with s = x at the first iteration is a tie. Each partial derivative took
    /// its own side of it (∂/∂s by "s > x", ∂/∂x by "s ≥ x"), so neither got the tie and ∂L/∂x was 4 where it is 8.
    /// </summary>
    [Fact]
    public void Partial_derivatives_take_the_same_side_of_a_tie()
    {
        var (output, result) = Harness.Generate("using System;\nusing CompileTimeCalculus;\nnamespace N;\npublic static partial class C\n{\n" +
            "    [Gradient(nameof(x))] public static double L1(double[] w, double x)\n    {\n        double s = Math.Max(x, x);\n" +
            "        for (int i = 0; i < w.Length; i++)\n            s += Math.Max((s > 2.0 ? s : 2.0), x);\n        return s;\n    }\n}\n");
        Assert.Contains("L1Gradient", Harness.EmittedMembers(result).Keys);
        var type = Harness.Load(output).GetType("N.C")!;
        var f = type.GetMethod("L1")!;
        var gradient = type.GetMethod("L1Gradient")!;
        var w = new[] { 0.3, -0.7, 1.1 };
        foreach (double x in new[] { 3.1, 2.5, 1.5, 0.7 })
        {
            double claimed = (double)((System.Runtime.CompilerServices.ITuple)gradient.Invoke(null, new object[] { w, x })!)[1]!;
            double expected = Harness.FiniteDifference(t => (double)f.Invoke(null, new object[] { w, t })!, x, 1e-4);
            Assert.Equal(expected, claimed, 1e-6);
        }
    }

    /// <summary>
    /// Fuzz case 18523 of seed 61208: asinh(1e300·(x + y)). The engine's evaluator computed asinh as ln(u + √(u² + 1)),
    /// ∞ once u² overflows, while .NET's Math.Asinh is finite there, so the verifier saw no finite function value at those
    /// probes, skipped them, and let through a derivative whose printed 1e300/√(1 + a²) is 0 where the slope is 1/(x + y).
    /// The evaluator now computes asinh (and arcosh) as the runtime does, and the derivative is refused.
    /// </summary>
    [Fact]
    public void An_inverse_hyperbolic_sine_of_a_huge_argument_is_judged_as_CSharp_computes_it() =>
        AssertCorrectOrExplained("B1", Prelude +
            "    [Derivative(WithRespectTo = nameof(x))] public static double B1(double x, double y)\n    {\n        double a = 1e300;\n" +
            "        if (Math.Cbrt(1e-300) > K) return (Math.Pow(a, 1) * (x * K));\n        a = a * (x + y);\n        return Math.Asinh(Math.Max(1e-300, a));\n    }\n}\n");

    /// <summary>
    /// Fuzz case 9930 of seed 61207: s = max(max(x, w[i]), 2 + x) overwrites s in every iteration and the result is s, so
    /// only the last iteration counts. Loop fusion ran the backward iterations first to last and gave the result's
    /// adjoint to the first one (an adjoint reset each iteration but seeded before the loop is not the iteration's own).
    /// The verifier's probes mostly had 2 + x winning everywhere, where first and last agree.
    /// </summary>
    [Fact]
    public void An_overwritten_loop_variable_takes_the_last_iteration()
    {
        var (output, result) = Harness.Generate("using System;\nusing CompileTimeCalculus;\nnamespace N;\npublic static partial class C\n{\n" +
            "    [Gradient(nameof(x))] public static double L0(double[] w, double x)\n    {\n        double s = x;\n" +
            "        for (int i = 0; i < w.Length; i++)\n            s = ((x > w[i] ? x : w[i]) > (2.0 + x) ? (x > w[i] ? x : w[i]) : (2.0 + x));\n        return s;\n    }\n}\n");
        Assert.Contains("L0Gradient", Harness.EmittedMembers(result).Keys);
        var type = Harness.Load(output).GetType("N.C")!;
        var f = type.GetMethod("L0")!;
        var gradient = type.GetMethod("L0Gradient")!;
        foreach (var w in new[] { new[] { 0.1, 0.9 }, new[] { 0.9, 0.1 }, new[] { -0.5, 0.3, 1.7 } })
        {
            foreach (double x in new[] { -1.3, -1.75, 0.4 })
            {
                double claimed = (double)((System.Runtime.CompilerServices.ITuple)gradient.Invoke(null, new object[] { w, x })!)[1]!;
                double expected = Harness.FiniteDifference(t => (double)f.Invoke(null, new object[] { w, t })!, x, 1e-4);
                Assert.Equal(expected, claimed, 1e-6);
            }
        }
    }

    private static void AssertCorrectOrExplained(string name, string source)
    {
        var (output, result) = Harness.Generate(source);
        var members = Harness.EmittedMembers(result);
        if (!members.ContainsKey(name + "Derivative"))
        {
            var diagnostics = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Assert.Contains(diagnostics, d => d.Id.StartsWith("CALC2", StringComparison.Ordinal) && d.GetMessage().Contains(name, StringComparison.Ordinal));
            return;
        }
        var assembly = Harness.Load(output);
        var type = assembly.GetType("N.C")!;
        var f = type.GetMethod(name)!;
        var derivative = type.GetMethod(name + "Derivative")!;
        int compared = 0;
        foreach (double y in new[] { 0.0, 0.6, -1.0 })
        {
            for (double x = -2.35; x <= 2.4; x += 0.3)
            {
                double F(double t) => (double)f.Invoke(null, new object[] { t, y })!;
                double claimed = (double)derivative.Invoke(null, new object[] { x, y })!;
                double r1 = Harness.FiniteDifference(F, x, 1e-3), r2 = Harness.FiniteDifference(F, x, 5e-4);
                if (!double.IsFinite(r2) || Math.Abs(r1 - r2) > 1e-6 * Math.Max(1, Math.Abs(r2))) continue;
                Assert.True(Math.Abs(claimed - r2) <= 1e-5 * Math.Max(1, Math.Abs(r2)), $"{name}Derivative({x}, {y}) = {claimed}, finite differences {r2}\n{members[name + "Derivative"]}");
                compared++;
            }
        }
        Assert.True(compared > 10, $"only {compared} points could be compared");
    }
}
