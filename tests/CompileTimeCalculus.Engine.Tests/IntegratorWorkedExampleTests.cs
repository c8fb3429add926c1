using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>
/// Every worked example of docs/worked-examples.md, through the engine: the antiderivative is found, verified, and
/// equals the textbook's closed form up to a constant.
/// </summary>
public class IntegratorWorkedExampleTests
{
    private static AntiderivativeResult Antiderivative(string integrand, string variable = "x", double? lowerLimit = null, params string[] parameters)
    {
        var names = new List<string> { variable };
        names.AddRange(parameters);
        var job = new AntiderivativeJob(ExpressionParser.Parse(integrand), variable, names, NumericType.Double, lowerLimit);
        var outcome = IntegralEngine.Antiderivative(job, default);
        Assert.True(outcome.Succeeded, $"∫ {integrand}: {outcome.Problem} {outcome.Message}");
        return outcome.Result!;
    }

    /// <summary>F − G is constant over the points where both are defined (and G is the textbook's answer).</summary>
    private static void AssertSameUpToConstant(Expr antiderivative, string expected, string variable, double[] points, Dictionary<string, double>? parameters = null, bool exact = false)
    {
        var reference = ExpressionParser.Parse(expected);
        double? offset = null;
        int compared = 0;
        foreach (double x in points)
        {
            var values = new Dictionary<string, double>(parameters ?? new Dictionary<string, double>()) { [variable] = x };
            double f = Evaluator.Evaluate(antiderivative, values), g = Evaluator.Evaluate(reference, values);
            if (double.IsNaN(g)) continue;
            compared++;
            double d = f - g;
            if (exact) Assert.True(Math.Abs(d) <= 1e-12 * Math.Max(1, Math.Abs(g)), $"at {x}: {f:R} vs {g:R} ({MathPrinter.Print(antiderivative)})");
            offset ??= d;
            Assert.True(Math.Abs(d - offset.Value) <= 1e-10 * Math.Max(1, Math.Abs(g)), $"at {x}: F − G = {d:R}, not the constant {offset:R} ({MathPrinter.Print(antiderivative)})");
        }
        Assert.True(compared >= 3, "too few comparable points");
    }

    private static readonly double[] Everywhere = { -3, -1.5, -0.7, -0.1, 0, 0.2, 0.9, 1.7, 2.5, 4 };
    private static readonly double[] Positive = { 0.05, 0.3, 0.9, 1.7, 2.5, 4, 9 };
    private static readonly double[] UnitInterval = { -0.95, -0.6, -0.2, 0, 0.3, 0.7, 0.99 };

    [Fact]
    public void Square_integrates_to_a_third_of_the_cube() =>
        AssertSameUpToConstant(Antiderivative("x*x").Antiderivative, "x*x*x/3", "x", Everywhere, exact: true);

    [Fact]
    public void Definite_integral_of_x_squared_on_0_1_is_exactly_one_third()
    {
        var outcome = IntegralEngine.Definite(ExpressionParser.Parse("x*x"), "x", 0, 1, new[] { "x" }, default);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(Expr.Rational(1, 3), outcome.Result!.Value);
        Assert.Equal(0, outcome.Result!.ErrorEstimate);
    }

    [Fact]
    public void Sigmoid_from_the_logistic_density_with_F_of_minus_infinity_zero() =>
        AssertSameUpToConstant(Antiderivative("Math.Exp(-t) / ((1 + Math.Exp(-t)) * (1 + Math.Exp(-t)))", "t", double.NegativeInfinity).Antiderivative,
            "1 / (1 + Math.Exp(-t))", "t", Everywhere, exact: true);

    [Fact]
    public void Normal_cdf_from_the_density_with_F_of_minus_infinity_zero()
    {
        var result = Antiderivative("Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)", "x", double.NegativeInfinity);
        AssertSameUpToConstant(result.Antiderivative, "0.5 * (1 + SpecialFunctions.Erf(x / Math.Sqrt(2)))", "x", Everywhere, exact: true);
        Assert.Equal("F(−∞) = 0", result.ConstantNote);
    }

    [Fact]
    public void Statistics_functions_integrate_through_their_table_entries()
    {
        double[] positive = { 0.3, 0.9, 1.7, 2.5, 4, 7.5 };
        AssertSameUpToConstant(Antiderivative("SpecialFunctions.Digamma(2 * x + 1)").Antiderivative, "SpecialFunctions.LogGamma(2 * x + 1) / 2", "x", positive, exact: true);
        AssertSameUpToConstant(Antiderivative("SpecialFunctions.Trigamma(x)").Antiderivative, "SpecialFunctions.Digamma(x)", "x", positive, exact: true);
        AssertSameUpToConstant(Antiderivative("SpecialFunctions.NormalCdf(3 * x)").Antiderivative,
            "x * SpecialFunctions.NormalCdf(3 * x) + Math.Exp(-4.5 * x * x) / (3 * Math.Sqrt(2 * Math.PI))", "x", Everywhere);
    }

    [Fact]
    public void Softplus_from_the_smooth_relu_derivative() =>
        AssertSameUpToConstant(Antiderivative("Math.Exp(x) / (1 + Math.Exp(x))").Antiderivative, "Math.Log(1 + Math.Exp(x))", "x", Everywhere);

    [Fact]
    public void Discounted_reward_with_symbolic_discount_and_rate()
    {
        // ∫₀ᵗ γ τ e^(−βτ) dτ = (γ/β²)(1 − e^(−βt) − βt e^(−βt)).
        var result = Antiderivative("gamma * tau * Math.Exp(-beta * tau)", "tau", 0, "gamma", "beta");
        var values = new Dictionary<string, double> { ["gamma"] = 0.9, ["beta"] = 0.35 };
        AssertSameUpToConstant(result.Antiderivative, "gamma / (beta * beta) * (1 - Math.Exp(-beta * tau) - beta * tau * Math.Exp(-beta * tau))", "tau",
            new[] { 0.0, 0.5, 1, 3, 10 }, values, exact: true);
    }

    [Fact]
    public void Root_substitution_example() =>
        AssertSameUpToConstant(Antiderivative("Math.Sqrt(x) * Math.Exp(Math.Sqrt(x))").Antiderivative, "2 * (x - 2 * Math.Sqrt(x) + 2) * Math.Exp(Math.Sqrt(x))", "x", Positive);

    [Fact]
    public void Trigonometric_substitution_example() =>
        AssertSameUpToConstant(Antiderivative("x * x / Math.Sqrt(1 - x * x)").Antiderivative, "0.5 * Math.Asin(x) - 0.5 * x * Math.Sqrt(1 - x * x)", "x", UnitInterval);

    [Fact]
    public void Reciprocal_substitution_example_has_no_elementary_antiderivative()
    {
        var job = new AntiderivativeJob(ExpressionParser.Parse("Math.Exp(-lambda * x) / (x * Math.Sqrt(x * x - 1))"), "x", new[] { "x", "lambda" }, NumericType.Double);
        var outcome = IntegralEngine.Antiderivative(job, default);
        Assert.False(outcome.Succeeded);
        Assert.Equal(EngineProblemKind.NoClosedForm, outcome.Problem);
    }

    [Theory]
    [InlineData("Math.Exp(2 * x + 3)", "Math.Exp(2 * x + 3) / 2")]
    [InlineData("x * Math.Exp(-x * x)", "-Math.Exp(-x * x) / 2")]
    [InlineData("Math.Log(x) / x", "Math.Log(x) * Math.Log(x) / 2")]
    [InlineData("Math.Sin(x) * Math.Sin(x) * Math.Cos(x)", "Math.Sin(x) * Math.Sin(x) * Math.Sin(x) / 3")]
    [InlineData("x * Math.Sqrt(x * x + 1)", "Math.Pow(x * x + 1, 1.5) / 3")]
    [InlineData("x * x + x", "x * x * x / 3 + x * x / 2")]
    [InlineData("1 / (1 + x * x)", "Math.Atan(x)")]
    public void Basic_forms(string integrand, string expected) =>
        AssertSameUpToConstant(Antiderivative(integrand).Antiderivative, expected, "x", integrand.Contains("Log") ? Positive : Everywhere);

    [Fact]
    public void Exponential_decay_with_symbolic_rate()
    {
        var result = Antiderivative("Math.Exp(-lambda * x)", "x", null, "lambda");
        AssertSameUpToConstant(result.Antiderivative, "-Math.Exp(-lambda * x) / lambda", "x", Everywhere, new Dictionary<string, double> { ["lambda"] = 1.3 });
    }

    [Fact]
    public void Steps_show_the_substitution_the_way_a_textbook_lays_it_out()
    {
        var steps = Antiderivative("x * Math.Exp(-x * x)").Steps;
        Assert.True(steps.Any(s => s.StartsWith("substitute u = -x^2, du = -2·x dx", StringComparison.Ordinal)), string.Join("\n", steps));
        Assert.Contains(steps, s => s.Contains("substitute back u = -x^2"));
    }
}
