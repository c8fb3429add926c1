using System.Reflection;
using Microsoft.CodeAnalysis;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// [Gradient] through the real generator: the ML losses of the issue as named tests (compiled, run, every partial
/// derivative against finite differences of the source method), snapshots of the emitted code, float, block bodies
/// with loops, and the [Derivative] of a body with a loop.
/// </summary>
public class GradientTests
{
    public const string Source = """
        using System;
        using CompileTimeCalculus;

        namespace Samples
        {
            public static partial class Losses
            {
                [Gradient]
                public static double Mse(double w, double b, double x, double y) => (w * x + b - y) * (w * x + b - y);

                [Gradient(nameof(w), nameof(b))]
                public static double LogLoss(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x, double y)
                {
                    double z = b;
                    for (int i = 0; i < w.Length; i++)
                        z += w[i] * x[i];
                    var p = 1 / (1 + Math.Exp(-z));
                    return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
                }

                [Gradient(nameof(z0), nameof(z1), nameof(z2))]
                public static double SoftmaxCrossEntropy(double z0, double z1, double z2, int label)
                {
                    double m = Math.Max(z0, Math.Max(z1, z2));
                    double sum = Math.Exp(z0 - m) + Math.Exp(z1 - m) + Math.Exp(z2 - m);
                    double picked = label == 0 ? z0 : label == 1 ? z1 : z2;
                    return Math.Log(sum) + m - picked;
                }

                [Gradient(nameof(mu), nameof(logSigma))]
                public static double GaussianNll(ReadOnlySpan<double> x, double mu, double logSigma)
                {
                    double total = 0;
                    foreach (var xi in x)
                    {
                        double r = (xi - mu) * Math.Exp(-logSigma);
                        total += 0.5 * r * r + logSigma + 0.9189385332046728;
                    }
                    return total;
                }

                [Gradient]
                public static double Rosenbrock(ReadOnlySpan<double> x)
                {
                    double f = 0;
                    for (int i = 0; i < x.Length - 1; i++)
                    {
                        double a = 1 - x[i];
                        double b = x[i + 1] - x[i] * x[i];
                        f += a * a + 100 * b * b;
                    }
                    return f;
                }

                /// <summary>2 inputs → 2 tanh hidden units → 1 logistic output; mean log loss over rows (x0, x1, label) of data.</summary>
                [Gradient(nameof(w), nameof(v))]
                public static double TwoLayer(ReadOnlySpan<double> w, ReadOnlySpan<double> v, ReadOnlySpan<double> data)
                {
                    int rows = data.Length / 3;
                    double loss = 0;
                    for (int r = 0; r < rows; r++)
                    {
                        double x0 = data[3 * r], x1 = data[3 * r + 1], label = data[3 * r + 2];
                        double h0 = Math.Tanh(w[0] * x0 + w[1] * x1 + w[2]);
                        double h1 = Math.Tanh(w[3] * x0 + w[4] * x1 + w[5]);
                        double z = v[0] * h0 + v[1] * h1 + v[2];
                        loss += Softplus(z) - label * z;
                    }
                    return loss / rows;
                }

                public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));
            }

            /// <summary>A model as an object: weights in fields and an auto-property, the gradient with respect to them.</summary>
            public partial class LogisticModel
            {
                public double[] Weights = { 0.5, -0.25, 1.0 };
                public double Bias { get; set; } = 0.1;
                public double Temperature = 1.5;
                private int _features = 3;

                [Gradient(nameof(Weights), nameof(Bias))]
                public double Loss(ReadOnlySpan<double> x, double label)
                {
                    double z = Bias;
                    for (int j = 0; j < _features; j++) z += Weights[j] * x[j];
                    z /= Temperature;
                    return Math.Log(1 + Math.Exp(z)) - label * z;
                }

                [Gradient]
                public double Penalty(double scale) => scale * (Weights[0] * Weights[0] + Bias * Bias);
            }

            public static partial class Losses
            {
                /// <summary>One hidden layer of tanh units in a stackalloc'd buffer, read back by the output unit.</summary>
                [Gradient(nameof(W), nameof(v))]
                public static double Mlp(ReadOnlySpan<double> W, ReadOnlySpan<double> v, ReadOnlySpan<double> X, ReadOnlySpan<double> y)
                {
                    int hidden = v.Length, d = X.Length / y.Length;
                    Span<double> h = stackalloc double[hidden];
                    double loss = 0;
                    for (int i = 0; i < y.Length; i++)
                    {
                        for (int j = 0; j < hidden; j++)
                        {
                            double a = 0;
                            for (int k = 0; k < d; k++) a += W[j * d + k] * X[i * d + k];
                            h[j] = Math.Tanh(a);
                        }
                        double z = 0;
                        foreach (var hj in h) z += hj;
                        for (int j = 0; j < hidden; j++) z += v[j] * h[j];
                        loss += (z - y[i]) * (z - y[i]);
                    }
                    return loss / y.Length;
                }

                /// <summary>A buffer declared in the loop (fresh zeros per row), accumulated into with +=, passed to a helper.</summary>
                [Gradient(nameof(W))]
                public static double Softmax(ReadOnlySpan<double> W, ReadOnlySpan<double> X, ReadOnlySpan<int> labels)
                {
                    int k = W.Length / 2, n = labels.Length;
                    double loss = 0;
                    for (int i = 0; i < n; i++)
                    {
                        var logits = new double[k];
                        for (int c = 0; c < k; c++)
                        {
                            logits[c] += W[2 * c] * X[2 * i];
                            logits[c] += W[2 * c + 1] * X[2 * i + 1];
                        }
                        loss += LogSumExp(logits) - logits[labels[i]];
                    }
                    return loss / n;
                }

                public static double LogSumExp(ReadOnlySpan<double> z)
                {
                    double max = double.NegativeInfinity;
                    for (int i = 0; i < z.Length; i++) max = Math.Max(max, z[i]);
                    double sum = 0;
                    for (int i = 0; i < z.Length; i++) sum += Math.Exp(z[i] - max);
                    return max + Math.Log(sum);
                }

                /// <summary>A recurrence: each state reads the one before it in the same buffer.</summary>
                [Gradient(nameof(w), nameof(x))]
                public static double Recurrent(double w, ReadOnlySpan<double> x)
                {
                    Span<double> state = stackalloc double[x.Length + 1];
                    for (int t = 0; t < x.Length; t++) state[t + 1] = Math.Tanh(w * state[t] + x[t]);
                    double s = 0;
                    for (int t = 1; t <= x.Length; t++) s += state[t] * state[t];
                    return s;
                }

                /// <summary>continue in a nested if, and an int count of the rows kept.</summary>
                [Gradient(nameof(p))]
                public static double MaskedError(ReadOnlySpan<double> p, ReadOnlySpan<double> t)
                {
                    double sum = 0;
                    int kept = 0;
                    for (int i = 0; i < p.Length; i++)
                    {
                        if (t[i] < 0)
                        {
                            if (t[i] < -1) continue;
                            sum += 0.5 * p[i];
                        }
                        double e = p[i] - t[i];
                        sum += e * e;
                        kept++;
                    }
                    return sum / Math.Max(kept, 1);
                }

                /// <summary>break on a condition of the values being differentiated.</summary>
                [Gradient(nameof(w))]
                public static double UntilLimit(ReadOnlySpan<double> w, double limit)
                {
                    double s = 0;
                    foreach (var wi in w)
                    {
                        s += wi * wi;
                        if (s > limit) break;
                        s += Math.Sin(wi);
                    }
                    return s;
                }

                [Gradient]
                public static float SoftplusF(float x, float scale) => scale * MathF.Log(1 + MathF.Exp(x));

                [Derivative]
                public static double Horner(double x, ReadOnlySpan<double> c)
                {
                    double p = 0;
                    for (int k = c.Length - 1; k >= 0; k--)
                        p = p * x + c[k];
                    return p;
                }

                [Derivative(WithRespectTo = nameof(x))]
                public static double Huber(double x, double delta)
                {
                    double a = Math.Abs(x);
                    if (a <= delta) return 0.5 * x * x;
                    return delta * (a - 0.5 * delta);
                }

                [Derivative(WithRespectTo = nameof(temperature))]
                public static double SmoothMax(ReadOnlySpan<double> z, double temperature)
                {
                    double s = 0;
                    foreach (var zi in z)
                        s += Math.Exp(zi / temperature);
                    return temperature * Math.Log(s);
                }
            }
        }
        """;

    private static readonly Lazy<(Compilation Output, Assembly Assembly)> Built = new(() =>
    {
        var (output, _) = Harness.Generate(Source, Calls);
        Harness.AssertNoErrorsOrWarnings(output);
        return (output, Harness.Load(output));
    });

    /// <summary>
    /// Reflection cannot pass spans, so each case has two array-taking wrappers: the source function of θ (all inputs of
    /// the gradient, flattened) and the emitted gradient, returning [value, ∂/∂θ₀, ∂/∂θ₁, …] in the same order.
    /// </summary>
    public const string Calls = """
        using System;

        namespace Samples
        {
            public static class Calls
            {
                public static double Mse(double[] t) => Losses.Mse(t[0], t[1], t[2], t[3]);
                public static double[] MseGradient(double[] t)
                {
                    var r = Losses.MseGradient(t[0], t[1], t[2], t[3]);
                    return [r.Value, r.w, r.b, r.x, r.y];
                }

                private static readonly double[] X = { 0.5, -1.25, 2.0, 0.75 };
                public static double LogLoss(double[] t) => Losses.LogLoss(t.AsSpan(0, 4), t[4], X, 1.0);
                public static double[] LogLossGradient(double[] t)
                {
                    var g = new double[4];
                    var r = Losses.LogLossGradient(t.AsSpan(0, 4), t[4], X, 1.0, g);
                    return [r.Value, .. g, r.b];
                }

                public static double Softmax(double[] t) => Losses.SoftmaxCrossEntropy(t[0], t[1], t[2], 1);
                public static double[] SoftmaxGradient(double[] t)
                {
                    var r = Losses.SoftmaxCrossEntropyGradient(t[0], t[1], t[2], 1);
                    return [r.Value, r.z0, r.z1, r.z2];
                }

                private static readonly double[] Samples = { 0.3, -1.1, 2.4, 0.9, 1.7 };
                public static double Gaussian(double[] t) => Losses.GaussianNll(Samples, t[0], t[1]);
                public static double[] GaussianGradient(double[] t)
                {
                    var r = Losses.GaussianNllGradient(Samples, t[0], t[1]);
                    return [r.Value, r.mu, r.logSigma];
                }

                public static double Rosenbrock(double[] t) => Losses.Rosenbrock(t);
                public static double[] RosenbrockGradient(double[] t)
                {
                    var g = new double[t.Length];
                    double value = Losses.RosenbrockGradient(t, g);
                    return [value, .. g];
                }

                private static readonly double[] Rows = { 0.5, -1.0, 1.0, -0.25, 0.75, 0.0, 1.5, 0.5, 1.0, -2.0, -0.5, 0.0 };
                public static double TwoLayer(double[] t) => Losses.TwoLayer(t.AsSpan(0, 6), t.AsSpan(6, 3), Rows);
                public static double[] TwoLayerGradient(double[] t)
                {
                    var gw = new double[6];
                    var gv = new double[3];
                    double value = Losses.TwoLayerGradient(t.AsSpan(0, 6), t.AsSpan(6, 3), Rows, gw, gv);
                    return [value, .. gw, .. gv];
                }

                // Two inputs per row and a spare element: X.Length / y.Length truncates, so j * d is not j * X.Length / y.Length.
                private static readonly double[] MlpX = { 0.5, -1.0, 1.5, 0.25, -0.75, 2.0, 9.0, 9.0 };
                private static readonly double[] MlpY = { 0.3, -0.2, 1.1 };
                public static double Mlp(double[] t) => Losses.Mlp(t.AsSpan(0, 6), t.AsSpan(6, 3), MlpX, MlpY);
                public static double[] MlpGradient(double[] t)
                {
                    var gW = new double[6];
                    var gv = new double[3];
                    double value = Losses.MlpGradient(t.AsSpan(0, 6), t.AsSpan(6, 3), MlpX, MlpY, gW, gv);
                    return [value, .. gW, .. gv];
                }

                private static readonly double[] SoftmaxX = { 0.5, -1.0, 1.5, 0.25, -0.75, 2.0, 1.0, 1.0 };
                private static readonly int[] Labels = { 2, 0, 1, 2 };
                public static double SoftmaxBuffer(double[] t) => Losses.Softmax(t, SoftmaxX, Labels);
                public static double[] SoftmaxBufferGradient(double[] t)
                {
                    var g = new double[t.Length];
                    double value = Losses.SoftmaxGradient(t, SoftmaxX, Labels, g);
                    return [value, .. g];
                }

                public static double Recurrent(double[] t) => Losses.Recurrent(t[0], t.AsSpan(1));
                public static double[] RecurrentGradient(double[] t)
                {
                    var g = new double[t.Length - 1];
                    var r = Losses.RecurrentGradient(t[0], t.AsSpan(1), g);
                    return [r.Value, r.w, .. g];
                }

                private static readonly double[] Features = { 0.5, -1.5, 2.0 };
                private static LogisticModel Build(double[] t) => new() { Weights = t[..3], Bias = t[3], Temperature = 1.5 };
                public static double Model(double[] t) => Build(t).Loss(Features, 1.0);
                public static double[] ModelGradient(double[] t)
                {
                    var g = new double[3];
                    var r = Build(t).LossGradient(Features, 1.0, g);
                    return [r.Value, .. g, r.Bias];
                }

                public static double Penalty(double[] t) => new LogisticModel { Bias = 0.75 }.Penalty(t[0]);
                public static double[] PenaltyGradient(double[] t)
                {
                    var r = new LogisticModel { Bias = 0.75 }.PenaltyGradient(t[0]);
                    return [r.Value, r.scale];
                }

                private static readonly double[] Targets = { 0.5, -0.5, -2.0, 1.0, 0.25 };
                public static double Masked(double[] t) => Losses.MaskedError(t, Targets);
                public static double[] MaskedGradient(double[] t)
                {
                    var g = new double[t.Length];
                    double value = Losses.MaskedErrorGradient(t, Targets, g);
                    return [value, .. g];
                }

                public static double UntilLimit(double[] t) => Losses.UntilLimit(t, 3.0);
                public static double[] UntilLimitGradient(double[] t)
                {
                    var g = new double[t.Length];
                    double value = Losses.UntilLimitGradient(t, 3.0, g);
                    return [value, .. g];
                }

                public static double SoftplusF(double[] t) => Losses.SoftplusF((float)t[0], (float)t[1]);
                public static double[] SoftplusFGradient(double[] t)
                {
                    var r = Losses.SoftplusFGradient((float)t[0], (float)t[1]);
                    return [r.Value, r.x, r.scale];
                }

                private static readonly double[] Coefficients = { 1.0, -2.0, 0.5, 3.0 };
                public static double Horner(double[] t) => Losses.Horner(t[0], Coefficients);
                public static double[] HornerDerivative(double[] t) => [Losses.Horner(t[0], Coefficients), Losses.HornerDerivative(t[0], Coefficients)];

                public static double Huber(double[] t) => Losses.Huber(t[0], 1.5);
                public static double[] HuberDerivative(double[] t) => [Losses.Huber(t[0], 1.5), Losses.HuberDerivative(t[0], 1.5)];

                private static readonly double[] Logits = { 0.5, -1.0, 2.0 };
                public static double SmoothMax(double[] t) => Losses.SmoothMax(Logits, t[0]);
                public static double[] SmoothMaxDerivative(double[] t) => [Losses.SmoothMax(Logits, t[0]), Losses.SmoothMaxDerivative(Logits, t[0])];
            }
        }
        """;

    private static Func<double[], double> Function(string name)
    {
        var method = Built.Value.Assembly.GetType("Samples.Calls")!.GetMethod(name)!;
        return t => (double)method.Invoke(null, new object[] { t })!;
    }

    private static Func<double[], double[]> GradientOf(string name)
    {
        var method = Built.Value.Assembly.GetType("Samples.Calls")!.GetMethod(name + "Gradient") ?? Built.Value.Assembly.GetType("Samples.Calls")!.GetMethod(name + "Derivative")!;
        return t => (double[])method.Invoke(null, new object[] { t })!;
    }

    /// <summary>
    /// At 25 random θ (magnitudes to <paramref name="scale"/>), the emitted value equals the source's (to rounding: the
    /// emitted value uses stable forms), and every partial derivative equals a Richardson-extrapolated central difference
    /// of the source.
    /// </summary>
    private static void AssertGradientMatchesFiniteDifferences(string name, int dimension, double scale = 2.0, double tolerance = 1e-6, double valueTolerance = 1e-12, double offset = 0)
    {
        var f = Function(name);
        var gradient = GradientOf(name);
        var random = new Random(dimension * 7919 + name.Length);
        for (int trial = 0; trial < 25; trial++)
        {
            var theta = Enumerable.Range(0, dimension).Select(_ => offset + scale * (2 * random.NextDouble() - 1)).ToArray();
            var claimed = gradient(theta);
            Assert.Equal(dimension + 1, claimed.Length);
            double value = f(theta);
            Assert.True(Math.Abs(claimed[0] - value) <= valueTolerance * Math.Max(1, Math.Abs(value)), $"{name}: value {claimed[0]} but the function is {value}");
            for (int k = 0; k < dimension; k++)
            {
                double numeric = Harness.FiniteDifference(t =>
                {
                    var moved = (double[])theta.Clone();
                    moved[k] = t;
                    return f(moved);
                }, theta[k]);
                double error = Math.Abs(claimed[k + 1] - numeric);
                Assert.True(error <= tolerance * Math.Max(1, Math.Abs(numeric)),
                    $"{name}: ∂/∂θ{k} at [{string.Join(", ", theta)}] is {claimed[k + 1]:R}, finite differences give {numeric:R}");
            }
        }
    }

    [Fact] public void Mean_squared_error() => AssertGradientMatchesFiniteDifferences("Mse", 4);
    [Fact] public void Log_loss_over_a_span_loop() => AssertGradientMatchesFiniteDifferences("LogLoss", 5);
    [Fact] public void Softmax_cross_entropy_of_three_logits() => AssertGradientMatchesFiniteDifferences("Softmax", 3, scale: 4);
    [Fact] public void Gaussian_negative_log_likelihood() => AssertGradientMatchesFiniteDifferences("Gaussian", 2);
    [Fact] public void Rosenbrock() => AssertGradientMatchesFiniteDifferences("Rosenbrock", 5, scale: 1.5, tolerance: 1e-5);
    [Fact] public void Two_layer_network_over_a_batch() => AssertGradientMatchesFiniteDifferences("TwoLayer", 9);
    [Fact] public void Hidden_layer_in_a_stackalloc_buffer() => AssertGradientMatchesFiniteDifferences("Mlp", 9);
    [Fact] public void Buffer_declared_in_the_loop_accumulated_and_passed_to_a_helper() => AssertGradientMatchesFiniteDifferences("SoftmaxBuffer", 6);
    [Fact] public void Recurrence_through_a_buffer() => AssertGradientMatchesFiniteDifferences("Recurrent", 6, scale: 1.5);
    [Fact] public void Model_object_with_respect_to_its_weight_field_and_bias_property() => AssertGradientMatchesFiniteDifferences("Model", 4);
    [Fact] public void Instance_method_differentiated_with_respect_to_its_parameters_reads_fields_as_constants() => AssertGradientMatchesFiniteDifferences("Penalty", 1);
    [Fact] public void Continue_in_a_nested_if_and_an_int_count() => AssertGradientMatchesFiniteDifferences("Masked", 5);
    [Fact] public void Break_on_a_condition_of_the_differentiated_values() => AssertGradientMatchesFiniteDifferences("UntilLimit", 5);
    [Fact] public void Float_softplus() => AssertGradientMatchesFiniteDifferences("SoftplusF", 2, tolerance: 1e-2, valueTolerance: 1e-6);
    [Fact] public void Derivative_of_a_loop_counting_down() => AssertGradientMatchesFiniteDifferences("Horner", 1);
    [Fact] public void Derivative_with_respect_to_one_parameter_of_a_block_with_an_early_return() => AssertGradientMatchesFiniteDifferences("Huber", 1, scale: 4);
    [Fact] public void Derivative_with_respect_to_one_parameter_of_a_loop() => AssertGradientMatchesFiniteDifferences("SmoothMax", 1, scale: 1, offset: 1.5);

    [Fact]
    public void Mean_squared_error_has_the_textbook_gradient()
    {
        // w = 2, b = 1, x = 3, y = 4: residual r = 3, value r², ∂w = 2rx, ∂b = 2r, ∂x = 2rw, ∂y = −2r.
        Assert.Equal(new[] { 9.0, 18, 6, 12, -6 }, GradientOf("Mse")(new[] { 2.0, 1, 3, 4 }));
    }

    [Fact]
    public void Log_loss_gradient_is_finite_where_the_sigmoid_saturates()
    {
        // z = ±800: σ(z) rounds to 1 or 0, yet the loss is finite and its gradient is (σ(z) − y)·x exactly.
        var gradient = GradientOf("LogLoss");
        foreach (double b in new[] { 800.0, -800.0, 40.0, -40.0 })
        {
            var g = gradient(new[] { 0, 0, 0, 0, b });
            double sigma = 1 / (1 + Math.Exp(-b));
            Assert.Equal(b > 0 ? 0 : -b, g[0], 1e-9 * Math.Abs(b));
            Assert.Equal(sigma - 1, g[5], 1e-15);
            Assert.Equal((sigma - 1) * 0.5, g[1], 1e-15);
        }
    }

    [Fact]
    public void Output_span_of_the_wrong_length_throws_a_clear_exception()
    {
        var method = Built.Value.Assembly.GetType("Samples.Calls")!;
        var call = """
            using System;
            public static class Probe
            {
                public static string Run()
                {
                    try { Samples.Losses.RosenbrockGradient(new double[] { 1, 2, 3 }, new double[2]); return "no exception"; }
                    catch (ArgumentException e) { return e.ParamName + ": " + e.Message; }
                }
            }
            """;
        var (output, _) = Harness.Generate(Source, Calls, call);
        var run = Harness.Load(output).GetType("Probe")!.GetMethod("Run")!;
        string message = (string)run.Invoke(null, null)!;
        Assert.StartsWith("xGradient: xGradient must have the length of x (3), not 2.", message);
    }

    [Fact]
    public void Output_span_is_overwritten_not_added_to()
    {
        var method = Built.Value.Assembly.GetType("Samples.Calls")!;
        var call = """
            public static class Probe
            {
                public static double[] Run()
                {
                    var g = new double[] { 100, 100, 100 };
                    Samples.Losses.RosenbrockGradient(new double[] { 1, 1, 1 }, g);
                    return g;
                }
            }
            """;
        var (output, _) = Harness.Generate(Source, Calls, call);
        var g = (double[])Harness.Load(output).GetType("Probe")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(new[] { 0.0, 0, 0 }, g); // (1, 1, 1) is Rosenbrock's minimum
    }

    [Fact]
    public void With_Accumulate_a_minibatch_gradient_is_the_sum_of_the_per_example_gradients()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class Batch
            {
                [Gradient(nameof(w), Accumulate = true)]
                public static double Squared(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
                {
                    double z = 0;
                    for (int j = 0; j < w.Length; j++) z += w[j] * x[j];
                    return (z - y) * (z - y);
                }

                public static double[] Run()
                {
                    double[] w = { 0.5, -1.0 }, g = { 100, 100 };
                    SquaredGradient(w, new[] { 1.0, 2.0 }, 0.5, g);   // z = -1.5: 2(z - y)·x = (-4, -8)
                    SquaredGradient(w, new[] { -1.0, 0.0 }, 1.0, g);  // z = -0.5: (3, 0)
                    return g;
                }
            }
            """;
        var (output, _) = Harness.Generate(source);
        Harness.AssertNoErrorsOrWarnings(output);
        var g = (double[])Harness.Load(output).GetType("Batch")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal(new[] { 100 - 4 + 3.0, 100 - 8 + 0.0 }, g);
    }

    [Fact]
    public void Integer_index_arithmetic_is_computed_once_per_loop_and_never_where_the_source_would_not_compute_it()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class Factors
            {
                [Gradient(nameof(U))]
                public static double Loss(ReadOnlySpan<double> U, ReadOnlySpan<int> users, int rows, int k)
                {
                    double loss = 0;
                    int stride = U.Length / rows;
                    for (int r = 0; r < rows; r++)
                    {
                        int u = users[r];
                        for (int f = 0; f < k; f++) loss += U[u * stride + f] * U[u * stride + f];
                    }
                    return loss;
                }

                public static double[] Run(int k)
                {
                    double[] U = { 1, 2, 3, 4 }, g = new double[4];
                    // k = 0: the inner loop does not run, so users[r] is never read.
                    LossGradient(U, k == 0 ? Array.Empty<int>() : new[] { 1, 1 }, 2, k, g);
                    return g;
                }
            }
            """;
        Assert.Empty(Harness.Analyze(source).Where(d => d.Id.StartsWith("CALC", StringComparison.Ordinal)));
        var (output, _) = Harness.Generate(source);
        Harness.AssertNoErrorsOrWarnings(output);
        string emitted = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Factors.Gradient.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains(" = 0 < k ? users[r] * ", emitted);
        Assert.Contains(" = rows != 0 ? U.Length / rows : 0;", emitted);
        var run = Harness.Load(output).GetType("Factors")!.GetMethod("Run")!;
        Assert.Equal(new[] { 0.0, 0, 0, 0 }, (double[])run.Invoke(null, new object[] { 0 })!);
        // Row 1 of a 2 × 2 matrix, twice: ∂/∂U[2 + f] of 2 · U[2 + f]² is 4 U[2 + f].
        Assert.Equal(new[] { 0.0, 0, 12, 16 }, (double[])run.Invoke(null, new object[] { 2 })!);
    }

    [Fact]
    public void An_integer_local_is_shared_by_later_loops_over_the_same_range_and_only_by_them()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class Factors
            {
                [Gradient(nameof(U))]
                public static double Loss(ReadOnlySpan<double> U, ReadOnlySpan<int> users, int rows, int k, int m)
                {
                    double loss = 0;
                    int stride = U.Length / rows;
                    for (int r = 0; r < rows; r++)
                    {
                        int u = users[r];
                        double dot = 0, bias = 0;
                        for (int f = 0; f < k; f++) dot += U[u * stride + f];
                        for (int f = 0; f < k; f++) loss += dot * U[u * stride + f];
                        for (int f = 0; f < m; f++) bias += U[u * stride + f];
                        loss += bias * bias;
                    }
                    return loss;
                }

                public static double[] Run(int k, int m)
                {
                    double[] U = { 1, 2, 3, 4 }, g = new double[4];
                    LossGradient(U, new[] { 1, 1 }, 2, k, m, g);
                    return g;
                }
            }
            """;
        var (output, _) = Harness.Generate(source);
        Harness.AssertNoErrorsOrWarnings(output);
        string emitted = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Factors.Gradient.g.cs", StringComparison.Ordinal)).ToString();
        // One local for the loops over k (guarded by 0 < k), another for the loop over m: with k = 0 the first is 0.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(emitted, @"= 0 < k \? users\[r\] \* "));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(emitted, @"= 0 < m \? users\[r\] \* "));
        var run = Harness.Load(output).GetType("Factors")!.GetMethod("Run")!;
        // Row 1 twice. k = 0: loss = Σ_rows (U[2] + U[3])², ∂/∂U[2 + f] = 2 · 2 · (U[2] + U[3]) = 28.
        Assert.Equal(new[] { 0.0, 0, 28, 28 }, (double[])run.Invoke(null, new object[] { 0, 2 })!);
        // m = 0: loss = Σ_rows (U[2] + U[3])² as dot · Σ U, the same gradient.
        Assert.Equal(new[] { 0.0, 0, 28, 28 }, (double[])run.Invoke(null, new object[] { 2, 0 })!);
    }

    [Fact]
    public void A_loop_over_a_row_runs_over_slices_and_fails_where_the_source_fails()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class Rows
            {
                [Gradient(nameof(U))]
                public static double Loss(ReadOnlySpan<double> U, ReadOnlySpan<int> rows, int k)
                {
                    double loss = 0;
                    for (int r = 0; r < rows.Length; r++)
                    {
                        double p = 0;
                        for (int f = 0; f < k; f++) p += U[rows[r] * k + f] * U[rows[r] * k + f];
                        loss += p * p;
                    }
                    return loss;
                }

                public static double[] Run(int[] rows, int k)
                {
                    var U = new double[32];
                    for (int i = 0; i < U.Length; i++) U[i] = 0.1 * (i + 1);
                    var g = new double[32];
                    LossGradient(U, rows, k, g);
                    return g;
                }
            }
            """;
        var (output, _) = Harness.Generate(source);
        Harness.AssertNoErrorsOrWarnings(output);
        string emitted = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("Rows.Gradient.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains(").Slice(", emitted);
        var run = Harness.Load(output).GetType("Rows")!.GetMethod("Run")!;
        double[] U = Enumerable.Range(1, 32).Select(i => 0.1 * i).ToArray();
        foreach (int k in new[] { 8, 4 })
        {
            // Rows 1 and 3 (k = 8: sliced; k = 4: too short to slice): ∂/∂U[j] = 4 p U[j] with p the row's sum of squares.
            var expected = new double[32];
            foreach (int row in new[] { 1, 3 })
            {
                double p = Enumerable.Range(row * k, k).Sum(j => U[j] * U[j]);
                foreach (int j in Enumerable.Range(row * k, k)) expected[j] += 4 * p * U[j];
            }
            var actual = (double[])run.Invoke(null, new object[] { new[] { 1, 3 }, k })!;
            for (int j = 0; j < 32; j++) Assert.Equal(expected[j], actual[j], 1e-9);
        }
        // Row 4 of a 4-row matrix: the source throws, and so does the gradient (through the loop as written).
        var thrown = Assert.Throws<System.Reflection.TargetInvocationException>(() => run.Invoke(null, new object[] { new[] { 1, 4 }, 8 }));
        Assert.IsType<IndexOutOfRangeException>(thrown.InnerException);
    }

    [Fact]
    public void A_float_loop_over_an_offset_runs_over_float_slices()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class FloatRows
            {
                [Gradient(nameof(w))]
                public static float Loss(ReadOnlySpan<float> w, float[] x, int start, int n)
                {
                    float s = 0;
                    for (int i = 0; i < n; i++) s += w[start + i] * x[start + i] * w[start + i];
                    return s;
                }

                public static float[] Run()
                {
                    var w = new float[12];
                    var x = new float[12];
                    for (int i = 0; i < 12; i++) { w[i] = 0.1f * (i + 1); x[i] = 1 - 0.05f * i; }
                    var g = new float[12];
                    LossGradient(w, x, 2, 9, g);
                    return g;
                }
            }
            """;
        var (output, _) = Harness.Generate(source);
        Harness.AssertNoErrorsOrWarnings(output);
        string emitted = output.SyntaxTrees.Single(t => t.FilePath.EndsWith("FloatRows.Gradient.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("(global::System.ReadOnlySpan<float>)", emitted);
        var g = (float[])Harness.Load(output).GetType("FloatRows")!.GetMethod("Run")!.Invoke(null, null)!;
        // ∂/∂w[j] = 2·x[j]·w[j] for j in 2 … 10, 0 elsewhere.
        for (int j = 0; j < 12; j++)
        {
            float expected = j >= 2 && j < 11 ? 2 * (1 - 0.05f * j) * 0.1f * (j + 1) : 0;
            Assert.Equal(expected, g[j], 5);
        }
    }

    [Theory]
    [InlineData("Samples.Losses.Gradient.g.cs")]
    [InlineData("Samples.Losses.Derivative.g.cs")]
    [InlineData("Samples.LogisticModel.Gradient.g.cs")]
    public void Emitted_code_matches_the_snapshot(string hintName)
    {
        var tree = Built.Value.Output.SyntaxTrees.SingleOrDefault(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal));
        Assert.True(tree is not null, "not generated: " + hintName + "; generated: " + string.Join(", ", Built.Value.Output.SyntaxTrees.Select(t => Path.GetFileName(t.FilePath))));
        Snapshot.Verify(nameof(GradientTests), "Losses", hintName, tree!.ToString());
    }
}
