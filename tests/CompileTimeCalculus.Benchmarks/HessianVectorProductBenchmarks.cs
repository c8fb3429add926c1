using BenchmarkDotNet.Attributes;

namespace CompileTimeCalculus.Benchmarks;

public static partial class SecondOrderFunctions
{
    /// <summary>Mean logistic loss of a linear model over a batch (X row-major, rows × n), with an L2 penalty.</summary>
    [Gradient(nameof(w))]
    [HessianVectorProduct(nameof(w))]
    public static double LogisticLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double l2)
    {
        int n = w.Length;
        double loss = 0;
        for (int r = 0; r < y.Length; r++)
        {
            double z = 0;
            for (int f = 0; f < n; f++) z += w[f] * x[r * n + f];
            loss += Math.Log(1 + Math.Exp(-z)) + (1 - y[r]) * z;
        }
        double penalty = 0;
        for (int f = 0; f < n; f++) penalty += w[f] * w[f];
        return loss / y.Length + 0.5 * l2 * penalty;
    }
}

/// <summary>
/// The cost of a Hessian-vector product against the gradient, as the number of parameters grows: the emitted H·v
/// (reverse over forward) and the emitted gradient of a logistic loss over 32 rows, n = 10 … 10,000 weights; and H·v by
/// central differences of the emitted gradient (two gradient calls: what one does without it, to about 8 digits).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class HessianVectorProductBenchmarks
{
    private const int Rows = 32;
    private double[] _w = Array.Empty<double>(), _x = Array.Empty<double>(), _y = Array.Empty<double>(), _v = Array.Empty<double>();
    private double[] _out = Array.Empty<double>(), _up = Array.Empty<double>(), _down = Array.Empty<double>();

    [Params(10, 100, 1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        double[] Draw(int count) => Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        _w = Draw(N).Select(v => v / Math.Sqrt(N)).ToArray();
        _x = Draw(Rows * N);
        _y = Enumerable.Range(0, Rows).Select(r => (double)(r % 2)).ToArray();
        _v = Draw(N);
        _out = new double[N];
        _up = new double[N];
        _down = new double[N];
    }

    [Benchmark(Baseline = true)]
    public double Gradient() => SecondOrderFunctions.LogisticLossGradient(_w, _x, _y, 0.01, _out);

    [Benchmark]
    public double HessianVectorProduct() => SecondOrderFunctions.LogisticLossHvp(_w, _x, _y, 0.01, _v, _out);

    [Benchmark]
    public double HessianVectorProductByDifferencesOfTheGradient()
    {
        const double h = 1e-5;
        var at = _out;
        for (int i = 0; i < N; i++) at[i] = _w[i] + h * _v[i];
        SecondOrderFunctions.LogisticLossGradient(at, _x, _y, 0.01, _up);
        for (int i = 0; i < N; i++) at[i] = _w[i] - h * _v[i];
        SecondOrderFunctions.LogisticLossGradient(at, _x, _y, 0.01, _down);
        double sum = 0;
        for (int i = 0; i < N; i++) sum += (_up[i] - _down[i]) / (2 * h);
        return sum;
    }
}
