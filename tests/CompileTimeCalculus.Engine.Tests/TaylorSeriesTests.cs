using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>
/// Taylor coefficients by power-series arithmetic against series known in closed form, and the antiderivatives that use
/// them near a zero of the integrand at 0, where the closed forms had lost their digits.
/// </summary>
public class TaylorSeriesTests
{
    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    [Theory]
    [InlineData("Math.Exp(x)", 0.0)]
    [InlineData("Math.Exp(x)", 1.5)]
    [InlineData("Math.Sin(2*x)", 0.0)]
    [InlineData("Math.Cosh(x)", 0.3)]
    public void Exponential_and_trigonometric_series_match_their_derivatives(string text, double x0)
    {
        var f = ExpressionParser.Parse(text);
        var c = TaylorSeries.Of(f, "x", x0, 20, new Budget(default))!;
        for (int n = 0; n <= 20; n++)
        {
            double expected = text switch
            {
                "Math.Exp(x)" => Math.Exp(x0) / Factorial(n),
                "Math.Sin(2*x)" => n % 2 == 0 ? 0 : (n % 4 == 1 ? 1 : -1) * Math.Pow(2, n) / Factorial(n),
                _ => (n % 2 == 0 ? Math.Cosh(x0) : Math.Sinh(x0)) / Factorial(n),
            };
            Assert.Equal(expected, c[n], 1e-14 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void Powers_logarithms_and_inverse_functions_match_their_binomial_and_alternating_series()
    {
        var budget = new Budget(default);
        // (1 + x)^(1/2) = Σ C(1/2, n) xⁿ; ln(1 + x) = Σ (−1)^(n+1) xⁿ/n; arctan x = Σ (−1)ᵏ x^(2k+1)/(2k + 1).
        var root = TaylorSeries.Of(ExpressionParser.Parse("Math.Sqrt(1 + x)"), "x", 0, 12, budget)!;
        var log = TaylorSeries.Of(ExpressionParser.Parse("Math.Log(1 + x)"), "x", 0, 12, budget)!;
        var atan = TaylorSeries.Of(ExpressionParser.Parse("Math.Atan(x)"), "x", 0, 12, budget)!;
        double binomial = 1;
        for (int n = 0; n <= 12; n++)
        {
            Assert.Equal(binomial, root[n], 1e-15);
            binomial *= (0.5 - n) / (n + 1);
            Assert.Equal(n == 0 ? 0 : (n % 2 == 1 ? 1.0 : -1.0) / n, log[n], 1e-15);
            Assert.Equal(n % 2 == 0 ? 0 : ((n / 2) % 2 == 0 ? 1.0 : -1.0) / n, atan[n], 1e-15);
        }
        Assert.Null(TaylorSeries.Of(ExpressionParser.Parse("Math.Sqrt(x)"), "x", 0, 4, budget));
        Assert.Null(TaylorSeries.Of(ExpressionParser.Parse("Math.Log(x)"), "x", 0, 4, budget));
        Assert.Null(TaylorSeries.Of(ExpressionParser.Parse("a*x"), "x", 0, 4, budget));
    }

    /// <summary>
    /// x¹⁹·(2 + 3x⁴)^(1/4), x⁴·(4 + x² + 3x⁴ + 5x⁶)/(3 + 2x² + x⁴)², x²⁰·eˣ: their closed forms are refused near 0 (the
    /// derivative cancels); with the series there they are emitted, and F(b) − F(a) matches quadrature to 10⁻¹⁰ on both sides
    /// of 0 within the series' radius, where the closed form (for x²⁰·eˣ, e^x·P(x) with P(0) = 20!) had no digits for it.
    /// </summary>
    [Theory]
    [InlineData("Math.Pow(x, 19)*Math.Pow(2 + 3*Math.Pow(x, 4), 0.25)", -0.2, 0.15)]
    [InlineData("Math.Pow(x, 4)*(4 + Math.Pow(x, 2) + 3*Math.Pow(x, 4) + 5*Math.Pow(x, 6))/Math.Pow(3 + 2*Math.Pow(x, 2) + Math.Pow(x, 4), 2)", -0.05, 0.4)]
    [InlineData("Math.Pow(x, 20)*Math.Exp(x)", -2.0, -0.1)]
    public void Antiderivatives_near_a_zero_of_the_integrand_keep_their_digits(string text, double a, double b)
    {
        var f = ExpressionParser.Parse(text);
        var found = IntegralEngine.Find(f, "x", new[] { "x" }, new Budget(default, IntegralEngine.MaxSteps), out var emitted, out _, out string? problem);
        Assert.True(found is not null && emitted is not null, problem);
        double change = Evaluator.Evaluate(emitted!, "x", b) - Evaluator.Evaluate(emitted!, "x", a);
        double expected = Quadrature.Integrate(x => Evaluator.Evaluate(f, "x", x), a, b, 1e-300, 1e-13, 60).Value;
        Assert.Equal(expected, change, 1e-10 * Math.Abs(expected));
    }
}
