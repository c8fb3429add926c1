using System.Diagnostics;
using System.Globalization;
using System.Text;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.IntegrationBench;

/// <summary>One benchmark case: the integrand in C#, the interval it is judged on, and Rubi's optimal answer.</summary>
public sealed record BenchmarkCase(string Id, string Category, string CSharp, string OptimalSympy, double Lo, double Hi, bool Elementary);

public enum Status { Ok, Fail, Wrong, Timeout }

/// <param name="Rule">The entry of the integrator's rule table that solved the case at the top level.</param>
/// <param name="Rules">Every entry of the table the derivation used, outermost first.</param>
public sealed record CaseResult(BenchmarkCase Case, Status Status, double Milliseconds, double? LeafRatio, string Detail, Expr? Antiderivative = null, string? Rule = null,
    IReadOnlyList<string>? Rules = null);

/// <summary>
/// Runs the engine over integrals in the benchmark's TSV format, exactly as the generator does (find, then verify), and
/// judges every emitted answer with the benchmark's own independent check on the case's interval.
/// </summary>
public static class BenchmarkRunner
{
    public static List<BenchmarkCase> Read(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new FormatException($"{path} has no column '{name}'");
        int id = Column("id"), category = Column("category"), csharp = Column("csharp"), optimal = Column("optimal_sympy"),
            lo = Column("lo"), hi = Column("hi"), elementary = Column("elementary");
        var cases = new List<BenchmarkCase>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            cases.Add(new BenchmarkCase(f[id], f[category], f[csharp], f[optimal],
                double.Parse(f[lo], CultureInfo.InvariantCulture), double.Parse(f[hi], CultureInfo.InvariantCulture), f[elementary] == "1"));
        }
        return cases;
    }

    /// <summary>One case; with <paramref name="ruleSteps"/>, the steps each top-level rule-table entry used are added there.</summary>
    public static CaseResult Run(BenchmarkCase c, TimeSpan timeout, IDictionary<string, long>? ruleSteps = null)
    {
        Expr integrand;
        try
        {
            integrand = ExpressionParser.Parse(c.CSharp);
        }
        catch (FormatException e)
        {
            return new CaseResult(c, Status.Fail, 0, null, "unparsed: " + e.Message);
        }

        using var cancel = new CancellationTokenSource(timeout);
        var watch = Stopwatch.StartNew();
        Expr? antiderivative = null;
        string? rule = null;
        IReadOnlyList<string>? rules = null;
        string detail;
        try
        {
            var budget = new Budget(cancel.Token, IntegralEngine.MaxSteps) { RuleSteps = ruleSteps };
            var found = IntegralEngine.Find(integrand, "x", new[] { "x" }, budget, out var emitted, out _, out string? problem);
            antiderivative = found is null ? null : emitted;
            rules = found?.Step.Rules().ToList();
            rule = rules?.FirstOrDefault();
            detail = problem ?? (found is null ? "no closed form" : "");
        }
        catch (OperationCanceledException)
        {
            return new CaseResult(c, Status.Timeout, watch.Elapsed.TotalMilliseconds, null, "timeout");
        }
        catch (ExpressionLimitException e)
        {
            detail = "limit: " + e.Message;
        }
        catch (InsufficientExecutionStackException)
        {
            detail = "limit: stack";
        }
        double ms = watch.Elapsed.TotalMilliseconds;
        if (antiderivative is null) return new CaseResult(c, Status.Fail, ms, null, detail);
        var check = Judge(integrand, antiderivative, c.Lo, c.Hi);
        double ratio = (double)LeafCount(antiderivative) / Math.Max(1, SympyLeafCount(c.OptimalSympy));
        return new CaseResult(c, check is null ? Status.Ok : Status.Wrong, ms, ratio, check ?? "", antiderivative, rule, rules);
    }

    /// <summary>
    /// The benchmark's check (its README): at five points of the interval, F' must equal f to 1e-6 relative plus 1e-9 of
    /// the largest |f|. F' is the symbolic derivative of F (which the README allows): a difference quotient's own
    /// truncation error exceeds the tolerance for integrands that vary by orders of magnitude across the stencil.
    /// </summary>
    public static string? Judge(Expr f, Expr antiderivative, double lo, double hi)
    {
        var derivative = Differentiator.Differentiate(antiderivative, "x", new Budget(default, int.MaxValue));
        var points = Enumerable.Range(1, 5).Select(k => lo + (hi - lo) * k / 6).ToArray();
        var values = points.Select(x => Evaluator.Evaluate(f, "x", x)).ToArray();
        double max = values.Max(Math.Abs);
        for (int k = 0; k < points.Length; k++)
        {
            double slope = Evaluator.Evaluate(derivative, "x", points[k]);
            double tolerance = 1e-6 * Math.Abs(values[k]) + 1e-9 * max;
            bool Agrees(double s, double fx) => !double.IsNaN(s) && !double.IsInfinity(s) && Math.Abs(s - fx) <= tolerance;
            bool AgreesAt(double x) => Agrees(Evaluator.Evaluate(derivative, "x", x), Evaluator.Evaluate(f, "x", x));
            // Exactly at a breakpoint of a piecewise stable form (max(x, 0) + log1p(e^(−|x|)) at x = 0) the symbolic
            // derivative mixes one-sided conventions (a tie of max against sign(0) = 0); F is differentiable there when both
            // one-sided slopes, a hair to either side, equal f.
            double hair = 1e-9 * Math.Max(1, Math.Abs(points[k]));
            if (!Agrees(slope, values[k]) && !(AgreesAt(points[k] - hair) && AgreesAt(points[k] + hair)))
                return string.Format(CultureInfo.InvariantCulture, "at x = {0}: F' = {1:R}, f = {2:R}", points[k], slope, values[k]);
            double value = Evaluator.Evaluate(antiderivative, "x", points[k]);
            if (double.IsNaN(value) || double.IsInfinity(value))
                return string.Format(CultureInfo.InvariantCulture, "at x = {0}: F = {1:R}", points[k], value);
        }
        return null;
    }

    /// <summary>Nodes of the expression tree (operators and leaves), the measure Rubi's LeafCount approximates.</summary>
    public static int LeafCount(Expr e) => e.Size;

    /// <summary>Operators, numbers, symbols and function names in a SymPy expression: the same measure for Rubi's answer.</summary>
    public static int SympyLeafCount(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (char.IsLetterOrDigit(c) || c == '_' || c == '.')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '.')) i++;
                count++;
            }
            else
            {
                if (c is '+' or '-' or '*' or '/') count++;
                if (c == '*' && i + 1 < text.Length && text[i + 1] == '*') i++;
                i++;
            }
        }
        return count;
    }

    public static string Report(IReadOnlyList<CaseResult> results, bool perCase = true)
    {
        var sb = new StringBuilder();
        if (perCase)
        {
            foreach (var r in results) sb.Append(r.Case.Id).Append(' ').Append(StatusText(r.Status)).Append('\n');
        }
        var categories = results.Select(r => r.Case.Category).Distinct().ToList();
        sb.Append('\n').Append(string.Format(CultureInfo.InvariantCulture, "{0,-14} {1,6} {2,6} {3,8}\n", "category", "cases", "solved", "solved %"));
        foreach (var category in categories.Append("all"))
        {
            var inCategory = results.Where(r => category == "all" || r.Case.Category == category).ToList();
            int ok = inCategory.Count(r => r.Status == Status.Ok);
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0,-14} {1,6} {2,6} {3,8:F1}\n", category, inCategory.Count, ok, 100.0 * ok / Math.Max(1, inCategory.Count)));
        }
        foreach (var elementary in new[] { true, false })
        {
            var subset = results.Where(r => r.Case.Elementary == elementary).ToList();
            sb.Append(string.Format(CultureInfo.InvariantCulture, "elementary {0}: {1} of {2} solved\n", elementary ? 1 : 0, subset.Count(r => r.Status == Status.Ok), subset.Count));
        }
        var times = results.Select(r => r.Milliseconds).OrderBy(t => t).ToList();
        if (times.Count > 0)
            sb.Append(string.Format(CultureInfo.InvariantCulture, "time per case: median {0:F2} ms, p95 {1:F2} ms, max {2:F0} ms\n",
                Percentile(times, 0.5), Percentile(times, 0.95), times[times.Count - 1]));
        var solvedTimes = results.Where(r => r.Status == Status.Ok).Select(r => r.Milliseconds).OrderBy(t => t).ToList();
        if (solvedTimes.Count > 0)
            sb.Append(string.Format(CultureInfo.InvariantCulture, "time per solved case: median {0:F2} ms, p95 {1:F2} ms, max {2:F0} ms\n",
                Percentile(solvedTimes, 0.5), Percentile(solvedTimes, 0.95), solvedTimes[solvedTimes.Count - 1]));
        var ratios = results.Where(r => r.Status == Status.Ok && r.LeafRatio is not null).Select(r => r.LeafRatio!.Value).OrderBy(v => v).ToList();
        if (ratios.Count > 0)
            sb.Append(string.Format(CultureInfo.InvariantCulture, "leaf-count ratio to Rubi's optimal answer (solved cases): median {0:F2}, p95 {1:F2}\n",
                Percentile(ratios, 0.5), Percentile(ratios, 0.95)));
        foreach (var status in new[] { Status.Ok, Status.Fail, Status.Wrong, Status.Timeout })
            sb.Append(StatusText(status)).Append(": ").Append(results.Count(r => r.Status == status)).Append('\n');
        int passed = results.Count(r => r.Status == Status.Ok);
        sb.Append(passed).Append(" passed, ").Append(results.Count - passed).Append(" failed\n");
        return sb.ToString();
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * (sorted.Count - 1) + 0.5))];

    public static string StatusText(Status s) => s switch { Status.Ok => "ok", Status.Fail => "fail", Status.Wrong => "wrong", _ => "timeout" };
}
