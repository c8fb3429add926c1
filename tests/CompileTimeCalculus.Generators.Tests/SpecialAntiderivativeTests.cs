using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Antiderivatives in polylogarithms and elliptic integrals, emitted, compiled and run: F(b) − F(a) against adaptive
/// quadrature of the integrand as written, including far in the tails where the first forms overflowed or lost digits,
/// in double and float.
/// </summary>
public class SpecialAntiderivativeTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Integrands
        {
            [Antiderivative] public static double SquaredOverLogistic(double x) => x * x / (1 + Math.Exp(5 * x + 2));
            [Antiderivative] public static double CubeTimesTanh(double x) => Math.Pow(5 + 7 * x, 3) * (2 + 3 * Math.Tanh(1.1 + 1.3 * x));
            [Antiderivative] public static double RootOfCosine(double x) => Math.Sqrt(Math.Cos(2 + 3 * x));
            [Antiderivative] public static double SecantPower(double x) => Math.Pow(5 / Math.Cos(2 + 3 * x), 3.5);
            [Antiderivative] public static double RootOfAffineCosine(double x) => (1.5 + 2.5 * Math.Cos(x)) * Math.Sqrt(2 + 3 * Math.Cos(x));
            [Antiderivative] public static double RootOfSech(double x) => Math.Sqrt(3 / Math.Cosh(5 + 7 * x));
            [Antiderivative] public static float RootOfCosineF(float x) => MathF.Sqrt(MathF.Cos(x));
            [Antiderivative] public static double QuadraticTimesLogSine(double x) => x * x * Math.Log(Math.Abs(Math.Sin(2 * x + 1)));
            [Antiderivative] public static double CubedArcsineOverSquare(double x) => Math.Pow(Math.Asin(2 * x), 3) / (x * x);
            [Antiderivative] public static double LinearTimesCotangent(double x) => (3 * x - 1) * Math.Cos(x) / Math.Sin(x);
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source);
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static Func<double, double> Method(string name)
    {
        var method = Compiled.Value.GetType("Integrands")!.GetMethod(name)!;
        return method.ReturnType == typeof(float)
            ? x => (float)method.Invoke(null, new object[] { (float)x })!
            : x => (double)method.Invoke(null, new object[] { x })!;
    }

    [Theory]
    [InlineData("SquaredOverLogistic", -3.0, 1.0)]
    [InlineData("SquaredOverLogistic", 100.0, 150.0)]
    [InlineData("SquaredOverLogistic", -150.0, -140.0)]
    [InlineData("CubeTimesTanh", -2.0, 2.0)]
    [InlineData("RootOfCosine", -1.15, -0.2)]
    [InlineData("RootOfCosine", 1.0, 1.9)]
    [InlineData("SecantPower", -1.1, -0.3)]
    [InlineData("RootOfAffineCosine", -2.0, 2.0)]
    [InlineData("RootOfSech", -5.0, 0.0)]
    [InlineData("RootOfSech", -9.0, -6.0)]
    [InlineData("QuadraticTimesLogSine", -0.3, 1.0)]
    [InlineData("QuadraticTimesLogSine", 20.0, 23.0)]
    [InlineData("CubedArcsineOverSquare", 0.05, 0.45)]
    [InlineData("CubedArcsineOverSquare", -0.45, -0.05)]
    [InlineData("LinearTimesCotangent", 0.2, 3.0)]
    [InlineData("LinearTimesCotangent", -40.0, -38.0)]
    public void The_change_of_the_emitted_antiderivative_is_the_integral(string name, double a, double b)
    {
        var integrand = Method(name);
        var antiderivative = Method(name + "Antiderivative");
        double fa = antiderivative(a), fb = antiderivative(b);
        Assert.True(double.IsFinite(fa) && double.IsFinite(fb), $"{name}: F({a}) = {fa}, F({b}) = {fb}");
        double expected = CompileTimeCalculus.Engine.Quadrature.Integrate(integrand, a, b, 1e-14, 1e-12, 60).Value;
        Assert.True(Math.Abs(fb - fa - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{name} over [{a}, {b}]: {fb - fa:R}, quadrature {expected:R}");
    }

    [Fact]
    public void A_float_integrand_gets_a_float_elliptic_antiderivative()
    {
        var antiderivative = Method("RootOfCosineFAntiderivative");
        double expected = CompileTimeCalculus.Engine.Quadrature.Integrate(x => Math.Sqrt(Math.Cos(x)), -1.0, 1.2, 1e-14, 1e-12, 60).Value;
        Assert.Equal(expected, antiderivative(1.2) - antiderivative(-1.0), 5e-6);
    }
}
