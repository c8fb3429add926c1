using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Antiderivatives and definite integrals through the real generator: the worked examples of docs/worked-examples.md,
/// compiled and run, each checked by differentiating back numerically and against the textbook's closed forms; snapshots of
/// the emitted code with its derivation steps; the diagnostics of integration.
/// </summary>
public class IntegralTests
{
    public const string Source = """
        using System;
        using CompileTimeCalculus;

        namespace Samples
        {
            public static partial class Integrals
            {
                [Antiderivative(LowerLimit = double.NegativeInfinity)]
                public static double LogisticPdf(double t) => Math.Exp(-t) / ((1 + Math.Exp(-t)) * (1 + Math.Exp(-t)));

                [Antiderivative(LowerLimit = double.NegativeInfinity)]
                public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

                [Antiderivative] public static double SmoothRelu(double x) => Math.Exp(x) / (1 + Math.Exp(x));

                public static double Reward(double tau, double gamma, double beta) => gamma * tau * Math.Exp(-beta * tau);

                [AntiderivativeOf(nameof(Reward), WithRespectTo = nameof(tau), LowerLimit = 0)]
                public static partial double CumulativeReward(double tau, double gamma, double beta);

                [Antiderivative] public static double RootExp(double x) => Math.Sqrt(x) * Math.Exp(Math.Sqrt(x));
                [Antiderivative] public static double TrigSubstitution(double x) => x * x / Math.Sqrt(1 - x * x);
                [Antiderivative] public static double ExpLinear(double x) => Math.Exp(2 * x + 3);
                [Antiderivative] public static double Gaussian(double x) => x * Math.Exp(-x * x);
                [Antiderivative(WithRespectTo = nameof(x))] public static double Decay(double x, double lambda) => Math.Exp(-lambda * x);
                [Antiderivative] public static double LogOverX(double x) => Math.Log(x) / x;
                [Antiderivative] public static double SinSquaredCos(double x) => Math.Sin(x) * Math.Sin(x) * Math.Cos(x);
                [Antiderivative] public static double XRoot(double x) => x * Math.Sqrt(x * x + 1);
                [Antiderivative(Name = "Polynomial")] public static double Linearity(double x) => x * x + x;
                [Antiderivative] public static double ArctanDerivative(double x) => 1 / (1 + x * x);
                [Antiderivative] public static double ExpSin(double x) => Math.Exp(x) * Math.Sin(x);
                [Antiderivative] public static float SoftplusPrimeF(float x) => MathF.Exp(x) / (1 + MathF.Exp(x));

                [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 1, Numeric = true)]
                public static double Reciprocal(double x, double lambda) => Math.Exp(-lambda * x) / (x * Math.Sqrt(x * x - 1));

                public static double Square(double x) => x * x;
                public static double Bell(double x) => Math.Exp(-x * x);
                public static double Sinc(double x) => Math.Sin(x) / x;

                [DefiniteIntegral(nameof(Square), 0, 1)] public static partial double AreaUnderSquare();
                [DefiniteIntegral(nameof(Bell), double.NegativeInfinity, double.PositiveInfinity)] public static partial double BellArea();
                [DefiniteIntegral(nameof(Reward), 0, double.PositiveInfinity, WithRespectTo = "tau")] public static partial double TotalReward(double gamma, double beta);
                [DefiniteIntegral(nameof(Sinc), 1, 2)] public static partial double SincArea();

                public static double GaussCauchy(double x) => Math.Exp(-x * x) / (1 + x * x);
                [DefiniteIntegral(nameof(GaussCauchy), 0, 1)] public static partial double GaussCauchyArea();
            }
        }
        """;

    private static readonly Lazy<(Compilation Output, GeneratorRunResult Result)> Run = new(() => Harness.Generate(Source));
    private static readonly Lazy<Assembly> Loaded = new(() => Harness.Load(Run.Value.Output));

    private static MethodInfo Method(string name) =>
        Loaded.Value.GetType("Samples.Integrals")!.GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException(name + " was not generated");

    private static Func<double, double> Emitted(string name)
    {
        var m = Method(name);
        return x => Convert.ToDouble(m.Invoke(null, new object[] { m.GetParameters()[0].ParameterType == typeof(float) ? (object)(float)x : x }));
    }

    private static void AssertClose(double expected, double actual, double relative = 1e-13, double absolute = 1e-15) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + absolute, $"expected {expected:R}, got {actual:R}");

    public static TheoryData<string, string> Antiderivatives => new()
    {
        { "LogisticPdfAntiderivative", "LogisticPdf" }, { "NormalPdfAntiderivative", "NormalPdf" }, { "SmoothReluAntiderivative", "SmoothRelu" },
        { "RootExpAntiderivative", "RootExp" }, { "TrigSubstitutionAntiderivative", "TrigSubstitution" }, { "ExpLinearAntiderivative", "ExpLinear" },
        { "GaussianAntiderivative", "Gaussian" }, { "LogOverXAntiderivative", "LogOverX" }, { "SinSquaredCosAntiderivative", "SinSquaredCos" },
        { "XRootAntiderivative", "XRoot" }, { "PolynomialAntiderivative", "Linearity" }, { "ArctanDerivativeAntiderivative", "ArctanDerivative" },
        { "ExpSinAntiderivative", "ExpSin" },
    };

    [Theory, MemberData(nameof(Antiderivatives))]
    public void Every_emitted_antiderivative_differentiates_back_to_its_integrand(string antiderivative, string integrand)
    {
        var big = Emitted(antiderivative);
        var f = Emitted(integrand);
        int compared = 0;
        foreach (double x in new[] { -2.5, -0.9, -0.3, 0.2, 0.6, 0.95, 1.7, 3.2 })
        {
            if (!double.IsFinite(f(x)) || !double.IsFinite(big(x - 1e-3)) || !double.IsFinite(big(x + 1e-3))) continue;
            compared++;
            AssertClose(f(x), Harness.FiniteDifference(big, x), 1e-8, 1e-10);
        }
        Assert.True(compared >= 3, $"only {compared} points in the domain");
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(40.0)]
    public void Sigmoid_from_the_logistic_density(double t) => AssertClose(1 / (1 + Math.Exp(-t)), Emitted("LogisticPdfAntiderivative")(t), 1e-15);

    [Fact]
    public void Normal_cdf_from_the_density_with_F_of_minus_infinity_zero()
    {
        var phi = Emitted("NormalPdfAntiderivative");
        AssertClose(0.5, phi(0));
        AssertClose(0.9750021048517795, phi(1.96), 1e-15);
        AssertClose(0.15865525393145707, phi(-1), 1e-14);
        Assert.Equal(0.0, phi(-40), 15);
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(0.0)]
    [InlineData(2.0)]
    [InlineData(30.0)]
    public void Softplus_from_the_smooth_relu_derivative(double x) =>
        AssertClose(x > 0 ? x + Log1p(Math.Exp(-x)) : Log1p(Math.Exp(x)), Emitted("SmoothReluAntiderivative")(x), 1e-15, 1e-300);

    /// <summary>ln(1 + y) without cancellation for tiny y (its series), as a reference independent of the runtime library.</summary>
    private static double Log1p(double y) => Math.Abs(y) < 1e-4 ? y - y * y / 2 + y * y * y / 3 : Math.Log(1 + y);

    [Theory]
    [InlineData(0.0, 0.9, 0.35)]
    [InlineData(1.0, 0.9, 0.35)]
    [InlineData(12.0, 0.99, 0.1)]
    public void Discounted_reward_matches_the_worked_example_closed_form(double t, double gamma, double beta)
    {
        double expected = gamma / (beta * beta) * (1 - Math.Exp(-beta * t) - beta * t * Math.Exp(-beta * t));
        // γ/β² − (γ/β²)e^(−βt)(1 + βt) cancels as t → 0, in the textbook's form as in the emitted one: an absolute allowance.
        AssertClose(expected, (double)Method("CumulativeReward").Invoke(null, new object[] { t, gamma, beta })!, 1e-13, 4e-16 * gamma / (beta * beta));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void Root_substitution_matches_the_worked_example(double x)
    {
        double expected = 2 * (x - 2 * Math.Sqrt(x) + 2) * Math.Exp(Math.Sqrt(x));
        var big = Emitted("RootExpAntiderivative");
        AssertClose(expected - 4, big(x) - big(0), 1e-13);
    }

    [Theory]
    [InlineData(-0.8)]
    [InlineData(0.3)]
    [InlineData(0.99)]
    public void Trigonometric_substitution_matches_the_worked_example(double x) =>
        AssertClose(0.5 * Math.Asin(x) - 0.5 * x * Math.Sqrt(1 - x * x), Emitted("TrigSubstitutionAntiderivative")(x), 1e-14, 1e-16);

    [Fact]
    public void Reciprocal_substitution_example_is_integrated_numerically_from_its_lower_limit()
    {
        var m = Method("ReciprocalAntiderivative");
        double F(double x) => (double)m.Invoke(null, new object[] { x, 0.5 })!;
        Assert.Equal(0.0, F(1));
        var (reference, _) = NumericCalculus.Quad(x => Math.Exp(-0.5 * x) / (x * Math.Sqrt(x * x - 1)), 1, 3, 1e-13, 1e-13);
        AssertClose(reference, F(3), 1e-9);
    }

    [Fact]
    public void Definite_integrals_are_constants_computed_at_build_time()
    {
        Assert.Equal(1.0 / 3, (double)Method("AreaUnderSquare").Invoke(null, null)!);
        AssertClose(Math.Sqrt(Math.PI), (double)Method("BellArea").Invoke(null, null)!, 1e-15);
        AssertClose(0.9 / (0.35 * 0.35), (double)Method("TotalReward").Invoke(null, new object[] { 0.9, 0.35 })!, 1e-14);
        // Si(2) − Si(1): sin x / x has no elementary antiderivative, but Si is in the runtime library.
        AssertClose(SpecialFunctions.SinIntegral(2.0) - SpecialFunctions.SinIntegral(1.0), (double)Method("SincArea").Invoke(null, null)!, 1e-14);
    }

    [Fact]
    public void Without_a_closed_form_a_definite_integral_comes_from_quadrature_at_build_time_with_its_error_estimate()
    {
        // 30-digit reference (mpmath): ∫₀¹ e^(−x²)/(1 + x²) dx = 0.618821963308143644801...
        AssertClose(0.6188219633081436, (double)Method("GaussCauchyArea").Invoke(null, null)!, 1e-14);
        var text = Harness.EmittedMembers(Run.Value.Result)["GaussCauchyArea"];
        Assert.Contains("adaptive Gauss–Kronrod quadrature", text);
        Assert.Contains("estimated absolute error", text);
    }

    [Fact]
    public void Float_integrands_get_float_antiderivatives()
    {
        var m = Method("SoftplusPrimeFAntiderivative");
        Assert.Equal(typeof(float), m.ReturnType);
        Assert.Equal(MathF.Log(1 + MathF.Exp(1.5f)), (float)m.Invoke(null, new object[] { 1.5f })!, 5);
    }

    public static TheoryData<string> HintNames()
    {
        var data = new TheoryData<string>();
        foreach (var s in Run.Value.Result.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal)) data.Add(s);
        return data;
    }

    [Theory, MemberData(nameof(HintNames))]
    public void Emitted_file_matches_snapshot(string hintName)
    {
        var source = Run.Value.Result.GeneratedSources.Single(s => s.HintName == hintName);
        Snapshot.Verify(nameof(IntegralTests), hintName.Replace(".g.cs", ""), hintName, source.SourceText.ToString());
    }

    [Fact]
    public void Every_marked_method_is_generated_and_compiles_without_warnings()
    {
        Assert.Equal(23, Harness.EmittedMembers(Run.Value.Result).Count); // 22 marked methods; the numeric antiderivative adds its integrand struct's Evaluate
        Harness.AssertNoErrorsOrWarnings(Run.Value.Output);
    }

    [Fact]
    public void Analyzer_is_silent_on_integrals_it_can_emit()
    {
        var diagnostics = Harness.Analyze(Source).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void Doc_comment_shows_the_substitution_steps()
    {
        var text = Harness.EmittedMembers(Run.Value.Result)["GaussianAntiderivative"];
        Assert.Contains("/// substitute u = -x^2, du = -2·x dx: ∫ x·e^(-x^2) dx = ∫ -e^u / 2 du", text);
        Assert.Contains("/// substitute back u = -x^2: -e^(-x^2) / 2", text);
    }

    private const string Prelude = "using System;\nusing CompileTimeCalculus;\npublic static partial class C\n{\n";

    private static async Task VerifyDiagnostics(string members)
    {
        var test = new CSharpAnalyzerTest<CalculusAnalyzer, DefaultVerifier>
        {
            TestCode = Prelude + members + "\n}\n",
            ReferenceAssemblies = new ReferenceAssemblies("net8.0"),
        };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        test.DisabledDiagnostics.AddRange(new[] { DiagnosticIds.DomainProblem, DiagnosticIds.NonDifferentiablePoint });
        // The analyzer test runs without the generator, so a partial method it would implement has no body: CS8795.
        if (members.Contains("{|#0:")) test.ExpectedDiagnostics.Add(DiagnosticResult.CompilerError("CS8795").WithLocation(0).WithArguments("C.Area()"));
        await test.RunAsync();
    }

    public static TheoryData<string, string> DiagnosticCases => new()
    {
        { "no closed form (CALC207)", "    [Antiderivative(WithRespectTo = nameof(x))] public static double {|CALC207:F|}(double x, double lambda) => Math.Exp(-lambda * x) / (x * Math.Sqrt(x * x " +
            "- 1));" },
        { "no finite limit at the lower limit (CALC208)", "    [Antiderivative(LowerLimit = 0)] public static double {|CALC208:F|}(double x) => 1 / x;" },
        // Reported by the generator (see A_refused_definite_integral_is_explained_by_the_generator), not again here.
        { "divergent definite integral (CALC208)", "    public static double G(double x) => 1 / (x * x);\n    [DefiniteIntegral(nameof(G), -1, 1)] public static partial double {|#0:Area|}();" },
        { "integrand not found (CALC106)", "    [DefiniteIntegral({|CALC106:\"Missing\"|}, 0, 1)] public static partial double {|#0:Area|}();" },
        { "variable not named (CALC104)", "    [{|CALC104:Antiderivative|}] public static double F(double x, double y) => x * y;" },
        { "emitted name taken (CALC107)", "    [{|CALC107:Antiderivative|}] public static double F(double x) => x;\n    public static double FAntiderivative(double x) => x * x / 2;" },
        { "unsupported construct (CALC201)", "    [Antiderivative] public static double F(double x) => {|CALC201:x % 2.0|};" },
        { "definite integral with a body", "    public static double G(double x) => x;\n    [DefiniteIntegral(nameof(G), 0, 1)] public static double {|CALC103:Area|}() => 0.5;" },
    };

    [Fact]
    public void A_refused_definite_integral_is_explained_by_the_generator()
    {
        // Its partial method gets no body, so a command-line build stops at CS8795 before analyzers run: the reason must come
        // with the generator's output, at the method's name, once.
        string source = Prelude + "    public static double G(double x) => 1 / (x * x);\n    [DefiniteIntegral(nameof(G), -1, 1)] public static partial double Area();\n}\n";
        var (output, result) = Harness.GenerateReporting(source);
        var refused = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticIds.IntegralUndefined);
        var tree = output.SyntaxTrees.First();
        Assert.Equal(tree.FilePath, refused.Location.GetLineSpan().Path);
        Assert.Equal("Area", tree.GetText().ToString(refused.Location.SourceSpan));
        Assert.Equal(5, refused.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("diverge", refused.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(output.GetDiagnostics(), d => d.Id == "CS8795");
        Assert.DoesNotContain(Harness.Analyze(source), d => d.Id == DiagnosticIds.IntegralUndefined);
    }

    [Theory, MemberData(nameof(DiagnosticCases))]
    public async Task Integration_problems_are_reported_at_the_exact_spot(string name, string members)
    {
        _ = name;
        await VerifyDiagnostics(members);
    }
}
