using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>The analyzer that checks hand-written derivatives, antiderivatives and gradients, through the Roslyn harness.</summary>
public class HandWrittenCalculusTests
{
    private static async Task Verify(string members, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<HandWrittenCalculusAnalyzer, DefaultVerifier>
        {
            TestCode = "using System;\nusing CompileTimeCalculus;\npublic static partial class C\n{\n" + members + "\n}\n",
            ReferenceAssemblies = new ReferenceAssemblies("net8.0"),
        };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    [Fact]
    public Task Missing_chain_rule_coefficient_in_an_antiderivative_is_named() => Verify("""
            public static double Exp2(double x) => Math.Exp(2 * x);
            [AntiderivativeOf(nameof(Exp2))]
            public static double Exp2Integral(double x) => {|#0:Math.Exp(2 * x)|};
        """,
        new DiagnosticResult(DiagnosticDescriptors.MissingChainRuleCoefficient).WithLocation(0)
            .WithArguments("'Exp2Integral' is off by a constant factor of 2 from an antiderivative of 'Exp2': the chain-rule coefficient 1/2 of 'Math.Exp(2 * x)' is missing"));

    [Fact]
    public Task Missing_chain_rule_factor_in_a_derivative_is_named() => Verify("""
            public static double Wave(double x) => Math.Sin(3 * x);
            [DerivativeOf(nameof(Wave))]
            public static double WavePrime(double x) => {|#0:Math.Cos(3 * x)|};
        """,
        new DiagnosticResult(DiagnosticDescriptors.MissingChainRuleCoefficient).WithLocation(0)
            .WithArguments("'WavePrime' is off by a constant factor of 1/3 from the derivative of 'Wave': the chain-rule factor 3 of 'Math.Sin(3 * x)' is missing"));

    [Fact]
    public Task Gradient_elements_missing_the_power_rule_coefficient() => Verify("""
            public static double Mse(double w, double b, double x, double y) => (w * x + b - y) * (w * x + b - y);
            [GradientOf(nameof(Mse))]
            public static (double w, double b) MseGradient(double w, double b, double x, double y)
                => ({|#0:(w * x + b - y) * x|}, {|#1:w * x + b - y|});
        """,
        new DiagnosticResult(DiagnosticDescriptors.MissingChainRuleCoefficient).WithLocation(0)
            .WithArguments("the 'w' element of 'MseGradient' is off by a constant factor of 1/2 from ∂Mse/∂w: a coefficient 2 is missing"),
        new DiagnosticResult(DiagnosticDescriptors.MissingChainRuleCoefficient).WithLocation(1)
            .WithArguments("the 'b' element of 'MseGradient' is off by a constant factor of 1/2 from ∂Mse/∂b: a coefficient 2 is missing"));

    [Fact]
    public Task Dropped_sign_is_reported_as_a_sign_error() => Verify("""
            public static double InverseSquare(double x) => 1 / (x * x);
            [AntiderivativeOf(nameof(InverseSquare))]
            public static double InverseSquareIntegral(double x) => {|#0:1 / x|};
        """,
        new DiagnosticResult(DiagnosticDescriptors.MissingChainRuleCoefficient).WithLocation(0)
            .WithArguments("'InverseSquareIntegral' has the wrong sign: its derivative is the negative of 'InverseSquare' (a substitution's dx = -dt/t² sign is easy to drop)"));

    [Fact]
    public Task Missing_non_constant_inner_derivative_is_named() => Verify("""
            public static double LogQuadratic(double x) => Math.Log(x * x + 1);
            [DerivativeOf(nameof(LogQuadratic))]
            public static double LogQuadraticPrime(double x) => {|#0:1 / (x * x + 1)|};
        """,
        new DiagnosticResult(DiagnosticDescriptors.WrongHandWrittenCalculus).WithLocation(0)
            .WithArguments("'LogQuadraticPrime' is not the derivative of 'LogQuadratic': the inner derivative '2·x' of '1 + x^2' is missing (chain rule); at x = 1 it gives 0.5 instead of 1"));

    public static TheoryData<string, string> Mistakes => new()
    {
        { "a forgotten inner function", """
            public static double F(double x) => x * Math.Sqrt(x * x + 1);
            [AntiderivativeOf(nameof(F))] public static double G(double x) => {|CALC001:Math.Pow(x * x + 1, 1.5)|};
            """ },
        { "e^(2x+3)", """
            public static double F(double x) => Math.Exp(2 * x + 3);
            [AntiderivativeOf(nameof(F))] public static double G(double x) => {|CALC001:Math.Exp(2 * x + 3)|};
            """ },
        { "x e^(-x²) with the sign dropped", """
            public static double F(double x) => x * Math.Exp(-x * x);
            [AntiderivativeOf(nameof(F))] public static double G(double x) => {|CALC001:Math.Exp(-x * x) / 2|};
            """ },
        { "sin²x cos x without the 1/3", """
            public static double F(double x) => Math.Sin(x) * Math.Sin(x) * Math.Cos(x);
            [AntiderivativeOf(nameof(F))] public static double G(double x) => {|CALC001:Math.Pow(Math.Sin(x), 3)|};
            """ },
        { "a wrong inner function: 1/(1+x²) is not a ln substitution", """
            public static double F(double x) => 1 / (1 + x * x);
            [AntiderivativeOf(nameof(F))] public static double G(double x) => {|CALC301:Math.Log(1 + x * x)|};
            """ },
        { "a wrong derivative", """
            public static double F(double x) => x * x * x;
            [DerivativeOf(nameof(F))] public static double G(double x) => {|CALC301:3 * x|};
            """ },
        { "a wrong second derivative", """
            public static double F(double x) => Math.Sin(x);
            [DerivativeOf(nameof(F), Order = 2)] public static double G(double x) => {|CALC001:Math.Sin(x)|};
            """ },
        { "a wrong gradient element", """
            public static double F(double a, double b) => a * b + Math.Sin(a);
            [GradientOf(nameof(F))] public static (double a, double b) G(double a, double b) => ({|CALC301:b|}, a);
            """ },
        { "a gradient element named after nothing", """
            public static double F(double a, double b) => a * b;
            [GradientOf(nameof(F))] public static (double a, double q) G(double a, double b) => (b, {|CALC304:a|});
            """ },
        { "an unknown function", """
            [DerivativeOf({|CALC106:"Missing"|})] public static double G(double x) => x;
            """ },
        { "a variable that must be named", """
            public static double F(double x, double y) => x * y;
            [{|CALC104:DerivativeOf(nameof(F))|}] public static double G(double x, double y) => y;
            """ },
        { "the variable named", """
            public static double F(double x, double y) => x * x * y;
            [DerivativeOf(nameof(F), WithRespectTo = nameof(y))] public static double G(double x, double y) => {|CALC001:x * x / 2|};
            """ },
        { "float", """
            public static float F(float x) => MathF.Exp(2 * x);
            [AntiderivativeOf(nameof(F))] public static float G(float x) => {|CALC001:MathF.Exp(2 * x)|};
            """ },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Reports_the_common_mistakes(string name, string members)
    {
        _ = name;
        await Verify(members);
    }

    public static TheoryData<string, string> CorrectButDifferent => new()
    {
        { "σ' as σ(1 − σ)", "public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));\n[DerivativeOf(nameof(Sigmoid))] public static double D(double x) => Sigmoid(x) * (1 - Sigmoid(x));" },
        { "softplus' as a logistic", "public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));\n[DerivativeOf(nameof(Softplus))] public static double D(double x) => 1 / (1 + " +
            "Math.Exp(-x));" },
        { "an additive constant", "public static double F(double x) => Math.Exp(2 * x);\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Exp(2 * x) / 2 + 5;" },
        { "x e^(-x²)", "public static double F(double x) => x * Math.Exp(-x * x);\n[AntiderivativeOf(nameof(F))] public static double G(double x) => -Math.Exp(-x * x) / 2;" },
        { "ln x / x", "public static double F(double x) => Math.Log(x) / x;\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Log(x) * Math.Log(x) / 2;" },
        { "sin²x cos x", "public static double F(double x) => Math.Sin(x) * Math.Sin(x) * Math.Cos(x);\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Pow(Math.Sin(x), 3) " +
            "/ 3;" },
        { "x √(x²+1)", "public static double F(double x) => x * Math.Sqrt(x * x + 1);\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Pow(x * x + 1, 1.5) / 3;" },
        { "1/(1+x²)", "public static double F(double x) => 1 / (1 + x * x);\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Atan(x);" },
        { "tan' = 1 + tan²", "public static double F(double x) => Math.Tan(x);\n[DerivativeOf(nameof(F))] public static double D(double x) => 1 + Math.Tan(x) * Math.Tan(x);" },
        { "tanh' = 1/cosh²", "public static double F(double x) => Math.Tanh(x);\n[DerivativeOf(nameof(F))] public static double D(double x) => 1 / (Math.Cosh(x) * Math.Cosh(x));" },
        { "x^x through exp and log", "public static double F(double x) => Math.Pow(x, x);\n[DerivativeOf(nameof(F))] public static double D(double x) => Math.Exp(x * Math.Log(x)) * (Math.Log(x) + " +
            "1);" },
        { "root substitution (seed)", "public static double F(double x) => Math.Sqrt(x) * Math.Exp(Math.Sqrt(x));\n[AntiderivativeOf(nameof(F))] public static double G(double x) => 2 * (x - 2 * " +
            "Math.Sqrt(x) + 2) * Math.Exp(Math.Sqrt(x));" },
        { "trig substitution (seed)", "public static double F(double x) => x * x / Math.Sqrt(1 - x * x);\n[AntiderivativeOf(nameof(F))] public static double G(double x) => 0.5 * Math.Asin(x) - " +
            "0.5 * x * Math.Sqrt(1 - x * x);" },
        { "sigmoid from the logistic density (seed)", "public static double F(double t) => Math.Exp(-t) / ((1 + Math.Exp(-t)) * (1 + Math.Exp(-t)));\n[AntiderivativeOf(nameof(F))] public static " +
            "double G(double t) => 1 / (1 + Math.Exp(-t));" },
        { "softplus from the smooth ReLU derivative (seed)", "public static double F(double x) => Math.Exp(x) / (1 + Math.Exp(x));\n[AntiderivativeOf(nameof(F))] public static double G(double x) " +
            "=> Math.Log(1 + Math.Exp(x));" },
        { "discounted reward (seed)", "public static double F(double tau, double gamma, double beta) => gamma * tau * Math.Exp(-beta * tau);\n[AntiderivativeOf(nameof(F), WithRespectTo = " +
            "nameof(tau))] public static double G(double tau, double gamma, double beta) => -gamma * Math.Exp(-beta * tau) * (beta * tau + 1) / (beta * beta);" },
        { "MSE gradient", "public static double Mse(double w, double b, double x, double y) => (w * x + b - y) * (w * x + b - y);\n[GradientOf(nameof(Mse))] public static (double Value, double w, " +
            "double b) G(double w, double b, double x, double y) { return ((w * x + b - y) * (w * x + b - y), 2 * (w * x + b - y) * x, 2 * (w * x + b - y)); }" },
        { "second derivative", "public static double F(double x) => Math.Sin(x);\n[DerivativeOf(nameof(F), Order = 2)] public static double D(double x) => -Math.Sin(x);" },
        { "|x|' as x/|x|", "public static double F(double x) => Math.Abs(x);\n[DerivativeOf(nameof(F))] public static double D(double x) => x / Math.Abs(x);" },
        { "cos²' as −sin 2x", "public static double F(double x) => Math.Cos(x) * Math.Cos(x);\n[DerivativeOf(nameof(F))] public static double D(double x) => -Math.Sin(2 * x);" },
        { "ln|x|", "public static double F(double x) => 1 / x;\n[AntiderivativeOf(nameof(F))] public static double G(double x) => Math.Log(Math.Abs(x));" },
        { "ELU derivative piecewise", "public static double Elu(double x) => x > 0 ? x : Math.Exp(x) - 1;\n[DerivativeOf(nameof(Elu))] public static double D(double x) => x > 0 ? 1 : Math.Exp(x);" },
        { "a body it cannot check stays silent", "public static double F(double x) => x * x;\n[DerivativeOf(nameof(F))] public static double D(double x) { var two = 2.0; return two * x; }" },
    };

    [Theory]
    [MemberData(nameof(CorrectButDifferent))]
    public async Task Stays_silent_on_correct_code_written_differently(string name, string members)
    {
        _ = name;
        await Verify(members);
    }
}
