using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// [JacobianVectorProduct] on layers that write a span output: the emitted output against the layer, and J·v against
/// central differences of the layer along v, (y(x + h·v) − y(x − h·v)) / 2h, element by element.
/// </summary>
public class JacobianVectorProductTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Layers
        {
            // A dense layer with tanh: y = tanh(W·x + b), W row-major (outputs × inputs).
            [JacobianVectorProduct]
            public static void Dense(ReadOnlySpan<double> w, ReadOnlySpan<double> b, ReadOnlySpan<double> x, Span<double> y)
            {
                int n = x.Length;
                for (int j = 0; j < b.Length; j++)
                {
                    double z = b[j];
                    for (int i = 0; i < n; i++) z += w[j * n + i] * x[i];
                    y[j] = Math.Tanh(z);
                }
            }

            // Softmax with a temperature, the tangent taken with respect to the logits only.
            [JacobianVectorProduct(nameof(z))]
            public static void Softmax(ReadOnlySpan<double> z, double temperature, Span<double> y)
            {
                double max = double.NegativeInfinity;
                for (int i = 0; i < z.Length; i++) max = Math.Max(max, z[i]);
                double sum = 0;
                for (int i = 0; i < z.Length; i++)
                {
                    y[i] = Math.Exp((z[i] - max) / temperature);
                    sum += y[i];
                }
                for (int i = 0; i < z.Length; i++) y[i] /= sum;
            }

            // A float layer with a scalar input: layer normalisation with a learned scale.
            [JacobianVectorProduct]
            public static void Normalize(ReadOnlySpan<float> x, float scale, Span<float> y)
            {
                float mean = 0;
                for (int i = 0; i < x.Length; i++) mean += x[i];
                mean /= x.Length;
                float variance = 0;
                for (int i = 0; i < x.Length; i++) variance += (x[i] - mean) * (x[i] - mean);
                variance /= x.Length;
                for (int i = 0; i < x.Length; i++) y[i] = scale * (x[i] - mean) / MathF.Sqrt(variance + 1e-5f);
            }

            public static double[] DenseOf(double[] w, double[] b, double[] x)
            {
                var y = new double[b.Length];
                Dense(w, b, x, y);
                return y;
            }

            public static double[][] DenseJvpOf(double[] w, double[] b, double[] x, double[] wt, double[] bt, double[] xt)
            {
                var y = new double[b.Length];
                var yt = new double[b.Length];
                DenseJvp(w, b, x, wt, bt, xt, y, yt);
                return new[] { y, yt };
            }

            public static double[] SoftmaxOf(double[] z, double temperature)
            {
                var y = new double[z.Length];
                Softmax(z, temperature, y);
                return y;
            }

            public static double[][] SoftmaxJvpOf(double[] z, double temperature, double[] zt)
            {
                var y = new double[z.Length];
                var yt = new double[z.Length];
                SoftmaxJvp(z, temperature, zt, y, yt);
                return new[] { y, yt };
            }

            public static float[] NormalizeOf(float[] x, float scale)
            {
                var y = new float[x.Length];
                Normalize(x, scale, y);
                return y;
            }

            public static float[][] NormalizeJvpOf(float[] x, float scale, float[] xt, float st)
            {
                var y = new float[x.Length];
                var yt = new float[x.Length];
                NormalizeJvp(x, scale, xt, st, y, yt);
                return new[] { y, yt };
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source);
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static T Call<T>(string name, params object[] args) => (T)Compiled.Value.GetType("Layers")!.GetMethod(name)!.Invoke(null, args)!;

    private static double[] Draw(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    private static double[] Along(double[] x, double[] v, double t) => x.Zip(v, (a, d) => a + t * d).ToArray();

    /// <summary>Central differences of a vector function along t, with Richardson's step halving.</summary>
    private static double[] Difference(Func<double, double[]> f)
    {
        double[] Central(double h) => f(h).Zip(f(-h), (p, m) => (p - m) / (2 * h)).ToArray();
        var coarse = Central(1e-3);
        var fine = Central(5e-4);
        return fine.Zip(coarse, (a, c) => (4 * a - c) / 3).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void A_dense_layers_jvp_matches_differences_of_the_layer_along_every_tangent()
    {
        var random = new Random(5);
        double[] w = Draw(random, 12), b = Draw(random, 3), x = Draw(random, 4);
        double[] wt = Draw(random, 12), bt = Draw(random, 3), xt = Draw(random, 4);
        var result = Call<double[][]>("DenseJvpOf", w, b, x, wt, bt, xt);
        AssertClose(Call<double[]>("DenseOf", w, b, x), result[0], 1e-15);
        AssertClose(Difference(t => Call<double[]>("DenseOf", Along(w, wt, t), Along(b, bt, t), Along(x, xt, t))), result[1], 1e-8);
    }

    [Fact]
    public void A_softmax_jvp_holds_the_temperature_constant()
    {
        double[] z = { 0.3, -1.2, 2.0, 0.7 }, zt = { 1.0, -0.5, 0.25, 2.0 };
        const double temperature = 1.7;
        var result = Call<double[][]>("SoftmaxJvpOf", z, temperature, zt);
        AssertClose(Call<double[]>("SoftmaxOf", z, temperature), result[0], 1e-15);
        AssertClose(Difference(t => Call<double[]>("SoftmaxOf", Along(z, zt, t), temperature)), result[1], 1e-8);
        // A softmax's outputs sum to 1, so their tangents sum to 0.
        Assert.True(Math.Abs(result[1].Sum()) < 1e-14);
    }

    [Fact]
    public void A_float_layer_with_a_scalar_input_writes_float_outputs()
    {
        float[] x = { 0.5f, -1.25f, 2f, 0.75f, -0.3f }, xt = { 0.2f, 0.1f, -0.4f, 0.3f, 0.05f };
        const float scale = 1.5f, st = -0.25f;
        var result = Call<float[][]>("NormalizeJvpOf", x, scale, xt, st);
        double[] Layer(double t) => Call<float[]>("NormalizeOf", x.Zip(xt, (a, d) => (float)(a + t * d)).ToArray(), (float)(scale + t * st)).Select(v => (double)v).ToArray();
        double[] Exact(double t)
        {
            // The layer in double, for a difference quotient float rounding does not swamp.
            var moved = x.Zip(xt, (a, d) => a + t * d).ToArray();
            double s = scale + t * st, mean = moved.Average(), variance = moved.Select(v => (v - mean) * (v - mean)).Average();
            return moved.Select(v => s * (v - mean) / Math.Sqrt(variance + 1e-5)).ToArray();
        }
        AssertClose(Layer(0), result[0].Select(v => (double)v).ToArray(), 1e-6);
        AssertClose(Difference(Exact), result[1].Select(v => (double)v).ToArray(), 1e-5);
    }

    [Fact]
    public void The_emitted_method_takes_tangents_then_the_output_and_its_tangent()
    {
        var (_, result) = Harness.Generate(Source);
        var members = Harness.EmittedMembers(result);
        Assert.Contains("static void SoftmaxJvp(global::System.ReadOnlySpan<double> z, double temperature, global::System.ReadOnlySpan<double> zTangent, " +
            "global::System.Span<double> y, global::System.Span<double> yTangent)", members["SoftmaxJvp"]);
        Assert.Contains("global::System.Span<float> y, global::System.Span<float> yTangent)", members["NormalizeJvp"]);
        Assert.Contains("float scaleTangent", members["NormalizeJvp"]);
    }

    [Fact]
    public void Emitted_code_matches_the_snapshot()
    {
        var (output, _) = Harness.Generate(Source);
        var tree = output.SyntaxTrees.SingleOrDefault(t => t.FilePath.EndsWith("Layers.Jvp.g.cs", StringComparison.Ordinal));
        Assert.True(tree is not null, "generated: " + string.Join(", ", output.SyntaxTrees.Select(t => Path.GetFileName(t.FilePath))));
        Snapshot.Verify(nameof(JacobianVectorProductTests), "Layers", "Layers.Jvp.g.cs", tree!.ToString());
    }

    [Theory]
    [InlineData("[JacobianVectorProduct] public static double F(ReadOnlySpan<double> x) => x[0];", DiagnosticIds.UnsupportedSignature)]
    [InlineData("[JacobianVectorProduct(\"q\")] public static void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0]; }", DiagnosticIds.InvalidVariable)]
    [InlineData("[JacobianVectorProduct] public void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0]; }", DiagnosticIds.MethodNotStatic)]
    public void Methods_that_are_not_layers_are_reported(string member, string id)
    {
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n    " + member + "\n}\n";
        Assert.Contains(Harness.Analyze(source), d => d.Id == id);
    }
}
