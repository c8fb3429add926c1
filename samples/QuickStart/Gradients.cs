using CompileTimeCalculus;

namespace QuickStart;

/// <summary>Losses marked for build-time gradients: the value and every partial derivative in one reverse-mode pass.</summary>
public static partial class Gradients
{
    [Gradient]
    public static double Mse(double w, double b, double x, double y) => (w * x + b - y) * (w * x + b - y);

    [Gradient(nameof(w), nameof(b))]
    public static double LogLoss(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x, double y)
    {
        double z = b;
        for (int i = 0; i < w.Length; i++)
            z += w[i] * x[i];
        return Functions.Softplus(z) - y * z;
    }
}
