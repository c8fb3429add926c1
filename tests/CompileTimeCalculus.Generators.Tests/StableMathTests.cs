namespace CompileTimeCalculus.Generators.Tests;

/// <summary>The runtime helpers emitted code calls, against reference values (series where cancellation hides the answer).</summary>
public class StableMathTests
{
    private static void AssertUlps(double expected, double actual, double ulps = 2) =>
        Assert.True(AccuracyTests.Ulps(expected, actual) <= ulps, $"expected {expected:R}, got {actual:R}");

    [Theory]
    [InlineData(1e-300)]
    [InlineData(-1e-300)]
    [InlineData(1e-10)]
    [InlineData(-1e-10)]
    [InlineData(1e-5)]
    public void Log1p_keeps_the_digits_of_small_arguments(double x) =>
        AssertUlps(x - x * x / 2 + x * x * x / 3, StableMath.Log1p(x));

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(1e300)]
    [InlineData(-0.5)]
    public void Log1p_agrees_with_log_where_log_is_accurate(double x) => AssertUlps(Math.Log(1 + x), StableMath.Log1p(x), 4);

    [Fact]
    public void Log1p_edges()
    {
        Assert.Equal(double.NegativeInfinity, StableMath.Log1p(-1));
        Assert.True(double.IsNaN(StableMath.Log1p(-2)));
        Assert.Equal(double.PositiveInfinity, StableMath.Log1p(double.PositiveInfinity));
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(-1e-300)]
    [InlineData(1e-10)]
    [InlineData(-1e-10)]
    [InlineData(1e-6)]
    public void Expm1_keeps_the_digits_of_small_arguments(double x) =>
        AssertUlps(x + x * x / 2 + x * x * x / 6, StableMath.Expm1(x));

    [Theory]
    [InlineData(1.0)]
    [InlineData(-3.0)]
    [InlineData(700.0)]
    public void Expm1_agrees_with_exp_where_exp_is_accurate(double x) => AssertUlps(Math.Exp(x) - 1, StableMath.Expm1(x), 4);

    [Fact]
    public void Expm1_edges()
    {
        Assert.Equal(-1.0, StableMath.Expm1(-800));
        Assert.Equal(double.PositiveInfinity, StableMath.Expm1(800));
        Assert.Equal(0.0, StableMath.Expm1(0));
    }

    [Theory]
    [InlineData(3.0, 4.0, 5.0)]
    [InlineData(3e200, 4e200, 5e200)]
    [InlineData(3e-200, 4e-200, 5e-200)]
    [InlineData(-3.0, 4.0, 5.0)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(1.0, 1e300, 1e300)]
    public void Hypot_neither_overflows_nor_underflows(double a, double b, double expected) => AssertUlps(expected, StableMath.Hypot(a, b));

    [Fact]
    public void Hypot_of_infinity_is_infinity() => Assert.Equal(double.PositiveInfinity, StableMath.Hypot(double.PositiveInfinity, 1));

    [Fact]
    public void Single_precision_overloads_round_the_double_result()
    {
        Assert.Equal((float)StableMath.Log1p(1e-10), StableMath.Log1p(1e-10f));
        Assert.Equal((float)StableMath.Expm1(1e-6), StableMath.Expm1(1e-6f), 0f);
        Assert.Equal(5e20f, StableMath.Hypot(3e20f, 4e20f));
    }
}
