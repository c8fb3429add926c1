using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>
/// Integrands that needed a specific rule or stable form to be emitted: each must come out of the full engine (search,
/// stable form, verification), and its stable form must differentiate back to the integrand, including where the
/// textbook form overflows or cancels.
/// </summary>
public class IntegratorRuleTests
{
    [Theory]
    [InlineData("Math.Sqrt(Math.Pow(Math.Sinh(x), 2))")]             // √(sinh²x) = |sinh x|, then the kink at 0
    [InlineData("Math.Sqrt(2/Math.Pow(Math.Sinh(x), 4))")]            // √2 / sinh²x
    [InlineData("Math.Exp(x)*Math.Sqrt(1/Math.Pow(Math.Cosh(x), 2))")] // e^x / cosh x (cosh > 0: no absolute value)
    [InlineData("Math.Pow(Math.Pow(Math.Tanh(x), 2), 1.5)")]          // |tanh x|³
    [InlineData("Math.Pow(2*Math.Pow(x, 2) + 3*Math.Pow(x, 3), 1.5)")]  // |x|³·(3x + 2)^(3/2): a square factor pulled out
    [InlineData("Math.Pow(2 + 3*x, 2.5)*Math.Pow(5 + 7*x, 2.5)/Math.Pow(x, 2)")] // ((2 + 3x)(5 + 7x))^(5/2) / x²: radicals combined
    [InlineData("Math.Pow(Math.Sin(2 + 3*Math.Log(5*Math.Pow(x, 3))), 2)/Math.Pow(x, 2)")] // x = e^t: e^(−t)·sin²(2 + 3 ln 5 + 9t)
    [InlineData("Math.Pow(x, 2)*Math.Pow(Math.Cos(2 + 3*Math.Log(5*Math.Pow(x, 3))), 3)")]
    [InlineData("Math.Sqrt(4 + 12/x + 9/Math.Pow(x, 2))")]             // |2x + 3|/|x|: two kinks, one of them a pole
    [InlineData("1/Math.Abs(x)")]                                       // split at the pole, no continuity to keep
    [InlineData("1/(4 + 6/Math.Tanh(5 + 7*x))")]                      // ln|6 + 6·coth u| terms, stable where coth rounds to −1
    [InlineData("Math.Pow(2 + 3/Math.Tanh(5 + 7*x), 5)")]
    public void Is_integrated_and_verified(string integrand)
    {
        var f = ExpressionParser.Parse(integrand);
        var outcome = IntegralEngine.Antiderivative(new AntiderivativeJob(f, "x", new[] { "x" }, NumericType.Double), default);
        Assert.True(outcome.Succeeded, $"∫ {integrand}: {outcome.Problem} {outcome.Message}");
        // The emitted form is the stable one (the textbook ln|6 + 6·coth u| is −∞ where coth rounds to −1).
        var emitted = StableForms.Rewrite(outcome.Result!.Antiderivative, new Budget(default));
        var derivative = Differentiator.Differentiate(emitted, "x", new Budget(default));
        int compared = 0;
        foreach (double x in new[] { -3.1, -1.7, -0.6, 0.2, 0.9, 2.2, 4.5 })
        {
            double fx = Evaluator.Evaluate(f, "x", x), dx = Evaluator.Evaluate(derivative, "x", x);
            if (!double.IsFinite(fx)) continue;
            Assert.True(Math.Abs(dx - fx) <= 1e-7 * Math.Max(1, Math.Abs(fx)), $"∫ {integrand}: F'({x}) = {dx:R}, f({x}) = {fx:R}");
            compared++;
        }
        Assert.True(compared >= 4);
    }
}
