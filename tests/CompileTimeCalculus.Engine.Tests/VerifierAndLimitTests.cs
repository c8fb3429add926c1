using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Verification;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests;

public class VerifierAndLimitTests
{
    private static readonly Expr X = Var("x");

    [Fact]
    public void Verifier_accepts_a_correct_derivative()
    {
        var f = Call(Function.Sin, Multiply(Num(3), X));
        var result = NumericVerifier.CheckDerivative(f, Multiply(Num(3), Call(Function.Cos, Multiply(Num(3), X))), "x", new[] { "x" }, new Budget(default));
        Assert.True(result.Passed);
        Assert.True(result.AgreeingPoints >= 20);
    }

    [Fact]
    public void Verifier_rejects_a_missing_chain_rule_coefficient()
    {
        var f = Call(Function.Sin, Multiply(Num(3), X));
        var result = NumericVerifier.CheckDerivative(f, Call(Function.Cos, Multiply(Num(3), X)), "x", new[] { "x" }, new Budget(default));
        Assert.False(result.Passed);
        Assert.Contains("finite differences give", result.Explanation);
    }

    /// <summary>
    /// ∫ 2|cos x| dx = 2·sin(x − kπ) + 4k with k = ⌊(x + π/2)/π⌋: the jump check must pass the right form although the
    /// integrand has a kink in every interval it integrates over, and refuse the form without 4k, whose slope is right
    /// everywhere but which drops by 4 at every kink.
    /// </summary>
    [Fact]
    public void Jump_check_passes_a_periodic_antiderivative_over_kinks_and_refuses_one_that_drops()
    {
        var f = Multiply(Num(2), Call(Function.Abs, Call(Function.Cos, X)));
        var k = Call(Function.Floor, Divide(Add(X, Divide(Pi, Num(2))), Pi));
        var drops = Multiply(Num(2), Call(Function.Sin, Subtract(X, Multiply(Pi, k))));
        var right = Add(drops, Multiply(Num(4), k));
        var accepted = CompileTimeCalculus.Engine.Integration.AntiderivativeVerifier.Check(f, right, "x", new[] { "x" }, new Budget(default));
        Assert.True(accepted.Passed, accepted.Explanation);
        var refused = CompileTimeCalculus.Engine.Integration.AntiderivativeVerifier.Check(f, drops, "x", new[] { "x" }, new Budget(default));
        Assert.False(refused.Passed);
        Assert.Contains("jumps", refused.Explanation);
    }

    [Fact]
    public void Verifier_ignores_the_kink_but_still_checks_elsewhere()
    {
        var f = Call(Function.Abs, X);
        var result = NumericVerifier.CheckDerivative(f, Call(Function.Sign, X), "x", new[] { "x" }, new Budget(default));
        Assert.True(result.Passed);
    }

    [Fact]
    public void A_function_finite_nowhere_cannot_be_verified()
    {
        var f = Log(Subtract(Negate(One), Square(X)));
        var outcome = DerivativeEngine.Run(new DerivativeJob(f, "x", new[] { "x" }, 1, NumericType.Double), default);
        Assert.Equal(EngineProblemKind.VerificationFailed, outcome.Problem);
    }

    [Fact]
    public void Trees_deeper_than_the_limit_are_refused_not_overflowed()
    {
        Expr e = X;
        Assert.Throws<ExpressionLimitException>(() =>
        {
            for (int i = 0; i < 10_000; i++) e = Call(Function.Sin, e);
        });
    }

    [Fact]
    public void Deep_but_legal_trees_differentiate_without_overflowing_the_stack()
    {
        Expr e = X;
        for (int i = 0; i < 400; i++) e = Call(Function.Sin, e);
        var outcome = DerivativeEngine.Run(new DerivativeJob(e, "x", new[] { "x" }, 1, NumericType.Double), default);
        Assert.True(outcome.Succeeded || outcome.Problem == EngineProblemKind.LimitExceeded, outcome.Message);
    }

    [Fact]
    public void Exploding_derivatives_hit_the_budget()
    {
        // x^x^x^... grows its derivative quickly; the work budget must stop it with a problem, not run away.
        Expr e = X;
        for (int i = 0; i < 60; i++) e = Power(Add(e, Num(i + 1)), Add(X, e));
        var outcome = DerivativeEngine.Run(new DerivativeJob(e, "x", new[] { "x" }, 3, NumericType.Double), default);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        Expr e = X;
        for (int i = 0; i < 200; i++) e = Add(Call(Function.Sin, Multiply(e, Num(i + 2))), Call(Function.Cos, e));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DerivativeEngine.Run(new DerivativeJob(e, "x", new[] { "x" }, 1, NumericType.Double), cts.Token));
    }

    [Fact]
    public void An_integrand_with_a_parameter_never_throws_out_of_the_integrator()
    {
        // Found by the fuzzer: a substitution's jump at infinity evaluated e^(y·x) without a value for y (CALC901).
        var f = ExpressionParser.Parse("Math.Atan(x) / Math.Cosh(x) + 2 * Math.Exp(y * x) * Math.Cos(x) + 4 * x / Math.Sqrt(x * x + 1)");
        var outcome = IntegralEngine.Antiderivative(new AntiderivativeJob(f, "x", new[] { "x", "y" }, NumericType.Double), default);
        Assert.False(outcome.Succeeded); // arctan(x)·sech(x) has no closed form: a limit or no closed form, never an exception
    }
}

/// <summary>
/// The evaluator stands in for the runtime's Math functions (netstandard2.0 has no Math.Asinh, Acosh, Atanh, Cbrt): the
/// verifiers compare emitted code with the written body through it, so it must return what .NET returns, far out and
/// near 0 included (asinh as ln(u + √(u² + 1)) was ∞ from 1e154 on, and let a wrong derivative through).
/// </summary>
public class EvaluatorFidelityTests
{
    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-10)]
    [InlineData(0.3)]
    [InlineData(0.999999)]
    [InlineData(2.5)]
    [InlineData(1e10)]
    [InlineData(1e154)]
    [InlineData(1e300)]
    public void Inverse_hyperbolic_functions_and_cube_roots_match_the_runtime(double magnitude)
    {
        foreach (double u in new[] { magnitude, -magnitude })
        {
            Close(Math.Asinh(u), Evaluator.Apply(Function.Asinh, u, 0), $"asinh({u})");
            Close(Math.Cbrt(u), Evaluator.Apply(Function.Cbrt, u, 0), $"cbrt({u})");
            if (Math.Abs(u) < 1) Close(Math.Atanh(u), Evaluator.Apply(Function.Atanh, u, 0), $"atanh({u})");
            if (u >= 1) Close(Math.Acosh(u), Evaluator.Apply(Function.Acosh, u, 0), $"acosh({u})");
        }
        if (magnitude > 1) Close(Math.Acosh(1 + 1e-10), Evaluator.Apply(Function.Acosh, 1 + 1e-10, 0), "acosh(1 + 1e-10)");
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 4e-15 * Math.Abs(expected) + 1e-320, $"{what}: {actual:R}, runtime {expected:R}");
}
