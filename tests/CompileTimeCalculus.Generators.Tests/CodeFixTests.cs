using CompileTimeCalculus.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CompileTimeCalculus.Generators.Tests;

public class CodeFixTests
{
    private static async Task Verify(string before, string after, string? equivalenceKey = null, bool fixedCodeCompiles = true)
    {
        const string Head = "using System;\nusing CompileTimeCalculus;\npublic static partial class C\n{\n";
        var test = new CSharpCodeFixTest<HandWrittenCalculusAnalyzer, CalculusCodeFixProvider, DefaultVerifier>
        {
            TestCode = Head + before + "\n}\n",
            FixedCode = Head + after + "\n}\n",
            ReferenceAssemblies = new ReferenceAssemblies("net8.0"),
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        test.FixedState.AdditionalReferences.AddRange(Harness.References);
        if (!fixedCodeCompiles)
        {
            // A partial method the generator will implement: without the generator in this harness it has no body yet.
            test.FixedState.ExpectedDiagnostics.Add(DiagnosticResult.CompilerError("CS8795").WithSpan(7, 34, 7, 43).WithArguments("C.WavePrime(double)"));
        }
        await test.RunAsync();
    }

    [Fact]
    public Task Missing_coefficient_is_inserted_at_the_inner_call() => Verify(
        "    public static double Exp2(double x) => Math.Exp(2 * x);\n    [AntiderivativeOf(nameof(Exp2))]\n    public static double Exp2Integral(double x) => {|CALC001:3 + Math.Exp(2 * x)|};",
        "    public static double Exp2(double x) => Math.Exp(2 * x);\n    [AntiderivativeOf(nameof(Exp2))]\n    public static double Exp2Integral(double x) => 3 + Math.Exp(2 * x) / 2;",
        "Add the missing coefficient");

    [Fact]
    public Task Missing_coefficient_of_a_sum_is_parenthesized() => Verify(
        "    public static double F(double x) => Math.Exp(2 * x) + Math.Exp(4 * x) * 2;\n    [AntiderivativeOf(nameof(F))]\n    public static double G(double x) => {|CALC001:Math.Exp(2 * x) + " +
            "Math.Exp(4 * x)|};",
        "    public static double F(double x) => Math.Exp(2 * x) + Math.Exp(4 * x) * 2;\n    [AntiderivativeOf(nameof(F))]\n    public static double G(double x) => (Math.Exp(2 * x) + Math.Exp(4 * " +
            "x)) / 2;",
        "Add the missing coefficient");

    [Fact]
    public Task Missing_chain_rule_factor_multiplies_a_derivative() => Verify(
        "    public static double Wave(double x) => Math.Sin(3 * x);\n    [DerivativeOf(nameof(Wave))]\n    public static double WavePrime(double x) => {|CALC001:Math.Cos(3 * x)|};",
        "    public static double Wave(double x) => Math.Sin(3 * x);\n    [DerivativeOf(nameof(Wave))]\n    public static double WavePrime(double x) => 3 * Math.Cos(3 * x);",
        "Add the missing coefficient");

    [Fact]
    public Task Sign_error_is_fixed_by_negating() => Verify(
        "    public static double F(double x) => 1 / (x * x);\n    [AntiderivativeOf(nameof(F))]\n    public static double G(double x) => {|CALC001:1 / x|};",
        "    public static double F(double x) => 1 / (x * x);\n    [AntiderivativeOf(nameof(F))]\n    public static double G(double x) => -(1 / x);",
        "Fix the sign");

    [Fact]
    public Task Gradient_element_gets_its_coefficient() => Verify(
        "    public static double Mse(double w, double b) => (w - b) * (w - b);\n    [GradientOf(nameof(Mse))]\n    public static (double w, double b) G(double w, double b) => ({|CALC001:w - b|}, " +
            "-2 * (w - b));",
        "    public static double Mse(double w, double b) => (w - b) * (w - b);\n    [GradientOf(nameof(Mse))]\n    public static (double w, double b) G(double w, double b) => (2 * (w - b), -2 * " +
            "(w - b));",
        "Add the missing coefficient");

    [Fact]
    public Task Wrong_derivative_is_replaced_with_the_correct_expression() => Verify(
        "    public static double F(double x) => Math.Log(x * x + 1);\n    [DerivativeOf(nameof(F))]\n    public static double D(double x) => {|CALC301:1 / (x * x + 1)|};",
        "    public static double F(double x) => Math.Log(x * x + 1);\n    [DerivativeOf(nameof(F))]\n    public static double D(double x) => 2.0 * x / (1.0 + x * x);",
        "Replace with the correct derivative");

    [Fact]
    public Task Wrong_antiderivative_is_replaced_with_a_verified_one() => Verify(
        "    public static double F(double x) => x / (x * x + 1);\n    [AntiderivativeOf(nameof(F))]\n    public static double G(double x) => {|CALC301:Math.Atan(x)|};",
        "    public static double F(double x) => x / (x * x + 1);\n    [AntiderivativeOf(nameof(F))]\n    public static double G(double x) => 0.5 * Math.Log(1.0 + x * x);",
        "Replace with a verified antiderivative");

    [Fact]
    public Task Hand_written_derivative_becomes_a_generated_partial_declaration() => Verify(
        "    public static double Wave(double x) => Math.Sin(3 * x);\n    [DerivativeOf(nameof(Wave))]\n    public static double WavePrime(double x) => {|CALC001:Math.Cos(3 * x)|};",
        "    public static double Wave(double x) => Math.Sin(3 * x);\n    [DerivativeOf(nameof(Wave))]\n    public static partial double WavePrime(double x);",
        CalculusCodeFixProvider.GenerateKey, fixedCodeCompiles: false);
}
