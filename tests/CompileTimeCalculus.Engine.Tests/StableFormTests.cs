using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>
/// Stable forms whose textbook side is NaN or ∞ at the point tested although the value is finite: each rewrite is
/// evaluated there against a closed form worked out by hand, and at a moderate point against the textbook form.
/// </summary>
public class StableFormTests
{
    private static readonly Expr U = Var("u");

    private static double At(Expr e, double u) => Evaluator.Evaluate(e, new Dictionary<string, double> { ["u"] = u });

    private static void AssertStable(Expr textbook, double extreme, double expected, double moderate = 0.7)
    {
        var stable = StableForms.Rewrite(textbook, new Budget(default));
        Assert.NotEqual(textbook, stable);
        Assert.False(double.IsFinite(At(textbook, extreme)) && Math.Abs(At(textbook, extreme) - expected) <= 1e-12 * Math.Abs(expected),
            "the textbook form is already fine at the extreme point; the test shows nothing");
        Assert.Equal(expected, At(stable, extreme), 1e-12 * Math.Abs(expected));
        Assert.Equal(At(textbook, moderate), At(stable, moderate), 1e-13);
    }

    [Fact]
    public void Log_of_a_constant_plus_a_power_of_cosh_where_cosh_overflows() =>
        // ln(3/2 + cosh²u) = 2·ln cosh u + log1p(1.5·sech²u); at u = 800: 2·(800 − ln 2) (cosh² 800 is ∞ in double).
        AssertStable(Log(Add(Rational(3, 2), Square(Call(Function.Cosh, U)))), 800, 2 * (800 - Math.Log(2)), moderate: 1.3);

    [Fact]
    public void Log_of_root_tanh_minus_one_where_the_root_rounds_to_one() =>
        // ln|√(tanh u) − 1| = ln(1 − tanh u) − ln(1 + √(tanh u)); at u = 20 (tanh rounds to 1): ln 2 − 40 − ln 2 = −40.
        AssertStable(Log(Call(Function.Abs, Subtract(Sqrt(Call(Function.Tanh, U)), One))), 20, -40);

    [Fact]
    public void Log_of_cosh_minus_one_where_cosh_overflows() =>
        // ln|cosh u − 1| = ln cosh u + log1p(−sech u); at u = 800: 800 − ln 2.
        AssertStable(Log(Call(Function.Abs, Subtract(Call(Function.Cosh, U), One))), 800, 800 - Math.Log(2), moderate: 1.3);

    [Fact]
    public void Sinh_over_a_power_of_one_plus_sinh_squared_where_both_overflow() =>
        // sinh u/(1 + sinh²u)³ = tanh u·cosh⁻⁵u; at u = 800: 0 (∞/∞ in double).
        AssertStable(Multiply(Call(Function.Sinh, U), Power(Add(One, Square(Call(Function.Sinh, U))), Num(-3))), 800, 0, moderate: 1.1);

    [Fact]
    public void Log_of_sinh_where_sinh_overflows() =>
        // ln|sinh 800| = 800 − ln 2 + ln(1 − e^(−1600)) = 800 − ln 2 (sinh 800 is ∞ in double).
        AssertStable(Log(Call(Function.Abs, Call(Function.Sinh, U))), 800, 800 - Math.Log(2), moderate: 1.7);

    [Fact]
    public void Cosh_over_sinh_where_both_overflow() =>
        // u·cosh u/sinh u = u·coth u; at u = 800: 800 (∞/∞ in double).
        AssertStable(Multiply(U, Call(Function.Cosh, U), Power(Call(Function.Sinh, U), Num(-1))), 800, 800);

    [Fact]
    public void Log_of_a_shifted_scaled_exponential_where_the_exponential_overflows() =>
        // ln(4 + 5e^u) = ln 5 + u + log1p(0.8·e^(−u)); at u = 800: ln 5 + 800 (e^800 is ∞ in double).
        AssertStable(Log(Add(Num(4), Multiply(Num(5), Exp(U)))), 800, Math.Log(5) + 800, moderate: 1.3);

    [Fact]
    public void Log_of_a_shifted_exponential_of_opposite_sign_where_the_exponential_overflows() =>
        // ln|5e^u − 3| = ln 5 + u + log1p(−0.6·e^(−u)); at u = 800: ln 5 + 800.
        AssertStable(Log(Call(Function.Abs, Add(Num(-3), Multiply(Num(5), Exp(U))))), 800, Math.Log(5) + 800, moderate: 1.3);

    [Fact]
    public void Log_of_a_ratio_near_one()
    {
        // ln|(u − 3)/(u + 2)| = log1p(−5/(u + 2)); at u = 1e17: −5e-17 (the ratio rounds to 1, ln to 0).
        AssertStable(Log(Call(Function.Abs, Divide(Subtract(U, Num(3)), Add(U, Num(2))))), 1e17, -5 / (1e17 + 2), moderate: 20);
    }

    [Fact]
    public void Log_of_one_plus_coth_where_coth_rounds_to_minus_one()
    {
        // ln|6 + 6·coth u| = ln 6 + u − ln|sinh u|; at u = −30: ln 12 − 60 (6 + 6·coth(−30) is 0 in double).
        var coth = Power(Call(Function.Tanh, U), Num(-1));
        AssertStable(Log(Call(Function.Abs, Add(Num(6), Multiply(Num(6), coth)))), -30, Math.Log(12) - 60);
    }

    [Fact]
    public void Log_of_a_multiple_of_sech_squared_where_tanh_squared_rounds_to_one()
    {
        // ln(3 − 3·tanh²u) = ln 3 − 2·ln cosh u; at u = 40: ln 3 − 80 + 2·ln 2 (3 − 3·tanh²40 is 0 in double).
        AssertStable(Log(Subtract(Num(3), Multiply(Num(3), Square(Call(Function.Tanh, U))))), 40, Math.Log(3) - 80 + 2 * Math.Log(2));
    }

    [Fact]
    public void Log_of_a_logistic_product_where_the_exponential_overflows()
    {
        // ln(2/(1 + e^u)) = ln 2 − softplus(u); at u = 800: ln 2 − 800 (e^800 is ∞, the quotient 0).
        AssertStable(Log(Divide(Num(2), Add(One, Exp(U)))), 800, Math.Log(2) - 800);
    }

    [Fact]
    public void Log_sigmoid_keeps_its_digits_where_the_difference_cancels()
    {
        // u − ln(1 + e^u) = −ln(1 + e^(−u)); at u = 40: −e^(−40) (the difference of 40 and 40 + 4e-18 is 0 in double).
        AssertStable(Subtract(U, Log(Add(One, Exp(U)))), 40, -Math.Exp(-40));
    }

    [Fact]
    public void Log_of_a_root_ratio_minus_one_where_the_ratio_rounds_to_one()
    {
        // ln|√2·cosh u/√(3 + 2cosh²u) − 1| = ln(3/((3 + 2cosh²u)(1 + √2·cosh u/√(3 + 2cosh²u)))); at u = 30: ln 3 − 60
        // (the ratio rounds to 1 and the textbook logarithm is −∞).
        var cosh = Call(Function.Cosh, U);
        var ratio = Multiply(Sqrt(Num(2)), cosh, Power(Add(Num(3), Multiply(Num(2), Square(cosh))), Rational(-1, 2)));
        AssertStable(Log(Call(Function.Abs, Subtract(ratio, One))), 30, Math.Log(3) - 60);
    }

    [Fact]
    public void Log_of_an_exponential_over_a_root_of_one_plus_its_square()
    {
        // ln(e^u/√(1 + e^(2u))) = −ln(1 + e^(−2u))/2; at u = 40: −e^(−80)/2 (the quotient rounds to 1, its logarithm to 0).
        AssertStable(Log(Divide(Exp(U), Sqrt(Add(One, Exp(Multiply(Num(2), U)))))), 40, -Math.Exp(-80) / 2);
    }

    [Fact]
    public void Dilogarithm_of_minus_an_overflowing_exponential()
    {
        // Li₂(−e^u) = −π²/6 − u²/2 − Li₂(−e^(−u)); at u = 800 the last term is −e^(−800) ≈ 0.
        AssertStable(Call(Function.Dilogarithm, Negate(Exp(U))), 800, -Math.PI * Math.PI / 6 - 320000);
    }

    [Fact]
    public void Log_of_one_minus_tanh_where_tanh_rounds_to_one()
    {
        // ln(1 − tanh u) = −u − ln cosh u; at u = 40: −80 + ln 2 (1 − tanh 40 is 0 in double).
        AssertStable(Log(Subtract(One, Call(Function.Tanh, U))), 40, Math.Log(2) - 80);
    }

    [Fact]
    public void Artanh_of_a_normalized_argument_is_arsinh()
    {
        // artanh(u/√(1 + u²)) = arsinh u; at u = 1e10 the argument rounds to 1 and artanh to ∞.
        AssertStable(Call(Function.Atanh, Multiply(U, Power(Add(One, Square(U)), Rational(-1, 2)))), 1e10, Math.Asinh(1e10));
    }

    [Fact]
    public void Log_of_a_constant_plus_an_exponential_does_not_overflow()
    {
        // ln(7 + e^u) = u + log1p(7·e^(−u)); at u = 800, e^u is ∞.
        AssertStable(Log(Add(Num(7), Exp(U))), 800, 800 + 7 * Math.Exp(-800));
    }
}
