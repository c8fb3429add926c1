using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests;

public class DifferentiatorTests
{
    private static readonly Expr X = Var("x");

    private static Expr D(Expr e, string v = "x") => Differentiator.Differentiate(e, v, new Budget(default));

    [Fact] public void Power_rule() => Assert.Equal(Multiply(Num(3), Power(X, Num(2))), D(Power(X, Num(3))));
    [Fact] public void Chain_rule_keeps_the_inner_coefficient() => Assert.Equal(Multiply(Num(2), Exp(Multiply(Num(2), X))), D(Exp(Multiply(Num(2), X))));
    [Fact] public void Other_variables_are_constants() => Assert.Equal(Var("k"), D(Multiply(Var("k"), X)));
    [Fact]
    public void Sigmoid_derivative_has_the_textbook_shape()
    {
        var e = Exp(Negate(X));
        Assert.Equal(Divide(e, Square(Add(One, e))), D(Reciprocal(Add(One, e))));
    }
    [Fact]
    public void Softplus_derivative_is_the_logistic_function()
    {
        var e = Exp(X);
        Assert.Equal(Divide(e, Add(One, e)), D(Log(Add(One, e))));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(-2.0, -1.0)]
    public void Abs_follows_the_sign_convention_with_zero_at_zero(double x, double expected) =>
        Assert.Equal(expected, Evaluator.Evaluate(D(Call(Function.Abs, X)), "x", x));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Relu_derivative_is_zero_at_zero_whichever_way_max_is_written(bool constantFirst)
    {
        var relu = constantFirst ? Call(Function.Max, Zero, X) : Call(Function.Max, X, Zero);
        var d = D(relu);
        Assert.Equal(0.0, Evaluator.Evaluate(d, "x", 0.0));
        Assert.Equal(1.0, Evaluator.Evaluate(d, "x", 0.5));
        Assert.Equal(0.0, Evaluator.Evaluate(d, "x", -0.5));
    }

    [Fact]
    public void A_conditional_differentiates_the_branch_it_takes()
    {
        var relu = Conditional(Compare(ComparisonOperator.Greater, X, Zero), X, Zero);
        Assert.Equal(0.0, Evaluator.Evaluate(D(relu), "x", 0.0));
        Assert.Equal(1.0, Evaluator.Evaluate(D(relu), "x", 1e-9));
    }

    [Fact]
    public void Floor_and_sign_have_zero_derivative()
    {
        Assert.Equal(Zero, D(Call(Function.Floor, X)));
        Assert.Equal(Zero, D(Call(Function.Sign, X)));
    }

    [Fact]
    public void General_power_uses_the_logarithmic_rule() =>
        Assert.Equal(Multiply(Power(X, X), Add(One, Log(X))), D(Power(X, X)));

    [Fact]
    public void Atan2_derivatives_in_each_argument()
    {
        var y = Var("y");
        var angle = Call(Function.Atan2, y, X);
        var r2 = Add(Square(X), Square(y));
        Assert.Equal(Negate(Divide(y, r2)), D(angle, "x"));
        Assert.Equal(Divide(X, r2), D(angle, "y"));
    }
}

public class KinkConventionTests
{
    private static readonly Expr X = Expr.Var("x");

    public static TheoryData<double> Points => new() { -2.0, -1e-300, 0.0, 1e-300, 0.5, 3.0 };

    [Theory]
    [MemberData(nameof(Points))]
    public void Relu_written_three_ways_has_one_derivative_everywhere_including_zero(double x)
    {
        var max = Expr.Call(Function.Max, X, Expr.Zero);
        var conditional = Expr.Conditional(Expr.Compare(ComparisonOperator.Greater, X, Expr.Zero), X, Expr.Zero);
        var absolute = Expr.Divide(Expr.Add(X, Expr.Call(Function.Abs, X)), Expr.Num(2));
        double Derivative(Expr f) => Evaluator.Evaluate(Differentiator.Differentiate(f, "x", new Budget(default)), "x", x);
        double expected = x > 0 ? 1 : 0;
        Assert.Equal(expected, Derivative(max));
        Assert.Equal(expected, Derivative(conditional));
        Assert.Equal(expected, Derivative(absolute));
    }

    [Fact]
    public void Absolute_value_forms_of_max_and_min_are_recognized()
    {
        Assert.Equal(Expr.Call(Function.Max, X, Expr.Zero), Expr.Divide(Expr.Add(X, Expr.Call(Function.Abs, X)), Expr.Num(2)));
        Assert.Equal(Expr.Call(Function.Min, X, Expr.Zero), Expr.Divide(Expr.Subtract(X, Expr.Call(Function.Abs, X)), Expr.Num(2)));
    }
}
