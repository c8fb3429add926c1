using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>Every supported System.Math and MathF member, emitted, compiled and compared with finite differences.</summary>
public class MathFunctionTests
{
    public static readonly (string Name, string Body, double[] Points)[] Cases =
    {
        ("Abs", "Math.Abs(x * x - 1)", new[] { -2.0, -0.5, 0.5, 2.0 }),
        ("Acos", "Math.Acos(x / 2)", new[] { -1.5, 0.0, 1.2 }),
        ("Acosh", "Math.Acosh(x * x + 1.5)", new[] { -1.0, 0.3, 2.0 }),
        ("Asin", "Math.Asin(x / 3)", new[] { -2.0, 0.1, 2.5 }),
        ("Asinh", "Math.Asinh(3 * x)", new[] { -2.0, 0.1, 2.5 }),
        ("Atan", "Math.Atan(x * x)", new[] { -2.0, 0.1, 2.5 }),
        ("Atan2", "Math.Atan2(x, 1.5) + Math.Atan2(2.0, x)", new[] { -2.0, 0.7, 2.5 }),
        ("Atanh", "Math.Atanh(x / 4)", new[] { -2.0, 0.1, 2.5 }),
        ("Cbrt", "Math.Cbrt(x * x + 1)", new[] { -2.0, 0.1, 2.5 }),
        ("Ceiling", "Math.Ceiling(x) + x", new[] { -1.5, 0.3, 2.5 }),
        ("Clamp", "Math.Clamp(x * x, 0.5, 4.0)", new[] { -3.0, -1.0, 0.3, 1.5, 2.5 }),
        ("Cos", "Math.Cos(2 * x)", new[] { -2.0, 0.1, 2.5 }),
        ("Cosh", "Math.Cosh(x / 2)", new[] { -2.0, 0.1, 2.5 }),
        ("Exp", "Math.Exp(-x / 3)", new[] { -2.0, 0.1, 2.5 }),
        ("Floor", "Math.Floor(x) * 2 + x * x", new[] { -1.5, 0.3, 2.5 }),
        ("FusedMultiplyAdd", "Math.FusedMultiplyAdd(x, x, 3 * x)", new[] { -2.0, 0.1, 2.5 }),
        ("Log", "Math.Log(x * x + 1)", new[] { -2.0, 0.1, 2.5 }),
        ("LogBase", "Math.Log(x * x + 1, 5.0)", new[] { -2.0, 0.1, 2.5 }),
        ("Log10", "Math.Log10(x * x + 1)", new[] { -2.0, 0.1, 2.5 }),
        ("Log2", "Math.Log2(x * x + 1)", new[] { -2.0, 0.1, 2.5 }),
        ("Max", "Math.Max(x, x * x)", new[] { -2.0, 0.5, 2.5 }),
        ("Min", "Math.Min(x, x * x)", new[] { -2.0, 0.5, 2.5 }),
        ("Pow", "Math.Pow(x * x + 1, 0.75) + Math.Pow(2.0, x) + Math.Pow(x * x + 1, x)", new[] { -2.0, 0.1, 2.5 }),
        ("Round", "Math.Round(x) + x * x", new[] { -1.3, 0.2, 2.3 }),
        ("ScaleB", "Math.ScaleB(x * x, 3)", new[] { -2.0, 0.1, 2.5 }),
        ("Sign", "Math.Sign(x) * x", new[] { -2.0, 0.1, 2.5 }),
        ("Sin", "Math.Sin(x * x)", new[] { -2.0, 0.1, 2.5 }),
        ("Sinh", "Math.Sinh(x / 2)", new[] { -2.0, 0.1, 2.5 }),
        ("Sqrt", "Math.Sqrt(x * x + 2)", new[] { -2.0, 0.1, 2.5 }),
        ("Tan", "Math.Tan(x / 2)", new[] { -2.0, 0.1, 2.5 }),
        ("Tanh", "Math.Tanh(2 * x)", new[] { -2.0, 0.1, 2.5 }),
        ("Truncate", "Math.Truncate(x) + x", new[] { -1.5, 0.3, 2.5 }),
        ("ConstantsAndCasts", "Math.PI * Math.E * Math.Tau * K * (double)(float)x", new[] { -2.0, 0.1, 2.5 }),
    };

    private static readonly Lazy<(Type Double, Type Float)> Compiled = new(() =>
    {
        var source = new System.Text.StringBuilder("using System;\nusing CompileTimeCalculus;\npublic static partial class M\n{\n    private const double K = 0.75;\n");
        foreach (var (name, body, _) in Cases) source.Append($"    [Derivative] public static double {name}(double x) => {body};\n");
        source.Append("}\npublic static partial class MF\n{\n    private const float K = 0.75f;\n");
        foreach (var (name, body, _) in Cases)
        {
            string floatBody = body.Replace("Math.", "MathF.").Replace("(double)(float)x", "x").Replace("0.75)", "0.75f)").Replace(", 0.5, 4.0)", ", 0.5f, 4.0f)")
                .Replace("2.0", "2f").Replace("1.5)", "1.5f)").Replace(", 5.0)", ", 5f)").Replace("MathF.Clamp", "Math.Clamp");
            source.Append($"    [Derivative] public static float {name}(float x) => {floatBody};\n");
        }
        source.Append("}\n");
        var (output, _) = Harness.Generate(source.ToString());
        Harness.AssertNoErrorsOrWarnings(output);
        var assembly = Harness.Load(output);
        return (assembly.GetType("M")!, assembly.GetType("MF")!);
    });

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Double_derivative_matches_finite_differences(string name)
    {
        // (double)(float)x rounds x to float precision, which a difference quotient with a small step sees as noise.
        bool roundsToFloat = name == "ConstantsAndCasts";
        Check(Compiled.Value.Double, name, roundsToFloat ? 1e-5 : 1e-7, roundsToFloat ? 0.1 : 1e-3);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float_derivative_matches_finite_differences(string name) => Check(Compiled.Value.Float, name, 2e-3, 1e-2);

    private static void Check(Type type, string name, double tolerance, double h)
    {
        var f = type.GetMethod(name)!;
        var df = type.GetMethod(name + "Derivative") ?? throw new InvalidOperationException(name + "Derivative was not generated");
        bool single = f.ReturnType == typeof(float);
        double Call(MethodInfo m, double x) => Convert.ToDouble(m.Invoke(null, new object[] { single ? (object)(float)x : x }));
        foreach (double x in Cases.Single(c => c.Name == name).Points)
        {
            double numeric = Harness.FiniteDifference(t => Call(f, t), x, h);
            double emitted = Call(df, x);
            Assert.True(Math.Abs(numeric - emitted) <= tolerance * Math.Max(1, Math.Abs(numeric)), $"{type.Name}.{name}'({x}) = {emitted}, finite differences {numeric}");
        }
    }
}
