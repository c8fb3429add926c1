using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The package's own SpecialFunctions and StableMath inside differentiated code (the exact GELU, a normal CDF through erfc),
/// emitted, compiled and compared with derivatives written out by hand: φ(x) for Φ, sin(x)/x for Si, −ln(1 − x)/x for Li₂.
/// </summary>
public class RuntimeLibraryDerivativeTests
{
    private static double Phi(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));
    private static double Density(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    public static readonly (string Name, string Body, Func<double, double> Derivative, double[] Points)[] Cases =
    {
        ("GeluExact", "0.5 * x * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)))", x => Phi(x) + x * Density(x), new[] { -30.0, -5, -1, 0.3, 2, 8 }),
        ("NormalLogCdf", "Math.Log(0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2)))", x => Density(x) / Phi(x), new[] { -30.0, -3, 0, 2, 10 }),
        ("Erfi", "SpecialFunctions.Erfi(x / 2)", x => Math.Exp(x * x / 4) / Math.Sqrt(Math.PI), new[] { -3.0, 0.2, 4 }),
        ("SinIntegral", "SpecialFunctions.SinIntegral(2 * x)", x => Math.Sin(2 * x) / x, new[] { -3.0, 0.5, 4 }),
        ("CosIntegral", "SpecialFunctions.CosIntegral(x * x + 1)", x => 2 * x * Math.Cos(x * x + 1) / (x * x + 1), new[] { -3.0, 0.5, 4 }),
        ("ExpIntegralEi", "SpecialFunctions.ExpIntegralEi(x)", x => Math.Exp(x) / x, new[] { -2.0, 0.5, 3 }),
        ("FresnelS", "SpecialFunctions.FresnelS(x)", x => Math.Sin(Math.PI * x * x / 2), new[] { -2.0, 0.4, 1.7 }),
        ("Dilogarithm", "SpecialFunctions.Dilogarithm(x)", x => -Math.Log(1 - x) / x, new[] { -2.0, 0.3, 0.9 }),
        ("Log1p", "StableMath.Log1p(x * x)", x => 2 * x / (1 + x * x), new[] { -3.0, 1e-9, 0.5 }),
        ("Expm1", "StableMath.Expm1(-x)", x => -Math.Exp(-x), new[] { -3.0, 1e-9, 0.5 }),
        ("Hypot", "StableMath.Hypot(x, 3.0)", x => Math.Sign(x) / Math.Sqrt(1 + 9 / (x * x)), new[] { -3.0, 0.5, 1e200 }),
        // Softplus as the two-term log-sum-exp: the derivative is the logistic function, finite far out on both sides.
        ("LogAddExp", "StableMath.LogAddExp(0.0, x)", x => 1 / (1 + Math.Exp(-x)), new[] { -800.0, -3, 0, 2, 800 }),
        ("LogAddExpBoth", "StableMath.LogAddExp(2 * x, x * x)", x => (2 * Math.Exp(2 * x) + 2 * x * Math.Exp(x * x)) / (Math.Exp(2 * x) + Math.Exp(x * x)),
            new[] { -3.0, 0.5, 1.9, 2.5 }),
        ("LogGamma", "SpecialFunctions.LogGamma(x * x + 1)", x => 2 * x * SpecialFunctions.Digamma(x * x + 1), new[] { -3.0, 0.2, 1.7, 40 }),
        ("Digamma", "SpecialFunctions.Digamma(2 * x)", x => 2 * SpecialFunctions.Trigamma(2 * x), new[] { -1.3, 0.4, 0.731, 25 }),
        ("NormalCdf", "SpecialFunctions.NormalCdf(x)", Density, new[] { -30.0, -2, 0, 1.5, 8 }),
        ("LogNormalCdf", "SpecialFunctions.LogNormalCdf(3 * x)", x => 3 * Density(3 * x) / Phi(3 * x), new[] { -10.0, -1, 0, 2 }),
    };

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var source = new System.Text.StringBuilder("using System;\nusing CompileTimeCalculus;\npublic static partial class M\n{\n");
        foreach (var (name, body, _, _) in Cases) source.Append($"    [Derivative] public static double {name}(double x) => {body};\n");
        source.Append("""
                [Derivative] public static float GeluF(float x) => 0.5f * x * (1 + SpecialFunctionsF.Erf(x / MathF.Sqrt(2f)));
                [Derivative] public static float NormalLogCdfF(float x) => MathF.Log(0.5f * SpecialFunctionsF.Erfc(-x / MathF.Sqrt(2f)));
                [Derivative] public static double LogCdf(double x) => SpecialFunctions.LogNormalCdf(x);
                [Derivative] public static float LogCdfF(float x) => SpecialFunctionsF.LogNormalCdf(x);
                [Derivative(Order = 2)] public static double LogGammaTwice(double x) => SpecialFunctions.LogGamma(x);
                [Derivative] public static float LogAddExpF(float x) => StableMath.LogAddExp(0f, x);

                // Binary cross-entropy with logits over a batch, as written with the two-term log-sum-exp.
                [Gradient(nameof(w))]
                public static double LogisticLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<int> labels)
                {
                    int n = w.Length;
                    double loss = 0;
                    for (int r = 0; r < labels.Length; r++)
                    {
                        double z = 0;
                        for (int f = 0; f < n; f++) z += w[f] * x[r * n + f];
                        loss += StableMath.LogAddExp(0.0, z) - labels[r] * z;
                    }
                    return loss / labels.Length;
                }

                public static double LogisticLossGradientOf(double[] w, double[] x, int[] labels, double[] gradient) => LogisticLossGradient(w, x, labels, gradient);

                // Black-Scholes price of a call with the normal CDF from erfc: every greek from one method.
                [Gradient]
                public static double Call(double spot, double strike, double years, double rate, double volatility)
                {
                    double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
                    double d2 = d1 - volatility * Math.Sqrt(years);
                    return spot * Normal(d1) - strike * Math.Exp(-rate * years) * Normal(d2);
                }

                private static double Normal(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));
            }
            """);
        var (output, _) = Harness.Generate(source.ToString());
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivative_matches_the_derivative_written_out(string name)
    {
        var (_, _, derivative, points) = Cases.Single(c => c.Name == name);
        var method = Compiled.Value.GetType("M")!.GetMethod(name + "Derivative")!;
        foreach (double x in points)
        {
            double actual = (double)method.Invoke(null, new object[] { x })!, expected = derivative(x);
            Assert.True(double.IsFinite(actual), $"{name}'({x}) = {actual}");
            Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Max(Math.Abs(expected), 1e-300) + 1e-300, $"{name}'({x}) = {actual:R}, expected {expected:R}");
        }
    }

    [Theory]
    // φ(x)/Φ(x) at 40 digits (mpmath: npdf(x)/ncdf(x)); past x ≈ −38 both underflow and the textbook quotient is 0/0.
    [InlineData(-13.0, 13.076038560603979453)]
    [InlineData(-27.0, 27.036936116444190663)]
    [InlineData(-40.0, 40.024968847207263723)]
    [InlineData(-100.0, 100.00999800099926071)]
    [InlineData(-1000.0, 1000.00099999800001)]
    [InlineData(-1e6, 1000000.000001)]
    public void The_normal_log_cdfs_derivative_stays_finite_far_in_the_left_tail(double x, double expected)
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("NormalLogCdfDerivative")!;
        double actual = (double)method.Invoke(null, new object[] { x })!;
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"(ln Φ)'({x}) = {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(-13.0, 13.076038560603979453)]
    [InlineData(-40.0, 40.024968847207263723)]
    [InlineData(-1000.0, 1000.00099999800001)]
    [InlineData(-1e6, 1000000.000001)]
    public void The_librarys_log_cdf_differentiates_to_the_stable_mills_ratio(double x, double expected)
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("LogCdfDerivative")!;
        double actual = (double)method.Invoke(null, new object[] { x })!;
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"(ln Φ)'({x}) = {actual:R}, expected {expected:R}");
        var single = Compiled.Value.GetType("M")!.GetMethod("LogCdfFDerivative")!;
        if (x > -30) Assert.Equal(expected, (float)single.Invoke(null, new object[] { (float)x })!, 1e-5 * expected);
    }

    [Theory]
    // ψ′ at 40 digits (mpmath psi(1, x)).
    [InlineData(0.5, 4.9348022005446793094)]
    [InlineData(3.25, 0.35979829030957987507)]
    [InlineData(-2.5, 9.5392466449891237539)]
    public void The_second_derivative_of_log_gamma_is_trigamma(double x, double expected)
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("LogGammaTwiceSecondDerivative")!;
        Assert.Equal(expected, (double)method.Invoke(null, new object[] { x })!, 13);
    }

    [Theory]
    // In float, erfc underflows past 9: the quotient is 0/0 from x ≈ −13 on.
    [InlineData(-5f, 5.1865040f)]
    [InlineData(-20f, 20.049753f)]
    public void The_float_normal_log_cdfs_derivative_stays_finite_in_the_left_tail(float x, float expected)
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("NormalLogCdfFDerivative")!;
        float actual = (float)method.Invoke(null, new object[] { x })!;
        Assert.True(Math.Abs(actual - expected) <= 1e-5f * expected, $"(ln Φ)'({x}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Float_gelu_uses_the_float_library_and_matches_the_double_derivative()
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("GeluFDerivative")!;
        Assert.Equal(typeof(float), method.ReturnType);
        foreach (float x in new[] { -6f, -1f, 0.3f, 2f })
        {
            double expected = Phi(x) + x * Density(x);
            Assert.Equal(expected, (float)method.Invoke(null, new object[] { x })!, 2e-6);
        }
    }

    [Fact]
    public void A_logistic_loss_written_with_LogAddExp_has_the_textbook_gradient_even_for_huge_logits()
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("LogisticLossGradientOf")!;
        double[] w = { 300.0, -250.0 }, x = { 1.0, -1.0, -2.0, 0.5, 0.1, 0.2 };
        int[] labels = { 0, 1, 1 };
        var gradient = new double[2];
        double loss = (double)method.Invoke(null, new object[] { w, x, labels, gradient })!;
        // ∂/∂w_f = mean over rows of (σ(z) − label)·x_f (logits 550, −725.0, 80: exp of the first overflows a naive softplus').
        double[] expected = new double[2];
        for (int r = 0; r < 3; r++)
        {
            double z = w[0] * x[2 * r] + w[1] * x[2 * r + 1];
            double sigma = 1 / (1 + Math.Exp(-z));
            for (int f = 0; f < 2; f++) expected[f] += (sigma - labels[r]) * x[2 * r + f] / 3;
        }
        Assert.True(double.IsFinite(loss));
        Assert.Equal(expected[0], gradient[0], 1e-12);
        Assert.Equal(expected[1], gradient[1], 1e-12);
        var single = Compiled.Value.GetType("M")!.GetMethod("LogAddExpFDerivative")!;
        Assert.Equal(1f, (float)single.Invoke(null, new object[] { 200f })!);
        Assert.Equal(0.5f, (float)single.Invoke(null, new object[] { 0f })!);
    }

    [Fact]
    public void Black_Scholes_greeks_are_the_textbook_ones()
    {
        var method = Compiled.Value.GetType("M")!.GetMethod("CallGradient")!;
        var (spot, strike, years, rate, volatility) = (100.0, 95.0, 0.5, 0.03, 0.25);
        var result = method.Invoke(null, new object[] { spot, strike, years, rate, volatility })!;
        double Field(string n) => (double)result.GetType().GetField(n)!.GetValue(result)!;
        double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
        double d2 = d1 - volatility * Math.Sqrt(years);
        // Hull, Options, Futures and Other Derivatives, ch. 19: delta N(d1), vega S φ(d1) √T, rho K T e^(−rT) N(d2).
        Assert.Equal(Phi(d1), Field("Item2"), 1e-13);
        Assert.Equal(-Math.Exp(-rate * years) * Phi(d2), Field("Item3"), 1e-13);
        Assert.Equal(strike * years * Math.Exp(-rate * years) * Phi(d2), Field("Item5"), 1e-11);
        Assert.Equal(spot * Density(d1) * Math.Sqrt(years), Field("Item6"), 1e-11);
    }
}
