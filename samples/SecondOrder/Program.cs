using SecondOrder;

// Black-Scholes: every first- and second-order greek from one emitted method, beside the textbook formulas.
const double spot = 100, volatility = 0.25, years = 0.5, rate = 0.03, strike = 95;
Span<double> g = stackalloc double[4], h = stackalloc double[16];
double price = Pricing.CallHessian(spot, volatility, years, rate, g, h);
double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
double d2 = d1 - volatility * Math.Sqrt(years);
double Phi(double x) => CompileTimeCalculus.SpecialFunctions.NormalCdf(x);
double phi(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
Console.WriteLine("Black-Scholes call, S = 100, K = 95, σ = 0.25, T = 0.5, r = 0.03 (CallHessian, one call)");
Console.WriteLine($"  {"greek",-28} {"emitted",18} {"textbook",18}");
void Row(string name, double emitted, double textbook) => Console.WriteLine($"  {name,-28} {emitted,18:G12} {textbook,18:G12}");
Row("price", price, spot * Phi(d1) - strike * Math.Exp(-rate * years) * Phi(d2));
Row("delta  ∂V/∂S", g[0], Phi(d1));
Row("vega   ∂V/∂σ", g[1], spot * phi(d1) * Math.Sqrt(years));
Row("theta  −∂V/∂T", -g[2], -(spot * phi(d1) * volatility / (2 * Math.Sqrt(years)) + rate * strike * Math.Exp(-rate * years) * Phi(d2)));
Row("rho    ∂V/∂r", g[3], strike * years * Math.Exp(-rate * years) * Phi(d2));
Row("gamma  ∂²V/∂S²", h[0], phi(d1) / (spot * volatility * Math.Sqrt(years)));
Row("vanna  ∂²V/∂S∂σ", h[1], -phi(d1) * d2 / volatility);
Row("volga  ∂²V/∂σ²", h[5], spot * phi(d1) * Math.Sqrt(years) * d1 * d2 / volatility);
Row("charm  −∂²V/∂S∂T", -h[2], -phi(d1) * (2 * rate * years - d2 * volatility * Math.Sqrt(years)) / (2 * years * volatility * Math.Sqrt(years)));
Console.WriteLine();

// Fitting y = a·e^(−bt) + c: Newton's method with the emitted Hessian against gradient descent with the same gradient.
Console.WriteLine("Least-squares fit of y = a·e^(−b·t) + c to 8 points, from (a, b, c) = (1, 0.5, 0), until |gradient| < 1e-9");
var newton = Solve(newtonStep: true);
var descent = Solve(newtonStep: false);
Console.WriteLine($"  {"",-18} {"Newton (FitHessian)",28} {"gradient descent",28}");
Console.WriteLine($"  {"iterations",-18} {newton.Iterations,28} {descent.Iterations,28}");
Console.WriteLine($"  {"a, b, c",-18} {Show(newton.At),28} {Show(descent.At),28}");
Console.WriteLine($"  {"loss",-18} {newton.Loss,28:G10} {descent.Loss,28:G10}");

static string Show(double[] x) => string.Join(", ", x.Select(v => v.ToString("F6")));

static (int Iterations, double[] At, double Loss) Solve(bool newtonStep)
{
    double[] x = { 1.0, 0.5, 0.0 };
    Span<double> gradient = stackalloc double[3], hessian = stackalloc double[9];
    double loss = Fit.LossHessian(x[0], x[1], x[2], gradient, hessian);
    for (int iteration = 1; iteration <= 100_000; iteration++)
    {
        // Newton: solve H·s = −g (with a little damping if H is not positive definite); descent: s = −g.
        double[] step = newtonStep ? NewtonStep(gradient, hessian) : new[] { -gradient[0], -gradient[1], -gradient[2] };
        // Backtracking: halve the step until the loss decreases.
        double t = 1;
        while (true)
        {
            double[] trial = { x[0] + t * step[0], x[1] + t * step[1], x[2] + t * step[2] };
            double next = Fit.Loss(trial[0], trial[1], trial[2]);
            if (next <= loss || t < 1e-12)
            {
                x = trial;
                break;
            }
            t /= 2;
        }
        loss = Fit.LossHessian(x[0], x[1], x[2], gradient, hessian);
        double norm = Math.Sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1] + gradient[2] * gradient[2]);
        if (norm < 1e-9) return (iteration, x, loss);
    }
    return (100_000, x, loss);
}

static double[] NewtonStep(ReadOnlySpan<double> g, ReadOnlySpan<double> h)
{
    for (double damping = 0; ; damping = damping == 0 ? 1e-6 : damping * 10)
    {
        var a = new double[3, 4];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++) a[i, j] = h[3 * i + j] + (i == j ? damping : 0);
            a[i, 3] = -g[i];
        }
        if (Cholesky(a) is { } solution) return solution;
    }
}

// Solves the 3×3 system in a (augmented) if its matrix is positive definite, else null.
static double[]? Cholesky(double[,] a)
{
    var l = new double[3, 3];
    for (int i = 0; i < 3; i++)
    {
        for (int j = 0; j <= i; j++)
        {
            double sum = a[i, j];
            for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
            if (i == j)
            {
                if (sum <= 0) return null;
                l[i, i] = Math.Sqrt(sum);
            }
            else l[i, j] = sum / l[j, j];
        }
    }
    var y = new double[3];
    for (int i = 0; i < 3; i++)
    {
        double sum = a[i, 3];
        for (int k = 0; k < i; k++) sum -= l[i, k] * y[k];
        y[i] = sum / l[i, i];
    }
    var x = new double[3];
    for (int i = 2; i >= 0; i--)
    {
        double sum = y[i];
        for (int k = i + 1; k < 3; k++) sum -= l[k, i] * x[k];
        x[i] = sum / l[i, i];
    }
    return x;
}
