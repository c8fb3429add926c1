using CompileTimeCalculus;

namespace QuickStart;

/// <summary>Textbook integrals (docs/worked-examples.md), marked for build-time integration.</summary>
public static partial class Integrals
{
    // Sigmoid from the logistic density, with the constant chosen so that F(−∞) = 0.
    [Antiderivative(LowerLimit = double.NegativeInfinity)]
    public static double LogisticPdf(double t) => Math.Exp(-t) / ((1 + Math.Exp(-t)) * (1 + Math.Exp(-t)));

    // The normal CDF from the density: ½(1 + erf(x/√2)).
    [Antiderivative(LowerLimit = double.NegativeInfinity)]
    public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    // Softplus from the smooth ReLU derivative.
    [Antiderivative]
    public static double SmoothReluDerivative(double x) => Math.Exp(x) / (1 + Math.Exp(x));

    // Discounted reward: the cumulative reward from 0 to t, with γ and β held constant.
    public static double Reward(double tau, double gamma, double beta) => gamma * tau * Math.Exp(-beta * tau);

    [AntiderivativeOf(nameof(Reward), WithRespectTo = nameof(tau), LowerLimit = 0)]
    public static partial double CumulativeReward(double tau, double gamma, double beta);

    // Second-kind substitutions: root (√x = t) and trigonometric (x = sin t).
    [Antiderivative] public static double RootExp(double x) => Math.Sqrt(x) * Math.Exp(Math.Sqrt(x));

    [Antiderivative] public static double TrigSubstitution(double x) => x * x / Math.Sqrt(1 - x * x);

    // The basic forms (table and u-substitution).
    [Antiderivative] public static double ExpLinear(double x) => Math.Exp(2 * x + 3);
    [Antiderivative] public static double Gaussian(double x) => x * Math.Exp(-x * x);
    [Antiderivative] public static double LogOverX(double x) => Math.Log(x) / x;
    [Antiderivative] public static double SinSquaredCos(double x) => Math.Sin(x) * Math.Sin(x) * Math.Cos(x);
    [Antiderivative] public static double XRoot(double x) => x * Math.Sqrt(x * x + 1);

    // The reciprocal-substitution example has no elementary antiderivative: integrated numerically from x = 1.
    [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 1, Numeric = true)]
    public static double Reciprocal(double x, double lambda) => Math.Exp(-lambda * x) / (x * Math.Sqrt(x * x - 1));

    // ∫₀¹ x² dx = 1/3, at build time.
    public static double Square(double x) => x * x;

    [DefiniteIntegral(nameof(Square), 0, 1)]
    public static partial double AreaUnderSquare();
}
