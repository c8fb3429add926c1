using CompileTimeCalculus;

namespace TwoMoons;

/// <summary>
/// A classifier of points in the plane: one hidden layer of tanh units and a logistic output, written as an object the
/// way C# ML code is written. The build emits <c>LossGradient</c>, the loss and its gradient with respect to every weight
/// in one reverse-mode pass (the hidden activations live in a stack buffer; nothing is allocated).
/// </summary>
public sealed partial class Mlp
{
    public const int Inputs = 2;

    public Mlp(int hidden, Random random)
    {
        W1 = new double[hidden * Inputs];
        B1 = new double[hidden];
        W2 = new double[hidden];
        for (int k = 0; k < W1.Length; k++) W1[k] = Gaussian(random);
        for (int k = 0; k < W2.Length; k++) W2[k] = Gaussian(random) / Math.Sqrt(hidden);
    }

    public double[] W1 { get; }
    public double[] B1 { get; }
    public double[] W2 { get; }
    public double B2 { get; set; }

    /// <summary>The mean log loss over the rows of X (two features each) with labels y (0 or 1).</summary>
    [Gradient(nameof(W1), nameof(B1), nameof(W2), nameof(B2))]
    public double Loss(ReadOnlySpan<double> X, ReadOnlySpan<double> y)
    {
        int hidden = B1.Length;
        Span<double> h = stackalloc double[hidden];
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int j = 0; j < hidden; j++)
            {
                double a = B1[j];
                for (int k = 0; k < Inputs; k++) a += W1[j * Inputs + k] * X[i * Inputs + k];
                h[j] = Math.Tanh(a);
            }
            double z = B2;
            for (int j = 0; j < hidden; j++) z += W2[j] * h[j];
            // log(1 + e^z) − y·z, written so that it stays finite for large |z|.
            loss += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - y[i] * z;
        }
        return loss / y.Length;
    }

    /// <summary>The predicted probability of class 1 at (x0, x1).</summary>
    public double Probability(double x0, double x1)
    {
        double z = B2;
        for (int j = 0; j < B1.Length; j++) z += W2[j] * Math.Tanh(B1[j] + W1[j * Inputs] * x0 + W1[j * Inputs + 1] * x1);
        return 1 / (1 + Math.Exp(-z));
    }

    public static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
