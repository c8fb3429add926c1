namespace CompileTimeCalculus.Generators.Tests;

/// <summary>The runtime library's numerical tools, the counterparts of scipy.integrate.quad, cumtrapz and numpy.gradient.</summary>
public class NumericCalculusTests
{
    [Fact]
    public void Quad_of_x_squared_on_0_1_is_a_third_with_an_error_estimate()
    {
        var (value, error) = NumericCalculus.Quad(x => x * x, 0, 1);
        Assert.Equal(1.0 / 3, value, 15);
        Assert.InRange(error, 0, 1e-12);
    }

    [Theory]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, 1.7724538509055160)] // ∫ e^(−x²) = √π
    [InlineData(0.0, double.PositiveInfinity, 0.88622692545275801)]
    [InlineData(double.NegativeInfinity, 0.0, 0.88622692545275801)]
    public void Quad_handles_infinite_limits(double a, double b, double expected)
    {
        var result = NumericCalculus.Quad(x => Math.Exp(-x * x), a, b, 1e-13, 1e-13);
        Assert.True(result.Converged);
        Assert.Equal(expected, result.Value, 13);
    }

    [Fact]
    public void Quad_resolves_an_integrable_endpoint_singularity()
    {
        // ∫₀¹ 1/√x = 2 and ∫₀¹ ln x = −1.
        Assert.Equal(2.0, NumericCalculus.Quad(x => 1 / Math.Sqrt(x), 0, 1, 1e-12, 1e-12).Value, 9);
        Assert.Equal(-1.0, NumericCalculus.Quad(Math.Log, 0, 1, 1e-12, 1e-12).Value, 9);
    }

    [Fact]
    public void Quad_reverses_the_sign_for_reversed_limits_and_reports_divergence()
    {
        Assert.Equal(-NumericCalculus.Quad(Math.Sin, 0, 2).Value, NumericCalculus.Quad(Math.Sin, 2, 0).Value, 15);
        var divergent = NumericCalculus.Quad(x => 1 / (x * x), -1, 1);
        Assert.False(divergent.Converged);
    }

    private readonly struct Gaussian : IIntegrand
    {
        private readonly double _sigma, _mu;
        public Gaussian(double sigma, double mu = 0)
        {
            _sigma = sigma;
            _mu = mu;
        }
        public double Evaluate(double x) => Math.Exp(-(x - _mu) * (x - _mu) / (2 * _sigma * _sigma));
    }

    [Fact]
    public void Quad_split_at_breakpoints_finds_a_narrow_bump_that_one_pass_misses()
    {
        // A unit-width Gaussian at 1,000 integrated from −∞ to 10⁶: one adaptive pass sees no point in the bump.
        var integrand = new Gaussian(1, 1000);
        var whole = NumericCalculus.Quad(integrand, double.NegativeInfinity, 1e6, 1e-10, 1e-10, 200);
        Assert.True(whole.Value < 1e-3, $"one pass found {whole.Value}: the test no longer shows the problem");
        ReadOnlySpan<double> landmarks = stackalloc double[] { 936, 984, 996, 999, 1000, 1001, 1004, 1016, 1064 };
        var split = NumericCalculus.Quad(integrand, double.NegativeInfinity, 1e6, landmarks, 1e-10, 1e-10, 200);
        Assert.True(split.Converged);
        Assert.Equal(Math.Sqrt(2 * Math.PI), split.Value, 10);
        // Breakpoints outside the limits, NaN and ∞ are ignored; reversed limits change the sign.
        ReadOnlySpan<double> odd = stackalloc double[] { double.NaN, 1064, double.PositiveInfinity, 999, 2e6, 1000, 1001, 936, -1e7 };
        Assert.Equal(-Math.Sqrt(2 * Math.PI), NumericCalculus.Quad(integrand, 1e6, double.NegativeInfinity, odd, 1e-10, 1e-10, 200).Value, 10);
    }

    [Fact]
    public void Quad_with_an_integrand_struct_does_not_allocate()
    {
        var integrand = new Gaussian(0.5);
        NumericCalculus.Quad(integrand, -1, 1); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        double value = NumericCalculus.Quad(integrand, -1, 1).Value;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(0.5 * Math.Sqrt(2 * Math.PI) * SpecialFunctions.Erf(2 / Math.Sqrt(2)), value, 12);
    }

    [Fact]
    public void Trapezoid_and_cumulative_trapezoid_match_numpy_and_scipy()
    {
        double[] y = { 1, 2, 3, 4, 5 };
        Assert.Equal(12.0, NumericCalculus.Trapezoid(y));            // numpy.trapz([1,2,3,4,5]) = 12
        Assert.Equal(6.0, NumericCalculus.Trapezoid(y, 0.5));
        double[] x = { 0, 1, 3, 4, 7 };
        Assert.Equal(0.5 * 3 + 1 * 5 + 0.5 * 7 + 1.5 * 9, NumericCalculus.Trapezoid(y, x));
        var running = new double[5];
        NumericCalculus.CumulativeTrapezoid(y, 1.0, running);
        Assert.Equal(new[] { 0, 1.5, 4, 7.5, 12 }, running);       // scipy cumtrapz with initial=0
        NumericCalculus.CumulativeTrapezoid(y, x, running);
        Assert.Equal(new[] { 0, 1.5, 6.5, 10, 23.5 }, running);
    }

    [Fact]
    public void Gradient_is_exact_for_quadratics_inside_and_at_both_ends()
    {
        // The textbook example: x² sampled at 0..4 has derivative 2x; second-order differences are exact for it.
        double[] samples = { 0, 1, 4, 9, 16 };
        var d = new double[5];
        NumericCalculus.Gradient(samples, 1.0, d);
        Assert.Equal(new[] { 0.0, 2, 4, 6, 8 }, d);
        double[] x = { 0, 0.5, 1.5, 2, 4 };
        var y = x.Select(t => 3 * t * t - t + 1).ToArray();
        NumericCalculus.Gradient(y, x, d);
        for (int i = 0; i < x.Length; i++) Assert.Equal(6 * x[i] - 1, d[i], 12);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => NumericCalculus.Trapezoid(new double[3], new double[4]));
        Assert.Contains("x has 4 samples but y has 3", error.Message);
        Assert.Throws<ArgumentException>(() => NumericCalculus.Gradient(new double[1], 1.0, new double[1]));
        Assert.Throws<ArgumentException>(() => NumericCalculus.CumulativeTrapezoid(new double[3], 1.0, new double[2]));
    }
}
