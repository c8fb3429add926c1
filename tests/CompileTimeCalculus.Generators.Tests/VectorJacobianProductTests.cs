using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// [VectorJacobianProduct] on layers that write a span output: ȳᵀ·J for every input, against finite differences of the
/// layer as it runs (ȳ·(y(x + h·e) − y(x − h·e)) / 2h).
/// </summary>
public class VectorJacobianProductTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Layers
        {
            // A dense layer with tanh: y = tanh(W·x + b), W row-major (outputs × inputs).
            [VectorJacobianProduct]
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

            // Softmax with a temperature: every output depends on every input and on the scalar.
            [VectorJacobianProduct]
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

            public static double[] DenseOf(double[] w, double[] b, double[] x)
            {
                var y = new double[b.Length];
                Dense(w, b, x, y);
                return y;
            }

            public static double[] DenseVjpOf(double[] w, double[] b, double[] x, double[] yAdjoint)
            {
                var gw = new double[w.Length];
                var gb = new double[b.Length];
                var gx = new double[x.Length];
                DenseVjp(w, b, x, yAdjoint, gw, gb, gx);
                return gw.Concat(gb).Concat(gx).ToArray();
            }

            public static double[] SoftmaxOf(double[] z, double temperature)
            {
                var y = new double[z.Length];
                Softmax(z, temperature, y);
                return y;
            }

            public static double[] SoftmaxVjpOf(double[] z, double temperature, double[] yAdjoint)
            {
                var gz = new double[z.Length];
                var (_, gt) = SoftmaxVjp(z, temperature, yAdjoint, gz);
                return gz.Append(gt).ToArray();
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source.Replace("using System;", "using System;\nusing System.Linq;"));
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static T Call<T>(string name, params object[] args) => (T)Compiled.Value.GetType("Layers")!.GetMethod(name)!.Invoke(null, args)!;

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    [Fact]
    public void A_dense_layers_vjp_matches_finite_differences_for_every_input()
    {
        var random = new Random(7);
        double[] Draw(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] w = Draw(12), b = Draw(3), x = Draw(4), yAdjoint = Draw(3);
        var vjp = Call<double[]>("DenseVjpOf", w, b, x, yAdjoint);
        var inputs = new[] { w, b, x };
        int offset = 0;
        foreach (var input in inputs)
        {
            for (int k = 0; k < input.Length; k++)
            {
                int at = k;
                var target = input;
                double Scalar(double v)
                {
                    double saved = target[at];
                    target[at] = v;
                    double result = Dot(yAdjoint, Call<double[]>("DenseOf", w, b, x));
                    target[at] = saved;
                    return result;
                }
                Assert.Equal(Harness.FiniteDifference(Scalar, input[k]), vjp[offset + k], 8);
            }
            offset += input.Length;
        }
    }

    [Fact]
    public void A_softmax_vjp_covers_the_array_and_the_scalar_input()
    {
        double[] z = { 0.3, -1.2, 2.0, 0.7 }, yAdjoint = { 1.0, -0.5, 0.25, 2.0 };
        const double temperature = 1.7;
        var vjp = Call<double[]>("SoftmaxVjpOf", z, temperature, yAdjoint);
        for (int k = 0; k < z.Length; k++)
        {
            int at = k;
            double Scalar(double v)
            {
                var moved = (double[])z.Clone();
                moved[at] = v;
                return Dot(yAdjoint, Call<double[]>("SoftmaxOf", moved, temperature));
            }
            Assert.Equal(Harness.FiniteDifference(Scalar, z[k]), vjp[k], 8);
        }
        Assert.Equal(Harness.FiniteDifference(t => Dot(yAdjoint, Call<double[]>("SoftmaxOf", z, t)), temperature), vjp[z.Length], 8);
    }

    [Fact]
    public void The_emitted_method_takes_the_outputs_adjoint_in_place_of_the_output()
    {
        var (_, result) = Harness.Generate(Source);
        string method = Harness.EmittedMembers(result)["DenseVjp"];
        Assert.Contains("global::System.ReadOnlySpan<double> yAdjoint", method);
        Assert.Contains("global::System.Span<double> xGradient", method);
        Assert.DoesNotContain("Span<double> y,", method);
    }

    [Theory]
    [InlineData("[VectorJacobianProduct] public static double F(ReadOnlySpan<double> x) => x[0];")]
    [InlineData("[VectorJacobianProduct] public static void F(ReadOnlySpan<double> x, Span<double> a, Span<double> b) { a[0] = x[0]; b[0] = x[0]; }")]
    public void Methods_that_are_not_layers_are_reported(string member)
    {
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n    " + member + "\n}\n";
        Assert.Contains(Harness.Analyze(source), d => d.Id == DiagnosticIds.UnsupportedSignature);
    }
}
