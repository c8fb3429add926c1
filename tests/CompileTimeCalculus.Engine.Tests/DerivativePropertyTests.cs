using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Verification;
using CsCheck;

namespace CompileTimeCalculus.Engine.Tests;

public class DerivativePropertyTests
{
    private static readonly Dictionary<string, double> Constants = new() { ["y"] = 0.7 };

    // Away from 0: removable singularities such as sin(x)/x have correct derivatives that no double formula evaluates well there.
    private static readonly Gen<double> Point = Gen.Select(Gen.Double[0.05, 3], Gen.Bool, (magnitude, negative) => negative ? -magnitude : magnitude);

    /// <summary>Richardson-extrapolated central difference and whether it is stable (no kink or overflow nearby).</summary>
    internal static (double Value, bool Stable, double Noise) FiniteDifference(Func<double, double> f, double x)
    {
        double h = 1e-3 * Math.Max(1, Math.Abs(x));
        double R(double step) => (4 * ((f(x + step / 2) - f(x - step / 2)) / step) - (f(x + step) - f(x - step)) / (2 * step)) / 3;
        double r1 = R(h), r2 = R(h / 2);
        double scale = Math.Max(Math.Abs(f(x + h)), Math.Abs(f(x - h)));
        double tolerance = 1e-6 * Math.Abs(r2) + 1e-9 * scale / h + 1e-12;
        // A function whose double value does not move across the stencil (x absorbed by a huge term, as in
        // sin(1e33 + x)) shows no slope to compare with.
        bool moves = f(x + h) != f(x) || f(x - h) != f(x);
        bool stable = moves && double.IsFinite(r1) && double.IsFinite(r2) && Math.Abs(r1 - r2) <= tolerance && NumericVerifier.IsSmooth(f, x, h, tolerance);

        return (r2, stable, 1e-9 * scale / h);
    }

    /// <summary>
    /// Whether a step of the finite difference can resolve a slope this steep: a smooth function changes by about |f'|·h
    /// over it. One that turns through many periods within the step (2^sin(e^(x²)) at x = 3, f' ≈ 10⁴) changes by far
    /// less, and its differences can agree at two step sizes by chance when a large constant term widens the tolerance.
    /// </summary>
    private static bool Resolvable(Func<double, double> f, double x, double claimed)
    {
        double h = 1e-3 * Math.Max(1, Math.Abs(x));
        double change = Math.Max(Math.Abs(f(x + h) - f(x)), Math.Abs(f(x) - f(x - h)));
        return Math.Abs(claimed) * h <= 10 * change + 1e-12;
    }

    /// <summary>
    /// Whether f' jumps at x: x sits exactly where a max, min or conditional switches branch (x = 3 in min(x, 3)),
    /// where f' is a tie convention or f has a kink too small for the difference test to see. A jump keeps its size
    /// as the step shrinks sixteenfold; smooth change shrinks with it.
    /// </summary>
    private static bool OnBranchBoundary(Expr derivative, double x)
    {
        double At(double t) => Evaluator.Evaluate(derivative, new Dictionary<string, double>(Constants) { ["x"] = t });
        double here = At(x), delta = 1e-8 * Math.Max(1, Math.Abs(x)), floor = 1e-12 * Math.Max(1, Math.Abs(here));
        foreach (int side in new[] { -1, 1 })
        {
            double far = Math.Abs(At(x + side * delta) - here), near = Math.Abs(At(x + side * delta / 16) - here);
            if (near > floor && near > far / 2) return true;
        }
        return false;
    }

    [Fact]
    public void Random_expressions_differentiate_to_what_finite_differences_measure()
    {
        int compared = 0, samples = 0;
        Gen.Select(RandomExpressions.Tree(4), Point).Sample((f, x) =>
        {
            samples++;
            var df = Differentiator.Differentiate(f, "x", new Budget(default));
            var values = new Dictionary<string, double>(Constants) { ["x"] = x };
            double fx = Evaluator.Evaluate(f, values);
            double claimed = Evaluator.Evaluate(df, values);
            if (!double.IsFinite(fx) || !double.IsFinite(claimed)) return true;
            // The textbook derivative evaluated through an overflow (√(e^1202 − 1) in arcosh' = 0 where f' is finite) says
            // nothing about the differentiator; the emitter's stable forms are tested elsewhere.
            var names = values.Keys.ToList();
            new CompiledExpression(df, names, new Budget(default)).EvaluateWithError(names.Select(n => values[n]).ToList(), out double rounding);
            if (!double.IsFinite(rounding)) return true;
            double F(double t) => Evaluator.Evaluate(f, new Dictionary<string, double>(Constants) { ["x"] = t });
            var (numeric, stable, noise) = FiniteDifference(F, x);
            if (!stable || OnBranchBoundary(df, x) || !Resolvable(F, x, claimed)) return true;
            compared++;
            double tolerance = 1e-5 * Math.Max(1, Math.Max(Math.Abs(claimed), Math.Abs(numeric))) + 10 * noise;
            return Math.Abs(claimed - numeric) <= tolerance;
        }, iter: 4000, print: t => $"f = {t.Item1}, x = {t.Item2:R}, f' = {Differentiator.Differentiate(t.Item1, "x", new Budget(default))}");
        // The property must actually be exercised, not skipped.
        Assert.True(compared > samples / 3, $"only {compared} of {samples} samples were comparable");
    }

    [Fact]
    public void Random_expressions_second_derivatives_match_the_first_derivatives_slope()
    {
        int compared = 0;
        Gen.Select(RandomExpressions.Tree(3), Point).Sample((f, x) =>
        {
            var budget = new Budget(default);
            var d1 = Differentiator.Differentiate(f, "x", budget);
            var d2 = Differentiator.Differentiate(d1, "x", budget);
            var values = new Dictionary<string, double>(Constants) { ["x"] = x };
            double claimed = Evaluator.Evaluate(d2, values);
            if (!double.IsFinite(claimed) || !double.IsFinite(Evaluator.Evaluate(d1, values))) return true;
            var (numeric, stable, noise) = FiniteDifference(t => Evaluator.Evaluate(d1, new Dictionary<string, double>(Constants) { ["x"] = t }), x);
            if (!stable) return true;
            compared++;
            return Math.Abs(claimed - numeric) <= 1e-5 * Math.Max(1, Math.Max(Math.Abs(claimed), Math.Abs(numeric))) + 10 * noise;
        }, iter: 2000, print: t => $"f = {t.Item1}, x = {t.Item2:R}");
        Assert.True(compared > 400, $"only {compared} samples were comparable");
    }

    [Fact]
    public void Verification_rarely_refuses_a_correct_derivative()
    {
        // The rules are right, so a contradiction means the formula evaluates badly in double at some probe point
        // (denormals, a pole, tan next to π/2, or NaN from ∞/∞ where e^(x²) overflows inside a function that stays
        // finite, as atan2(e^(3x²/2), c) at x = 24): refusing is then the safe choice, but it must stay rare. About 2-3 %
        // of these random trees, all of them NaN far out (x ≥ 11) from an overflowing exponential.
        int samples = 0, refused = 0;
        var examples = new List<string>();
        Gen.Select(RandomExpressions.Tree(4), Gen.Int[1, 2]).Sample((f, order) =>
        {
            samples++;
            var outcome = DerivativeEngine.Run(new DerivativeJob(f, "x", new[] { "x", "y" }, order, NumericType.Double), default);
            if (outcome.Problem == EngineProblemKind.VerificationFailed && !outcome.Message!.StartsWith("no probe point", StringComparison.Ordinal))
            {
                refused++;
                if (examples.Count < 5) examples.Add($"{f} (order {order}): {outcome.Message}");
            }
        }, iter: 3000, threads: 1);
        Assert.True(refused <= samples / 20, $"{refused} of {samples} correct derivatives refused:\n" + string.Join("\n", examples));
    }

    [Fact]
    public void Simplification_never_changes_a_value()
    {
        // Rebuilding a tree through the factories from its own parts must give the same numbers where it is defined.
        Gen.Select(RandomExpressions.Tree(4), Point).Sample((f, x) =>
        {
            var values = new Dictionary<string, double>(Constants) { ["x"] = x };
            double direct = Evaluator.Evaluate(f, values);
            var doubled = Expr.Subtract(Expr.Multiply(Expr.Num(2), f), f); // 2f - f collects to f
            double viaIdentity = Evaluator.Evaluate(doubled, values);
            if (!double.IsFinite(direct)) return true;
            return Math.Abs(direct - viaIdentity) <= 1e-9 * Math.Max(1, Math.Abs(direct));
        }, iter: 2000);
    }
}
