using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// The fuzzing harness: random method bodies from the supported grammar, mixed with unsupported and malformed code
/// (code being typed, wrong types, huge literals, NaN and ∞, deep nesting, long sums, a type named Math, generic and
/// nested types, partial types split across files, duplicates, name clashes), driven through the real generator and
/// both analyzers. A bounded run is part of the test suite; CALC_FUZZ_CASES=N (and CALC_FUZZ_SEED) runs longer.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Unary = { "Math.Exp", "Math.Log", "Math.Sin", "Math.Cos", "Math.Tanh", "Math.Sqrt", "Math.Atan", "Math.Abs", "Math.Asinh", "Math.Cbrt" };
    private static readonly string[] Leaves = { "x", "x", "y", "2.0", "0.5", "3", "Math.PI", "K", "1e300", "1e-300", "double.NaN", "double.PositiveInfinity", "1E+400" };

    private static string Expression(Random random, int depth, string[]? leaves = null)
    {
        leaves ??= Leaves;
        if (depth == 0 || random.Next(5) == 0) return leaves[random.Next(leaves.Length)];
        string a = Expression(random, depth - 1, leaves), b = Expression(random, depth - 1, leaves);
        return random.Next(15) switch
        {
            0 or 1 => $"({a} + {b})",
            2 => $"({a} - {b})",
            3 or 4 => $"({a} * {b})",
            5 => $"({a} / {b})",
            6 or 7 => $"{Unary[random.Next(Unary.Length)]}({a})",
            8 => $"Math.Pow({a}, {random.Next(-3, 5)})",
            9 => $"({a} > {b} ? {a} : {b})",
            10 => $"Math.Max({a}, {b})",
            11 => $"-({a})",
            12 => $"Helper({a})",
            13 => $"Declared({a})",
            _ => $"Math.Atan2({a}, {b})",
        };
    }

    // Loop bodies read the element, the parameter and the accumulator itself (which makes the gradient store it).
    private static readonly string[] LoopLeaves = { "x", "w[i]", "w[i]", "s", "0.5", "2.0", "K" };
    private static readonly string[] ResultLeaves = { "s", "s", "x", "1.5" };

    /// <summary>Integrands the integrator mostly solves (and some it does not), in x with y a parameter.</summary>
    private static readonly string[] IntegrandTerms =
    {
        "x", "x * x", "Math.Exp({0} * x)", "Math.Sin({0} * x + y)", "Math.Cos(x)", "x * Math.Exp(-x * x)", "1 / (1 + x * x)",
        "Math.Tanh(x)", "Math.Sqrt(1 + x * x)", "x * Math.Sin(x)", "Math.Exp(x) / (1 + Math.Exp(x))", "Math.Log(1 + x * x)",
        "y / (x * x + 4)", "Math.Exp(-x * x)", "Math.Abs(x)", "Math.Max(x, 0.0)", "Math.Sin(x) * Math.Sin(x)", "Math.Pow(x, 3)",
        "Math.Exp(y * x) * Math.Cos(x)", "x / Math.Sqrt(x * x + 1)", "Math.Atan(x)", "1 / Math.Cosh(x)",
    };

    private static string Integrand(Random random)
    {
        if (random.Next(6) == 0) return Expression(random, 2);
        string Term() => string.Format(CultureInfo.InvariantCulture, IntegrandTerms[random.Next(IntegrandTerms.Length)], random.Next(1, 4) * (random.Next(2) == 0 ? 1 : -1));
        var terms = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(4) == 0 ? $"{Term()} * {Term()}" : $"{random.Next(1, 5)} * {Term()}");
        return string.Join(random.Next(2) == 0 ? " + " : " - ", terms);
    }

    // Block bodies as people write them: locals, an if with an early return, a parameter reassigned.
    private static readonly string[] BlockLeaves = { "x", "x", "y", "a", "2.0", "0.5", "K", "1e300", "1e-300" };

    private static string BlockBody(Random random)
    {
        string E(int depth) => Expression(random, depth, BlockLeaves);
        string ValueOnly(int depth) => Expression(random, depth, BlockLeaves.Where(l => l != "a").ToArray());
        return random.Next(3) switch
        {
            0 => $"    {{\n        double a = {ValueOnly(2)};\n        if ({E(1)} > {E(1)}) return {E(2)};\n        a = a * {E(1)};\n        return {E(2)};\n    }}\n",
            1 => $"    {{\n        x = {ValueOnly(1)};\n        double a = {ValueOnly(2)};\n" +
                $"        if ({E(1)} < {E(1)} && {E(1)} != 0.0) a += {E(1)}; else a -= {E(1)};\n        return {E(2)};\n    }}\n",
            _ => $"    {{\n        double a = {ValueOnly(1)};\n        a = {E(2)} > 0 ? a : -a;\n        return BlockHelper(a, x) + {E(1)};\n    }}\n",
        };
    }

    // Loops of the gradient work: foreach, an if in the body, a local per iteration, a helper called from the loop.
    private static readonly string[] ElementLeaves = { "v", "v", "x", "s", "0.5", "K" };

    // ML-style loops: a local buffer written then read (or accumulated into), continue or break on a condition, an int
    // count of the kept elements, the buffer passed to a helper with a loop.
    private static readonly string[] BufferLeaves = { "w[i]", "w[i]", "x", "s", "0.5", "K" };
    private static readonly string[] ReadLeaves = { "h[i]", "h[i]", "x", "0.5", "w[i]" };
    private static readonly string[] ScaleLeaves = { "x", "0.5", "K" };

    private static string BufferMember(Random random, int m)
    {
        string declaration = random.Next(2) == 0 ? "Span<double> h = stackalloc double[w.Length];" : "var h = new double[w.Length];";
        string skip = random.Next(3) switch
        {
            0 => $"            if ({Expression(random, 1, BufferLeaves)} < -0.5) continue;\n",
            1 => $"            if ({Expression(random, 1, BufferLeaves)} > 2.5) break;\n",
            _ => "",
        };
        string store = random.Next(2) == 0 ? "=" : "+=";
        string use = random.Next(3) switch
        {
            0 => $"        for (int i = 0; i < h.Length; i++) s += {Expression(random, 2, ReadLeaves)};\n",
            1 => $"        foreach (var hi in h) s += hi * {Expression(random, 1, ScaleLeaves)};\n",
            _ => "        s += SpanHelper(h, x);\n",
        };
        return $"    [Gradient(nameof(x))] public static double N{m}(double[] w, double x)\n    {{\n        {declaration}\n" +
               $"        double s = {Expression(random, 1, ResultLeaves.Where(l => l != "s").ToArray())};\n        int kept = 0;\n" +
               $"        for (int i = 0; i < w.Length; i++)\n        {{\n{skip}            h[i] {store} {Expression(random, 2, BufferLeaves)};\n            kept++;\n        }}\n" +
               use + $"        return s / Math.Max(kept, 1) + {Expression(random, 1, ResultLeaves.Where(l => l != "s").ToArray())};\n    }}\n";
    }

    private static string Member(Random random, int m) => random.Next(12) switch
    {
        11 => BufferMember(random, m),
        8 => $"    [Derivative(WithRespectTo = nameof(x))] public static double B{m}(double x, double y)\n{BlockBody(random)}",
        9 => $"    [Gradient(nameof(x))] public static double M{m}(double[] w, double x)\n    {{\n        double s = {Expression(random, 1, ResultLeaves.Where(l => l != "s").ToArray())};\n" +
             $"        foreach (var v in w)\n        {{\n            double t = {Expression(random, 2, ElementLeaves)};\n" +
             $"            if (t > {Expression(random, 1, ElementLeaves)}) s += t; else s -= BlockHelper(t, x);\n        }}\n        return " +
                 $"{Expression(random, random.Next(0, 2), ResultLeaves)};\n    }}\n",
        10 => FloatTwin(random, m),
        0 => $"    [Antiderivative(WithRespectTo = nameof(x))] public static double A{m}(double x, double y) => {Integrand(random)};\n",
        1 => $"    [Gradient{(random.Next(2) == 0 ? ", HessianVectorProduct" : "")}] public static double G{m}(double x, double y) => {Expression(random, random.Next(1, 4))};\n",
        2 => $"    [Gradient(nameof(x)){(random.Next(2) == 0 ? ", HessianVectorProduct(nameof(x))" : "")}] public static double L{m}(double[] w, double x)\n" +
             $"    {{\n        double s = {Expression(random, 1, ResultLeaves.Where(l => l != "s").ToArray())};\n" +
             $"        for (int i = 0; i < w.Length; i++)\n            s {(random.Next(3) == 0 ? "=" : "+=")} {Expression(random, random.Next(1, 3), LoopLeaves)};\n" +
             $"        return {Expression(random, random.Next(0, 3), ResultLeaves)};\n    }}\n",
        _ => $"    [Derivative(WithRespectTo = nameof(x))] public static double F{m}(double x, double y) => {Expression(random, random.Next(1, 5))};\n",
    };

    /// <summary>A float method and its double twin (the same text): the float derivative is checked against the twin's differences.</summary>
    private static string FloatTwin(Random random, int m)
    {
        string e = Expression(random, random.Next(1, 4), Leaves.Where(l => !l.Contains("300") && !l.Contains("400")).ToArray());
        return $"    [Derivative(WithRespectTo = nameof(x))] public static float S{m}(float x, float y) => (float)({e});\n" +
               $"    public static double S{m}Twin(double x, double y) => {e};\n";
    }

    private static readonly string[] Hostile =
    {
        "[Derivative] public static double H{0}(double x) => x % 2.0;",
        "[Derivative] public static double H{0}(double x) {{ var y = x; return y * y; }}",
        "[Derivative] public static double H{0}(double x) => 1 / 2 * x;",
        "[Derivative] public static int H{0}(double x) => (int)x;",
        "[Derivative] public static double H{0}(string s) => 1.0;",
        "[Derivative] public static double H{0}(ref double x) => x;",
        "[Derivative(Order = 7)] public static double H{0}(double x) => x;",
        "[Derivative(WithRespectTo = \"nope\")] public static double H{0}(double x, double y) => x * y;",
        "[Derivative] public static double H{0}(double x) => H{0}(x);",
        "[Derivative] public static double H{0}(double x) => Math.Sin(",
        "[Derivative] public static double H{0}(double x) => x +;",
        "[Derivative] public static double H{0}(double x) => Undefined(x);",
        "[Derivative] public static double H{0}(double x) => {1};",
        "[Derivative] public static double H{0}(double x) => " + string.Join(" + ", Enumerable.Repeat("x * x", 600)) + ";",
        "[Derivative] public static double H{0}(double x) => " + new string('(', 260) + "x" + new string(')', 260) + ";",
        "[Derivative] public static double H{0}(double x) => Math.Log(-1 - x * x);",
        "[Derivative] public static double H{0}(double x) => x;\n    public static double H{0}Derivative(double x) => 1;",
        "[Derivative] public static double H{0}(double x) => x;\n    [Derivative] public static double H{0}(double x) => x;",
        "[DerivativeOf(\"Missing\")] public static partial double H{0}(double x);",
        "[DerivativeOf(nameof(Helper))] public static partial double H{0}(double x);",
        "[AntiderivativeOf(nameof(Helper))] public static double H{0}(double x) => Math.Exp(2 * x);",
        "[GradientOf(nameof(Helper))] public static (double x, double q) H{0}(double x) => (x, x);",
        "[Derivative] public double H{0}(double x) => x;",
        "[Derivative] public static double H{0}<T>(double x) => x;",
        "[Derivative] public static double H{0}(double x) => checked(x * 2);",
        "[Derivative] public static double H{0}(double x) => x switch {{ > 0 => x, _ => 0.0 }};",
        "[Gradient] public static double H{0}(double[] w) {{ double s = 0; while (s < 1) s += w[0]; return s; }}",
        "[Gradient] public static double H{0}(double[] w) {{ for (int i = 0; i < w.Length; i++) {{ if (w[i] > 0) return w[i]; }} return 0; }}",
        "[Gradient] public static double H{0}(double[] w) {{ double s = 0; for (int i = 0; i < w.Length; i++) {{ s += w[i]; if (s > 1) break; }} return s; }}",
        "[Gradient] public static double H{0}(double[] w) {{ w[0] = 1; return w[0]; }}",
        "[Gradient] public static double H{0}(double[] w) {{ double s = 0; for (int i = 0; i < w.Length; i += 2) s += w[i]; return s; }}",
        "[Gradient] public static double H{0}(double[] w) {{ double s = 0; for (int i = 0; i < w.Length; i++) {{ s += w[i]; i++; }} return s; }}",
        "[Gradient] public static double H{0}(double[] w, int n) {{ double s = 0; for (int i = 0; i < n; i++) s += w[i] * w[i]; return s; }}",
        "[Gradient] public static double H{0}(double[] w) {{ double s = 0; for (int i = 0; i < w.Length; i++) for (int j = 0; j < w.Length; j++) s += w[i] * w[j] / (1 + (i - j) * (i - j)); return " +
            "s; }}",
        "[Gradient(\"nope\")] public static double H{0}(double x) => x;",
        "[Gradient] public static double H{0}(double x) {{ double s = x; " + string.Concat(Enumerable.Repeat("if (s > 0) return s; s = s * 2; ", 40)) + "return s; }}",
        "[Gradient] public static double H{0}(double[] w) {{ double s = 0; for (int i = 0; i < w.Length; i++) s += w[i + 100]; return s; }}",
        "[Antiderivative] public static double H{0}(double x) => Math.Exp(-x * x) * Math.Log(x);",
        "[Antiderivative] public static double H{0}(double x) {{ double s = 0; for (int i = 1; i <= 3; i++) s += x * i; return s; }}",
        "[Antiderivative(LowerLimit = 0)] public static double H{0}(double x) => 1 / x;",
        "[Antiderivative(LowerLimit = double.NegativeInfinity)] public static double H{0}(double x) => Math.Exp(x) * {1};",
        "[Antiderivative(Numeric = true)] public static double H{0}(double x) => Math.Sin(x * x * x) / (1 + x * x);",
        "[DefiniteIntegral(nameof(Helper), 0, 1)] public static partial double H{0}();",
        "[DefiniteIntegral(nameof(Helper), -1, double.PositiveInfinity)] public static partial double H{0}();",
        "[AntiderivativeOf(nameof(Helper))] public static partial double H{0}(double x);",
    };

    /// <summary>A helper with a block body: a reassigned parameter, an early return, a local (inlined into its callers).</summary>
    private const string BlockHelperText =
        "    public static double BlockHelper(double u, double v)\n    {\n        u = Math.Abs(u) + 0.25;\n        if (v > 1.5) return Math.Log(u) * v;\n        double r = Math.Sqrt(u) - v;\n     " +
            "   return r * r;\n    }\n";

    /// <summary>
    /// A helper the generator cannot read (a while loop computing e^(u/4)) with declared first and second derivatives: its
    /// callers' derivatives and gradients call it and them.
    /// </summary>
    private const string DeclaredHelperText =
        "    public static double Declared(double u)\n    {\n        double r = 0;\n        int k = 0;\n        while (k < 2) { r += global::System.Math.Exp(u / 4) / 2; k++; }\n" +
        "        return r;\n    }\n" +
        "    [DerivativeOf(nameof(Declared))] public static double DeclaredDerivative(double u) => Declared(u) / 4;\n" +
        "    [DerivativeOf(nameof(DeclaredDerivative))] public static double DeclaredSecond(double u) => Declared(u) / 16;\n";

    /// <summary>A helper with a loop over a span (log-sum-exp with its running maximum), run in place where it is called.</summary>
    private const string SpanHelperText =
        "    public static double SpanHelper(ReadOnlySpan<double> z, double t)\n    {\n        double max = double.NegativeInfinity;\n        for (int i = 0; i < z.Length; i++) max = " +
            "Math.Max(max, z[i] * t);\n" +
        "        double sum = 0;\n        foreach (var zi in z) sum += Math.Exp(zi * t - max);\n        return max + Math.Log(sum);\n    }\n";

    private static string[] Case(Random random, int index)
    {
        var members = new StringBuilder();
        int count = random.Next(1, 6);
        for (int m = 0; m < count; m++)
        {
            if (random.Next(3) == 0)
                members.Append("    ").Append(string.Format(CultureInfo.InvariantCulture, Hostile[random.Next(Hostile.Length)], m, Expression(random, 3))).Append('\n');
            else
                members.Append(Member(random, m));
        }
        string container = random.Next(4) switch
        {
            0 => "public static partial class C\n{\n    private const double K = 1.25;\n    public static double Helper(double u) => Math.Exp(u) / (1 + u * " +
                "u);\n" + BlockHelperText + SpanHelperText + DeclaredHelperText + members + "}\n",
            1 => "public partial class Outer<T>\n{\n    internal static partial class C\n    {\n    private const double K = 1.25;\n    public static double Helper(double u) => " +
                "Math.Sin(u);\n" + BlockHelperText + SpanHelperText + DeclaredHelperText + members + "    }\n}\n",
            2 => "public static partial class C\n{\n    private const double K = 1.25;\n    public static double Helper(double u) => u * " +
                "u;\n" + BlockHelperText + SpanHelperText + DeclaredHelperText + members + "}\npublic static class Math { public static double Exp(double v) => v; }\n",
            _ => "public partial struct C\n{\n    private const double K = 1.25;\n    public static double Helper(double u) => Math.Tanh(u);\n" + BlockHelperText + SpanHelperText +
                DeclaredHelperText + members + "}\n",
        };
        string source = "using System;\nusing CompileTimeCalculus;\nnamespace Fuzz" + index + ";\n" + container;
        if (random.Next(6) == 0) source = source.Substring(0, random.Next(source.Length / 2, source.Length)); // still being typed
        var files = new List<string> { source };
        if (random.Next(4) == 0)
            files.Add("using System;\nusing CompileTimeCalculus;\nnamespace Fuzz" + index + ";\npublic static partial class C\n{\n    [Derivative] public static double Split(double x) => " +
                "Math.Exp(-x * x);\n}\n");
        return files.ToArray();
    }

    [Fact]
    public async Task Random_and_hostile_sources_hold_every_invariant()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("CALC_FUZZ_CASES"), out int n) ? n : 150;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("CALC_FUZZ_SEED"), out int s) ? s : Environment.TickCount;
        var random = new Random(seed);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer(), new HandWrittenCalculusAnalyzer());
        long checks = 0, emittedFiles = 0, diagnostics = 0, derivativesChecked = 0, antiderivativesChecked = 0, gradientsChecked = 0, productsChecked = 0, checkedBefore = 0;
        for (int i = 0; i < cases; i++)
        {
            var sources = Case(random, i);
            string context = $"seed {seed}, case {i}:\n{string.Join("\n---\n", sources)}";
            var compilation = Harness.Compile(sources);
            var driver = Harness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics);
            var run = driver.GetRunResult().Results.Single();

            // 1. Nothing escapes: no generator exception (CS8785 drops all output), no analyzer exception (AD0001).
            Assert.True(run.Exception is null, context + "\n" + run.Exception);
            Assert.DoesNotContain(generatorDiagnostics, d => d.Id is "CS8784" or "CS8785");
            var found = await updated.WithAnalyzers(analyzers, options: null).GetAnalyzerDiagnosticsAsync();
            var crashes = found.Where(d => d.Id is "AD0001" or DiagnosticIds.InternalError).ToList();
            Assert.True(crashes.Count == 0, string.Join("\n", crashes) + "\n" + context);
            checks += 3;

            // 2. Every diagnostic sits in the user's own source.
            var userTrees = compilation.SyntaxTrees.ToHashSet();
            foreach (var d in found)
            {
                Assert.True(d.Location.IsInSource && userTrees.Contains(d.Location.SourceTree!), $"{d} has no location in the user's files; {context}");
                checks++;
                diagnostics++;
            }

            // 3. Every emitted file parses and compiles.
            foreach (var generated in run.GeneratedSources)
            {
                var syntaxErrors = generated.SyntaxTree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(syntaxErrors.Count == 0, $"{generated.HintName}: {string.Join("; ", syntaxErrors)}\n{generated.SourceText}\n{context}");
                var errors = updated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == generated.SyntaxTree).ToList();
                Assert.True(errors.Count == 0, $"{generated.HintName}: {string.Join("; ", errors)}\n{generated.SourceText}\n{context}");
                checks += 2;
                emittedFiles++;
            }

            // 4. Where the whole program compiles, every emitted derivative and gradient matches finite differences of
            //    the source, and every emitted antiderivative differentiates back (numerically) to its integrand.
            if (run.GeneratedSources.Length > 0 && !updated.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                var assembly = Harness.Load(updated);
                foreach (var type in assembly.GetTypes())
                {
                    if (type.ContainsGenericParameters) continue;
                    foreach (var method in type.GetMethods())
                    {
                        if (method.Name.EndsWith("Antiderivative", StringComparison.Ordinal) && method.GetParameters().Length == 2)
                        {
                            var f = type.GetMethod(method.Name[..^"Antiderivative".Length]);
                            if (f is null) continue;
                            // F' = f: the finite difference of the emitted F against the source f.
                            foreach (double y in YValues)
                                antiderivativesChecked += CheckAgainstDifferences(t => (double)method.Invoke(null, new object[] { t, y })!,
                                    x => (double)f.Invoke(null, new object[] { x, y })!, method.Name, context);
                        }
                        else if (method.Name.EndsWith("Derivative", StringComparison.Ordinal) && method.GetParameters().Length == 2 && method.ReturnType == typeof(float))
                        {
                            // A float derivative against the differences of its double twin, to float's precision.
                            var twin = type.GetMethod(method.Name[..^"Derivative".Length] + "Twin");
                            if (twin is null) continue;
                            foreach (double y in YValues)
                                derivativesChecked += CheckAgainstDifferences(t => (double)twin.Invoke(null, new object[] { t, y })!,
                                    x => (float)method.Invoke(null, new object[] { (float)x, (float)y })!, method.Name, context, relative: 2e-4, single: true);
                        }
                        else if (method.Name.EndsWith("Derivative", StringComparison.Ordinal) && method.GetParameters().Length == 2)
                        {
                            var f = type.GetMethod(method.Name[..^"Derivative".Length]);
                            if (f is null) continue;
                            foreach (double y in YValues)
                                derivativesChecked += CheckAgainstDifferences(t => (double)f.Invoke(null, new object[] { t, y })!,
                                    x => (double)method.Invoke(null, new object[] { x, y })!, method.Name, context);
                        }
                        else if (method.Name.EndsWith("Hvp", StringComparison.Ordinal) && typeof(ITuple).IsAssignableFrom(method.ReturnType))
                        {
                            // Along the line p(s) = p₀ + s·v: the product's components are d/ds of the emitted gradient's, and the
                            // directional derivative is d/ds of the function.
                            var f = type.GetMethod(method.Name[..^"Hvp".Length]);
                            var gradient = type.GetMethod(method.Name[..^"Hvp".Length] + "Gradient");
                            var names = method.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>()?.TransformNames;
                            if (f is null || gradient is null || names is null) continue;
                            var parameters = f.GetParameters();
                            var differentiated = names.Skip(1).ToList();
                            double[] direction = { 1.0, 0.5 };
                            object[] At(double s) => parameters.Select((p, j) => p.ParameterType == typeof(double[]) ? (object)new[] { 0.3, -0.7, 1.1 }
                                : differentiated.IndexOf(p.Name!) is int d and >= 0 ? (j == 0 ? 0 : 0.6 - 0.25 * j) + s * direction[d] : 0.6 - 0.25 * j).ToArray();
                            object[] WithDirections(double s) => At(s).Concat(differentiated.Select((_, d) => (object)direction[d])).ToArray();
                            productsChecked += CheckAgainstDifferences(s => (double)f.Invoke(null, At(s))!,
                                s => (double)((ITuple)method.Invoke(null, WithDirections(s))!)[0]!, method.Name + ".DirectionalDerivative", context);
                            for (int element = 1; element < names.Count; element++)
                            {
                                int e = element;
                                productsChecked += CheckAgainstDifferences(s => (double)((ITuple)gradient.Invoke(null, At(s))!)[e]!,
                                    s => (double)((ITuple)method.Invoke(null, WithDirections(s))!)[e]!, $"{method.Name}.{names[e]}", context);
                            }
                        }
                        else if (method.Name.EndsWith("Gradient", StringComparison.Ordinal) && typeof(ITuple).IsAssignableFrom(method.ReturnType))
                        {
                            var f = type.GetMethod(method.Name[..^"Gradient".Length]);
                            var names = method.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>()?.TransformNames;
                            if (f is null || names is null) continue;
                            var parameters = f.GetParameters();
                            // Each partial of the tuple (after Value) against a finite difference in its parameter.
                            for (int element = 1; element < names.Count; element++)
                            {
                                int k = Array.FindIndex(parameters, p => p.Name == names[element]);
                                Assert.True(k >= 0, $"{method.Name}: tuple element {names[element]} names no parameter; {context}");
                                object[] Arguments(double t) => parameters.Select((p, j) => p.ParameterType == typeof(double[]) ? (object)new[] { 0.3, -0.7, 1.1 }
                                    : j == k ? t : 0.6 - 0.25 * j).ToArray();
                                gradientsChecked += CheckAgainstDifferences(t => (double)f.Invoke(null, Arguments(t))!,
                                    t => (double)((ITuple)method.Invoke(null, Arguments(t))!)[element]!, $"{method.Name}.{names[element]}", context);
                            }
                        }
                    }
                }
            }
            checks += derivativesChecked + antiderivativesChecked + gradientsChecked + productsChecked - checkedBefore;
            checkedBefore = derivativesChecked + antiderivativesChecked + gradientsChecked + productsChecked;
        }
        string summary = $"seed {seed}, {cases} cases, {emittedFiles} emitted files, {diagnostics} diagnostics; values checked against finite differences: " +
            $"{derivativesChecked} derivatives, {gradientsChecked} partial derivatives of gradients, " +
            $"{productsChecked} components of Hessian-vector products, {antiderivativesChecked} antiderivatives; {checks} invariant checks held";
        output.WriteLine("fuzz: " + summary);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "fuzz.txt"), summary + "\n");
        Assert.True(derivativesChecked > 0 && (cases < 100 || gradientsChecked > 0 && antiderivativesChecked > 0), "the run checked too little: " + summary);
    }

    private static readonly double[] YValues = { 0.6, -0.35 };

    /// <summary>
    /// At seven points, <paramref name="claimedDerivative"/> against a Richardson-extrapolated central difference of
    /// <paramref name="function"/> (the source as C# runs it), where that difference can be trusted (finite, stable under
    /// halving the step, smooth).
    /// </summary>
    private static int CheckAgainstDifferences(Func<double, double> function, Func<double, double> claimedDerivative, string name, string context,
        double relative = 1e-6, bool single = false)
    {
        int checkedPoints = 0;
        foreach (double x in new[] { -2.3, -1.3, -0.45, 0.4, 0.95, 1.7, 3.1 })
        {
            if (single && !double.IsFinite((float)function(x))) continue;
            double claimed = claimedDerivative(x);
            if (!double.IsFinite(function(x)) || !double.IsFinite(claimed)) continue;
            double r1 = Harness.FiniteDifference(function, x, 1e-3), r2 = Harness.FiniteDifference(function, x, 5e-4);
            double noise = 1e-9 * Math.Max(Math.Abs(function(x + 1e-3)), Math.Abs(function(x - 1e-3))) / 1e-3;
            double tolerance = relative * Math.Max(1, Math.Abs(r2)) + 10 * noise;
            if (!double.IsFinite(r2) || Math.Abs(r1 - r2) > tolerance || !CompileTimeCalculus.Engine.Verification.NumericVerifier.IsSmooth(function, x, 1e-3, tolerance)) continue;
            Assert.True(Math.Abs(claimed - r2) <= 10 * tolerance, $"{name}({x}) = {claimed:R}, finite differences {r2:R}; {context}");
            checkedPoints++;
        }
        return checkedPoints;
    }
}
