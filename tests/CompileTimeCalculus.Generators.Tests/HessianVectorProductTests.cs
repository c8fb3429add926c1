using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// [HessianVectorProduct] on losses written over spans: H·v against central differences of the emitted gradient along v,
/// (∇f(x + h·v) − ∇f(x − h·v)) / 2h, for losses with loops, batches over row-major matrices, int labels and scalar inputs.
/// </summary>
public class HessianVectorProductTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Losses
        {
            // The n-dimensional Rosenbrock function: a banded Hessian.
            [Gradient, HessianVectorProduct]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double sum = 0;
                for (int i = 0; i + 1 < x.Length; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    sum += 100 * a * a + b * b;
                }
                return sum;
            }

            // Softmax regression over a batch: X row-major (rows × features), W row-major (classes × features), int labels,
            // an L2 penalty held constant.
            [Gradient(nameof(w)), HessianVectorProduct(nameof(w))]
            public static double SoftmaxLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<int> labels, int classes, double l2)
            {
                int features = w.Length / classes;
                double loss = 0;
                for (int r = 0; r < labels.Length; r++)
                {
                    double max = double.NegativeInfinity;
                    for (int c = 0; c < classes; c++)
                    {
                        double z = 0;
                        for (int f = 0; f < features; f++) z += w[c * features + f] * x[r * features + f];
                        max = Math.Max(max, z);
                    }
                    double sum = 0, picked = 0;
                    for (int c = 0; c < classes; c++)
                    {
                        double z = 0;
                        for (int f = 0; f < features; f++) z += w[c * features + f] * x[r * features + f];
                        sum += Math.Exp(z - max);
                        if (c == labels[r]) picked = z - max;
                    }
                    loss += Math.Log(sum) - picked;
                }
                double penalty = 0;
                for (int k = 0; k < w.Length; k++) penalty += w[k] * w[k];
                return loss / labels.Length + 0.5 * l2 * penalty;
            }

            // A scalar and an array input together: both directions, both components of the product.
            [Gradient, HessianVectorProduct]
            public static double Scaled(ReadOnlySpan<double> w, double s)
            {
                double sum = 0;
                for (int i = 0; i < w.Length; i++) sum += Math.Log(1 + Math.Exp(s * w[i])) * w[i];
                return sum + Math.Sin(s) * s;
            }

            // Float spans: float directions and a float product.
            [HessianVectorProduct]
            public static float SoftplusSum(ReadOnlySpan<float> x)
            {
                float sum = 0;
                for (int i = 0; i < x.Length; i++) sum += MathF.Log(1 + MathF.Exp(x[i])) * (i + 1);
                return sum;
            }

            public static float[] SoftplusSumHvpOf(float[] x, float[] v)
            {
                var hv = new float[x.Length];
                SoftplusSumHvp(x, v, hv);
                return hv;
            }

            public static double[] RosenbrockGradientOf(double[] x)
            {
                var g = new double[x.Length];
                RosenbrockGradient(x, g);
                return g;
            }

            public static double[] RosenbrockHvpOf(double[] x, double[] v, out double slope)
            {
                var hv = new double[x.Length];
                slope = RosenbrockHvp(x, v, hv);
                return hv;
            }

            public static double[] SoftmaxGradientOf(double[] w, double[] x, int[] labels, int classes, double l2)
            {
                var g = new double[w.Length];
                SoftmaxLossGradient(w, x, labels, classes, l2, g);
                return g;
            }

            public static double[] SoftmaxHvpOf(double[] w, double[] x, int[] labels, int classes, double l2, double[] v)
            {
                var hv = new double[w.Length];
                SoftmaxLossHvp(w, x, labels, classes, l2, v, hv);
                return hv;
            }

            public static double[] ScaledGradientOf(double[] w, double s)
            {
                var g = new double[w.Length];
                var (_, gs) = ScaledGradient(w, s, g);
                return g.Append(gs).ToArray();
            }

            public static double[] ScaledHvpOf(double[] w, double s, double[] v, double vs)
            {
                var hv = new double[w.Length];
                var (_, hs) = ScaledHvp(w, s, v, vs, hv);
                return hv.Append(hs).ToArray();
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source.Replace("using System;", "using System;\nusing System.Linq;"));
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static T Call<T>(string name, params object[] args) => (T)Compiled.Value.GetType("Losses")!.GetMethod(name)!.Invoke(null, args)!;

    private static double[] Draw(Random random, int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();

    /// <summary>(∇f(x + h·v) − ∇f(x − h·v)) / 2h with Richardson's step halving, element by element.</summary>
    private static double[] GradientDifference(Func<double[], double[]> gradient, double[] x, double[] v)
    {
        double[] Central(double h)
        {
            var plus = gradient(x.Zip(v, (a, d) => a + h * d).ToArray());
            var minus = gradient(x.Zip(v, (a, d) => a - h * d).ToArray());
            return plus.Zip(minus, (p, m) => (p - m) / (2 * h)).ToArray();
        }
        var coarse = Central(1e-3);
        var fine = Central(5e-4);
        return fine.Zip(coarse, (f, c) => (4 * f - c) / 3).ToArray();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs) + 1;
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * scale, $"element {i}: {actual[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(40)]
    public void Rosenbrocks_hessian_vector_product_matches_differences_of_the_emitted_gradient(int n)
    {
        var random = new Random(n);
        double[] x = Draw(random, n), v = Draw(random, n);
        var hv = Call<double[]>("RosenbrockHvpOf", x, v, null!);
        AssertClose(GradientDifference(p => Call<double[]>("RosenbrockGradientOf", p), x, v), hv);
        // The value returned is the directional derivative ∇f·v.
        var args = new object[] { x, v, 0.0 };
        Compiled.Value.GetType("Losses")!.GetMethod("RosenbrockHvpOf")!.Invoke(null, args);
        var gradient = Call<double[]>("RosenbrockGradientOf", x);
        Assert.Equal(gradient.Zip(v, (g, d) => g * d).Sum(), (double)args[2], 9);
    }

    [Fact]
    public void A_softmax_regression_batch_with_int_labels_gets_its_product_with_respect_to_the_weights()
    {
        var random = new Random(11);
        const int classes = 3, features = 4, rows = 6;
        double[] w = Draw(random, classes * features), x = Draw(random, rows * features), v = Draw(random, classes * features);
        var labels = Enumerable.Range(0, rows).Select(r => r % classes).ToArray();
        var hv = Call<double[]>("SoftmaxHvpOf", w, x, labels, classes, 0.1, v);
        AssertClose(GradientDifference(p => Call<double[]>("SoftmaxGradientOf", p, x, labels, classes, 0.1), w, v), hv);
    }

    [Fact]
    public void A_scalar_input_gets_a_direction_and_a_component_of_the_product()
    {
        var random = new Random(3);
        double[] w = Draw(random, 5), v = Draw(random, 5);
        const double s = 0.7, vs = -0.4;
        var hv = Call<double[]>("ScaledHvpOf", w, s, v, vs);
        var expected = GradientDifference(p => Call<double[]>("ScaledGradientOf", p.Take(5).ToArray(), p[5]), w.Append(s).ToArray(), v.Append(vs).ToArray());
        AssertClose(expected, hv);
    }

    [Fact]
    public void A_float_loss_gets_a_float_product()
    {
        float[] x = { -1.5f, 0.2f, 3f }, v = { 0.5f, -1f, 2f };
        var hv = Call<float[]>("SoftplusSumHvpOf", x, v);
        // The Hessian is diagonal: (i + 1)·σ(xᵢ)(1 − σ(xᵢ)).
        for (int i = 0; i < x.Length; i++)
        {
            double s = 1 / (1 + Math.Exp(-x[i]));
            Assert.Equal((i + 1) * s * (1 - s) * v[i], hv[i], 5e-6);
        }
        var (_, result) = Harness.Generate(Source);
        Assert.Contains("global::System.ReadOnlySpan<float> xTangent, global::System.Span<float> xHvp)", Harness.EmittedMembers(result)["SoftplusSumHvp"]);
    }

    [Fact]
    public void The_emitted_method_takes_a_direction_per_input_and_an_output_per_array()
    {
        var (_, result) = Harness.Generate(Source);
        string method = Harness.EmittedMembers(result)["ScaledHvp"];
        Assert.Contains("(double DirectionalDerivative, double s) ScaledHvp(global::System.ReadOnlySpan<double> w, double s, global::System.ReadOnlySpan<double> wTangent, " +
            "double sTangent, global::System.Span<double> wHvp)", method);
        Assert.DoesNotContain("stackalloc", Harness.EmittedMembers(result)["RosenbrockHvp"]);
    }

    [Fact]
    public void Emitted_code_matches_the_snapshot()
    {
        var (output, _) = Harness.Generate(Source);
        var tree = output.SyntaxTrees.SingleOrDefault(t => t.FilePath.EndsWith("Losses.Hvp.g.cs", StringComparison.Ordinal));
        Assert.True(tree is not null, "generated: " + string.Join(", ", output.SyntaxTrees.Select(t => Path.GetFileName(t.FilePath))));
        Snapshot.Verify(nameof(HessianVectorProductTests), "Losses", "Losses.Hvp.g.cs", tree!.ToString());
    }

    [Theory]
    [InlineData("[HessianVectorProduct] public double F(ReadOnlySpan<double> x) => x[0] * x[0];", DiagnosticIds.MethodNotStatic)]
    [InlineData("[HessianVectorProduct(\"y\")] public static double F(ReadOnlySpan<double> x) => x[0] * x[0];", DiagnosticIds.InvalidVariable)]
    [InlineData("[HessianVectorProduct] public static int F(ReadOnlySpan<double> x) => 1;", DiagnosticIds.UnsupportedSignature)]
    public void Unsupported_methods_are_reported(string member, string id)
    {
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n    " + member + "\n}\n";
        Assert.Contains(Harness.Analyze(source), d => d.Id == id);
    }
}
