using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using Xunit.Abstractions;
using static CompileTimeCalculus.Engine.Tests.Programs.ProgramBuilder;

namespace CompileTimeCalculus.Engine.Tests.Programs;

public class GradientEngineTests
{
    private readonly ITestOutputHelper _output;

    public GradientEngineTests(ITestOutputHelper output) => _output = output;

    internal static GradientResult Gradient(Program program, params string[] parameters)
    {
        var arrayTypes = program.Parameters.Where(p => p.Kind == ParameterKind.Array).ToDictionary(p => p.Name, _ => NumericType.Double);
        var outcome = GradientEngine.Run(new GradientJob(program, parameters, NumericType.Double, arrayTypes), default);
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome.Result!;
    }

    [Fact]
    public void Log_loss_accumulates_without_storing()
    {
        var b = new ProgramBuilder();
        string w = b.Array("w");
        var bias = b.Scalar("b");
        string x = b.Array("x");
        var y = b.Scalar("y");
        var program = b.Build(
            Let("z", bias),
            For("i", IntExpr.Zero, Length(w), Let("z", Expr.Add(V("z"), Expr.Multiply(b.Element(w, I("i")), b.Element(x, I("i")))))),
            Let("p", Expr.Divide(Expr.One, Expr.Add(Expr.One, Expr.Exp(Expr.Negate(V("z")))))),
            Return(Expr.Negate(Expr.Add(Expr.Multiply(y, Expr.Log(V("p"))), Expr.Multiply(Expr.Subtract(Expr.One, y), Expr.Log(Expr.Subtract(Expr.One, V("p"))))))));
        var result = Gradient(program, "w", "b");
        foreach (var line in result.Code.Lines) _output.WriteLine(line);
        Assert.Equal(0, result.Adjoint.Pushes);
    }
}
