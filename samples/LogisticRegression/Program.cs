using System.Globalization;
using LogisticRegression;

// Two overlapping clouds of points in the plane, labelled 0 and 1: the sample makes its own data set (fixed seed).
const int rows = 400;
var random = new Random(2026);
var data = new double[rows * (Model.Features + 1)];
for (int r = 0; r < rows; r++)
{
    int label = r % 2;
    double cx = label == 1 ? 1.0 : -1.0, cy = label == 1 ? 0.5 : -0.5;
    data[r * 3] = cx + Gaussian(random);
    data[r * 3 + 1] = cy + Gaussian(random);
    data[r * 3 + 2] = label;
}

// Gradient descent with the emitted gradient; the gradient buffer is allocated once.
var w = new double[Model.Features + 1];
var gradient = new double[w.Length];
const double learningRate = 0.5, penalty = 1e-3;
Console.WriteLine("Training a logistic-regression classifier by gradient descent (the gradient is emitted at build time).");
Console.WriteLine();
Console.WriteLine(" epoch   loss");
for (int epoch = 0; epoch <= 200; epoch++)
{
    double loss = Model.MeanLogLossGradient(w, data, penalty, gradient);
    if (epoch % 20 == 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{epoch,6}   {loss:F6}"));
    for (int k = 0; k < w.Length; k++) w[k] -= learningRate * gradient[k];
}

int correct = 0;
for (int r = 0; r < rows; r++)
{
    double p = Model.Probability(w, data.AsSpan(r * 3, 2));
    if ((p >= 0.5 ? 1 : 0) == (int)data[r * 3 + 2]) correct++;
}
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"weights: {w[0]:F4}, {w[1]:F4}; bias {w[2]:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy on the {rows} training points: {100.0 * correct / rows:F1} %"));

// The emitted gradient agrees with a central difference of the loss (one weight, as a spot check).
double h = 1e-6;
var plus = (double[])w.Clone();
var minus = (double[])w.Clone();
plus[0] += h;
minus[0] -= h;
double numeric = (Model.MeanLogLoss(plus, data, penalty) - Model.MeanLogLoss(minus, data, penalty)) / (2 * h);
Model.MeanLogLossGradient(w, data, penalty, gradient);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"∂loss/∂w0 = {gradient[0]:E6} (emitted), {numeric:E6} (central difference)"));

static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
