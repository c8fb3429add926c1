using System.Globalization;
using System.Text;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// End to end on random C# method bodies with locals, compound assignments, for loops (up, down, nested, triangular),
/// foreach, ifs around loops and early returns: each emitted gradient is compiled, run, and compared with finite
/// differences of the compiled original — this covers what the engine's own checks cannot, the printed C#.
/// </summary>
public class RandomGradientSourceTests
{
    private sealed class BodyWriter
    {
        private readonly Random _random;
        private readonly StringBuilder _text = new();
        private readonly List<string> _numbers = new();
        private int _names;
        private int _depth = 2;

        public BodyWriter(int seed) => _random = new Random(seed);

        public string Write()
        {
            for (int i = 0; i < 3; i++)
            {
                Line($"double s{i} = {Expression(2)};");
                _numbers.Add("s" + i);
            }
            if (_random.Next(4) == 0) Line($"if ({Expression(1)} > 1.5) return s0;");
            int count = 1 + _random.Next(3);
            for (int i = 0; i < count; i++) Statement(0);
            Line($"return {Expression(2)};");
            return _text.ToString();
        }

        private void Line(string text) => _text.Append(' ', _depth * 4).Append(text).Append('\n');

        private void Statement(int nesting)
        {
            int kind = _random.Next(nesting >= 2 ? 3 : 7);
            string target = "s" + _random.Next(3);
            switch (kind)
            {
                case 0: Line($"{target} += {Expression(2)};"); break;
                case 1: Line($"{target} = {target} * 0.5 + Math.Tanh({Expression(2)});"); break;
                case 2: Line($"{target} *= Math.Tanh({Expression(2)});"); break;
                case 3:
                case 4:
                {
                    string counter = "i" + _names++;
                    string bound = _counters.Count > 0 && _random.Next(2) == 0 ? _counters[^1] : "w.Length";
                    Line(_random.Next(3) == 0
                        ? $"for (int {counter} = {bound} - 1; {counter} >= 0; {counter}--)"
                        : $"for (int {counter} = 0; {counter} < {bound}; {counter}++)");
                    Block(nesting, counter, null);
                    break;
                }
                case 5:
                {
                    string element = "v" + _names++;
                    Line($"foreach (var {element} in x)");
                    Block(nesting, null, element);
                    break;
                }
                default:
                    Line($"if ({Expression(1)} > 0.1)");
                    Block(nesting, null, null);
                    if (_random.Next(2) == 0)
                    {
                        Line("else");
                        Block(nesting, null, null);
                    }
                    break;
            }
        }

        private void Block(int nesting, string? counter, string? element)
        {
            Line("{");
            _depth++;
            if (counter is not null) _counters.Add(counter);
            if (element is not null) _numbers.Add(element);
            // A local of the iteration: recomputed in the backward sweep, never stored.
            string? local = null;
            if (_random.Next(2) == 0)
            {
                local = "t" + _names++;
                Line($"double {local} = {Expression(2)};");
                _numbers.Add(local);
            }
            int count = 1 + _random.Next(2);
            for (int i = 0; i < count; i++) Statement(nesting + 1);
            if (local is not null) _numbers.Remove(local);
            if (element is not null) _numbers.Remove(element);
            if (counter is not null) _counters.Remove(counter);
            _depth--;
            Line("}");
        }

        private readonly List<string> _counters = new();

        private string Expression(int depth)
        {
            if (depth == 0 || _random.Next(4) == 0) return Leaf();
            string a = Expression(depth - 1), b = Expression(depth - 1);
            return _random.Next(10) switch
            {
                0 or 1 => $"({a} + {b})",
                2 => $"({a} - {b})",
                3 or 4 => $"({a} * {b})",
                5 => $"({a} / (1 + {b} * {b}))",
                6 => $"Math.Sin({a})",
                7 => $"Math.Exp(0.25 * Math.Tanh({a}))",
                8 => $"Math.Atan({a})",
                _ => $"Math.Log(1 + {a} * {a})",
            };
        }

        private string Leaf()
        {
            int k = _random.Next(8);
            switch (k)
            {
                case 0: return "a";
                case 1: return "b";
                case 2: return "c";
                case 3: return (0.5 + _random.Next(4)).ToString("0.0", CultureInfo.InvariantCulture);
                default:
                    if (k >= 4 && _counters.Count > 0)
                    {
                        string i = _counters[_random.Next(_counters.Count)];
                        return _random.Next(3) switch { 0 => $"w[{i}]", 1 => $"x[{i}]", _ => $"(0.25 * {i})" };
                    }
                    return _numbers.Count > 0 ? _numbers[_random.Next(_numbers.Count)] : "a";
            }
        }
    }

    [Fact]
    public void Random_block_bodies_emit_gradients_that_match_finite_differences()
    {
        const int count = 60;
        var source = new StringBuilder("using System;\nusing CompileTimeCalculus;\nnamespace Fuzz;\npublic static partial class R\n{\n");
        var bodies = new string[count];
        for (int i = 0; i < count; i++)
        {
            bodies[i] = new BodyWriter(1000 + i).Write();
            source.Append($"    [Gradient(nameof(a), nameof(b), nameof(w))]\n    public static double G{i}(double a, double b, double c, double[] w, double[] x)\n    {{\n{bodies[i]}    }}\n\n");
            source.Append($"    public static double[] G{i}Call(double a, double b, double c, double[] w, double[] x)\n    {{\n" +
                $"        var gw = new double[w.Length];\n        var r = G{i}Gradient(a, b, c, w, x, gw);\n        return [r.Value, r.a, r.b, .. gw];\n    }}\n\n");
        }
        source.Append("}\n");

        var (output, result) = Harness.Generate(source.ToString());
        Assert.Null(result.Exception);
        var errors = output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var refused = Harness.Analyze(source.ToString()).Select(d => d.ToString());
            Assert.Fail(string.Join("\n", errors.Take(10)) + "\n" + string.Join("\n", refused.Take(10)));
        }
        var type = Harness.Load(output).GetType("Fuzz.R")!;
        int sliced = output.SyntaxTrees.Sum(t => System.Text.RegularExpressions.Regex.Matches(t.ToString(), @"\.Slice\(").Count);

        var random = new Random(7);
        int compared = 0;
        var failures = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var f = type.GetMethod($"G{i}")!;
            var g = type.GetMethod($"G{i}Call")!;
            for (int trial = 0; trial < 3; trial++)
            {
                double a = 2 * random.NextDouble() - 1, b = 2 * random.NextDouble() - 1, c = 2 * random.NextDouble() - 1;
                // Length 10 in the last trial: loops of 8 or more run over slices (see AdjointPrinter.SlicedLoop).
                int length = trial == 2 ? 10 : 4;
                var w = Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();
                var x = Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();
                var claimed = (double[])g.Invoke(null, new object[] { a, b, c, w, x })!;
                double value = (double)f.Invoke(null, new object[] { a, b, c, w, x })!;
                if (Math.Abs(claimed[0] - value) > 1e-9 * Math.Max(1, Math.Abs(value))) failures.Add($"G{i}: value {claimed[0]:R}, function {value:R}");
                var inputs = new List<(string Name, Func<double, double> F, double At)>
                {
                    ("a", t => (double)f.Invoke(null, new object[] { t, b, c, w, x })!, a),
                    ("b", t => (double)f.Invoke(null, new object[] { a, t, c, w, x })!, b),
                };
                for (int j = 0; j < w.Length; j++)
                {
                    int k = j;
                    inputs.Add(($"w[{k}]", t =>
                    {
                        var moved = (double[])w.Clone();
                        moved[k] = t;
                        return (double)f.Invoke(null, new object[] { a, b, c, moved, x })!;
                    }, w[k]));
                }
                for (int n = 0; n < inputs.Count; n++)
                {
                    var (name, fx, at) = inputs[n];
                    double h = 1e-3;
                    double r1 = Harness.FiniteDifference(fx, at, h), r2 = Harness.FiniteDifference(fx, at, h / 2);
                    double noise = 1e-9 * Math.Max(Math.Abs(fx(at + h)), Math.Abs(fx(at - h))) / h;
                    double tolerance = 1e-6 * Math.Max(1, Math.Abs(r2)) + 10 * noise;
                    if (!double.IsFinite(r2) || Math.Abs(r1 - r2) > tolerance || !CompileTimeCalculus.Engine.Verification.NumericVerifier.IsSmooth(fx, at, h, tolerance)) continue;
                    compared++;
                    if (Math.Abs(claimed[n + 1] - r2) > 10 * tolerance)
                        failures.Add(string.Create(CultureInfo.InvariantCulture, $"G{i}: ∂/∂{name} emitted {claimed[n + 1]:R}, finite differences {r2:R}\n{bodies[i]}"));
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        // The bodies exercise what they should: element reads inside loops, nested and triangular loops, early returns.
        int reads = bodies.Count(b => b.Contains("w[")), triangular = bodies.Count(b => System.Text.RegularExpressions.Regex.IsMatch(b, @"< i\d+;|= i\d+ - 1;")),
            early = bodies.Count(b => b.Contains("return s0"));
        Assert.True(reads >= 20 && triangular >= 2 && early >= 5 && sliced >= 10, $"element reads {reads}, triangular loops {triangular}, early returns {early}, slices {sliced}");
        Assert.True(compared > count * 3 * 4, $"only {compared} comparisons made");
    }
}
