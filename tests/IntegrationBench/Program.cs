using System.Globalization;
using CompileTimeCalculus.IntegrationBench;

// dotnet run -c Release --project tests/IntegrationBench -- FILE.tsv [--timeout SECONDS] [--only CATEGORY] [--details] [--rules] [--profile]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: IntegrationBench FILE.tsv [--timeout SECONDS] [--only CATEGORY] [--id ID] [--details] [--rules] [--profile] [--slowest N]");
    return 2;
}
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var timeout = TimeSpan.FromSeconds(10);
string? only = null, id = null;
bool details = false, rules = false, profile = false;
int slowest = 0;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--timeout": timeout = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--only": only = args[++i]; break;
        case "--id": id = args[++i]; break;
        case "--details": details = true; break;
        case "--rules": rules = true; break;
        case "--profile": profile = true; break;
        case "--slowest": slowest = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var cases = BenchmarkRunner.Read(args[0]).Where(c => (only is null || c.Category == only) && (id is null || c.Id == id)).ToList();
// Warm up the JIT on one case so the first timing is not a compile.
if (cases.Count > 0) BenchmarkRunner.Run(cases[0], timeout);
var results = new List<CaseResult>();
// Steps per top-level rule-table entry, summed over the solved and over the unsolved cases: where the search spends its budget.
var stepsSolved = new Dictionary<string, long>();
var stepsUnsolved = new Dictionary<string, long>();
foreach (var c in cases)
{
    var steps = profile ? new Dictionary<string, long>() : null;
    var r = BenchmarkRunner.Run(c, timeout, steps);
    results.Add(r);
    foreach (var (rule, used) in steps ?? new Dictionary<string, long>())
    {
        var into = r.Status == Status.Ok ? stepsSolved : stepsUnsolved;
        into[rule] = into.GetValueOrDefault(rule) + used;
    }
    if (details && r.Status != Status.Ok) Console.Error.WriteLine($"{c.Id} {BenchmarkRunner.StatusText(r.Status)} [{c.Category}] {c.CSharp} :: {r.Detail}");
    if (id is not null)
    {
        Console.Error.WriteLine($"{c.Id}: {r.Status} {r.Milliseconds:F1} ms\n  f = {c.CSharp}\n  F = {r.Antiderivative}\n  {r.Detail}");
        // The engine's one path: the derivation and the verdict on what would be emitted, as the generator gets them.
        var integrand = CompileTimeCalculus.Engine.Ir.ExpressionParser.Parse(c.CSharp);
        var found = CompileTimeCalculus.Engine.IntegralEngine.Find(integrand, "x", new[] { "x" }, new CompileTimeCalculus.Engine.Budget(default, 1_000_000),
            out var emitted, out var check, out string? problem);
        if (found is not null) Console.Error.WriteLine(found.Step.ToString());
        else if (CompileTimeCalculus.Engine.Integration.Integrator.Integrate(integrand, "x", new CompileTimeCalculus.Engine.Budget(default, 1_000_000), new[] { "x" }) is { } refused)
            Console.Error.WriteLine($"  found but refused: {refused.Result}\n{refused.Step}");
        Console.Error.WriteLine($"  verification: {(found is not null ? "passed" : problem ?? "nothing found")} ({check.AgreeingPoints} points){(emitted is null ? "" : "; emitted " + emitted)}");
    }
}
Console.Write(BenchmarkRunner.Report(results));
if (rules)
{
    // Which entry of the rule table solved each case at the top level, with the first such case; entries that solved none.
    var byRule = results.Where(r => r.Status == Status.Ok && r.Rule is not null).GroupBy(r => r.Rule!).ToDictionary(g => g.Key, g => g.ToList());
    foreach (var name in CompileTimeCalculus.Engine.Integration.Integrator.RuleNames)
    {
        var solved = byRule.TryGetValue(name, out var list) ? list : new List<CaseResult>();
        Console.WriteLine($"rule {name}: {solved.Count}" + (solved.Count > 0 ? $" (first: {solved[0].Case.Id} {solved[0].Case.CSharp})" : ""));
    }
    if (details) foreach (var r in results.Where(r => r.Status == Status.Ok)) Console.WriteLine($"solved by {r.Rule}: {r.Case.Id} {r.Case.CSharp} " +
        $"[{string.Join(" ", r.Rules ?? Array.Empty<string>())}]");
}
if (profile)
{
    Console.WriteLine($"{"rule",-36} {"steps, unsolved",16} {"steps, solved",14}");
    foreach (var rule in stepsUnsolved.Keys.Union(stepsSolved.Keys).OrderByDescending(k => stepsUnsolved.GetValueOrDefault(k)))
        Console.WriteLine($"{rule,-36} {stepsUnsolved.GetValueOrDefault(rule),16:N0} {stepsSolved.GetValueOrDefault(rule),14:N0}");
}
foreach (var r in results.OrderByDescending(r => r.Milliseconds).Take(slowest))
    Console.Error.WriteLine($"slow: {r.Milliseconds,8:F1} ms {BenchmarkRunner.StatusText(r.Status)} {r.Case.Id} {r.Case.CSharp}");
return results.Any(r => r.Status == Status.Wrong) ? 1 : 0;
