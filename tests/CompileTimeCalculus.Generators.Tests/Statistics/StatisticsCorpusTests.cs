using System.Reflection;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The statistics corpus through the generator: every antiderivative and definite integral emitted is compared with an
/// independent quadrature of the method as written (adaptive Simpson here, not the package's Gauss–Kronrod), at several
/// points and parameter values, negative parameters included where the answer is a case split; the refusals are listed.
/// </summary>
public class StatisticsCorpusTests
{
    private static readonly Lazy<(Type Type, List<string> Diagnostics)> Generated = new(() =>
    {
        var (output, result) = Harness.Generate(StatisticsCorpus.Source);
        var diagnostics = result.Diagnostics.Select(d => d.Id + " " + d.GetMessage()).ToList();
        diagnostics.AddRange(Harness.Analyze(StatisticsCorpus.Source).Where(d => d.Id.StartsWith("CALC", StringComparison.Ordinal)).Select(d => d.Id + " " + d.GetMessage()));
        var errors = output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return (Harness.Load(output).GetType("Stats")!, diagnostics);
    });

    private static double Call(string method, params double[] arguments) =>
        (double)Generated.Value.Type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments.Cast<object>().ToArray())!;

    /// <summary>Adaptive Simpson on [a, b]; an infinite lower end is mapped by x = b − (1 − t)/t.</summary>
    private static double Integrate(Func<double, double> f, double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return Integrate(t => t <= 0 ? 0 : f(b - (1 - t) / t) / (t * t), 0, 1);
        if (double.IsPositiveInfinity(b)) return Integrate(t => t <= 0 ? 0 : f(a + (1 - t) / t) / (t * t), 0, 1);
        double Simpson(double l, double r, double fl, double fm, double fr) => (r - l) / 6 * (fl + 4 * fm + fr);
        double Recurse(double l, double r, double fl, double fm, double fr, double whole, int depth)
        {
            double m = (l + r) / 2, lm = (l + m) / 2, rm = (m + r) / 2;
            double flm = f(lm), frm = f(rm);
            double left = Simpson(l, m, fl, flm, fm), right = Simpson(m, r, fm, frm, fr);
            if (depth <= 0 || Math.Abs(left + right - whole) <= 1e-13 * Math.Max(1e-3, Math.Abs(left + right))) return left + right + (left + right - whole) / 15;
            return Recurse(l, m, fl, flm, fm, left, depth - 1) + Recurse(m, r, fm, frm, fr, right, depth - 1);
        }
        // Split into pieces so a narrow bump is seen.
        double total = 0;
        const int pieces = 64;
        for (int k = 0; k < pieces; k++)
        {
            double l = a + (b - a) * k / pieces, r = a + (b - a) * (k + 1) / pieces;
            double fl = f(l), fm = f((l + r) / 2), fr = f(r);
            total += Recurse(l, r, fl, fm, fr, Simpson(l, r, fl, fm, fr), 40);
        }
        return total;
    }

    // Method, lower limit, the parameter values to try (after x).
    public static TheoryData<string, double, double[]> Cdfs => new()
    {
        { "NormalPdf", double.NegativeInfinity, new[] { 0.4, 1.3 } }, { "NormalPdf", double.NegativeInfinity, new[] { -2.0, 0.3 } },
        { "NormalPdfPow", double.NegativeInfinity, new[] { 0.4, 1.3 } }, { "StandardNormalPdf", double.NegativeInfinity, new double[0] },
        { "CauchyPdf", double.NegativeInfinity, new[] { 0.4, 1.3 } }, { "CauchyPdfGammaSquared", double.NegativeInfinity, new[] { -1.0, 0.5 } },
        { "LogisticPdf", double.NegativeInfinity, new[] { 0.4, 1.3 } }, { "LaplacePdf", double.NegativeInfinity, new[] { 0.4, 1.3 } },
        { "GumbelPdf", double.NegativeInfinity, new[] { 0.4, 1.3 } }, { "HyperbolicSecantPdf", double.NegativeInfinity, new double[0] },
        { "ExponentialPdf", 0, new[] { 1.3 } }, { "RayleighPdf", 0, new[] { 1.3 } }, { "WeibullPdf2", 0, new[] { 1.3 } },
        { "LogNormalPdf", 0, new[] { 0.4, 0.8 } }, { "MaxwellPdf", 0, new[] { 1.3 } }, { "HalfNormalPdf", 0, new[] { 1.3 } },
        { "GammaShape2Pdf", 0, new[] { 1.3 } }, { "ErlangShape3Pdf", 0, new[] { 1.3 } }, { "ParetoPdf3", 1, new double[0] },
        { "LogLogisticPdf2", 0, new[] { 1.3 } }, { "StudentT1Pdf", double.NegativeInfinity, new double[0] },
        { "StudentT2Pdf", double.NegativeInfinity, new double[0] }, { "UniformPdf", double.NegativeInfinity, new[] { -1.0, 2.0 } },
        { "BetaPdf22", 0, new double[0] }, { "SemicirclePdf", -1, new double[0] }, { "GaussianKernel", double.NegativeInfinity, new[] { 0.7 } },
        { "GaussianKernel", double.NegativeInfinity, new[] { -0.7 } }, { "TriangularPdf", double.NegativeInfinity, new[] { -1.0, 3.0, 0.5 } },
    };

    [Theory]
    [MemberData(nameof(Cdfs))]
    public void Cdf_agrees_with_an_independent_quadrature(string density, double lower, double[] parameters)
    {
        // At the end of the support a density as written may be 0/0 (the log-normal at 0); its value there is the limit, 0.
        double Pdf(double x) => Call(density, new[] { x }.Concat(parameters).ToArray()) is var v && (double.IsFinite(v) || x != lower) ? v : 0;
        double Cdf(double x) => Call(density + "Antiderivative", new[] { x }.Concat(parameters).ToArray());
        var points = double.IsNegativeInfinity(lower) ? new[] { -3.0, -0.5, 0.3, 1.7, 4.0 } : new[] { lower + 0.05, lower + 0.4, lower + 0.9, lower + 2.5, lower + 6 };
        foreach (double x in points)
        {
            if (density is "BetaPdf22" or "SemicirclePdf" && x > 1) continue;
            double expected = Integrate(Pdf, lower, x), actual = Cdf(x);
            Assert.True(Math.Abs(actual - expected) <= 1e-8 * Math.Max(Math.Abs(expected), 1e-3),
                $"{density}({string.Join(", ", parameters)}) at {x}: {actual:R}, quadrature {expected:R}");
        }
    }

    /// <summary>Q(z) = P(Z > z) for large z by its asymptotic series (Abramowitz and Stegun 26.2.12), independent of erfc.</summary>
    private static double NormalTail(double z)
    {
        double sum = 1, term = 1;
        for (int k = 1; k < 12; k++)
        {
            term *= -(2 * k - 1) / (z * z);
            sum += term;
        }
        return Math.Exp(-z * z / 2) / (z * Math.Sqrt(2 * Math.PI)) * sum;
    }

    public static TheoryData<string, double, double[]> LeftTails => new()
    {
        // Method, x, parameters; the reference is computed below for each.
        { "NormalPdf", 0.4 - 30 * 1.3, new[] { 0.4, 1.3 } }, { "StandardNormalPdf", -25, new double[0] }, { "GaussianKernel", -30 * 0.7, new[] { 0.7 } },
        { "LogNormalPdf", Math.Exp(0.4 - 30 * 0.8), new[] { 0.4, 0.8 } }, { "LaplacePdf", 0.4 - 40 * 1.3, new[] { 0.4, 1.3 } },
        { "LogisticPdf", 0.4 - 40 * 1.3, new[] { 0.4, 1.3 } }, { "HyperbolicSecantPdf", -30, new double[0] },
        { "ExponentialPdf", 1e-12, new[] { 1.3 } }, { "RayleighPdf", 1e-7, new[] { 1.3 } }, { "WeibullPdf2", 1e-7, new[] { 1.3 } },
        { "CauchyPdf", 0.4 - 40 * 1.3, new[] { 0.4, 1.3 } },
    };

    [Theory]
    [MemberData(nameof(LeftTails))]
    public void Left_tails_keep_ten_digits(string density, double x, double[] parameters)
    {
        double expected = density switch
        {
            "NormalPdf" or "StandardNormalPdf" or "GaussianKernel" or "LogNormalPdf" => NormalTail(density == "StandardNormalPdf" ? 25 : 30),
            "LaplacePdf" or "LogisticPdf" => 0.5 * Math.Exp(-40) * (density == "LogisticPdf" ? 2 / (1 + Math.Exp(-40)) : 1),
            "HyperbolicSecantPdf" => 2 / Math.PI * Math.Exp(-15 * Math.PI),
            "ExponentialPdf" => 1.3 * x * (1 - 1.3 * x / 2),
            "RayleighPdf" => x * x / (2 * 1.3 * 1.3) * (1 - x * x / (4 * 1.3 * 1.3)),
            "WeibullPdf2" => x * x / (1.3 * 1.3) * (1 - x * x / (2 * 1.3 * 1.3)),
            "CauchyPdf" => Math.Atan(1 / 40.0) / Math.PI,
            _ => throw new ArgumentException(density),
        };
        double actual = Call(density + "Antiderivative", new[] { x }.Concat(parameters).ToArray());
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * expected, $"{density} at {x}: {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(double.NegativeInfinity, 0)]
    [InlineData(-1e200, 0)]
    [InlineData(-1e10, 5e-21)]
    [InlineData(1e10, 1)]
    [InlineData(1e200, 1)]
    [InlineData(double.PositiveInfinity, 1)]
    public void Student_t_with_two_degrees_of_freedom_is_right_where_x_squared_overflows(double x, double approximately)
    {
        // F(x) = ½ + x/(2√(2 + x²)); for x < 0 it is 1/(√(2 + x²)(√(2 + x²) + |x|)), computed here without cancellation.
        double root = Math.Sqrt(2 + x * x);
        double expected = double.IsInfinity(x) || Math.Abs(x) > 1e150 ? approximately : x < 0 ? 1 / (root * (root - x)) : 0.5 + x / (2 * root);
        double actual = Call("StudentT2PdfAntiderivative", x);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * expected + 1e-300, $"F({x}) = {actual:R}, expected {expected:R}");
    }

    public static TheoryData<string, string, double, double, double> Moments => new()
    {
        { "ExponentialMass", "Exponential", 0, double.PositiveInfinity, 1.3 }, { "ExponentialMean", "ExponentialX", 0, double.PositiveInfinity, 1.3 },
        { "NormalVariance", "NormalX2", double.NegativeInfinity, double.PositiveInfinity, 1.3 },
        { "NormalVariance", "NormalX2", double.NegativeInfinity, double.PositiveInfinity, -0.6 },
        { "RayleighMean", "RayleighX", 0, double.PositiveInfinity, 1.3 },
        { "LaplaceMeanAbsolute", "LaplaceAbs", double.NegativeInfinity, double.PositiveInfinity, 1.3 },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void Moment_agrees_with_an_independent_quadrature(string method, string integrand, double a, double b, double parameter)
    {
        double expected = double.IsInfinity(a) && double.IsInfinity(b)
            ? Integrate(x => Call(integrand, x, parameter), a, 0) + Integrate(x => Call(integrand, x, parameter), 0, b)
            : Integrate(x => Call(integrand, x, parameter), a, b);
        double actual = Call(method, parameter);
        Assert.True(Math.Abs(actual - expected) <= 1e-8 * Math.Abs(expected), $"{method}({parameter}) = {actual:R}, quadrature {expected:R}");
    }

    [Fact]
    public void A_moment_that_diverges_for_a_negative_rate_is_NaN_there()
    {
        // ∫₀^∞ x·λe^(−λx) dx is 1/λ for λ > 0 and diverges for λ < 0: never −1.
        Assert.True(double.IsNaN(Call("ExponentialMean", -1)));
        Assert.Equal(1 / 1.3, Call("ExponentialMean", 1.3), 12);
    }

    [Fact]
    public void Parametric_integrals_differentiate_back_for_both_signs_of_the_parameter()
    {
        foreach (var (name, parameter) in new[] { ("GaussianWithRate", 0.8), ("CircleHeight", 2.0), ("CircleHeight", -2.0), ("InverseHypot", 1.5), ("InverseHypot", -1.5),
                     ("Lorentzian", 0.7), ("Lorentzian", -0.7), ("Field", 1.2), ("DampedOscillation", 0.3), ("PlanckTail", 0.9), ("Charging", 2.0) })
        {
            var extra = name == "DampedOscillation" ? new[] { parameter, 2.0 } : new[] { parameter };
            foreach (double x in new[] { -1.1, -0.3, 0.2, 0.9, 1.4 })
            {
                double h = 1e-5;
                double slope = (Call(name + "Antiderivative", new[] { x + h }.Concat(extra).ToArray()) - Call(name + "Antiderivative", new[] { x - h }.Concat(extra).ToArray())) / (2 * h);
                double f = Call(name, new[] { x }.Concat(extra).ToArray());
                if (!double.IsFinite(f)) continue;
                Assert.True(Math.Abs(slope - f) <= 1e-6 * Math.Max(1, Math.Abs(f)), $"{name}({x}; {parameter}): F' ≈ {slope:R}, f = {f:R}");
            }
        }
    }

    [Fact]
    public void The_whole_corpus_is_emitted()
    {
        Assert.Empty(Generated.Value.Diagnostics.Where(d => d.StartsWith("CALC2", StringComparison.Ordinal)));
    }

    [Fact]
    public void What_has_no_closed_form_is_refused_with_the_reason()
    {
        var fromGenerator = Harness.GenerateReporting(StatisticsCorpus.Refused).Result.Diagnostics;
        var fromAnalyzer = Harness.Analyze(StatisticsCorpus.Refused).Where(d => d.Id.StartsWith("CALC2", StringComparison.Ordinal)).ToList();
        var gamma = Assert.Single(fromGenerator);
        Assert.Equal("CALC208", gamma.Id);
        Assert.Contains("'GammaIntegrand'", gamma.GetMessage(), StringComparison.Ordinal);
        var studentT = Assert.Single(fromAnalyzer);
        Assert.Equal("CALC207", studentT.Id);
        Assert.Contains("Numeric = true", studentT.GetMessage(), StringComparison.Ordinal);
    }
}
