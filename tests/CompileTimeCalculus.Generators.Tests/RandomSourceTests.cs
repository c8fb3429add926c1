using System.Globalization;
using System.Text;
using CsCheck;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// End to end on random C#: random expression bodies go through the real front end, engine, emitter and compiler,
/// and every emitted derivative is compared with finite differences of the compiled original.
/// </summary>
public class RandomSourceTests
{
    private static readonly string[] Unary = { "Math.Exp", "Math.Log", "Math.Sin", "Math.Cos", "Math.Tanh", "Math.Sqrt", "Math.Atan", "Math.Abs", "Math.Sinh", "Math.Cbrt", "Math.Asinh" };
    private static readonly string[] Leaves = { "x", "x", "x", "y", "2.0", "0.5", "3", "Math.PI", "K" };

    private static Gen<string> Expression(int depth)
    {
        var leaf = Gen.Int[0, Leaves.Length - 1].Select(i => Leaves[i]);
        if (depth == 0) return leaf;
        var sub = Expression(depth - 1);
        return Gen.Int[0, 12].SelectMany(kind => kind switch
        {
            0 or 1 => Gen.Select(sub, sub, (a, b) => $"({a} + {b})"),
            2 => Gen.Select(sub, sub, (a, b) => $"({a} - {b})"),
            3 or 4 => Gen.Select(sub, sub, (a, b) => $"({a} * {b})"),
            5 => Gen.Select(sub, sub, (a, b) => $"({a} / {b})"),
            6 or 7 or 8 => Gen.Select(Gen.Int[0, Unary.Length - 1], sub, (f, a) => $"{Unary[f]}({a})"),
            9 => Gen.Select(sub, Gen.Int[2, 4], (a, n) => $"Math.Pow({a}, {n})"),
            10 => Gen.Select(sub, sub, sub, (t, a, b) => $"({t} > 0.3 ? {a} : {b})"),
            11 => Gen.Select(sub, sub, (a, b) => $"Math.Max({a}, {b})"),
            _ => sub.Select(a => $"-({a})"),
        });
    }

    [Fact]
    public void Random_method_bodies_emit_derivatives_that_match_finite_differences()
    {
        const int count = 150;
        var bodies = Gen.Int[1, 4].SelectMany(Expression).Array[count].Single();
        var source = new StringBuilder("using System;\nusing CompileTimeCalculus;\nnamespace Fuzz;\npublic static partial class R\n{\n    private const double K = 1.25;\n");
        for (int i = 0; i < count; i++)
            source.Append($"    [Derivative(WithRespectTo = nameof(x))] public static double F{i}(double x, double y) => {bodies[i]};\n");
        source.Append("}\n");

        var (output, result) = Harness.Generate(source.ToString());
        Assert.Null(result.Exception);
        Harness.AssertNoErrorsOrWarnings(output);
        var type = Harness.Load(output).GetType("Fuzz.R")!;

        int generated = 0, compared = 0;
        var failures = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var f = type.GetMethod($"F{i}")!;
            var df = type.GetMethod($"F{i}Derivative");
            if (df is null) continue; // refused (for example nowhere finite); the analyzer says why
            generated++;
            foreach (double x in new[] { -1.7, -0.45, 0.35, 0.8, 2.3 })
            {
                const double y = 0.6;
                double Fx(double t) => (double)f.Invoke(null, new object[] { t, y })!;
                double claimed = (double)df.Invoke(null, new object[] { x, y })!;
                if (!double.IsFinite(Fx(x)) || !double.IsFinite(claimed)) continue;
                double h = 1e-3;
                double r1 = Harness.FiniteDifference(Fx, x, h), r2 = Harness.FiniteDifference(Fx, x, h / 2);
                double noise = 1e-9 * Math.Max(Math.Abs(Fx(x + h)), Math.Abs(Fx(x - h))) / h;
                double tolerance = 1e-6 * Math.Max(1, Math.Abs(r2)) + 10 * noise;
                if (!double.IsFinite(r2) || Math.Abs(r1 - r2) > tolerance || !CompileTimeCalculus.Engine.Verification.NumericVerifier.IsSmooth(Fx, x, h, tolerance)) continue;
                compared++;
                if (Math.Abs(claimed - r2) > 10 * tolerance)
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"F{i} = {bodies[i]} at x = {x}: emitted {claimed:R}, finite differences {r2:R}"));
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        if (generated <= count * 0.8)
        {
            var refused = Harness.Analyze(source.ToString()).GroupBy(d => d.Id).Select(g => $"{g.Key} x{g.Count()}: {g.First().GetMessage()}");
            Assert.Fail($"only {generated} of {count} generated:\n" + string.Join("\n", refused));
        }
        Assert.True(compared > count, $"only {compared} comparisons made");
    }
}
