using BenchmarkDotNet.Attributes;
using Ml;

namespace CompileTimeCalculus.Benchmarks;

/// <summary>
/// Gradient against value for every function of the ML corpus (tests/MlCorpus/Corpus.cs) that takes arrays, at n = 1,000:
/// n examples for a batch (4 features, an MLP of 8 hidden units on 2 inputs, 3 classes), n elements for a vector, n
/// ratings for the factorization, n negative samples, n integration steps for the ODE. The baseline of each function is
/// its value; the Ratio column is the cost of the gradient.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
[IterationTime(250)]
public class CorpusGradientBenchmarks
{
    public const int N = 1_000;

    [ParamsSource(nameof(Names))]
    public string Function { get; set; } = "";

    /// <summary>Every corpus function, or those CALC_CORPUS_CASES names (comma-separated) to measure a few again.</summary>
    public static IEnumerable<string> Names =>
        Environment.GetEnvironmentVariable("CALC_CORPUS_CASES") is { Length: > 0 } only
            ? only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : CorpusCases.All.Keys;

    private Func<double> _value = null!, _gradient = null!;

    [GlobalSetup]
    public void Setup() => (_value, _gradient) = CorpusCases.All[Function](N);

    [Benchmark(Baseline = true)]
    public double Value() => _value();

    [Benchmark]
    public double Gradient() => _gradient();
}

/// <summary>For each corpus function: arguments of size n, and calls of the function and of its emitted gradient.</summary>
public static class CorpusCases
{
    private const int Features = 4;

    public static readonly Dictionary<string, Func<int, (Func<double> Value, Func<double> Gradient)>> All = new()
    {
        ["LogisticRegression"] = n =>
        {
            var (w, b, X, y) = Batch(n, Binary);
            var gw = new double[w.Length];
            return (() => Corpus.LogisticRegression(w, b, X, y), () => Corpus.LogisticRegressionGradient(w, b, X, y, gw).Value);
        },
        ["LogisticRegressionIntLabels"] = n =>
        {
            var (w, b, X, _) = Batch(n, Binary);
            var labels = Labels(n, 2);
            var gw = new double[w.Length];
            return (() => Corpus.LogisticRegressionIntLabels(w, b, X, labels), () => Corpus.LogisticRegressionIntLabelsGradient(w, b, X, labels, gw).Value);
        },
        ["LinearRegressionMse"] = n =>
        {
            var (w, b, X, y) = Batch(n, Real);
            var gw = new double[w.Length];
            return (() => Corpus.LinearRegressionMse(w, b, X, y), () => Corpus.LinearRegressionMseGradient(w, b, X, y, gw).Value);
        },
        ["RidgeRegression"] = n =>
        {
            var (w, b, X, y) = Batch(n, Real);
            var gw = new double[w.Length];
            return (() => Corpus.RidgeRegression(w, b, X, y, 0.1), () => Corpus.RidgeRegressionGradient(w, b, X, y, 0.1, gw).Value);
        },
        ["ElasticNet"] = n =>
        {
            var (w, b, X, y) = Batch(n, Real);
            var gw = new double[w.Length];
            return (() => Corpus.ElasticNet(w, b, X, y, 0.05, 0.1), () => Corpus.ElasticNetGradient(w, b, X, y, 0.05, 0.1, gw).Value);
        },
        ["PoissonRegression"] = n =>
        {
            var (w, b, X, y) = Batch(n, Counts);
            var gw = new double[w.Length];
            return (() => Corpus.PoissonRegression(w, b, X, y), () => Corpus.PoissonRegressionGradient(w, b, X, y, gw).Value);
        },
        ["HingeLoss"] = n =>
        {
            var (w, b, X, y) = Batch(n, Signs);
            var gw = new double[w.Length];
            return (() => Corpus.HingeLoss(w, b, X, y), () => Corpus.HingeLossGradient(w, b, X, y, gw).Value);
        },
        ["SquaredHingeLoss"] = n =>
        {
            var (w, b, X, y) = Batch(n, Signs);
            var gw = new double[w.Length];
            return (() => Corpus.SquaredHingeLoss(w, b, X, y), () => Corpus.SquaredHingeLossGradient(w, b, X, y, gw).Value);
        },
        ["HuberRegression"] = n =>
        {
            var (w, b, X, y) = Batch(n, Real);
            var gw = new double[w.Length];
            return (() => Corpus.HuberRegression(w, b, X, y, 1.0), () => Corpus.HuberRegressionGradient(w, b, X, y, 1.0, gw).Value);
        },
        ["SoftmaxRegression"] = n =>
        {
            const int classes = 3;
            var W = Vector(classes * Features, 1);
            var bias = Vector(classes, 2);
            var X = Vector(n * Features, 3);
            var labels = Labels(n, classes);
            double[] gW = new double[W.Length], gb = new double[bias.Length];
            return (() => Corpus.SoftmaxRegression(W, bias, X, labels, Features), () => Corpus.SoftmaxRegressionGradient(W, bias, X, labels, Features, gW, gb));
        },
        ["BinaryCrossEntropy"] = n =>
        {
            var p = Probabilities(n, 1);
            var t = Binary(n, 2);
            var g = new double[n];
            return (() => Corpus.BinaryCrossEntropy(p, t), () => Corpus.BinaryCrossEntropyGradient(p, t, g));
        },
        ["BceWithLogits"] = n =>
        {
            var z = Vector(n, 1);
            var t = Binary(n, 2);
            var g = new double[n];
            return (() => Corpus.BceWithLogits(z, t), () => Corpus.BceWithLogitsGradient(z, t, g));
        },
        ["MlpTanh"] = n =>
        {
            var (W1, b1, w2, X) = (Vector(16, 1), Vector(8, 2), Vector(8, 3), Vector(2 * n, 4));
            var y = Binary(n, 5);
            double[] g1 = new double[16], gb1 = new double[8], g2 = new double[8];
            return (() => Corpus.MlpTanh(W1, b1, w2, 0.1, X, y), () => Corpus.MlpTanhGradient(W1, b1, w2, 0.1, X, y, g1, gb1, g2).Value);
        },
        ["MlpRelu"] = n =>
        {
            var (W1, b1, w2, X) = (Vector(16, 1), Vector(8, 2), Vector(8, 3), Vector(2 * n, 4));
            var y = Real(n, 5);
            double[] g1 = new double[16], gb1 = new double[8], g2 = new double[8];
            return (() => Corpus.MlpRelu(W1, b1, w2, 0.1, X, y), () => Corpus.MlpReluGradient(W1, b1, w2, 0.1, X, y, g1, gb1, g2).Value);
        },
        ["AttentionPooling"] = n =>
        {
            var q = Vector(Features, 1);
            var keys = Vector(n * Features, 2);
            var values = Vector(n, 3);
            var g = new double[Features];
            return (() => Corpus.AttentionPooling(q, keys, values, 0.3), () => Corpus.AttentionPoolingGradient(q, keys, values, 0.3, g));
        },
        ["LogSumExpLoss"] = n =>
        {
            var z = Vector(n, 1);
            var g = new double[n];
            return (() => Corpus.LogSumExpLoss(z), () => Corpus.LogSumExpLossGradient(z, g));
        },
        ["DotProductLoss"] = n =>
        {
            var (w, x) = (Vector(n, 1), Vector(n, 2));
            var g = new double[n];
            return (() => Corpus.DotProductLoss(w, x, 0.5), () => Corpus.DotProductLossGradient(w, x, 0.5, g));
        },
        ["KlDivergence"] = n =>
        {
            var (p, q) = (Probabilities(n, 1), Probabilities(n, 2));
            var g = new double[n];
            return (() => Corpus.KlDivergence(p, q), () => Corpus.KlDivergenceGradient(p, q, g));
        },
        ["CosineEmbeddingLoss"] = n =>
        {
            var (a, b) = (Vector(n, 1), Vector(n, 2));
            var g = new double[n];
            return (() => Corpus.CosineEmbeddingLoss(a, b), () => Corpus.CosineEmbeddingLossGradient(a, b, g));
        },
        ["TripletLoss"] = n =>
        {
            var (a, p, m) = (Vector(n, 1), Vector(n, 2), Vector(n, 3));
            double[] ga = new double[n], gp = new double[n], gm = new double[n];
            return (() => Corpus.TripletLoss(a, p, m, 0.5), () => Corpus.TripletLossGradient(a, p, m, 0.5, ga, gp, gm));
        },
        ["GaussianNllHeteroscedastic"] = n =>
        {
            var (mean, logVar, target) = (Vector(n, 1), Vector(n, 2), Real(n, 3));
            double[] gm = new double[n], gv = new double[n];
            return (() => Corpus.GaussianNllHeteroscedastic(mean, logVar, target), () => Corpus.GaussianNllHeteroscedasticGradient(mean, logVar, target, gm, gv));
        },
        ["FocalLoss"] = n =>
        {
            var z = Vector(n, 1);
            var t = Binary(n, 2);
            var g = new double[n];
            return (() => Corpus.FocalLoss(z, t, 2.0), () => Corpus.FocalLossGradient(z, t, 2.0, g));
        },
        ["SmoothL1"] = n =>
        {
            var (p, t) = (Vector(n, 1), Real(n, 2));
            var g = new double[n];
            return (() => Corpus.SmoothL1(p, t, 1.0), () => Corpus.SmoothL1Gradient(p, t, 1.0, g));
        },
        ["QuantileLoss"] = n =>
        {
            var (p, t) = (Vector(n, 1), Real(n, 2));
            var g = new double[n];
            return (() => Corpus.QuantileLoss(p, t, 0.3), () => Corpus.QuantileLossGradient(p, t, 0.3, g));
        },
        ["LogCoshBatch"] = n =>
        {
            var (p, t) = (Vector(n, 1), Real(n, 2));
            var g = new double[n];
            return (() => Corpus.LogCoshBatch(p, t), () => Corpus.LogCoshBatchGradient(p, t, g));
        },
        ["GaussianMixtureNll"] = n =>
        {
            var x = Real(n, 1);
            var g = new double[n];
            return (() => Corpus.GaussianMixtureNll(x, -0.5, 0.7, 0.1, -0.2, 0.3), () => Corpus.GaussianMixtureNllGradient(x, -0.5, 0.7, 0.1, -0.2, 0.3, g).Value);
        },
        ["MaskedMse"] = n =>
        {
            var (p, t) = (Vector(n, 1), Real(n, 2));
            var mask = Labels(n, 2);
            var g = new double[n];
            return (() => Corpus.MaskedMse(p, t, mask), () => Corpus.MaskedMseGradient(p, t, mask, g));
        },
        ["PaddedSequenceLoss"] = n =>
        {
            var (p, t) = (Vector(n, 1), Real(n, 2));
            var g = new double[n];
            return (() => Corpus.PaddedSequenceLoss(p, t, 3 * n / 4), () => Corpus.PaddedSequenceLossGradient(p, t, 3 * n / 4, g));
        },
        ["LayerNormLoss"] = n =>
        {
            var (x, gain, shift, t) = (Vector(n, 1), Vector(n, 2), Vector(n, 3), Real(n, 4));
            double[] gx = new double[n], gg = new double[n], gs = new double[n];
            return (() => Corpus.LayerNormLoss(x, gain, shift, t), () => Corpus.LayerNormLossGradient(x, gain, shift, t, gx, gg, gs));
        },
        ["MatrixFactorization"] = n =>
        {
            const int k = 8, users = 50, items = 40;
            var (U, V) = (Vector(users * k, 1), Vector(items * k, 2));
            var (u, v) = (Labels(n, users), Labels(n, items));
            var ratings = Real(n, 3);
            double[] gU = new double[U.Length], gV = new double[V.Length];
            return (() => Corpus.MatrixFactorization(U, V, u, v, ratings, k, 0.01), () => Corpus.MatrixFactorizationGradient(U, V, u, v, ratings, k, 0.01, gU, gV));
        },
        ["SkipGramNegativeSampling"] = n =>
        {
            const int d = 16;
            var (center, context, negatives) = (Vector(d, 1), Vector(d, 2), Vector(n * d, 3));
            double[] gc = new double[d], gx = new double[d];
            return (() => Corpus.SkipGramNegativeSampling(center, context, negatives), () => Corpus.SkipGramNegativeSamplingGradient(center, context, negatives, gc, gx));
        },
        ["Rosenbrock"] = n =>
        {
            var x = Vector(n, 1);
            var g = new double[n];
            return (() => Corpus.Rosenbrock(x), () => Corpus.RosenbrockGradient(x, g));
        },
        ["RbfKernelSum"] = n =>
        {
            var centers = Vector(n, 1);
            var g = new double[n];
            return (() => Corpus.RbfKernelSum(centers, 0.2, 0.7), () => Corpus.RbfKernelSumGradient(centers, 0.2, 0.7, g).Value);
        },
        ["LogisticRegressionPlusMinus"] = n =>
        {
            var (w, b, X, y) = Batch(n, Signs);
            var gw = new double[w.Length];
            return (() => Corpus.LogisticRegressionPlusMinus(w, b, X, y, 0.01), () => Corpus.LogisticRegressionPlusMinusGradient(w, b, X, y, 0.01, gw).Value);
        },
        ["MultiOutputRegression"] = n =>
        {
            const int outputs = 3;
            var (W, X, Y) = (Vector(outputs * Features, 1), Vector(n * Features, 2), Real(n * outputs, 3));
            var g = new double[W.Length];
            return (() => Corpus.MultiOutputRegression(W, X, Y, outputs), () => Corpus.MultiOutputRegressionGradient(W, X, Y, outputs, g));
        },
        ["SoftmaxWithTemperature"] = n =>
        {
            var z = Vector(n, 1);
            var g = new double[n];
            return (() => Corpus.SoftmaxWithTemperature(z, 7, 0.7), () => Corpus.SoftmaxWithTemperatureGradient(z, 7, 0.7, g));
        },
        ["StudentTNll"] = n =>
        {
            var x = Real(n, 1);
            return (() => Corpus.StudentTNll(x, 0.2, -0.1, 4.0), () => Corpus.StudentTNllGradient(x, 0.2, -0.1, 4.0).Value);
        },
        ["PoissonGlmWithOffsets"] = n =>
        {
            var (w, X) = (Vector(Features - 1, 1), Vector(n * (Features - 1), 2));
            var (counts, offsets) = (Counts(n, 3), Real(n, 4));
            var g = new double[w.Length];
            return (() => Corpus.PoissonGlmWithOffsets(w, X, counts, offsets), () => Corpus.PoissonGlmWithOffsetsGradient(w, X, counts, offsets, g));
        },
        ["LabelSmoothingCrossEntropy"] = n =>
        {
            var z = Vector(n, 1);
            var g = new double[n];
            return (() => Corpus.LabelSmoothingCrossEntropy(z, 7, 0.1), () => Corpus.LabelSmoothingCrossEntropyGradient(z, 7, 0.1, g));
        },
        ["ContrastiveLoss"] = n =>
        {
            var (a, b) = (Vector(n, 1), Vector(n, 2));
            double[] ga = new double[n], gb = new double[n];
            return (() => Corpus.ContrastiveLoss(a, b, 1.0, 1.0), () => Corpus.ContrastiveLossGradient(a, b, 1.0, 1.0, ga, gb));
        },
        ["NeuralOde"] = n =>
        {
            var theta = Vector(4, 1);
            var g = new double[theta.Length];
            return (() => Corpus.NeuralOde(theta, 0.5, n), () => Corpus.NeuralOdeGradient(theta, 0.5, n, g).Value);
        },
    };

    private static (double[] w, double b, double[] X, double[] y) Batch(int n, Func<int, int, double[]> labels) =>
        (Vector(Features, 11), 0.1, Vector(n * Features, 12), labels(n, 13));

    private static double[] Vector(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Math.Round(2 * random.NextDouble() - 1, 3)).ToArray();
    }

    private static double[] Real(int n, int seed) => Vector(n, seed + 100).Select(v => 2 * v).ToArray();
    private static double[] Binary(int n, int seed) => Vector(n, seed).Select(v => v > 0 ? 1.0 : 0.0).ToArray();
    private static double[] Signs(int n, int seed) => Vector(n, seed).Select(v => v > 0 ? 1.0 : -1.0).ToArray();
    private static double[] Counts(int n, int seed) => Vector(n, seed).Select(v => Math.Floor(2 * (v + 1))).ToArray();
    private static double[] Probabilities(int n, int seed) => Vector(n, seed).Select(v => 0.5 + 0.4 * v).ToArray();

    private static int[] Labels(int n, int classes)
    {
        var random = new Random(classes * 7 + n);
        return Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
    }

    /// <summary>Each case's gradient value equals its function value (the adapters call what they claim): a quick self-check.</summary>
    public static void Check()
    {
        foreach (var (name, make) in All)
        {
            var (value, gradient) = make(CorpusGradientBenchmarks.N);
            double v = value(), g = gradient();
            Console.WriteLine($"{name,-30} value {v,14:G8} gradient's value {g,14:G8}{(Math.Abs(v - g) <= 1e-9 * Math.Max(1, Math.Abs(v)) ? "" : "  MISMATCH")}");
        }
    }
}
