using System.Globalization;
using ScottPlot;
using TwoMoons;

// Two interleaving half circles ("two moons"), 200 points each with a little noise: the sample makes its own data.
const int perMoon = 200, hidden = 16, epochs = 3000;
var random = new Random(2026);
var X = new double[2 * perMoon * Mlp.Inputs];
var y = new double[2 * perMoon];
for (int i = 0; i < 2 * perMoon; i++)
{
    int label = i % 2;
    double angle = Math.PI * random.NextDouble();
    X[2 * i] = (label == 0 ? Math.Cos(angle) : 1 - Math.Cos(angle)) + 0.1 * Mlp.Gaussian(random);
    X[2 * i + 1] = (label == 0 ? Math.Sin(angle) : 0.5 - Math.Sin(angle)) + 0.1 * Mlp.Gaussian(random);
    y[i] = label;
}

// Full-batch training with Adam, the gradient emitted at build time; the gradient buffers are allocated once.
var model = new Mlp(hidden, random);
var parameters = new[] { model.W1, model.B1, model.W2 };
var gradients = parameters.Select(p => new double[p.Length]).ToArray();
var adam = new Adam(parameters.Sum(p => p.Length) + 1, learningRate: 0.02);
var losses = new List<double>();
Console.WriteLine($"Training a {Mlp.Inputs}-{hidden}-1 tanh network on {2 * perMoon} points (two moons); the gradient is emitted at build time.");
Console.WriteLine();
Console.WriteLine(" epoch   loss");
for (int epoch = 0; epoch <= epochs; epoch++)
{
    var (loss, b2Gradient) = model.LossGradient(X, y, gradients[0], gradients[1], gradients[2]);
    losses.Add(loss);
    if (epoch % 250 == 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{epoch,6}   {loss:F6}"));
    double b2 = model.B2;
    adam.Step(parameters, gradients, ref b2, b2Gradient);
    model.B2 = b2;
}

int correct = 0;
for (int i = 0; i < y.Length; i++) if ((model.Probability(X[2 * i], X[2 * i + 1]) >= 0.5 ? 1 : 0) == (int)y[i]) correct++;
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy on the {y.Length} training points: {100.0 * correct / y.Length:F1} %"));

// A spot check of the emitted gradient against a central difference of the loss, for one first-layer weight.
double h = 1e-6, saved = model.W1[3];
model.W1[3] = saved + h;
double up = model.Loss(X, y);
model.W1[3] = saved - h;
double down = model.Loss(X, y);
model.W1[3] = saved;
model.LossGradient(X, y, gradients[0], gradients[1], gradients[2]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"∂loss/∂W1[3] = {gradients[0][3]:E6} (emitted), {(up - down) / (2 * h):E6} (central difference)"));

// The loss curve and the decision boundary, as SVG.
string directory = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
Directory.CreateDirectory(directory);
var curve = new Plot();
curve.Add.Scatter(Enumerable.Range(0, losses.Count).Select(e => (double)e).ToArray(), losses.ToArray()).MarkerSize = 0;
curve.Axes.Left.Label.Text = "mean log loss";
curve.Axes.Bottom.Label.Text = "epoch";
curve.Title("Training loss");
string curvePath = Path.Combine(directory, "two-moons-loss.svg");
curve.SaveSvg(curvePath, 640, 400);

var boundary = new Plot();
const int grid = 120;
var probabilities = new double[grid, grid];
double left = -1.6, right = 2.6, bottom = -1.2, top = 1.7;
for (int row = 0; row < grid; row++)
    for (int column = 0; column < grid; column++)
        probabilities[row, column] = model.Probability(left + (right - left) * (column + 0.5) / grid, top - (top - bottom) * (row + 0.5) / grid);
var heatmap = boundary.Add.Heatmap(probabilities);
heatmap.Extent = new CoordinateRect(left, right, bottom, top);
heatmap.Colormap = new ScottPlot.Colormaps.Balance();
heatmap.Opacity = 0.6;
for (int label = 0; label <= 1; label++)
{
    var xs = Enumerable.Range(0, y.Length).Where(i => (int)y[i] == label).Select(i => X[2 * i]).ToArray();
    var ys = Enumerable.Range(0, y.Length).Where(i => (int)y[i] == label).Select(i => X[2 * i + 1]).ToArray();
    var points = boundary.Add.ScatterPoints(xs, ys);
    points.MarkerSize = 4;
    points.Color = label == 0 ? Colors.Navy : Colors.DarkRed;
    points.LegendText = "class " + label;
}
boundary.Title("Decision boundary (colour: predicted probability of class 1)");
string boundaryPath = Path.Combine(directory, "two-moons-boundary.svg");
boundary.SaveSvg(boundaryPath, 640, 480);
Console.WriteLine();
Console.WriteLine($"wrote {curvePath} and {boundaryPath}");

/// <summary>Adam over several parameter arrays and one scalar (the output bias).</summary>
internal sealed class Adam(int count, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly double[] _m = new double[count], _v = new double[count];
    private int _t;

    public void Step(double[][] parameters, double[][] gradients, ref double scalar, double scalarGradient)
    {
        _t++;
        double correction1 = 1 - Math.Pow(beta1, _t), correction2 = 1 - Math.Pow(beta2, _t);
        int k = 0;
        for (int p = 0; p < parameters.Length; p++)
            for (int i = 0; i < parameters[p].Length; i++, k++)
                parameters[p][i] -= Update(k, gradients[p][i]);
        scalar -= Update(k, scalarGradient);

        double Update(int index, double g)
        {
            _m[index] = beta1 * _m[index] + (1 - beta1) * g;
            _v[index] = beta2 * _v[index] + (1 - beta2) * g * g;
            return learningRate * (_m[index] / correction1) / (Math.Sqrt(_v[index] / correction2) + epsilon);
        }
    }
}
