using QuickStart;

Console.WriteLine("CompileTimeCalculus quick start: derivatives emitted at build time, next to finite differences");
Console.WriteLine();

// The notes' first example: the derivative of x² at sample points, as numpy.gradient would estimate it.
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

Console.WriteLine("What the build reports: code it cannot differentiate (errors), hand-written calculus that is off");
Console.WriteLine("(warnings CALC001/CALC301) and where a derivative uses a convention (info), each at its exact spot:");
DiagnosticsTour.Run();

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
