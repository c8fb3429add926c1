using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Antiderivatives in polylogarithms (of real and complex arguments), elliptic integrals, the Faddeeva function and the
/// incomplete gamma function, emitted, compiled and run: F(b) − F(a) against adaptive
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
            [Antiderivative] public static double SquareOverShiftedSine(double x) => x * x / (2 + Math.Sin(x));
            [Antiderivative] public static double ArcsineOverQuadratic(double x) => (2 + 3 * Math.Asin(5 * x)) / (x * (7 + 1.1 * x * x));
            [Antiderivative] public static double LinearTimesSech(double x) => (1 + 2 * x) / Math.Cosh(x);
            [Antiderivative] public static double GaussianTimesCosine(double x) => Math.Exp(-x * x) * Math.Cos(3 * x);
            [Antiderivative] public static double GrowingChirp(double x) => Math.Pow(1.3, 2 + 5 * x * x) * Math.Pow(Math.Sin(7 + 1.3 * x * x), 2);
            [Antiderivative] public static double ExponentialOfCube(double x) => Math.Pow(1.3, 2 + 3 * Math.Pow(x, 3));
            [Antiderivative] public static float GaussianTimesCosineF(float x) => MathF.Exp(-x * x) * MathF.Cos(3 * x);
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
    [InlineData("SquareOverShiftedSine", -10.0, 10.0)]
    [InlineData("SquareOverShiftedSine", 300.0, 303.0)]
    [InlineData("ArcsineOverQuadratic", 0.02, 0.19)]
    [InlineData("ArcsineOverQuadratic", -0.19, -0.03)]
    [InlineData("LinearTimesSech", -3.0, 4.0)]
    [InlineData("LinearTimesSech", 30.0, 40.0)]
    [InlineData("GaussianTimesCosine", -4.0, 0.5)]
    [InlineData("GaussianTimesCosine", 5.0, 9.0)]
    [InlineData("GrowingChirp", -2.0, 2.0)]
    [InlineData("ExponentialOfCube", -3.0, 1.0)]
    [InlineData("ExponentialOfCube", 1.0, 2.5)]
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

    [Fact]
    public void A_float_oscillating_gaussian_gets_a_float_antiderivative()
    {
        var antiderivative = Method("GaussianTimesCosineFAntiderivative");
        double expected = CompileTimeCalculus.Engine.Quadrature.Integrate(x => Math.Exp(-x * x) * Math.Cos(3 * x), -1.0, 1.5, 1e-14, 1e-12, 60).Value;
        Assert.Equal(expected, antiderivative(1.5) - antiderivative(-1.0), 5e-6);
    }
}
