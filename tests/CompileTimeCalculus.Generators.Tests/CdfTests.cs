using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// CDFs as statisticians write them, with location and scale parameters, from [Antiderivative(LowerLimit = …)]: right
/// everywhere, far past the mass included (a numerical antiderivative that misses the bump returns 0 where the CDF is 1),
/// against independent closed forms and symmetries.
/// </summary>
public class CdfTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Densities
        {
            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity, Numeric = true)]
            public static double Normal(double x, double mu, double sigma) =>
                Math.Exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * Math.Sqrt(2 * Math.PI));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity, Numeric = true)]
            public static double Uniform(double x, double a, double b) => x >= a && x <= b ? 1 / (b - a) : 0;

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity, Numeric = true)]
            public static double Cauchy(double x, double x0, double gamma) => 1 / (Math.PI * gamma * (1 + ((x - x0) / gamma) * ((x - x0) / gamma)));

            // Student's t with 3.5 degrees of freedom: no closed form (an incomplete beta function).
            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity, Numeric = true)]
            public static double StudentT(double x, double m, double s) =>
                0.37177234373209533 / s * Math.Pow(1 + (x - m) * (x - m) / (3.5 * s * s), -2.25);

            // A generalized normal with shape 1.5: no closed form (an incomplete gamma function).
            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity, Numeric = true)]
            public static double GeneralizedNormal(double x, double mu, double s) =>
                Math.Exp(-Math.Pow(Math.Abs(x - mu) / s, 1.5)) / (2 * s * 0.9027452929509336);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0, Numeric = true)]
            public static double LogNormal(double x, double mu, double sigma) =>
                Math.Exp(-(Math.Log(x) - mu) * (Math.Log(x) - mu) / (2 * sigma * sigma)) / (x * sigma * Math.Sqrt(2 * Math.PI));
        }
        """;

    private static readonly Lazy<Type> Densities = new(() =>
    {
        var (output, _) = Harness.Generate(Source);
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output).GetType("Densities")!;
    });

    private static double Cdf(string family, double x, double p, double q) =>
        (double)Densities.Value.GetMethod(family + "Antiderivative", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { x, p, q })!;

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + 1e-300, $"{what}: {actual:R}, expected {expected:R}");

    public static TheoryData<double, double, double> NormalPoints => new()
    {
        { 30, 0, 1 }, { 100, 0, 1 }, { 1e7, 0, 1 }, { 10, -1, 0.3 }, { 0, 0, 1 }, { 1.5, 0, 1 }, { -3, 0, 1 }, { -8, 0, 1 },
        { 1e6 + 2, 1e6, 1 }, { -5e5, 1e6, 1e6 }, { 0.012, 0.01, 0.001 },
    };

    [Theory]
    [MemberData(nameof(NormalPoints))]
    public void Normal_cdf_is_right_in_the_bulk_and_far_past_the_mass(double x, double mu, double sigma)
    {
        double expected = 0.5 * SpecialFunctions.Erfc(-(x - mu) / (sigma * Math.Sqrt(2)));
        Close(expected, Cdf("Normal", x, mu, sigma), 1e-8, $"N({mu}, {sigma}²) at {x}");
    }

    [Theory]
    [InlineData(10, 0, 2, 1)]
    [InlineData(1, 0, 2, 0.5)]
    [InlineData(-1, 0, 2, 0)]
    [InlineData(1e6, -3, 5, 1)]
    [InlineData(0.25, 0, 1, 0.25)]
    public void Uniform_cdf_is_right_past_its_support(double x, double a, double b, double expected) =>
        Close(expected, Cdf("Uniform", x, a, b), 1e-8, $"U({a}, {b}) at {x}");

    [Theory]
    [InlineData(1e7, 0, 1)]
    [InlineData(10, 0, 1)]
    [InlineData(0, 0, 1)]
    [InlineData(-50, 3, 0.5)]
    [InlineData(1e9, 2, 1e-3)]
    public void Cauchy_cdf_is_right_in_its_heavy_tails(double x, double x0, double gamma)
    {
        double z = (x - x0) / gamma;
        // 1/2 + arctan(z)/π, written so neither tail cancels.
        double expected = z > 0 ? 1 - Math.Atan(1 / z) / Math.PI : z < 0 ? -Math.Atan(1 / z) / Math.PI : 0.5;
        Close(expected, Cdf("Cauchy", x, x0, gamma), 1e-8, $"Cauchy({x0}, {gamma}) at {x}");
    }

    [Theory]
    [InlineData("StudentT")]
    [InlineData("GeneralizedNormal")]
    public void Symmetric_cdfs_without_closed_forms_are_half_at_the_centre_and_one_far_past_it(string family)
    {
        foreach (var (m, s) in new[] { (0.0, 1.0), (3.0, 0.2), (-1e4, 50.0) })
        {
            Close(0.5, Cdf(family, m, m, s), 1e-8, $"{family}({m}, {s}) at its centre");
            Close(1, Cdf(family, m + 1e8 * s, m, s), 1e-8, $"{family}({m}, {s}) far right");
            foreach (double d in new[] { 0.3, 2.0, 7.0 })
                Close(1, Cdf(family, m + d * s, m, s) + Cdf(family, m - d * s, m, s), 1e-8, $"{family}({m}, {s}) symmetric at ±{d}");
        }
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(1e5, 0, 1)]
    [InlineData(20, 2, 0.25)]
    [InlineData(0.01, 0, 0.5)]
    public void Log_normal_cdf_is_right(double x, double mu, double sigma)
    {
        double expected = 0.5 * SpecialFunctions.Erfc(-(Math.Log(x) - mu) / (sigma * Math.Sqrt(2)));
        Close(expected, Cdf("LogNormal", x, mu, sigma), 1e-8, $"log-normal({mu}, {sigma}) at {x}");
    }
}
