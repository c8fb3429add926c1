using BenchmarkDotNet.Attributes;
using MathNet.Numerics.Differentiation;

namespace CompileTimeCalculus.Benchmarks;

public static partial class GradientFunctions
{
    /// <summary>Logistic regression with an L2 penalty on one example: a loss of n weights.</summary>
    [Gradient(nameof(w))]
    public static double RegularizedLogLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        double z = 0, penalty = 0;
        for (int i = 0; i < w.Length; i++)
        {
            z += w[i] * x[i];
            penalty += w[i] * w[i];
        }
        return Math.Log(1 + Math.Exp(z)) - y * z + 0.01 * penalty;
    }

    /// <summary>A polynomial by Horner's rule: each step overwrites p, which its partial derivatives read, so p is taped.</summary>
    [Gradient]
    public static double Horner(double t, ReadOnlySpan<double> c)
    {
        double p = 0;
        for (int k = c.Length - 1; k >= 0; k--)
            p = p * t + c[k];
        return p;
    }
}

/// <summary>Forward mode as a library does it: dual numbers, one pass per parameter.</summary>
public readonly struct Dual
{
    public Dual(double value, double derivative)
    {
        Value = value;
        Derivative = derivative;
    }

    public double Value { get; }
    public double Derivative { get; }

    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Derivative + b.Derivative);
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Derivative - b.Derivative);
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Derivative * b.Value + a.Value * b.Derivative);
    public static Dual operator *(double a, Dual b) => new(a * b.Value, a * b.Derivative);
    public static Dual Exp(Dual a) => new(Math.Exp(a.Value), Math.Exp(a.Value) * a.Derivative);
    public static Dual Log(Dual a) => new(Math.Log(a.Value), a.Derivative / a.Value);

    /// <summary>∂/∂w[k] of the regularized log loss: one forward pass with w[k] seeded.</summary>
    public static double RegularizedLogLossPartial(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, int k)
    {
        Dual z = default, penalty = default;
        for (int i = 0; i < w.Length; i++)
        {
            var wi = new Dual(w[i], i == k ? 1 : 0);
            z += wi * new Dual(x[i], 0);
            penalty += wi * wi;
        }
        var loss = Log(new Dual(1, 0) + Exp(z)) - y * z + 0.01 * penalty;
        return loss.Derivative;
    }
}

/// <summary>
/// The cost of a gradient of n parameters: the emitted reverse-mode gradient against the value alone (the cheap-gradient
/// principle says a small constant ratio), against forward mode (n passes) and against MathNet.Numerics' forward
/// differences (n + 1 evaluations, about half the digits). Per call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class GradientBenchmarks
{
    [Params(10, 100, 1_000, 10_000)]
    public int N { get; set; }

    private double[] _w = null!, _x = null!, _gradient = null!;
    private NumericalJacobian _differences = null!;
    private Func<double[], double> _loss = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _w = Enumerable.Range(0, N).Select(_ => random.NextDouble() - 0.5).ToArray();
        _x = Enumerable.Range(0, N).Select(_ => random.NextDouble() - 0.5).ToArray();
        _gradient = new double[N];
        _differences = new NumericalJacobian(2, 0); // forward differences: f(x) once, then one evaluation per parameter
        var x = _x;
        _loss = w => GradientFunctions.RegularizedLogLoss(w, x, 1.0);
    }

    [Benchmark(Baseline = true)]
    public double Value() => GradientFunctions.RegularizedLogLoss(_w, _x, 1.0);

    [Benchmark]
    public double ReverseModeGradient() => GradientFunctions.RegularizedLogLossGradient(_w, _x, 1.0, _gradient);

    [Benchmark]
    public double ForwardModePerParameter()
    {
        for (int k = 0; k < _w.Length; k++) _gradient[k] = Dual.RegularizedLogLossPartial(_w, _x, 1.0, k);
        return _gradient[0];
    }

    [Benchmark]
    public double MathNetFiniteDifferences()
    {
        double value = _loss(_w);
        var gradient = _differences.Evaluate(_loss, _w, value);
        return gradient[0];
    }

    /// <summary>The largest relative error of each method's gradient, against the emitted one (for the README).</summary>
    public static void ReportAccuracy()
    {
        foreach (int n in new[] { 10, 100, 1_000 })
        {
            var b = new GradientBenchmarks { N = n };
            b.Setup();
            b.ReverseModeGradient();
            var exact = (double[])b._gradient.Clone();
            b.ForwardModePerParameter();
            var forward = (double[])b._gradient.Clone();
            var differences = b._differences.Evaluate(b._loss, b._w, b._loss(b._w));
            double Worst(double[] g) => g.Zip(exact, (a, e) => Math.Abs(a - e) / Math.Max(Math.Abs(e), 1e-300)).Max();
            Console.WriteLine($"n = {n}: forward mode {Worst(forward):E1}, MathNet forward differences {Worst(differences):E1} (worst relative error)");
        }
    }
}

/// <summary>A gradient that stores values on its tape: on the stack up to 512 coefficients, in a pooled array above.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class TapedGradientBenchmarks
{
    [Params(10, 100, 1_000, 10_000)]
    public int N { get; set; }

    private double[] _c = null!, _gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _c = Enumerable.Range(0, N).Select(_ => random.NextDouble() - 0.5).ToArray();
        _gradient = new double[N];
    }

    [Benchmark(Baseline = true)]
    public double Value() => GradientFunctions.Horner(0.7, _c);

    [Benchmark]
    public double ReverseModeGradient() => GradientFunctions.HornerGradient(0.7, _c, _gradient).Value;
}
