namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Parameters named like C# keywords (@in, @out, @base) are written with their @ wherever emitted code names them: in
/// derivatives, derivatives of loops, antiderivatives and WithRespectTo. They used to be printed bare (emitted code that
/// did not compile) or to stop the engine (CALC901).
/// </summary>
public class KeywordParameterTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class P
        {
            [Derivative] public static double F(double @in) => Math.Sin(@in) * @in;
            [Derivative(WithRespectTo = nameof(@out))] public static double G(double @in, double @out) => Math.Exp(@in * @out);
            [Derivative] public static double H(double[] @in, double x) { double s = 0; for (int i = 0; i < @in.Length; i++) s += @in[i] * x * x; return s; }
            [Antiderivative] public static double A(double @base) => Math.Cos(2 * @base);
        }
        """;

    [Fact]
    public void Keyword_named_parameters_compile_and_give_the_right_values()
    {
        var (output, _) = Harness.Generate(Source);
        Harness.AssertNoErrorsOrWarnings(output);
        var type = Harness.Load(output).GetType("P")!;
        double Call(string name, params object[] args) => (double)type.GetMethod(name)!.Invoke(null, args)!;
        Assert.Equal(0.7 * Math.Cos(0.7) + Math.Sin(0.7), Call("FDerivative", 0.7), 14);
        Assert.Equal(0.7 * Math.Exp(0.7 * -0.4), Call("GDerivative", 0.7, -0.4), 14);
        Assert.Equal(2 * 1.5 * (0.25 - 1.0 + 3.0), Call("HDerivative", new[] { 0.25, -1.0, 3.0 }, 1.5), 12);
        Assert.Equal(Math.Sin(2 * 0.3) / 2, Call("AAntiderivative", 0.3), 14);
        Assert.DoesNotContain(Harness.Analyze(Source), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }
}
