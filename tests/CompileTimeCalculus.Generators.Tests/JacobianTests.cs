using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>[Jacobian]: a tuple-valued function of a few scalars and its matrix of partials, against the textbook and finite differences.</summary>
public class JacobianTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class J
        {
            [Jacobian]
            public static (double, double) Cartesian(double r, double theta) => (r * Math.Cos(theta), r * Math.Sin(theta));

            // Spherical-ish map from three parameters to two outputs, with shared work between them.
            [Jacobian]
            public static (double X, double Y) Mixed(double a, double b, double c) => (Math.Exp(a * b) * Math.Sin(c), Math.Log(1 + a * a) + b * Math.Exp(a * b));

            [Jacobian]
            public static (float, float) Rotate(float x, float angle) => (x * MathF.Cos(angle), x * MathF.Sin(angle));

            public static double[] Run(string name, double[] at)
            {
                if (name == "Cartesian")
                {
                    var j = new double[4];
                    var (x, y) = CartesianJacobian(at[0], at[1], j);
                    return new[] { x, y }.Concat(j).ToArray();
                }
                var m = new double[6];
                var (p, q) = MixedJacobian(at[0], at[1], at[2], m);
                return new[] { p, q }.Concat(m).ToArray();
            }

            public static float[] RunRotate(float x, float angle)
            {
                var j = new float[4];
                var (u, v) = RotateJacobian(x, angle, j);
                return new[] { u, v }.Concat(j).ToArray();
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source.Replace("using System;", "using System;\nusing System.Linq;"));
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static double[] Run(string name, params double[] at) => (double[])Compiled.Value.GetType("J")!.GetMethod("Run")!.Invoke(null, new object[] { name, at })!;

    [Theory]
    [InlineData(2.0, 0.3)]
    [InlineData(0.5, -2.1)]
    public void Polar_to_cartesian_has_the_textbook_jacobian(double r, double theta)
    {
        var all = Run("Cartesian", r, theta);
        Assert.Equal(r * Math.Cos(theta), all[0], 14);
        Assert.Equal(r * Math.Sin(theta), all[1], 14);
        Assert.Equal(Math.Cos(theta), all[2], 14);
        Assert.Equal(-r * Math.Sin(theta), all[3], 14);
        Assert.Equal(Math.Sin(theta), all[4], 14);
        Assert.Equal(r * Math.Cos(theta), all[5], 14);
    }

    [Theory]
    [InlineData(0.4, -0.7, 1.3)]
    [InlineData(-1.1, 0.2, -0.5)]
    public void Every_entry_matches_finite_differences_of_the_function(double a, double b, double c)
    {
        double[] at = { a, b, c };
        var all = Run("Mixed", at);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                int output = i, input = j;
                double F(double v)
                {
                    var moved = (double[])at.Clone();
                    moved[input] = v;
                    return Run("Mixed", moved)[output];
                }
                Assert.Equal(Harness.FiniteDifference(F, at[j]), all[2 + 3 * i + j], 8);
            }
        }
    }

    [Fact]
    public void A_float_function_gets_a_float_jacobian()
    {
        var all = (float[])Compiled.Value.GetType("J")!.GetMethod("RunRotate")!.Invoke(null, new object[] { 1.5f, 0.4f })!;
        Assert.Equal(1.5f * MathF.Cos(0.4f), all[0], 5);
        Assert.Equal(MathF.Cos(0.4f), all[2], 5);
        Assert.Equal(-1.5f * MathF.Sin(0.4f), all[3], 5);
        Assert.Equal(1.5f * MathF.Cos(0.4f), all[5], 5);
    }

    [Fact]
    public void Each_row_is_verified_against_its_element_as_written_not_its_simplified_form()
    {
        // (1e16 + x) − 1e16 simplifies to x, whose slope is 1, but as C# computes it the value moves in steps of 2:
        // the row is checked against the code, so nothing is emitted.
        const string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n" +
            "    [Jacobian] public static (double, double) F(double x, double y) => ((1e16 + x) - 1e16 + y, x * y);\n}\n";
        Assert.Contains(Harness.Analyze(source), d => d.Id == DiagnosticIds.VerificationFailed);
    }

    [Fact]
    public void Parameters_named_like_keywords_are_differentiated_by_their_escaped_names()
    {
        const string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n" +
            "    [Jacobian] public static (double, double) F(double @in, double @out) => (@in * @out, @in * @in);\n" +
            "    [Hessian] public static double G(double @in, double @out) => @in * @in * @out;\n" +
            "    public static double[] Run()\n    {\n        var j = new double[4];\n        var h = new double[4];\n        var g = new double[2];\n" +
            "        F(2, 3);\n        FJacobian(2, 3, j);\n        GHessian(2, 3, g, h);\n        return new[] { j[0], j[1], j[2], j[3], h[0], h[1], h[3] };\n    }\n}\n";
        var (output, _) = Harness.Generate(source);
        Harness.AssertNoErrorsOrWarnings(output);
        var values = (double[])Harness.Load(output).GetType("P")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(new[] { 3.0, 2, 4, 0, 6, 4, 0 }, values);
    }

    [Theory]
    [InlineData("[Jacobian] public static double F(double x) => x;", DiagnosticIds.UnsupportedSignature)]
    [InlineData("[Jacobian] public static (double, float) F(double x) => (x, 1f);", DiagnosticIds.UnsupportedSignature)]
    [InlineData("[Jacobian] public static (double, double) F(double x) { var t = (x, x * x); return t; }", DiagnosticIds.UnsupportedConstruct)]
    public void Unsupported_jacobians_are_reported(string member, string id)
    {
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n    " + member + "\n}\n";
        Assert.Contains(Harness.Analyze(source), d => d.Id == id);
    }
}
