using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;
using Xunit.Abstractions;

public class Smoke(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        var x = Var("x");
        var fs = new[]
        {
            Log(Add(One, Exp(x))),
            Reciprocal(Add(One, Exp(Negate(x)))),
            Multiply(Sqrt(x), Exp(Sqrt(x))),
            Divide(Square(x), Sqrt(Subtract(One, Square(x)))),
            Call(Function.Sin, Call(Function.Cos, Multiply(Num(3), x))),
            Multiply(Rational(1, 2), x, Add(One, Call(Function.Tanh, Multiply(Num(0.7978845608028654), Add(x, Multiply(Num(0.044715), Power(x, Num(3)))))))),
        };
        foreach (var f in fs)
        {
            var d = Differentiator.Differentiate(f, "x", new Budget(default));
            var body = CSharpEmitter.Emit(new[] { d }, NumericType.Double, new[] { "x" }, new Budget(default));
            output.WriteLine("f = " + f + "   f' = " + d);
            foreach (var l in body.Locals) output.WriteLine("    " + l);
            output.WriteLine("    return " + body.Results[0] + ";");
        }
    }
}
