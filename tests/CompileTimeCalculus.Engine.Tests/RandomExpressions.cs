using CompileTimeCalculus.Engine.Ir;
using CsCheck;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>Random expression trees over x (the variable) and y (held constant), for property tests.</summary>
public static class RandomExpressions
{
    private static readonly Expr X = Var("x");
    private static readonly Expr Y = Var("y");

    private static readonly Gen<Expr> Leaf = Gen.Int[0, 9].Select(k => k switch
    {
        0 or 1 or 2 => X,
        3 => Y,
        4 => Num(2),
        5 => Num(3),
        6 => Rational(1, 2),
        7 => Rational(3, 2),
        8 => Pi,
        _ => Num(0.7),
    });

    private static readonly Function[] Unary =
    {
        Function.Exp, Function.Log, Function.Sin, Function.Cos, Function.Tan, Function.Atan, Function.Sinh, Function.Cosh,
        Function.Tanh, Function.Asinh, Function.Abs, Function.Cbrt, Function.Asin, Function.Acos, Function.Atanh, Function.Acosh,
    };

    private static readonly Expr[] Exponents = { Num(2), Num(3), Num(-1), Num(-2), Rational(1, 2), Rational(3, 2), Rational(-1, 2) };

    public static Gen<Expr> Tree(int depth)
    {
        if (depth <= 0) return Leaf;
        var sub = Tree(depth - 1);
        return Gen.Int[0, 16].SelectMany(kind => kind switch
        {
            0 or 1 => Gen.Select(sub, sub, Add),
            2 => Gen.Select(sub, sub, Subtract),
            3 or 4 => Gen.Select(sub, sub, Multiply),
            5 => Gen.Select(sub, sub, Divide),
            6 or 7 or 8 => Gen.Select(Gen.Int[0, Unary.Length - 1], sub, (f, a) => Call(Unary[f], a)),
            9 => Gen.Select(Gen.Int[0, Exponents.Length - 1], sub, (e, a) => Power(a, Exponents[e])),
            10 => Gen.Select(sub, sub, (a, b) => Power(Exp(a), b)),
            11 => Gen.Select(sub, sub, (a, b) => Call(Function.Atan2, a, b)),
            12 => Gen.Select(sub, sub, (a, b) => Call(Function.Max, a, b)),
            13 => Gen.Select(sub, sub, (a, b) => Call(Function.Min, a, b)),
            14 => Gen.Select(sub, sub, sub, (t, a, b) => Conditional(Compare(ComparisonOperator.Greater, t, Num(0.25)), a, b)),
            15 => Gen.Select(sub, a => Power(Num(2), a)),
            _ => sub,
        });
    }
}
