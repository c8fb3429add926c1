using CompileTimeCalculus;

namespace QuickStart;

/// <summary>The worked examples of docs/worked-examples.md, marked for build-time differentiation.</summary>
public static partial class Functions
{
    [Derivative] public static double Square(double x) => x * x;

    [Derivative(Order = 2)] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Derivative] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Derivative] public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    [Derivative] public static double LogisticPdf(double t) => Math.Exp(-t) / ((1 + Math.Exp(-t)) * (1 + Math.Exp(-t)));

    [Derivative] public static double RootExp(double x) => Math.Sqrt(x) * Math.Exp(Math.Sqrt(x));

    [Derivative] public static double TrigSubstitution(double x) => x * x / Math.Sqrt(1 - x * x);

    [Derivative] public static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    [Derivative] public static double Relu(double x) => Math.Max(x, 0.0);

    [Derivative(WithRespectTo = nameof(tau))]
    public static double DiscountedReward(double tau, double gamma, double beta) => gamma * tau * Math.Exp(-beta * tau);

    [DerivativeOf(nameof(Softplus))]
    public static partial double SoftplusPrime(double x);

    [Derivative] public static float Swish(float x) => x / (1 + MathF.Exp(-x));
}
