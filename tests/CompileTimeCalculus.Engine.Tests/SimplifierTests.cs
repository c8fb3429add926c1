using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CsCheck;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests;

public class SimplifierTests
{
    private static readonly Expr X = Var("x");

    [Fact] public void Like_terms_are_collected() => Assert.Equal(Multiply(Num(2), X), Add(X, X));
    [Fact] public void Equal_bases_multiply_into_a_power() => Assert.Equal(Power(X, Num(2)), Multiply(X, X));
    [Fact] public void A_number_distributes_over_a_sum_so_terms_cancel() => Assert.Equal(Multiply(Num(2), X), Subtract(Multiply(Num(2), Add(X, One)), Num(2)));
    [Fact]
    public void Exp_of_log_and_log_of_exp_cancel()
    {
        Assert.Equal(X, Exp(Log(X)));
        Assert.Equal(X, Log(Exp(X)));
    }
    [Fact] public void Zero_times_anything_is_zero() => Assert.Equal(Zero, Multiply(Zero, Log(X)));
    [Fact] public void Power_of_zero_is_one() => Assert.Equal(One, Power(X, Zero));
    [Fact] public void Integer_powers_of_powers_multiply() => Assert.Equal(Power(X, Num(6)), Power(Power(X, Num(2)), Num(3)));
    [Fact] public void Square_root_squared_is_the_radicand() => Assert.Equal(X, Power(Sqrt(X), Num(2)));
    [Fact] public void Square_root_of_a_square_is_not_simplified_to_x() => Assert.NotEqual(X, Sqrt(Power(X, Num(2))));
    // x^(3/2) needs x ≥ 0 (Math.Pow is NaN below), where any power of it multiplies the exponents; so does ∛.
    [Fact] public void Powers_of_fractional_powers_multiply() => Assert.Equal(Sqrt(X), Power(Power(X, Rational(3, 2)), Rational(1, 3)));
    [Fact] public void Cube_root_of_a_fractional_power_divides_the_exponent() => Assert.Equal(Sqrt(X), Call(Function.Cbrt, Power(X, Rational(3, 2))));
    // max(x, min(x, 3)) is x: its derivative at x = 3 is 1, which the unsimplified tie convention gets wrong.
    [Fact]
    public void Max_and_min_absorb_each_other()
    {
        Assert.Equal(X, Call(Function.Max, X, Call(Function.Min, X, Num(3))));
        Assert.Equal(X, Call(Function.Max, Call(Function.Min, Num(3), X), X));
        Assert.Equal(X, Call(Function.Min, X, Call(Function.Max, Num(3), X)));
        Assert.Equal(Call(Function.Min, X, Num(3)), Call(Function.Min, X, Call(Function.Min, X, Num(3))));
        Assert.Equal(Call(Function.Max, Num(3), X), Call(Function.Max, Call(Function.Max, Num(3), X), X));
    }
    [Fact]
    public void A_sum_over_a_multiple_of_itself_is_a_number()
    {
        var lnX = Log(X);
        Assert.Equal(Num(-1), Divide(Subtract(One, lnX), Subtract(lnX, One)));
        Assert.Equal(Rational(-1, 2), Divide(Subtract(One, lnX), Subtract(Multiply(Num(2), lnX), Num(2))));
        Assert.IsType<PowerExpr>(Multiply(Subtract(One, lnX), Subtract(lnX, One), Num(-1))); // (1 − ln x)²
        Assert.NotEqual(Num(-1), Divide(Sqrt(Subtract(One, X)), Sqrt(Subtract(X, One)))); // not for fractional powers
    }
    [Fact]
    public void Sine_and_cosine_of_multiples_of_a_right_angle_are_exact()
    {
        Assert.Equal(Zero, Call(Function.Sin, Pi));
        Assert.Equal(Num(-1), Call(Function.Cos, Pi));
        Assert.Equal(Num(-1), Call(Function.Sin, Multiply(Rational(3, 2), Pi)));
        Assert.IsType<CallExpr>(Call(Function.Sin, Multiply(Rational(1, 3), Pi)));
    }
    [Fact] public void Logarithms_of_perfect_powers_take_the_exponent_out() => Assert.Equal(Multiply(Num(3), Log(Num(2))), Log(Num(8)));
    [Fact]
    public void Sign_of_an_odd_power_is_the_sign_of_its_base()
    {
        Assert.Equal(Call(Function.Sign, X), Call(Function.Sign, Power(X, Num(3))));
        Assert.NotEqual(Call(Function.Sign, X), Call(Function.Sign, Power(X, Num(2))));
    }
    [Fact] public void Exponentials_multiply_by_adding_exponents() => Assert.Equal(One, Multiply(Exp(X), Exp(Negate(X))));
    [Fact]
    public void Even_and_odd_functions_take_the_sign_out()
    {
        Assert.Equal(Call(Function.Cos, X), Call(Function.Cos, Negate(X)));
        Assert.Equal(Negate(Call(Function.Sin, X)), Call(Function.Sin, Negate(X)));
    }
    [Fact]
    public void Decimal_literals_are_exact_rationals()
    {
        var sum = Add(Num(0.1), Num(0.2));
        Assert.Equal(Rational(3, 10), sum);
        Assert.True(((NumberExpr)sum).Value.IsExact);
    }
    [Fact] public void Long_decimals_stay_inexact() => Assert.False(((NumberExpr)Num(6.283185307179586)).Value.IsExact);
    [Fact] public void Perfect_roots_of_rationals_fold() => Assert.Equal(Rational(3, 2), Sqrt(Rational(9, 4)));
    [Fact] public void Irrational_roots_stay_symbolic() => Assert.IsType<PowerExpr>(Sqrt(Num(2)));
    [Fact]
    public void Canonical_order_makes_commuted_expressions_equal()
    {
        var a = Add(Multiply(Call(Function.Sin, X), Exp(X)), Power(X, Num(3)));
        var b = Add(Power(X, Num(3)), Multiply(Exp(X), Call(Function.Sin, X)));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
    [Fact] public void Max_of_equal_arguments_is_that_argument() => Assert.Equal(X, Call(Function.Max, X, X));
    [Fact]
    public void Math_printer_reads_like_math() =>
        Assert.Equal("e^(-x) / (1 + e^(-x))^2", MathPrinter.Print(Divide(Exp(Negate(X)), Square(Add(One, Exp(Negate(X)))))));

    [Fact]
    public void Variables_are_cached_sorted_and_shared_with_the_child_that_reads_them_all()
    {
        var y = Var("y");
        var inner = Multiply(X, y);
        var e = Add(inner, Call(Function.Sin, X));
        Assert.Equal(new[] { "x", "y" }, e.Variables);
        Assert.True(e.DependsOn("y") && !e.DependsOn("z") && e.HasVariables);
        Assert.False(Multiply(Pi, Num(2)).HasVariables);
        Assert.Same(inner.Variables, e.Variables);
    }

    [Fact]
    public void Variables_are_what_a_walk_of_the_tree_finds() =>
        RandomExpressions.Tree(5).Sample(e =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            CompileTimeCalculus.Engine.Programs.ExprVariables.Collect(e, names);
            var walked = names.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(walked, e.Variables);
        }, iter: 500);
}
