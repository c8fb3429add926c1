using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// [Hessian]: value, gradient and the symmetric matrix of second partials from one emitted method, against the textbook
/// (Rosenbrock, Black-Scholes greeks) and against finite differences of the emitted gradient.
/// </summary>
public class HessianTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class H
        {
            [Hessian]
            public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

            // A nonlinear least-squares fit of a·e^(−b·t) + c to four points, in four parameters (d shifts the time).
            [Hessian]
            public static double Residuals(double a, double b, double c, double d)
            {
                double r0 = a * Math.Exp(-b * (0.0 + d)) + c - 3.1;
                double r1 = a * Math.Exp(-b * (1.0 + d)) + c - 1.9;
                double r2 = a * Math.Exp(-b * (2.0 + d)) + c - 1.4;
                double r3 = a * Math.Exp(-b * (3.0 + d)) + c - 1.2;
                return r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3;
            }

            // Black-Scholes call price with the library's exact normal CDF: every second-order greek.
            [Hessian]
            public static double Call(double spot, double volatility, double years, double rate)
            {
                const double strike = 95.0;
                double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
                double d2 = d1 - volatility * Math.Sqrt(years);
                return spot * SpecialFunctions.NormalCdf(d1) - strike * Math.Exp(-rate * years) * SpecialFunctions.NormalCdf(d2);
            }

            [Hessian]
            public static float Bowl(float x, float y) => x * x * y + MathF.Sin(y);

            public static double[] Run(string name, double[] at)
            {
                var g = new double[at.Length];
                var h = new double[at.Length * at.Length];
                double value = name switch
                {
                    "Rosenbrock" => RosenbrockHessian(at[0], at[1], g, h),
                    "Residuals" => ResidualsHessian(at[0], at[1], at[2], at[3], g, h),
                    _ => CallHessian(at[0], at[1], at[2], at[3], g, h),
                };
                var all = new double[1 + g.Length + h.Length];
                all[0] = value;
                g.CopyTo(all, 1);
                h.CopyTo(all, 1 + g.Length);
                return all;
            }

            public static float[] RunBowl(float x, float y)
            {
                var g = new float[2];
                var h = new float[4];
                float value = BowlHessian(x, y, g, h);
                return new[] { value, g[0], g[1], h[0], h[1], h[2], h[3] };
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source);
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static (double Value, double[] Gradient, double[,] Hessian) Run(string name, params double[] at)
    {
        var all = (double[])Compiled.Value.GetType("H")!.GetMethod("Run")!.Invoke(null, new object[] { name, at })!;
        int n = at.Length;
        var hessian = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) hessian[i, j] = all[1 + n + n * i + j];
        return (all[0], all.Skip(1).Take(n).ToArray(), hessian);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(-1.2, 1.0)]
    [InlineData(0.3, -0.7)]
    public void Rosenbrock_gives_its_textbook_gradient_and_hessian(double x, double y)
    {
        var (value, g, h) = Run("Rosenbrock", x, y);
        Assert.Equal((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), value, 12);
        Assert.Equal(-2 * (1 - x) - 400 * x * (y - x * x), g[0], 10);
        Assert.Equal(200 * (y - x * x), g[1], 10);
        Assert.Equal(2 - 400 * y + 1200 * x * x, h[0, 0], 10);
        Assert.Equal(-400 * x, h[0, 1], 10);
        Assert.Equal(-400 * x, h[1, 0], 10);
        Assert.Equal(200, h[1, 1], 10);
    }

    [Theory]
    [InlineData(2.0, 0.5, 1.0, 0.1)]
    [InlineData(-1.0, 1.3, 0.2, -0.4)]
    public void A_four_parameter_hessian_matches_finite_differences_of_the_emitted_gradient(double a, double b, double c, double d)
    {
        double[] at = { a, b, c, d };
        var (_, _, h) = Run("Residuals", at);
        for (int j = 0; j < 4; j++)
        {
            int k = j;
            for (int i = 0; i < 4; i++)
            {
                int row = i;
                double Gradient(double v)
                {
                    var moved = (double[])at.Clone();
                    moved[k] = v;
                    return Run("Residuals", moved).Gradient[row];
                }
                double expected = Harness.FiniteDifference(Gradient, at[k]);
                Assert.True(Math.Abs(h[i, j] - expected) <= 1e-7 * Math.Max(1, Math.Abs(expected)), $"H[{i},{j}] = {h[i, j]:R}, finite differences {expected:R}");
                Assert.Equal(h[i, j], h[j, i]);
            }
        }
    }

    private static double Phi(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));
    private static double Density(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    [Fact]
    public void Black_Scholes_second_order_greeks_are_the_textbook_ones()
    {
        const double spot = 100, volatility = 0.25, years = 0.5, rate = 0.03, strike = 95;
        var (value, g, h) = Run("Call", spot, volatility, years, rate);
        double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
        double d2 = d1 - volatility * Math.Sqrt(years);
        // Hull, Options, Futures and Other Derivatives, ch. 19; vanna and volga (vomma) from their definitions.
        Assert.Equal(spot * Phi(d1) - strike * Math.Exp(-rate * years) * Phi(d2), value, 11);
        Assert.Equal(Phi(d1), g[0], 13);                                                  // delta
        Assert.Equal(spot * Density(d1) * Math.Sqrt(years), g[1], 11);                   // vega
        Assert.Equal(strike * years * Math.Exp(-rate * years) * Phi(d2), g[3], 11);       // rho
        Assert.Equal(Density(d1) / (spot * volatility * Math.Sqrt(years)), h[0, 0], 13);  // gamma
        Assert.Equal(-Density(d1) * d2 / volatility, h[0, 1], 12);                        // vanna
        Assert.Equal(spot * Density(d1) * Math.Sqrt(years) * d1 * d2 / volatility, h[1, 1], 10); // volga
    }

    [Fact]
    public void A_float_function_gets_a_float_hessian()
    {
        var all = (float[])Compiled.Value.GetType("H")!.GetMethod("RunBowl")!.Invoke(null, new object[] { 0.7f, 1.3f })!;
        Assert.Equal(0.7f * 0.7f * 1.3f + MathF.Sin(1.3f), all[0], 6);
        Assert.Equal(2 * 0.7f * 1.3f, all[1], 6);
        Assert.Equal(0.7f * 0.7f + MathF.Cos(1.3f), all[2], 6);
        Assert.Equal(2 * 1.3f, all[3], 6);
        Assert.Equal(2 * 0.7f, all[4], 6);
        Assert.Equal(2 * 0.7f, all[5], 6);
        Assert.Equal(-MathF.Sin(1.3f), all[6], 6);
    }

    [Fact]
    public void The_emitted_method_shares_work_and_checks_its_spans()
    {
        var (_, result) = Harness.Generate(Source);
        string method = Harness.EmittedMembers(result)["CallHessian"];
        Assert.Contains("global::System.Span<double> gradient, global::System.Span<double> hessian", method);
        Assert.Contains("hessian[4] = hessian[1];", method);
        // One call of the normal CDF per argument, shared by the value and every partial.
        Assert.Equal(2, method.Split("NormalCdf(").Length - 1);
        Assert.Contains("must have length 16", method);
    }

    [Theory]
    [InlineData("[Hessian] public static double F(double x, float y) => x * y;", DiagnosticIds.UnsupportedSignature)]
    [InlineData("[Hessian] public static double F(double a, double b, double c, double d, double e, double f, double g, double h, double i) => a;",
        DiagnosticIds.UnsupportedSignature)]
    [InlineData("[Hessian] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) s += x; return s; }", DiagnosticIds.UnsupportedConstruct)]
    public void Unsupported_hessians_are_reported(string member, string id)
    {
        string source = "using System;\nusing CompileTimeCalculus;\npublic static partial class P\n{\n    " + member + "\n}\n";
        Assert.Contains(Harness.Analyze(source), d => d.Id == id);
    }
}
