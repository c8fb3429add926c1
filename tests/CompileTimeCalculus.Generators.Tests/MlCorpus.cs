namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Losses and layers written the way C# ML code is written, not edited to fit the generator: batches over row-major
/// matrices (X[i * d + j]), buffers for intermediates, helpers with loops, int labels and indices, masks with continue,
/// models as objects. The list follows what a framework offers (PyTorch's torch.nn losses and layers) plus classic and
/// probabilistic models. <see cref="MlCorpusTests"/> measures how many get a gradient that matches finite differences.
/// </summary>
internal static class MlCorpus
{
    /// <summary>Each entry: the method's name, and the arguments to call it with (valid shapes, labels in range).</summary>
    public static readonly (string Name, Func<Random, object[]> Arguments)[] Entries =
    {
        ("LogisticRegression", r => Batch(r, n: 5, d: 3, Binary)),
        ("LogisticRegressionIntLabels", r => new object[] { Vector(r, 3), Scalar(r), Vector(r, 15), IntLabels(r, 5, 2) }),
        ("LinearRegressionMse", r => Batch(r, n: 6, d: 4, Real)),
        ("RidgeRegression", r => Append(Batch(r, n: 5, d: 3, Real), 0.1)),
        ("ElasticNet", r => Append(Batch(r, n: 5, d: 3, Real), 0.05, 0.1)),
        ("PoissonRegression", r => Batch(r, n: 5, d: 3, Counts)),
        ("HingeLoss", r => Batch(r, n: 6, d: 3, Signs)),
        ("SquaredHingeLoss", r => Batch(r, n: 6, d: 3, Signs)),
        ("HuberRegression", r => Append(Batch(r, n: 6, d: 3, Real), 1.0)),
        ("SoftmaxRegression", r => new object[] { Vector(r, 12), Vector(r, 4), Vector(r, 15), IntLabels(r, 5, 4), 3 }),
        ("BinaryCrossEntropy", r => new object[] { Probabilities(r, 6), Binary(r, 6) }),
        ("BceWithLogits", r => new object[] { Vector(r, 6), Binary(r, 6) }),
        ("MlpTanh", r => new object[] { Vector(r, 8), Vector(r, 4), Vector(r, 4), Scalar(r), Vector(r, 10), Binary(r, 5) }),
        ("MlpRelu", r => new object[] { Vector(r, 8), Vector(r, 4), Vector(r, 4), Scalar(r), Vector(r, 10), Real(r, 5) }),
        ("AttentionPooling", r => new object[] { Vector(r, 3), Vector(r, 12), Vector(r, 4), Scalar(r) }),
        ("GeluErf", r => new object[] { Scalar(r) }),
        ("BlackScholesCall", r => new object[] { 100.0 + 10 * r.NextDouble(), 95.0 + 10 * r.NextDouble(), 0.5 + r.NextDouble(), 0.01 + 0.04 * r.NextDouble(), 0.15 + 0.2 * r.NextDouble() }),
        ("LogSumExpLoss", r => new object[] { Vector(r, 6) }),
        ("DotProductLoss", r => new object[] { Vector(r, 5), Vector(r, 5), Scalar(r) }),
        ("KlDivergence", r => new object[] { Vector(r, 5), Vector(r, 5) }),
        ("CosineEmbeddingLoss", r => new object[] { Vector(r, 4), Vector(r, 4) }),
        ("TripletLoss", r => new object[] { Vector(r, 4), Vector(r, 4), Vector(r, 4), 0.5 }),
        ("GaussianNllHeteroscedastic", r => new object[] { Vector(r, 5), Vector(r, 5), Real(r, 5) }),
        ("FocalLoss", r => new object[] { Vector(r, 6), Binary(r, 6), 2.0 }),
        ("SmoothL1", r => new object[] { Vector(r, 6), Real(r, 6), 1.0 }),
        ("QuantileLoss", r => new object[] { Vector(r, 6), Real(r, 6), 0.3 }),
        ("LogCoshBatch", r => new object[] { Vector(r, 6), Real(r, 6) }),
        ("GaussianMixtureNll", r => new object[] { Vector(r, 6), Scalar(r), Scalar(r), Scalar(r), Scalar(r), Scalar(r) }),
        ("MaskedMse", r => new object[] { Vector(r, 6), Real(r, 6), new[] { 1, 0, 1, 1, 0, 1 } }),
        ("PaddedSequenceLoss", r => new object[] { Vector(r, 8), Real(r, 8), 5 }),
        ("LayerNormLoss", r => new object[] { Vector(r, 6), Vector(r, 6), Vector(r, 6), Real(r, 6) }),
        ("MatrixFactorization", r => new object[] { Vector(r, 12), Vector(r, 12), new[] { 0, 1, 2, 3, 1 }, new[] { 2, 0, 1, 3, 3 }, Real(r, 5), 3, 0.01 }),
        ("SkipGramNegativeSampling", r => new object[] { Vector(r, 4), Vector(r, 4), Vector(r, 12) }),
        ("Rosenbrock", r => new object[] { Vector(r, 5) }),
        ("RbfKernelSum", r => new object[] { Vector(r, 6), Scalar(r), 0.7 }),
        ("LogisticRegressionPlusMinus", r => Append(Batch(r, n: 5, d: 3, Signs), 0.01)),
        ("MultiOutputRegression", r => new object[] { Vector(r, 6), Vector(r, 8), Real(r, 12), 3 }),
        ("SoftmaxWithTemperature", r => new object[] { Vector(r, 5), 2, 0.7 }),
        ("StudentTNll", r => new object[] { Real(r, 6), Scalar(r), Scalar(r), 4.0 }),
        ("PoissonGlmWithOffsets", r => new object[] { Vector(r, 3), Vector(r, 15), Counts(r, 5), Real(r, 5) }),
        ("LabelSmoothingCrossEntropy", r => new object[] { Vector(r, 5), 2, 0.1 }),
        ("LinearModel.Loss", r => new object[] { Scalar(r), Scalar(r) }),
        ("ContrastiveLoss", r => new object[] { Vector(r, 4), Vector(r, 4), 1.0, 1.0 }),
        ("NeuralOde", r => new object[] { Vector(r, 4), Scalar(r), 10 }),
    };

    private static double Scalar(Random r) => Math.Round(r.NextDouble() * 2 - 1, 3);
    private static double[] Vector(Random r, int n) => Enumerable.Range(0, n).Select(_ => Scalar(r)).ToArray();
    private static double[] Real(Random r, int n) => Vector(r, n);
    private static double[] Binary(Random r, int n) => Enumerable.Range(0, n).Select(_ => (double)r.Next(2)).ToArray();
    private static double[] Signs(Random r, int n) => Enumerable.Range(0, n).Select(_ => r.Next(2) == 0 ? -1.0 : 1.0).ToArray();
    private static double[] Counts(Random r, int n) => Enumerable.Range(0, n).Select(_ => (double)r.Next(4)).ToArray();
    private static double[] Probabilities(Random r, int n) => Enumerable.Range(0, n).Select(_ => 0.1 + 0.8 * r.NextDouble()).ToArray();
    private static int[] IntLabels(Random r, int n, int classes) => Enumerable.Range(0, n).Select(_ => r.Next(classes)).ToArray();

    /// <summary>(w[d], b, X[n·d] row-major, y[n]).</summary>
    private static object[] Batch(Random r, int n, int d, Func<Random, int, double[]> labels) =>
        new object[] { Vector(r, d), Scalar(r), Vector(r, n * d), labels(r, n) };

    private static object[] Append(object[] arguments, params object[] more) => arguments.Concat(more).ToArray();

    /// <summary>The corpus source (tests/MlCorpus/Corpus.cs, embedded): the benchmark project compiles the same file.</summary>
    public static readonly string Source = ReadSource();

    private static string ReadSource()
    {
        using var stream = typeof(MlCorpus).Assembly.GetManifestResourceStream("MlCorpus.Corpus.cs")
            ?? throw new InvalidOperationException("The corpus source is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

}
