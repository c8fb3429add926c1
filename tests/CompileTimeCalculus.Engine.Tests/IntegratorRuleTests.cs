using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
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
    [InlineData("Math.Pow(1.3, 2 + 3*Math.Pow(x, 2))*Math.Pow(x, 2)")]  // c^u as e^(u ln c), then erfi by parts
    [InlineData("Math.Exp(3*x)/Math.Sqrt(7 + 1.1*x)")]                 // root substitution into a Gaussian: erfi
    [InlineData("Math.Pow(x, 3)*Math.Sin(5 + 7*x)/(2 + 3*x)")]          // in powers of 2 + 3x: tabular plus Si, Ci
    [InlineData("Math.Pow(Math.Cosh(2 + 3*x), 3)/Math.Pow(5 + 7*x, 2)")] // exponentials over a linear power: Ei
    [InlineData("Math.Pow(1.5 + 2.5*Math.Log(1.1*(2 + 3*x)/(5 + 7*x)), 2)/Math.Pow(3.4 + 5.1*x, 3)")] // t = (2 + 3x)/(5 + 7x)
    [InlineData("Math.Pow(x, 3)*(2 + 3*Math.Asin(0.2*x))*Math.Sqrt(7 - 0.28*Math.Pow(x, 2))")]         // t = arcsin(x/5)
    [InlineData("Math.Pow(Math.Atan(2*x), 3)/Math.Pow(5 + 20*Math.Pow(x, 2), 2)")]                      // t = arctan 2x
    [InlineData("Math.Pow(x, 3)*Math.Sqrt(2 + 3*x + 5*Math.Pow(x, 2))")]  // reduction to ∫ dx/√Q
    [InlineData("Math.Sqrt(2 + 3*x + 5*Math.Pow(x, 2))/Math.Pow(x, 5)")]  // x = 1/t, then the reduction
    [InlineData("(2 + 3/Math.Pow(Math.Cosh(5 + 7*x), 2))/Math.Pow(Math.Tanh(5 + 7*x), 2)")] // ln|1 ± tanh u| kept finite
    [InlineData("(1 + 1/x)/Math.Pow(3 + x + Math.Log(x), 1.5)")]        // derivative-divides into a power of u at once
    [InlineData("Math.Pow(Math.Tanh(5 + 7*x), 3)*Math.Pow(2 + 3*Math.Pow(Math.Tanh(5 + 7*x), 2), 3)")] // ln|3·tanh² − 3| through ln cosh
    [InlineData("(5 + 7*x)*Math.Tanh(1.1 + 1.3*x)")]                   // linear times tanh: Li₂
    [InlineData("x*Math.Sinh(2 + 3*x)/Math.Cosh(2 + 3*x)")]             // x·tanh: Li₂(−e^(4+6x)), inverted where e^s overflows
    [InlineData("Math.Exp(3*x)/Math.Pow(5 + 7*x, 4.5)")]               // L^m·e^(c·L^n): by parts up to erfi(√(3(5 + 7x)/7))
    [InlineData("Math.Exp(3*Math.Pow(x, 2))/Math.Pow(x, 6)")]           // negative even powers of a Gaussian: erfi
    [InlineData("Math.Pow(x, 4)*Math.Exp(3/Math.Pow(x, 2))")]           // n = −2: down to erfi(√3/x)
    [InlineData("Math.Exp(2 + 3*x)/Math.Pow(5 + 7*x, 3)")]              // integer powers: Ei
    [InlineData("Math.Pow(2 + 3*x, 2)*Math.Exp(1.1/Math.Pow(5 + 7*x, 2))")] // P(x) in powers of 5 + 7x: Ei and erfi terms
    [InlineData("Math.Sinh(2 + 3/Math.Pow(x, 2))/Math.Pow(x, 6)")]      // sinh as two exponentials: erf and erfi
    [InlineData("Math.Exp(-2*Math.Pow(x, 3))*Math.Pow(x, 5)")]          // (m + 1)/n = 2: u = x³ and the tabular method
    [InlineData("Math.Sqrt(0.99 - 0.038*x - 0.0361*Math.Pow(x, 2))/Math.Pow(Math.Asin(0.1 + 0.19*x), 2)")] // radicand as parsed vs (arcsin)'
    [InlineData("1/(2*x + 3*x/Math.Log(5*Math.Pow(x, 3)))")]            // x out of the sum, then u = ln 5x³
    [InlineData("1/Math.Sqrt(2 - 3/Math.Pow(x, 2))")]                   // |x|/√(2x² − 3) with σ = sign x, both sides of 0
    [InlineData("Math.Pow(x, 4)/Math.Sqrt(1/Math.Sinh(2*Math.Log(5*x)))")] // sinh(2 ln 5x) = (25x² − 1/(25x²))/2, then x² out of the root
    [InlineData("Math.Sqrt(1/Math.Cosh(2 + 2*Math.Log(5*Math.Pow(x, 3))/9))")] // cosh of a logarithm: x^(±2/3), x > 0
    [InlineData("x*Math.Sinh(Math.Log(Math.Abs(x)))")]                 // e^(ln|x|) is |x|, not x: right for x < 0 too
    [InlineData("Math.Sqrt(2 + 3*Math.Pow(x, 2) + 5*Math.Pow(x, 4))/Math.Pow(x, 9)")] // u = x² with a negative power of x left: u⁻⁵·√Q(u)/2
    [InlineData("1/(x*Math.Sqrt(2 + 3*Math.Pow(x, 3) + 5*Math.Pow(x, 6)))")]      // u = x³, x⁻¹ dx = du/(3u)
    [InlineData("(x + Math.Pow(x, 3) + Math.Pow(1 + x, 2)*Math.Atan(x))/(Math.Pow(1 + x, 2)*(1 + Math.Pow(x, 2)))")] // split where (1 + x)² cancels
    [InlineData("Math.Pow(2 + 3*x, 1.5)/Math.Pow(6 + 13*x + 6*Math.Pow(x, 2), 1.5)")] // radicand (2 + 3x)(3 + 2x): the powers of 2 + 3x cancel
    [InlineData("Math.Pow(3, x)/Math.Sqrt(5 - 2/Math.Pow(9, x))")]      // ln 9 = 2·ln 3: one exponential, u = 3^x
    [InlineData("Math.Pow(x, -2 - 2/x)*(1 - Math.Log(x))")]             // x^(−2/x)/2 by u = x^(−2/x), once (1 − ln x)/(ln x − 1) = −1
    [InlineData("Math.Pow(Math.Tanh(x), 3)/Math.Pow(3 + 2/Math.Pow(Math.Cosh(x), 2), 1.5)")] // ln|c·cosh/√(…) − 1| rationalized: finite at |x| = 60
    [InlineData("x*Math.Sqrt(3 + 3*Math.Cosh(2 + 5*x))")]              // √(3 + 3cosh u) = √6·cosh(u/2)
    [InlineData("x*Math.Sqrt(3*Math.Cosh(x) - 3)")]                    // √(3cosh x − 3) = √6·|sinh(x/2)|: the kink at 0
    [InlineData("1/(3 + 3*Math.Cos(3*x - 1))")]                        // a pole at every 3x − 1 = π (mod 2π): tan((3x − 1)/2)/9 between them
    [InlineData("1/(2 - 2*Math.Sin(x))")]
    [InlineData("1/(2 + 3*Math.Tan(2*x - 3))")]                        // u = 2 + 3·tan w: arctan(tan w) made continuous where w crosses π/2
    [InlineData("1/(-1 - 4*Math.Tan(x))")]                             // b < 0: the correction changes sign
    [InlineData("x*Math.Atan(3/x)")]                                   // u = 3/x: G's jump at x = 0 taken out for x > 0
    [InlineData("Math.Sqrt(2 + 2*Math.Cos(2*x + 2))")]                 // 2|cos(x + 1)|: the jump check integrates across its kinks
    [InlineData("Math.Pow(2 + Math.Log(3*Math.Pow(1 + 2*x, 2)/Math.Pow(3 + x, 2)), 2)/Math.Pow(3 + x, 2)")] // t = (1 + 2x)/(3 + x), ln(3t²)
    [InlineData("Math.Sqrt(6 - 2*x)*Math.Pow(1 + Math.Asin(x/3), 2)/Math.Sqrt(3 + x)")] // (6 − 2x)/√((6 − 2x)(3 + x)): arcsin(x/3)'s radical
    [InlineData("Math.Pow(Math.Sin(x), 3)/Math.Pow(2 + 3*Math.Pow(Math.Sin(x), 2), 1.5)")] // u = cos x for the odd power of sin x
    [InlineData("Math.Abs(Math.Sin(2*x + 1))")]                        // one period at a time, k = ⌊…/P⌋ periods behind
    [InlineData("Math.Sqrt(1 - Math.Cos(x))")]                          // √2·|sin(x/2)|
    [InlineData("Math.Pow(Math.Cos(3*x), 2)*Math.Abs(Math.Cos(3*x))")]
    public void Is_integrated_and_verified(string integrand)
    {
        var f = ExpressionParser.Parse(integrand);
        var outcome = IntegralEngine.Antiderivative(new AntiderivativeJob(f, "x", new[] { "x" }, NumericType.Double), default);
        Assert.True(outcome.Succeeded, $"∫ {integrand}: {outcome.Problem} {outcome.Message}");
        // What is emitted (the stable form where it passed: the textbook ln|6 + 6·coth u| is −∞ where coth rounds to −1).
        var emitted = outcome.Result!.Emitted;
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

    public static TheoryData<string> LogicalConditions => new() { "box", "tails", "not" };

    [Theory]
    [MemberData(nameof(LogicalConditions))]
    public void Conditions_joined_by_and_or_not_are_split_at_each_comparison(string name)
    {
        // A uniform density on [1, 3], a tail 1/x² outside [−1, 1], and the same with ! : the antiderivative must be continuous.
        var x = Expr.Var("x");
        Expr f = name switch
        {
            "box" => Expr.Conditional(Expr.And(Expr.Compare(ComparisonOperator.GreaterOrEqual, x, Expr.Num(1)), Expr.Compare(ComparisonOperator.LessOrEqual, x, Expr.Num(3))),
                Expr.Num(0.5), Expr.Zero),
            "tails" => Expr.Conditional(Expr.Or(Expr.Compare(ComparisonOperator.Less, x, Expr.Num(-1)), Expr.Compare(ComparisonOperator.Greater, x, Expr.Num(1))),
                ExpressionParser.Parse("1/(x*x)"), Expr.One),
            _ => Expr.Conditional(Expr.Not(Expr.Compare(ComparisonOperator.Greater, x, Expr.Num(2))), ExpressionParser.Parse("x"), ExpressionParser.Parse("2*x - 2")),
        };
        var outcome = IntegralEngine.Antiderivative(new AntiderivativeJob(f, "x", new[] { "x" }, NumericType.Double), default);
        Assert.True(outcome.Succeeded, $"{name}: {outcome.Problem} {outcome.Message}");
        var F = outcome.Result!.Emitted;
        const double h = 1e-5;
        for (double t = -4.05; t < 4.5; t += 0.1)
        {
            double slope = (Evaluator.Evaluate(F, "x", t + h) - Evaluator.Evaluate(F, "x", t - h)) / (2 * h);
            double fx = Evaluator.Evaluate(f, "x", t);
            Assert.True(Math.Abs(slope - fx) <= 1e-6 * Math.Max(1, Math.Abs(fx)), $"{name}: F'({t}) ≈ {slope:R}, f({t}) = {fx:R}");
        }
        foreach (double kink in new[] { -1.0, 1.0, 2.0, 3.0 })
        {
            double jump = Evaluator.Evaluate(F, "x", kink + 1e-9) - Evaluator.Evaluate(F, "x", kink - 1e-9);
            Assert.True(Math.Abs(jump) < 1e-6, $"{name}: F jumps by {jump:R} at {kink}");
        }
    }

    [Fact]
    public void An_odd_power_under_a_root_that_cancels_it_is_declined_not_thrown()
    {
        // ((x + 1/x)³)^(1/3): the root rule reads (S^j)^p as S^(j·p); here j·p = 1, which is no root at all.
        var f = ExpressionParser.Parse("Math.Pow(Math.Pow(x + 1/x, 3), 1.0/3)");
        try
        {
            CompileTimeCalculus.Engine.Integration.Integrator.Integrate(f, "x", new Budget(default, IntegralEngine.MaxSteps), new[] { "x" });
        }
        catch (ExpressionLimitException)
        {
            // running out of budget is a clean refusal
        }
    }

    [Fact]
    public void Reciprocal_substitution_holds_on_both_sides_of_zero()
    {
        // The reciprocal-substitution example (docs/worked-examples.md): x = 1/t with σ = sign x, so the answer is right for x < −1 as well as x > 1.
        var f = ExpressionParser.Parse("1/(x*Math.Sqrt(x*x - 1))");
        var outcome = IntegralEngine.Antiderivative(new AntiderivativeJob(f, "x", new[] { "x" }, NumericType.Double), default);
        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Contains(outcome.Result!.Steps, s => s.Contains("reciprocal substitution x = 1/t", StringComparison.Ordinal));
        var derivative = Differentiator.Differentiate(outcome.Result.Antiderivative, "x", new Budget(default));
        foreach (double x in new[] { -7.5, -2.2, -1.1, 1.05, 1.9, 3.3, 40 })
        {
            double fx = Evaluator.Evaluate(f, "x", x), dx = Evaluator.Evaluate(derivative, "x", x);
            Assert.True(Math.Abs(dx - fx) <= 1e-12 * Math.Abs(fx), $"F'({x}) = {dx:R}, f({x}) = {fx:R}");
        }
    }

    [Fact]
    public void The_rectified_sine_integrates_continuously_across_its_zeros()
    {
        var f = ExpressionParser.Parse("Math.Abs(Math.Sin(x))");
        var outcome = IntegralEngine.Antiderivative(new AntiderivativeJob(f, "x", new[] { "x" }, NumericType.Double), default);
        Assert.True(outcome.Succeeded, outcome.Message);
        double F(double x) => Evaluator.Evaluate(outcome.Result!.Antiderivative, "x", x);
        for (int k = -3; k <= 3; k++)
        {
            // ∫₀^{kπ} |sin| = 2k, and no step at the zero itself or next to it.
            double zero = k * Math.PI;
            Assert.Equal(2.0 * k, F(zero), 9);
            Assert.Equal(F(zero - 1e-9), F(zero + 1e-9), 8);
        }
    }

    [Fact]
    public void Rounding_bound_covers_cancellation_and_is_infinite_off_the_domain()
    {
        var budget = new Budget(default);
        // (x + 1e-9) − x: the true value is 1e-9, the computed one is off by up to ε·|x|.
        var difference = new CompiledExpression(ExpressionParser.Parse("(x + 0.000000001) - x"), new[] { "x" }, budget);
        double value = difference.EvaluateWithError(new[] { 12345.678 }, out double error);
        Assert.True(Math.Abs(value - 1e-9) <= error, $"{value:R} ± {error:R}");
        Assert.True(error < 1e-11, $"{error:R}");
        var exact = new CompiledExpression(ExpressionParser.Parse("x * x"), new[] { "x" }, budget);
        exact.EvaluateWithError(new[] { 3.0 }, out double small);
        Assert.True(small <= 1e-14, $"{small:R}"); // a few roundings of 9, nothing carried
        // √(x − 1.1) at x = 1.1: the rounded constant's error ball reaches below 0.
        var root = new CompiledExpression(ExpressionParser.Parse("Math.Sqrt(x - 1.1)"), new[] { "x" }, budget);
        root.EvaluateWithError(new[] { 1.1 }, out double offDomain);
        Assert.True(double.IsPositiveInfinity(offDomain), $"{offDomain:R}");
    }

    /// <summary>
    /// The numeric rules (partial fractions over the complex numbers, oscillating Gaussians, the incomplete gamma function)
    /// meet symbolic parameters in users' integrands: they decline, or answer, and never throw (an exception out of the
    /// engine would drop the generator's output).
    /// </summary>
    [Theory]
    [InlineData("a*Math.Exp(-x*x)*Math.Cos(3*x)")]
    [InlineData("Math.Exp(-x*x)*Math.Cos(a*x)")]
    [InlineData("x*x*Math.Exp(a*Math.Pow(x, 3))")]
    [InlineData("Math.Exp(a*Math.Pow(x, 3) + 2)")]
    [InlineData("x/(a + Math.Exp(2*x))")]
    [InlineData("x/(2 + Math.Exp(2*x + a))")]
    [InlineData("x/(a + Math.Sin(x))")]
    [InlineData("x/(2 + Math.Sin(x + a))")]
    [InlineData("x*x/(1 + Math.Exp(x) + a*Math.Exp(2*x))")]
    public void Numeric_rules_decline_symbolic_parameters_without_throwing(string integrand)
    {
        var f = ExpressionParser.Parse(integrand);
        var found = IntegralEngine.Find(f, "x", new[] { "x", "a" }, new Budget(default, IntegralEngine.MaxSteps), out var emitted, out _, out _);
        if (found is not null) Assert.NotNull(emitted);
    }

    /// <summary>√(3 − 2/x)/√(2 − 3x) = √(−1/x) (real for x &lt; 0 only): roots whose quotient reduces are combined first.</summary>
    [Fact]
    public void Roots_whose_quotient_reduces_are_combined()
    {
        var f = ExpressionParser.Parse("Math.Sqrt(3 - 2/x)/(Math.Pow(x, 2)*Math.Sqrt(2 - 3*x))");
        var found = IntegralEngine.Find(f, "x", new[] { "x" }, new Budget(default, IntegralEngine.MaxSteps), out var emitted, out _, out string? problem);
        Assert.True(found is not null, problem);
        Assert.Contains("CombinedRadicals", found!.Step.Rules());
        var derivative = Differentiator.Differentiate(emitted!, "x", new Budget(default));
        foreach (double x in new[] { -3.1, -1.7, -0.6, -0.05 })
        {
            double fx = Evaluator.Evaluate(f, "x", x);
            Assert.Equal(fx, Evaluator.Evaluate(derivative, "x", x), 1e-9 * Math.Abs(fx));
        }
    }
}
