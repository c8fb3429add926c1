using QuickStart;

Console.WriteLine("CompileTimeCalculus quick start: derivatives, gradients and antiderivatives emitted at build time, next to numerical estimates");
Console.WriteLine();

// A textbook's first example: the derivative of x² at sample points, as numpy.gradient would estimate it.
double[] samples = { 0, 1, 2, 3, 4 };
Console.WriteLine("d/dx x² at " + string.Join(", ", samples) + ": " + string.Join(", ", samples.Select(Functions.SquareDerivative)));
Console.WriteLine();

Show("sigmoid", Functions.Sigmoid, Functions.SigmoidDerivative);
Show("sigmoid'", Functions.SigmoidDerivative, Functions.SigmoidSecondDerivative);
Show("softplus", Functions.Softplus, Functions.SoftplusDerivative);
Show("softplus (DerivativeOf)", Functions.Softplus, Functions.SoftplusPrime);
Show("normal density", Functions.NormalPdf, Functions.NormalPdfDerivative);
Show("logistic density", Functions.LogisticPdf, Functions.LogisticPdfDerivative);
Show("√x·e^√x", Functions.RootExp, Functions.RootExpDerivative, 0.5, 1, 2, 4);
Show("x²/√(1−x²)", Functions.TrigSubstitution, Functions.TrigSubstitutionDerivative, -0.9, -0.5, 0.3, 0.7);
Show("GELU", Functions.Gelu, Functions.GeluDerivative);
Show("ReLU", Functions.Relu, Functions.ReluDerivative);
Show("γτe^(−βτ) (γ=0.9, β=0.5)", t => Functions.DiscountedReward(t, 0.9, 0.5), t => Functions.DiscountedRewardDerivative(t, 0.9, 0.5), 0.5, 1, 2, 4);
Show("swish (float; the difference quotient is taken in float, so it is coarse)", x => Functions.Swish((float)x), x => Functions.SwishDerivative((float)x));

Console.WriteLine("Gradients emitted at build time (reverse mode: value and all partials in one pass), next to finite differences:");
Console.WriteLine();
var mse = Gradients.MseGradient(w: 0.5, b: -1, x: 2, y: 3);
Console.WriteLine($"(wx + b − y)² at w = 0.5, b = −1, x = 2, y = 3: value {mse.Value}, ∂/∂w {mse.w}, ∂/∂b {mse.b}, ∂/∂x {mse.x}, ∂/∂y {mse.y}");
double[] weights = { 0.3, -1.2, 0.8 }, features = { 1.5, 0.25, -2.0 };
var weightGradient = new double[weights.Length];
var logLoss = Gradients.LogLossGradient(weights, 0.1, features, 1.0, weightGradient);
Console.WriteLine($"log loss softplus(w·x + b) − yz: value {logLoss.Value:R}, ∂/∂b {logLoss.b:R}");
Console.WriteLine($"  {"i",6}  {"emitted ∂/∂w[i]",22}  {"finite difference",22}");
for (int i = 0; i < weights.Length; i++)
{
    double[] up = (double[])weights.Clone(), down = (double[])weights.Clone();
    up[i] += 1e-5;
    down[i] -= 1e-5;
    double numeric = (Gradients.LogLoss(up, 0.1, features, 1.0) - Gradients.LogLoss(down, 0.1, features, 1.0)) / 2e-5;
    Console.WriteLine($"  {i,6}  {weightGradient[i],22:R}  {numeric,22:R}");
}
Console.WriteLine();

Console.WriteLine("Antiderivatives emitted at build time, each next to a numerical integral of the integrand");
Console.WriteLine("(F(b) − F(a) against adaptive quadrature, NumericCalculus.Quad):");
Console.WriteLine();
Integral("sigmoid from the logistic density, F(−∞) = 0", Integrals.LogisticPdf, Integrals.LogisticPdfAntiderivative, double.NegativeInfinity, -1, 0, 2);
Integral("normal CDF ½(1 + erf(x/√2)), F(−∞) = 0", Integrals.NormalPdf, Integrals.NormalPdfAntiderivative, double.NegativeInfinity, -1.96, 0, 1.96);
Integral("softplus ln(1 + eˣ)", Integrals.SmoothReluDerivative, Integrals.SmoothReluDerivativeAntiderivative, 0, -3, 1, 5);
Integral("discounted reward (γ=0.9, β=0.5) from 0", t => Integrals.Reward(t, 0.9, 0.5), t => Integrals.CumulativeReward(t, 0.9, 0.5), 0, 1, 5, 20);
Integral("√x·e^√x (root substitution)", Integrals.RootExp, Integrals.RootExpAntiderivative, 0, 0.5, 2, 4);
Integral("x²/√(1−x²) (trigonometric substitution)", Integrals.TrigSubstitution, Integrals.TrigSubstitutionAntiderivative, 0, -0.9, 0.5, 0.99);
Integral("e^(2x+3)", Integrals.ExpLinear, Integrals.ExpLinearAntiderivative, 0, -1, 0.5, 1);
Integral("x·e^(−x²)", Integrals.Gaussian, Integrals.GaussianAntiderivative, 0, -2, 1, 3);
Integral("ln x / x", Integrals.LogOverX, Integrals.LogOverXAntiderivative, 1, 0.5, 2, 10);
Integral("sin²x·cos x", Integrals.SinSquaredCos, Integrals.SinSquaredCosAntiderivative, 0, -1, 1, 3);
Integral("x·√(x²+1)", Integrals.XRoot, Integrals.XRootAntiderivative, 0, -1, 1, 2);
Integral("e^(−λx)/(x√(x²−1)), λ = 0.5 (no elementary form: quadrature at run time)", x => Integrals.Reciprocal(x, 0.5), x => Integrals.ReciprocalAntiderivative(x, 0.5), 1, 1.5, 3, 10);
Console.WriteLine($"∫₀¹ x² dx at build time: {Integrals.AreaUnderSquare():R} (exactly 1/3: {Integrals.AreaUnderSquare() == 1.0 / 3})");
Console.WriteLine();

Console.WriteLine("What the build reports: code it cannot differentiate or integrate (errors), hand-written calculus that is off");
Console.WriteLine("(warnings CALC001/CALC301) and where a derivative uses a convention (info), each at its exact spot:");
DiagnosticsTour.Run();

static void Integral(string name, Func<double, double> f, Func<double, double> antiderivative, double from, params double[] points)
{
    Console.WriteLine(name);
    Console.WriteLine($"  {"x",6}  {"F(x) − F(" + (double.IsNegativeInfinity(from) ? "−∞" : from.ToString()) + ")",26}  {"quadrature",22}  {"error estimate",14}");
    double start = double.IsNegativeInfinity(from) ? 0 : antiderivative(from);
    // A density written the textbook way (e^(−t)/(1 + e^(−t))²) is ∞/∞ = NaN below t ≈ −709, so the quadrature of
    // an integral from −∞ starts at −50, where the tails left out are below 1e-21.
    double lower = double.IsNegativeInfinity(from) ? -50 : from;
    foreach (double x in points)
    {
        var (numeric, error) = CompileTimeCalculus.NumericCalculus.Quad(f, lower, x, 1e-12, 1e-12);
        Console.WriteLine($"  {x,6}  {antiderivative(x) - start,26:R}  {numeric,22:R}  {error,14:G2}");
    }
    Console.WriteLine();
}

static void Show(string name, Func<double, double> f, Func<double, double> derivative, params double[] points)
{
    if (points.Length == 0) points = new[] { -2.0, -0.5, 0.0, 1.0, 3.0 };
    Console.WriteLine(name);
    Console.WriteLine($"  {"x",6}  {"emitted f'(x)",22}  {"finite difference",22}");
    foreach (double x in points)
    {
        double h = name.Contains("float") ? 1e-2 : 1e-5;
        double numeric = (f(x + h) - f(x - h)) / (2 * h);
        Console.WriteLine($"  {x,6}  {derivative(x),22:R}  {numeric,22:R}");
    }
    Console.WriteLine();
}
