using CompileTimeCalculus;

namespace LogisticRegression;

public static partial class Model
{
    public const int Features = 2;

    /// <summary>
    /// The mean log loss of a logistic-regression classifier over a data set, plus a small L2 penalty. w holds one weight
    /// per feature and then the bias; each row of <paramref name="data"/> is the features and then the label (0 or 1).
    /// The build emits MeanLogLossGradient: the loss and ∂loss/∂w in one reverse-mode pass, no allocation.
    /// </summary>
    [Gradient(nameof(w))]
    public static double MeanLogLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> data, double penalty)
    {
        int rows = data.Length / (Features + 1);
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            double z = w[Features];
            for (int j = 0; j < Features; j++)
                z += w[j] * data[r * (Features + 1) + j];
            double label = data[r * (Features + 1) + Features];
            var p = 1 / (1 + Math.Exp(-z));
            loss -= label * Math.Log(p) + (1 - label) * Math.Log(1 - p);
        }
        double squares = 0;
        foreach (var weight in w)
            squares += weight * weight;
        return loss / rows + penalty * squares;
    }

    public static double Probability(ReadOnlySpan<double> w, ReadOnlySpan<double> features)
    {
        double z = w[Features];
        for (int j = 0; j < Features; j++) z += w[j] * features[j];
        return 1 / (1 + Math.Exp(-z));
    }
}
