using System.Reflection;
using Microsoft.CodeAnalysis;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>The textbook examples' functions (docs/worked-examples.md), through the real generator, against closed-form reference derivatives.</summary>
public class WorkedExampleFunctionTests
{
    private static readonly Lazy<Assembly> Loaded = new(() => Harness.Load(Harness.Generate(Sources.Functions).Output));

    private static Func<double, double> Emitted(string name) => Harness.Function(Loaded.Value, "Samples.Functions", name);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
    private static double Phi(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    private static void AssertClose(double expected, double actual, double relative = 1e-13)
    {
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1e-300, Math.Abs(expected)) + 1e-300,
            $"expected {expected:R}, got {actual:R}");
    }

    public static TheoryData<double> Points => new() { -7.5, -2.0, -0.5, -1e-3, 0.0, 1e-3, 0.25, 1.0, 3.0, 9.0 };

    [Fact]
    public void Derivative_of_x_squared_at_the_worked_example_sample_points()
    {
        var df = Emitted("SquareDerivative");
        Assert.Equal(new[] { 0.0, 2.0, 4.0, 6.0, 8.0 }, new[] { 0.0, 1, 2, 3, 4 }.Select(df));
    }

    [Theory, MemberData(nameof(Points))]
    public void Sigmoid_derivative_is_sigma_times_one_minus_sigma(double x) =>
        AssertClose(Sigmoid(x) * (1 - Sigmoid(x)), Emitted("SigmoidDerivative")(x), 1e-12);

    [Theory, MemberData(nameof(Points))]
    public void Sigmoid_second_derivative(double x)
    {
        double s = Sigmoid(x);
        AssertClose(s * (1 - s) * (1 - 2 * s), Emitted("SigmoidSecondDerivative")(x), 1e-9);
        AssertClose(Emitted("SigmoidSecondDerivative")(x), Emitted("SigmoidCurvature")(x), 0);
    }

    [Theory, MemberData(nameof(Points))]
    public void Softplus_derivative_is_the_sigmoid(double x)
    {
        AssertClose(Sigmoid(x), Emitted("SoftplusDerivative")(x), 1e-15);
        AssertClose(Sigmoid(x), Emitted("SoftplusPrime")(x), 1e-15);
    }

    [Theory, MemberData(nameof(Points))]
    public void Normal_density_derivative_is_minus_x_phi(double x) =>
        AssertClose(-x * Phi(x), Emitted("NormalPdfDerivative")(x), 1e-14);

    [Theory, MemberData(nameof(Points))]
    public void Logistic_density_derivative(double x)
    {
        // p(t) = σ(t)(1 − σ(t)), so p'(t) = σ(1 − σ)(1 − 2σ).
        double s = Sigmoid(x);
        AssertClose(s * (1 - s) * (1 - 2 * s), Emitted("LogisticPdfDerivative")(x), 1e-9);
    }

    [Theory]
    [InlineData(0.01), InlineData(0.5), InlineData(1.0), InlineData(4.0), InlineData(30.0)]
    public void Root_exponential_derivative(double x) =>
        // d/dx √x e^√x = e^√x (1 + √x) / (2√x)
        AssertClose(Math.Exp(Math.Sqrt(x)) * (1 + Math.Sqrt(x)) / (2 * Math.Sqrt(x)), Emitted("RootExpDerivative")(x), 1e-14);

    [Theory]
    [InlineData(-0.99), InlineData(-0.5), InlineData(0.0), InlineData(0.3), InlineData(0.9)]
    public void Trig_substitution_integrand_derivative(double x) =>
        // d/dx x²/√(1−x²) = x(2 − x²) / (1 − x²)^(3/2)
        AssertClose(x * (2 - x * x) / Math.Pow(1 - x * x, 1.5), Emitted("TrigSubstitutionDerivative")(x), 1e-13);

    [Theory]
    [InlineData(0.0), InlineData(1.0), InlineData(2.0), InlineData(10.0)]
    public void Discounted_reward_derivative(double tau)
    {
        var method = Loaded.Value.GetType("Samples.Functions")!.GetMethod("DiscountedRewardDerivative")!;
        const double gamma = 0.9, beta = 0.5;
        double actual = (double)method.Invoke(null, new object[] { tau, gamma, beta })!;
        AssertClose(gamma * Math.Exp(-beta * tau) * (1 - beta * tau), actual, 1e-14);
    }

    [Theory, MemberData(nameof(Points))]
    public void Relu_and_elu_follow_the_documented_convention(double x)
    {
        Assert.Equal(x > 0 ? 1.0 : 0.0, Emitted("ReluDerivative")(x));
        AssertClose(x > 0 ? 1.0 : 1.5 * Math.Exp(x), Emitted("EluDerivative")(x), 1e-15);
    }

    [Theory, MemberData(nameof(Points))]
    public void Tanh_derivatives_up_to_the_third(double x)
    {
        // sech² as 1/cosh², which keeps its digits where tanh rounds to ±1.
        double t = Math.Tanh(x), s2 = 1 / (Math.Cosh(x) * Math.Cosh(x));
        AssertClose(s2, Emitted("TanhDerivative")(x), 1e-15);
        AssertClose(-2 * t * s2, Emitted("TanhSecondDerivative")(x), 1e-13);
        AssertClose(-2 * s2 * s2 + 4 * t * t * s2, Emitted("TanhThirdDerivative")(x), 1e-12);
    }

    [Fact]
    public void Generated_methods_keep_the_source_accessibility()
    {
        var type = Loaded.Value.GetType("Samples.Functions")!;
        Assert.True(type.GetMethod("SoftplusDerivative")!.IsPublic);
        Assert.True(type.GetMethod("MixedPrecisionDerivative", BindingFlags.NonPublic | BindingFlags.Static)!.IsAssembly);
        Assert.Equal(typeof(float), type.GetMethod("SwishDerivative")!.ReturnType);
    }
}
