using CompileTimeCalculus;

namespace Mistakes;

/// <summary>The usual calculus mistakes (docs/worked-examples.md), written by hand. Each line marked "warning" shows one in the build.</summary>
public static partial class HandWritten
{
    public static double Exp2(double x) => Math.Exp(2 * x);

    // warning CALC001: the chain-rule coefficient 1/2 of 'Math.Exp(2 * x)' is missing
    [AntiderivativeOf(nameof(Exp2))]
    public static double Exp2Integral(double x) => Math.Exp(2 * x);

    public static double RootProduct(double x) => x * Math.Sqrt(x * x + 1);

    // warning CALC001: off by a factor of 3: with u = x² + 1, du = 2x dx, the result is (x² + 1)^(3/2) / 3
    [AntiderivativeOf(nameof(RootProduct))]
    public static double RootProductIntegral(double x) => Math.Pow(x * x + 1, 1.5);

    public static double InverseSquare(double x) => 1 / (x * x);

    // warning CALC001: a dropped sign, as in the reciprocal substitution's dx = -dt/t²
    [AntiderivativeOf(nameof(InverseSquare))]
    public static double InverseSquareIntegral(double x) => 1 / x;

    public static double Arctangent(double x) => 1 / (1 + x * x);

    // warning CALC301: a wrong inner function: ∫ 1/(1+x²) is arctan x, not a u = 1 + x² substitution
    [AntiderivativeOf(nameof(Arctangent))]
    public static double ArctangentIntegral(double x) => Math.Log(1 + x * x);

    public static double Wave(double x) => Math.Sin(3 * x);

    // warning CALC001: d/dx sin(3x) written as cos(3x)
    [DerivativeOf(nameof(Wave))]
    public static double WavePrime(double x) => Math.Cos(3 * x);

    public static double LogQuadratic(double x) => Math.Log(x * x + 1);

    // warning CALC301: the inner derivative 2x is missing
    [DerivativeOf(nameof(LogQuadratic))]
    public static double LogQuadraticPrime(double x) => 1 / (x * x + 1);

    public static double Mse(double w, double b, double x, double y) => (w * x + b - y) * (w * x + b - y);

    // warning CALC001 on each element: a coefficient 2 is missing
    [GradientOf(nameof(Mse))]
    public static (double w, double b) MseGradient(double w, double b, double x, double y) => ((w * x + b - y) * x, w * x + b - y);

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    // No warning: correct, written differently.
    [DerivativeOf(nameof(Sigmoid))]
    public static double SigmoidPrime(double x) => Sigmoid(x) * (1 - Sigmoid(x));
}
