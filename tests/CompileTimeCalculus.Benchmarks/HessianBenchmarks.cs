using BenchmarkDotNet.Attributes;

namespace CompileTimeCalculus.Benchmarks;

public static partial class SecondOrderFunctions
{
    /// <summary>Black-Scholes call price in four parameters, with the library's normal CDF.</summary>
    [Hessian]
    [Gradient]
    public static double Call(double spot, double volatility, double years, double rate)
    {
        const double strike = 95.0;
        double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
        double d2 = d1 - volatility * Math.Sqrt(years);
        return spot * SpecialFunctions.NormalCdf(d1) - strike * Math.Exp(-rate * years) * SpecialFunctions.NormalCdf(d2);
    }
}

/// <summary>
/// The cost of second order: value, emitted gradient (reverse mode) and emitted Hessian (value, gradient and all ten
/// distinct second partials in one method) of a four-parameter pricing formula, and the Hessian by central differences
/// of the emitted gradient (eight gradient calls, what one does without it). Each over the same 256 parameter sets.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class HessianBenchmarks
{
    private readonly double[] _spots = Enumerable.Range(0, 256).Select(i => 80 + 40.0 * i / 255).ToArray();
    private readonly double[] _gradient = new double[4];
    private readonly double[] _hessian = new double[16];

    [Benchmark(Baseline = true)]
    public double Value()
    {
        double sum = 0;
        foreach (double s in _spots) sum += SecondOrderFunctions.Call(s, 0.25, 0.5, 0.03);
        return sum;
    }

    [Benchmark]
    public double Gradient()
    {
        double sum = 0;
        foreach (double s in _spots) sum += SecondOrderFunctions.CallGradient(s, 0.25, 0.5, 0.03).Item2;
        return sum;
    }

    [Benchmark]
    public double Hessian()
    {
        double sum = 0;
        foreach (double s in _spots) sum += SecondOrderFunctions.CallHessian(s, 0.25, 0.5, 0.03, _gradient, _hessian) + _hessian[5];
        return sum;
    }

    [Benchmark]
    public double HessianByDifferencesOfTheGradient()
    {
        double sum = 0;
        Span<double> at = stackalloc double[4];
        foreach (double s in _spots)
        {
            for (int j = 0; j < 4; j++)
            {
                at[0] = s;
                at[1] = 0.25;
                at[2] = 0.5;
                at[3] = 0.03;
                double h = 1e-5 * Math.Max(1, Math.Abs(at[j]));
                at[j] += h;
                var up = SecondOrderFunctions.CallGradient(at[0], at[1], at[2], at[3]);
                at[j] -= 2 * h;
                var down = SecondOrderFunctions.CallGradient(at[0], at[1], at[2], at[3]);
                sum += (up.Item2 - down.Item2) / (2 * h);
            }
        }
        return sum;
    }
}
