using CompileTimeCalculus.Engine.Written;
using CsCheck;

namespace CompileTimeCalculus.Engine.Tests;

/// <summary>
/// The emitted Hessian of random functions of x and y, run as printed, against finite differences of the emitted gradient
/// (also run as printed): each off-diagonal entry against both orders of differentiation.
/// </summary>
public class HessianPropertyTests
{
    private static readonly string[] Names = { "x", "y" };

    private static double[] RunAll(HessianResult result, double x, double y)
    {
        var values = new double[result.Body.Results.Count];
        for (int k = 0; k < values.Length; k++)
            values[k] = new WrittenEvaluator(EmittedCode.Read(result.Body, k, Names), singlePrecision: false).Run(new[] { x, y }, new Budget(default));
        return values;
    }

    [Fact]
    public void Random_functions_get_hessians_that_match_finite_differences_of_their_gradients()
    {
        int emitted = 0, compared = 0, samples = 0;
        // Away from 0, where random functions put their poles (3/(2y)); a step of the difference quotient must not cross one.
        var point = Gen.Select(Gen.Double[0.05, 2], Gen.Bool, (magnitude, negative) => negative ? -magnitude : magnitude);
        Gen.Select(RandomExpressions.Tree(3), point, point).Sample((f, x, y) =>
        {
            samples++;
            var outcome = HessianEngine.Run(new HessianJob(f, Names, NumericType.Double), default);
            if (!outcome.Succeeded) return true;
            emitted++;
            var result = outcome.Result!;
            var at = RunAll(result, x, y);
            if (at.Any(v => !double.IsFinite(v))) return true;
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    int row = i, column = j;
                    double Gradient(double t) => RunAll(result, column == 0 ? t : x, column == 1 ? t : y)[1 + row];
                    var (numeric, stable, noise) = DerivativePropertyTests.FiniteDifference(Gradient, column == 0 ? x : y);
                    if (!stable) continue;
                    compared++;
                    double claimed = at[result.SecondIndex(i, j)];
                    if (Math.Abs(claimed - numeric) > 1e-5 * Math.Max(1, Math.Max(Math.Abs(claimed), Math.Abs(numeric))) + 10 * noise) return false;
                }
            }
            return true;
        }, iter: 300, print: t => $"f = {t.Item1}, x = {t.Item2:R}, y = {t.Item3:R}");
        // The property must be exercised: most random functions get a Hessian, and many entries are comparable (an entry of
        // a function that ignores y, or a gradient that is constant, shows no slope to compare with).
        Assert.True(emitted > samples / 2, $"only {emitted} of {samples} functions got a Hessian");
        Assert.True(compared > emitted / 2, $"only {compared} entries compared for {emitted} Hessians");
    }
}
