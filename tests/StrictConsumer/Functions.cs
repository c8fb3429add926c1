using CompileTimeCalculus;

namespace StrictConsumer;

/// <summary>Activations whose generated derivatives must compile without a single warning.</summary>
public static partial class Functions
{
    /// <summary>The logistic function.</summary>
    /// <param name="x">The input.</param>
    /// <returns>1 / (1 + e^(-x)).</returns>
    [Derivative(Order = 2)]
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Softplus in single precision.</summary>
    /// <param name="x">The input.</param>
    /// <returns>ln(1 + e^x).</returns>
    [Derivative]
    public static float Softplus(float x) => MathF.Log(1 + MathF.Exp(x));

    /// <summary>A piecewise function.</summary>
    /// <param name="x">The input.</param>
    /// <returns>The Huber loss with δ = 1.</returns>
    [Derivative]
    public static double Huber(double x) => Math.Abs(x) <= 1 ? 0.5 * x * x : Math.Abs(x) - 0.5;

    /// <summary>A two-parameter function.</summary>
    /// <param name="x">The variable.</param>
    /// <param name="k">A constant.</param>
    /// <returns>k·sqrt(1 + x²).</returns>
    [Derivative(WithRespectTo = nameof(x))]
    public static double Scaled(double x, double k) => k * Math.Sqrt(1 + (x * x));

    /// <summary>The derivative of <see cref="Sigmoid(double)"/>, written by the generator.</summary>
    /// <param name="x">The input.</param>
    /// <returns>σ'(x).</returns>
    [DerivativeOf(nameof(Sigmoid))]
    public static partial double SigmoidSlope(double x);
}
