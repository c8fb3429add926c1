using System.Globalization;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>
/// The special functions antiderivatives are written in, against 40-digit references (SpecialFunctions/references.tsv,
/// from generate_references.py with mpmath). The error is measured in ulps of the reference.
/// </summary>
public class SpecialFunctionTests
{
    private readonly ITestOutputHelper _output;

    public SpecialFunctionTests(ITestOutputHelper output) => _output = output;

    private static readonly Dictionary<string, Func<double, double>> Functions = new()
    {
        ["Erf"] = SpecialFunctions.Erf,
        ["Erfc"] = SpecialFunctions.Erfc,
        ["Erfi"] = SpecialFunctions.Erfi,
        ["ExpIntegralEi"] = SpecialFunctions.ExpIntegralEi,
        ["ExpIntegralE1"] = SpecialFunctions.ExpIntegralE1,
        ["SinIntegral"] = SpecialFunctions.SinIntegral,
        ["CosIntegral"] = SpecialFunctions.CosIntegral,
        ["SinhIntegral"] = SpecialFunctions.SinhIntegral,
        ["CoshIntegral"] = SpecialFunctions.CoshIntegral,
        ["LogIntegral"] = SpecialFunctions.LogIntegral,
        ["FresnelS"] = SpecialFunctions.FresnelS,
        ["FresnelC"] = SpecialFunctions.FresnelC,
        ["Dilogarithm"] = SpecialFunctions.Dilogarithm,
        ["Trilogarithm"] = SpecialFunctions.Trilogarithm,
        ["Tetralogarithm"] = SpecialFunctions.Tetralogarithm,
        ["LogGamma"] = SpecialFunctions.LogGamma,
        ["Digamma"] = SpecialFunctions.Digamma,
        ["Trigamma"] = SpecialFunctions.Trigamma,
        ["NormalCdf"] = SpecialFunctions.NormalCdf,
        ["LogNormalCdf"] = SpecialFunctions.LogNormalCdf,
    };

    /// <summary>
    /// Worst error allowed, in ulps of the reference (measured: erf 3, erfc 2, Ei and E₁ 8, Si 1, Ci 4, Shi 6, Chi 7,
    /// Fresnel 7, Li₂ 6). Two are looser for a reason: erfi's positive series accumulates the rounding of ~80 terms just
    /// below 6.5, where its asymptotic expansion takes over (28 ulps); li(x) = Ei(ln x) inherits the rounding of ln x,
    /// which Ei amplifies by ln x (9 ulps at 1e15); ln|Γ| left of ½ is a difference ln(π/|sin πx|) − ln Γ(1 − x) that can
    /// cancel (10 ulps at −2.5). Measured for the rest: ψ 6, ψ′ 5, Φ 2, ln Φ 2, Li₃ 4, Li₄ 5.
    /// </summary>
    private static readonly Dictionary<string, double> AllowedUlps = new()
    {
        ["Erf"] = 4,
        ["Erfc"] = 4,
        ["Erfi"] = 32,
        ["ExpIntegralEi"] = 8,
        ["ExpIntegralE1"] = 8,
        ["SinIntegral"] = 4,
        ["CosIntegral"] = 8,
        ["SinhIntegral"] = 8,
        ["CoshIntegral"] = 8,
        ["LogIntegral"] = 10,
        ["FresnelS"] = 8,
        ["FresnelC"] = 8,
        ["Dilogarithm"] = 8,
        ["Trilogarithm"] = 6,
        ["Tetralogarithm"] = 6,
        ["LogGamma"] = 12,
        ["Digamma"] = 8,
        ["Trigamma"] = 8,
        ["NormalCdf"] = 4,
        ["LogNormalCdf"] = 4,
    };

    public static IEnumerable<(string Function, double X, double Reference)> References()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "SpecialFunctions", "references.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t');
            yield return (f[0], double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
        }
    }

    public static double Ulps(double actual, double reference)
    {
        if (actual == reference) return 0;
        if (double.IsNaN(actual) || double.IsInfinity(actual)) return double.PositiveInfinity;
        double ulp = Math.Max(Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference), double.Epsilon);
        return Math.Abs(actual - reference) / ulp;
    }

    [Fact]
    public void Every_function_is_within_a_few_ulps_of_its_reference_values()
    {
        var worst = new Dictionary<string, (double Ulps, double X)>();
        var failures = new List<string>();
        foreach (var (function, x, reference) in References())
        {
            double ulps = Ulps(Functions[function](x), reference);
            if (!worst.TryGetValue(function, out var w) || ulps > w.Ulps) worst[function] = (ulps, x);
            if (ulps > AllowedUlps[function]) failures.Add($"{function}({x:R}) = {Functions[function](x):R}, reference {reference:R}: {ulps:G3} ulps");
        }
        foreach (var (function, (ulps, x)) in worst.OrderBy(p => p.Key, StringComparer.Ordinal))
            _output.WriteLine($"{function,-14} worst {ulps,8:G3} ulps at x = {x:R}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Functions.Count, worst.Count);
    }

    /// <summary>
    /// F(φ|m), E(φ|m), Π(n; φ|m) against SpecialFunctions/elliptic-references.tsv (generate_elliptic_references.py):
    /// m from −5 to 3, φ up to the edge of the real domain and beyond a half period. The error counted is what one rounding
    /// of φ does not explain (at φ a millionth inside the edge of m = 1.5, F's slope is 860: that alone is 240 ulps).
    /// Measured: F 3, E 8, Π 12 ulps; E and Π lose a few digits near φ = π/2, m = 1, where their R_F and R_D terms nearly
    /// cancel.
    /// </summary>
    [Fact]
    public void Elliptic_integrals_are_within_a_few_ulps_of_their_references()
    {
        var allowed = new Dictionary<string, double> { ["EllipticF"] = 4, ["EllipticE"] = 12, ["EllipticPi"] = 16 };
        var worst = new Dictionary<string, double>();
        var failures = new List<string>();
        string path = Path.Combine(AppContext.BaseDirectory, "SpecialFunctions", "elliptic-references.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            var arguments = fields[1].Split(' ').Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray();
            double reference = double.Parse(fields[2], CultureInfo.InvariantCulture);
            double actual = fields[0] switch
            {
                "EllipticF" => SpecialFunctions.EllipticF(arguments[0], arguments[1]),
                "EllipticE" => SpecialFunctions.EllipticE(arguments[0], arguments[1]),
                _ => SpecialFunctions.EllipticPi(arguments[0], arguments[1], arguments[2]),
            };
            // Beyond what one rounding of φ explains (|∂/∂φ|·ulp(φ): near the edge m·sin²φ → 1 the slope is 1/√(1 − m·sin²φ)).
            double phi = fields[0] == "EllipticPi" ? arguments[1] : arguments[0], m = arguments[^1];
            double sin2 = Math.Sin(phi) * Math.Sin(phi), delta = 1 - m * sin2;
            double slope = fields[0] switch
            {
                "EllipticF" => 1 / Math.Sqrt(delta),
                "EllipticE" => Math.Sqrt(delta),
                _ => 1 / ((1 - arguments[0] * sin2) * Math.Sqrt(delta)),
            };
            double explained = slope * (Math.BitIncrement(Math.Abs(phi)) - Math.Abs(phi));
            double ulps = Ulps(actual, reference) - explained / (Math.BitIncrement(Math.Abs(reference)) - Math.Abs(reference));
            worst[fields[0]] = Math.Max(worst.GetValueOrDefault(fields[0]), ulps);
            if (ulps > allowed[fields[0]]) failures.Add($"{fields[0]}({fields[1]}) = {actual:R}, reference {reference:R}: {ulps:G3} ulps");
        }
        foreach (var (function, ulps) in worst.OrderBy(p => p.Key, StringComparer.Ordinal)) _output.WriteLine($"{function,-14} worst {ulps,8:G3} ulps");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(3, worst.Count);
        // Outside the real domain: NaN, never a wrong real number.
        Assert.True(double.IsNaN(SpecialFunctions.EllipticF(1.2, 2.0)), "F(1.2|2) is complex");
        Assert.True(double.IsNaN(SpecialFunctions.EllipticE(4.0, 2.0)), "E(4|2) is complex (the complete E(2) is)");
        Assert.True(double.IsNaN(SpecialFunctions.EllipticPi(2.0, 1.0, 0.5)), "Π(2; 1|0.5) passes a pole");
        Assert.Equal(SpecialFunctions.EllipticF(0.6, 0.4), (double)SpecialFunctionsF.EllipticF(0.6f, 0.4f), 6);
    }

    /// <summary>
    /// Cl₂, Cl₃, Cl₄ against SpecialFunctions/clausen-references.tsv (generate_clausen_references.py), over several periods.
    /// They are O(1) with zeros inside each period, so the error is counted in ulps of max(1, |value|): measured 6 at most
    /// (the series about 0 converges like 4^(−k) at |θ| = π, and the reduction by 2π is done in two parts).
    /// </summary>
    [Fact]
    public void Clausen_functions_are_within_a_few_ulps_of_their_references()
    {
        var worst = new Dictionary<string, double>();
        var failures = new List<string>();
        string path = Path.Combine(AppContext.BaseDirectory, "SpecialFunctions", "clausen-references.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            double theta = double.Parse(fields[1], CultureInfo.InvariantCulture), reference = double.Parse(fields[2], CultureInfo.InvariantCulture);
            double actual = fields[0] switch
            {
                "Clausen2" => SpecialFunctions.Clausen2(theta),
                "Clausen3" => SpecialFunctions.Clausen3(theta),
                _ => SpecialFunctions.Clausen4(theta),
            };
            double ulps = Math.Abs(actual - reference) / (Math.BitIncrement(Math.Max(1, Math.Abs(reference))) - Math.Max(1, Math.Abs(reference)));
            worst[fields[0]] = Math.Max(worst.GetValueOrDefault(fields[0]), ulps);
            if (ulps > 8) failures.Add($"{fields[0]}({theta:R}) = {actual:R}, reference {reference:R}: {ulps:G3} ulps");
        }
        foreach (var (function, ulps) in worst.OrderBy(p => p.Key, StringComparer.Ordinal)) _output.WriteLine($"{function,-14} worst {ulps,8:G3} ulps of max(1, |Cl|)");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(3, worst.Count);
        Assert.Equal(SpecialFunctions.Clausen2(1.1), (double)SpecialFunctionsF.Clausen2(1.1f), 6);
    }

    /// <summary>
    /// Re and Im of Li₂, Li₃, Li₄ at r·e^(iφ) against SpecialFunctions/complex-polylogarithm-references.tsv
    /// (generate_complex_polylogarithm_references.py): r from 10⁻⁹ to 10³ (across the unit circle, where the methods change),
    /// φ over several turns and next to the cut. Counted in ulps of max(1, |Li|), as for Clausen's functions (r = 1); above
    /// the unit circle the inversion formula adds terms of size |ln(−z)|ᵏ/k! that cancel (Li_k grows only like them), so
    /// there the unit is an ulp of that size. Measured: r ≤ 1 at most 8 ulps; r &gt; 1 at most 12 of the larger unit. The parts of
    /// Li_k(z) − z (k = 1 … 4) are counted in ulps of r²/2ᵏ for r ≤ ½.
    /// </summary>
    [Fact]
    public void Complex_polylogarithms_are_within_a_few_ulps_of_their_references()
    {
        var worst = new Dictionary<string, double>();
        var failures = new List<string>();
        string path = Path.Combine(AppContext.BaseDirectory, "SpecialFunctions", "complex-polylogarithm-references.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            bool tail = fields[0].StartsWith("tail", StringComparison.Ordinal);
            int k = int.Parse(tail ? fields[0].Substring(4) : fields[0], CultureInfo.InvariantCulture);
            double r = double.Parse(fields[1], CultureInfo.InvariantCulture), phi = double.Parse(fields[2], CultureInfo.InvariantCulture);
            foreach (var (part, column) in new[] { ("Re", 3), ("Im", 4) })
            {
                double reference = double.Parse(fields[column], CultureInfo.InvariantCulture);
                double actual = tail ? (k, part) switch
                {
                    (1, "Re") => SpecialFunctions.LogarithmTailRe(r, phi),
                    (1, _) => SpecialFunctions.LogarithmTailIm(r, phi),
                    (2, "Re") => SpecialFunctions.DilogarithmTailRe(r, phi),
                    (2, _) => SpecialFunctions.DilogarithmTailIm(r, phi),
                    (3, "Re") => SpecialFunctions.TrilogarithmTailRe(r, phi),
                    (3, _) => SpecialFunctions.TrilogarithmTailIm(r, phi),
                    (_, "Re") => SpecialFunctions.TetralogarithmTailRe(r, phi),
                    _ => SpecialFunctions.TetralogarithmTailIm(r, phi),
                } : (k, part) switch
                {
                    (2, "Re") => SpecialFunctions.DilogarithmRe(r, phi),
                    (2, _) => SpecialFunctions.DilogarithmIm(r, phi),
                    (3, "Re") => SpecialFunctions.TrilogarithmRe(r, phi),
                    (3, _) => SpecialFunctions.TrilogarithmIm(r, phi),
                    (_, "Re") => SpecialFunctions.TetralogarithmRe(r, phi),
                    _ => SpecialFunctions.TetralogarithmIm(r, phi),
                };
                // A tail is small: for r ≤ ½ counted in ulps of its first term r²/2ᵏ (or of its value if larger), beyond in ulps
                // of max(1, |value|), as the difference Li_k − z computes it there.
                double scale = tail && r <= 0.5 ? Math.Max(r * r / Math.Pow(2, k), Math.Abs(reference)) : Math.Max(1, Math.Abs(reference));
                if (r > 1) scale = Math.Max(scale, Math.Pow(Math.Log(r) * Math.Log(r) + Math.PI * Math.PI, k / 2.0) / (k == 2 ? 2 : k == 3 ? 6 : 24));
                double ulps = Math.Abs(actual - reference) / (Math.BitIncrement(scale) - scale);
                string name = part + (tail ? " (Li" + k + " − z)" : " Li" + k) + (r > 1 ? " r>1" : "");
                worst[name] = Math.Max(worst.GetValueOrDefault(name), ulps);
                if (!(ulps <= 16)) failures.Add($"{name}({r:R}, {phi:R}) = {actual:R}, reference {reference:R}: {ulps:G3} ulps");
            }
        }
        foreach (var (function, ulps) in worst.OrderBy(p => p.Key, StringComparer.Ordinal)) _output.WriteLine($"{function,-14} worst {ulps,8:G3} ulps");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(20, worst.Count);
        Assert.Equal(SpecialFunctions.Clausen2(1.1), SpecialFunctions.DilogarithmIm(1, 1.1), 14);
        Assert.Equal(SpecialFunctions.DilogarithmRe(0.8, 2.1), (double)SpecialFunctionsF.DilogarithmRe(0.8f, 2.1f), 6);
    }

    /// <summary>
    /// The Faddeeva function w(x + iy) against SpecialFunctions/faddeeva-references.tsv (generate_faddeeva_references.py):
    /// the three methods and their borders (|z| = ½, 8), the real axis, and the lower half plane by reflection. Counted in
    /// ulps of max(|w|, 10⁻³⁰⁰) for y ≥ 0 (|w| ≤ 1 there, and w ~ i/(√π z) far out, so relative error is what matters) and of
    /// max(1, |w|) below the axis, where the reflection 2e^(−z²) − w(−z) cancels where it is small.
    /// </summary>
    [Fact]
    public void Faddeeva_function_is_within_a_few_ulps_of_its_references()
    {
        var worst = new Dictionary<string, double>();
        var failures = new List<string>();
        string path = Path.Combine(AppContext.BaseDirectory, "SpecialFunctions", "faddeeva-references.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            double x = double.Parse(fields[0], CultureInfo.InvariantCulture), y = double.Parse(fields[1], CultureInfo.InvariantCulture);
            double re = double.Parse(fields[2], CultureInfo.InvariantCulture), im = double.Parse(fields[3], CultureInfo.InvariantCulture);
            double actualRe = SpecialFunctions.FaddeevaRe(x, y), actualIm = SpecialFunctions.FaddeevaIm(x, y);
            double scale = y >= 0 ? Math.Max(Math.Sqrt(re * re + im * im), 1e-300) : Math.Max(1, Math.Sqrt(re * re + im * im));
            double ulp = Math.BitIncrement(scale) - scale;
            double ulps = Math.Max(Math.Abs(actualRe - re), Math.Abs(actualIm - im)) / ulp;
            string region = y < 0 ? "y < 0" : Math.Sqrt(x * x + y * y) < 0.5 ? "|z| < 0.5" : Math.Sqrt(x * x + y * y) > 8 ? "|z| > 8" : "0.5 ≤ |z| ≤ 8";
            worst[region] = Math.Max(worst.GetValueOrDefault(region), ulps);
            if (!(ulps <= 16)) failures.Add($"w({x:R} + {y:R}i) = {actualRe:R} + {actualIm:R}i, reference {re:R} + {im:R}i: {ulps:G3} ulps");
        }
        foreach (var (region, ulps) in worst.OrderBy(p => p.Key, StringComparer.Ordinal)) _output.WriteLine($"{region,-14} worst {ulps,8:G3} ulps");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(4, worst.Count);
        Assert.Equal(SpecialFunctions.FaddeevaRe(1.1, 0.4), (double)SpecialFunctionsF.FaddeevaRe(1.1f, 0.4f), 6);
    }

    /// <summary>
    /// Kummer's e^(−z)·M(s, s + 1, z) and the scaled upper incomplete gamma function e^y·y^(1−s)·Γ(s, y) against
    /// SpecialFunctions/incomplete-gamma-references.tsv (generate_incomplete_gamma_references.py): orders of either sign,
    /// arguments across every method's border (z = −2, 40; y = s + 1). Relative error in ulps, except where M changes sign
    /// (negative s): there in ulps of max(1, |M|). Measured: e^(−z)·M 6 ulps,
    /// G 20 ulps (the continued fraction near its border).
    /// </summary>
    [Fact]
    public void Incomplete_gamma_functions_are_within_a_few_ulps_of_their_references()
    {
        var worst = new Dictionary<string, double>();
        var failures = new List<string>();
        string path = Path.Combine(AppContext.BaseDirectory, "SpecialFunctions", "incomplete-gamma-references.tsv");
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split('\t');
            double s = double.Parse(fields[1], CultureInfo.InvariantCulture), argument = double.Parse(fields[2], CultureInfo.InvariantCulture);
            double reference = double.Parse(fields[3], CultureInfo.InvariantCulture);
            double actual = fields[0] == "ScaledKummerM" ? SpecialFunctions.ScaledKummerM(s, argument) : SpecialFunctions.ScaledUpperGamma(s, argument);
            double scale = s < 0 && fields[0] == "ScaledKummerM" ? Math.Max(1, Math.Abs(reference)) : Math.Abs(reference);
            double ulps = Math.Abs(actual - reference) / (Math.BitIncrement(scale) - scale);
            worst[fields[0]] = Math.Max(worst.GetValueOrDefault(fields[0]), ulps);
            if (!(ulps <= 32)) failures.Add($"{fields[0]}({s:R}, {argument:R}) = {actual:R}, reference {reference:R}: {ulps:G3} ulps");
        }
        foreach (var (function, ulps) in worst.OrderBy(p => p.Key, StringComparer.Ordinal)) _output.WriteLine($"{function,-18} worst {ulps,8:G3} ulps");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(2, worst.Count);
        Assert.Equal(SpecialFunctions.ScaledKummerM(1.0 / 3, 0.7), (double)SpecialFunctionsF.ScaledKummerM(1f / 3, 0.7f), 6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(-1.3)]
    public void Odd_functions_are_odd(double x)
    {
        Assert.Equal(-SpecialFunctions.Erf(x), SpecialFunctions.Erf(-x));
        Assert.Equal(-SpecialFunctions.Erfi(x), SpecialFunctions.Erfi(-x));
        Assert.Equal(-SpecialFunctions.SinIntegral(x), SpecialFunctions.SinIntegral(-x));
        Assert.Equal(-SpecialFunctions.SinhIntegral(x), SpecialFunctions.SinhIntegral(-x));
        Assert.Equal(-SpecialFunctions.FresnelS(x), SpecialFunctions.FresnelS(-x));
        Assert.Equal(-SpecialFunctions.FresnelC(x), SpecialFunctions.FresnelC(-x));
    }

    [Fact]
    public void Limits_and_special_points()
    {
        Assert.Equal(1.0, SpecialFunctions.Erf(double.PositiveInfinity));
        Assert.Equal(0.0, SpecialFunctions.Erfc(double.PositiveInfinity));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.ExpIntegralEi(0.0));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.CosIntegral(0.0));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.LogIntegral(1.0));
        Assert.Equal(Math.PI / 2, SpecialFunctions.SinIntegral(double.PositiveInfinity));
        Assert.Equal(0.5, SpecialFunctions.FresnelS(double.PositiveInfinity));
        Assert.Equal(Math.PI * Math.PI / 6, SpecialFunctions.Dilogarithm(1.0), 15);
        Assert.True(double.IsNaN(SpecialFunctions.Dilogarithm(1.5)), "Li₂ is complex above 1");
        Assert.True(double.IsNaN(SpecialFunctions.LogIntegral(-1.0)));
        foreach (var f in Functions.Values) Assert.True(double.IsNaN(f(double.NaN)));
    }

    [Fact]
    public void The_statistics_functions_hold_their_limits_at_the_ends_of_the_double_range()
    {
        foreach (double big in new[] { 1e301, double.MaxValue, double.PositiveInfinity })
        {
            Assert.Equal(1.0, SpecialFunctions.NormalCdf(big));
            Assert.Equal(0.0, SpecialFunctions.NormalCdf(-big));
            Assert.Equal(0.0, SpecialFunctions.LogNormalCdf(big));
            Assert.Equal(double.NegativeInfinity, SpecialFunctions.LogNormalCdf(-big));
            // ln Γ(x) ≈ x(ln x − 1) overflows only near the top of the range; ψ(x) ≈ ln x; ψ′(x) ≈ 1/x.
            double logGamma = SpecialFunctions.LogGamma(big);
            Assert.True(logGamma > 1e303, $"ln Γ({big}) = {logGamma}");
            Assert.Equal(Math.Log(big), SpecialFunctions.Digamma(big), 10);
            Assert.Equal(1 / big, SpecialFunctions.Trigamma(big), 15);
        }
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.LogGamma(-3.0));
        Assert.True(double.IsNaN(SpecialFunctions.Digamma(-3.0)));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.Trigamma(0.0));
        // Near a pole the values are finite and large: ln|Γ(−3 + 1e-10)| ≈ −ln(6·1e-10).
        Assert.Equal(-Math.Log(6e-10), SpecialFunctions.LogGamma(-3 + 1e-10), 6);
        Assert.True(double.IsFinite(SpecialFunctions.Digamma(-1e15 + 0.5)));
        Assert.True(double.IsFinite(SpecialFunctions.LogGamma(1e-320)));
    }
}
