using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Tests.Programs;

/// <summary>
/// Property tests of reverse mode: for random programs, the adjoint program (what is printed as C#) returns the source's
/// value, and each partial derivative equals a finite difference of the source program, at arguments the engine's own
/// verification never saw. The tape never overflows its computed length and ends empty (the interpreter checks).
/// </summary>
public class GradientPropertyTests
{
    private static AdjointProgram AssertMatchesFiniteDifferences(Program program, int seed)
    {
        var arrayTypes = program.Parameters.Where(p => p.Kind == ParameterKind.Array).ToDictionary(p => p.Name, _ => NumericType.Double);
        var parameters = RandomPrograms.GradientParameters.Where(g => program.Parameters.Any(p => p.Name == g)).ToArray();
        var outcome = GradientEngine.Run(new GradientJob(program, parameters, NumericType.Double, arrayTypes), default);
        Assert.True(outcome.Succeeded, $"seed {seed}: {outcome.Message}\n{Describe(program)}");
        var adjoint = outcome.Result!.Adjoint;

        var random = new Random(seed ^ 0x2545F491);
        for (int trial = 0; trial < 3; trial++)
        {
            var arguments = new ProgramArguments();
            foreach (var p in program.Parameters)
            {
                if (p.Kind == ParameterKind.Scalar) arguments.Scalars[p.Name] = 2 * random.NextDouble() - 1;
                else arguments.Arrays[p.Name] = Enumerable.Range(0, 4).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            }
            var budget = new Budget(default, int.MaxValue);
            double value = ProgramInterpreter.Run(program, arguments, budget);
            var claimed = ProgramInterpreter.Run(adjoint, arguments, budget);
            Assert.True(Math.Abs(claimed.Value - value) <= 1e-9 * Math.Max(1, Math.Abs(value)), $"seed {seed}: value {claimed.Value} vs {value}\n{Describe(program)}");

            void Check(string what, double claimedPartial, Func<double, double> f, double at)
            {
                var (numeric, stable, noise) = DerivativePropertyTests.FiniteDifference(f, at);
                if (!stable) return;
                double tolerance = 1e-6 * Math.Max(1, Math.Abs(numeric)) + 10 * noise;
                Assert.True(Math.Abs(claimedPartial - numeric) <= tolerance,
                    $"seed {seed}: ∂/∂{what} is {claimedPartial:R}, finite differences give {numeric:R}\n{Describe(program)}");
            }

            foreach (var (name, _) in adjoint.ScalarGradients)
            {
                Check(name, claimed.Scalars[name], t =>
                {
                    var moved = arguments.Clone();
                    moved.Scalars[name] = t;
                    return ProgramInterpreter.Run(program, moved, budget);
                }, arguments.Scalars[name]);
            }
            foreach (var (name, _) in adjoint.ArrayGradients)
            {
                for (int j = 0; j < arguments.Arrays[name].Length; j++)
                {
                    int k = j;
                    Check(name + "[" + k + "]", claimed.Arrays[name][k], t =>
                    {
                        var moved = arguments.Clone();
                        moved.Arrays[name][k] = t;
                        return ProgramInterpreter.Run(program, moved, budget);
                    }, arguments.Arrays[name][k]);
                }
            }
        }
        return adjoint;
    }

    internal static string Dump(IEnumerable<AdjointStatement> statements, string indent) => string.Join("\n", statements.Select(s => s switch
    {
        AdjointGroup g => indent + string.Join("; ", g.Entries.Select(e => e.Target + (e.Index is null ? "" : "[" + e.Index.ToCSharp() + "]") + " = " + e.Value)),
        AdjointFor f => indent + "for " + f.Counter + (f.Descending ? " down" : "") + "\n" + Dump(f.Body, indent + "  "),
        AdjointIf i => indent + "if " + i.Flag + "\n" + Dump(i.Then, indent + "  ") + "\n" + indent + "else\n" + Dump(i.Else, indent + "  "),
        _ => indent + s,
    }));

    internal static string Describe(Program program) => string.Join("\n", program.Body.Select(s => s.ToString()));

    [Fact]
    public void Random_expressions_of_several_parameters()
    {
        for (int seed = 1; seed <= 150; seed++) AssertMatchesFiniteDifferences(RandomPrograms.GenerateExpression(seed), seed);
    }

    [Fact]
    public void Random_straight_line_programs()
    {
        for (int seed = 1; seed <= 100; seed++) AssertMatchesFiniteDifferences(RandomPrograms.Generate(seed, loops: false), seed);
    }

    [Fact]
    public void Random_programs_with_loops_ifs_and_nested_loops()
    {
        int taped = 0, counted = 0, branched = 0, nested = 0;
        for (int seed = 1; seed <= 250; seed++)
        {
            var adjoint = AssertMatchesFiniteDifferences(RandomPrograms.Generate(seed, loops: true), seed);
            if (adjoint.Pushes > 0) taped++;
            if (adjoint.TapeSize.Any(s => s is AdjointFor)) counted++;
            if (Flatten(adjoint.Statements).Any(s => s is AdjointIf)) branched++;
            if (Flatten(adjoint.Statements).Any(s => s is AdjointFor f && f.Body.Any(b => b is AdjointFor))) nested++;
        }
        // The generator reaches every mechanism: stored values, a tape sized by running loop headers, flags of ifs
        // around loops, nested loops.
        Assert.True(taped >= 30 && counted >= 3 && branched >= 10 && nested >= 20, $"taped {taped}, counted {counted}, branched {branched}, nested {nested}");
    }

    /// <summary>
    /// Loop fusion without the engine's fallback: wherever <see cref="LoopFusion"/> joins a backward loop to its forward
    /// loop, the fused program must compute what the plain sweeps compute (value and every partial, to rounding), at
    /// random arguments. A fusion condition that is too weak fails here rather than only losing the fusion in the engine.
    /// </summary>
    [Fact]
    public void Fused_loops_compute_what_the_plain_sweeps_compute()
    {
        int fusedPrograms = 0, stopped = 0, withBuffers = 0;
        for (int seed = 1; seed <= 600; seed++)
        {
            var program = (seed % 4) switch
            {
                0 => RandomPrograms.Generate(seed, loops: true),
                1 => RandomPrograms.GenerateLayer(seed),
                _ => RandomPrograms.GenerateBatch(seed),
            };
            if (FusedAgreesWithPlain(program, seed) is not { } fused) continue;
            fusedPrograms++;
            if (Flatten(fused.Statements).Any(s => s is AdjointFor { StopWhenZero: not null })) stopped++;
            if (fused.Buffers.Count > 0) withBuffers++;
        }
        // Fusion applies to most batch programs (their sums' adjoints are known before the loop) and to few general ones;
        // fused loops with a break end early; hidden layers fuse.
        Assert.True(fusedPrograms >= 100 && stopped >= 20 && withBuffers >= 50, $"fused {fusedPrograms}, ended early {stopped}, with buffers {withBuffers}");
    }

    [Fact]
    public void Merged_layer_loops_compute_what_the_plain_sweeps_compute()
    {
        int slots = 0, scalarized = 0, merged = 0;
        for (int seed = 1; seed <= 1000; seed++)
        {
            var program = RandomPrograms.GenerateLayer(seed);
            if (FusedAgreesWithPlain(program, seed) is not { } fused) continue;
            // A tape pair kept in a slot per unit; an adjoint buffer that became a scalar once its loops merged; a row
            // whose hidden-unit loops merged (fewer loops over the units than the plain program's row has).
            if (fused.Buffers.Any(b => b.Name.EndsWith("Slots", StringComparison.Ordinal))) slots++;
            if (fused.Scalars.Contains("hBar")) scalarized++;
            if (Flatten(fused.Statements).OfType<AdjointFor>().Any(f => f.Body.OfType<AdjointFor>().Count(inner => inner.Upper.Equals(IntExpr.Length("w"))) == 2
                && f.Body.OfType<AdjointFor>().Any(inner => inner.Descending) && f.Body.OfType<AdjointFor>().Any(inner => !inner.Descending))) merged++;
        }
        Assert.True(slots >= 60 && scalarized >= 35 && merged >= 70, $"slots {slots}, scalarized {scalarized}, merged rows {merged}");
    }

    /// <summary>
    /// The fused program (null when fusion changed nothing) after checking that it computes what the plain sweeps compute,
    /// to rounding, at three random argument sets.
    /// </summary>
    private static AdjointProgram? FusedAgreesWithPlain(Program program, int seed)
    {
        var parameters = RandomPrograms.GradientParameters.Where(g => program.Parameters.Any(p => p.Name == g)).ToArray();
        var budget = new Budget(default, int.MaxValue);
        var normalized = ProgramNormalizer.Normalize(program, budget);
        AdjointProgram fused, plain;
        try
        {
            fused = ReverseMode.Build(normalized, parameters, e => e, budget, fuseLoops: true);
            plain = ReverseMode.Build(normalized, parameters, e => e, budget, fuseLoops: false);
        }
        catch (CompileTimeCalculus.Engine.Ir.ExpressionLimitException)
        {
            return null;
        }
        if (fused.Statements.Count == plain.Statements.Count && fused.Statements.SequenceEqual(plain.Statements)) return null;
        var random = new Random(seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var arguments = new ProgramArguments();
            int length = 3 + random.Next(4);
            foreach (var p in program.Parameters)
            {
                if (p.Kind == ParameterKind.Scalar) arguments.Scalars[p.Name] = 2 * random.NextDouble() - 1;
                else arguments.Arrays[p.Name] = Enumerable.Range(0, length).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            }
            var b = ProgramInterpreter.Run(plain, arguments, budget);
            GradientValues a;
            try
            {
                a = ProgramInterpreter.Run(fused, arguments, budget);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: the fused program fails ({e.Message})\n{Describe(program)}\n---\n{Dump(fused.Statements, "")}");
            }
            Assert.True(Close(a.Value, b.Value), $"seed {seed}: value {a.Value:R} vs {b.Value:R}\n{Describe(program)}");
            foreach (var (name, _) in plain.ScalarGradients) Assert.True(Close(a.Scalars[name], b.Scalars[name]),
                $"seed {seed}: ∂/∂{name} {a.Scalars[name]:R} vs {b.Scalars[name]:R}\n{Describe(program)}");
            foreach (var (name, _) in plain.ArrayGradients)
                for (int k = 0; k < arguments.Arrays[name].Length; k++)
                    Assert.True(Close(a.Arrays[name][k], b.Arrays[name][k]), $"seed {seed}: ∂/∂{name}[{k}] {a.Arrays[name][k]:R} vs {b.Arrays[name][k]:R}\n{Describe(program)}");
        }
        return fused;

        static bool Close(double x, double y) => x == y || Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))) || double.IsNaN(x) && double.IsNaN(y);
    }

    [Fact]
    public void Random_programs_with_buffers()
    {
        int stores = 0, saved = 0, cleared = 0;
        for (int seed = 1; seed <= 250; seed++)
        {
            var program = RandomPrograms.Generate(seed, loops: true, buffers: true);
            var adjoint = AssertMatchesFiniteDifferences(program, seed);
            var statements = Flatten(adjoint.Statements).ToList();
            if (statements.Any(s => s is AdjointGroup g && g.Entries.Any(e => e.Assign && e.Target == "h"))) stores++;
            if (statements.Any(s => s is PushStatement p && p.Variable.StartsWith("h[", StringComparison.Ordinal))) saved++;
            if (statements.Any(s => s is ClearStatement)) cleared++;
        }
        // Stores, saved elements and buffers declared in loops (cleared each iteration) all occur.
        Assert.True(stores >= 50 && saved >= 5 && cleared >= 20, $"stores {stores}, saved {saved}, cleared {cleared}");
    }

    [Fact]
    public void Integer_expressions_print_with_the_parentheses_integer_division_needs()
    {
        var j = IntExpr.Variable("j");
        var columns = IntExpr.Divide(IntExpr.Length("X"), IntExpr.Length("y"));
        Assert.Equal("j * (X.Length / y.Length) + k", IntExpr.Add(IntExpr.Multiply(j, columns), IntExpr.Variable("k")).ToCSharp());
        Assert.Equal("X.Length / y.Length * j", IntExpr.Multiply(columns, j).ToCSharp());
        Assert.Equal("n - (m - 1)", IntExpr.Subtract(IntExpr.Variable("n"), IntExpr.Subtract(IntExpr.Variable("m"), IntExpr.One)).ToCSharp());
    }

    private static IEnumerable<AdjointStatement> Flatten(IEnumerable<AdjointStatement> statements)
    {
        foreach (var s in statements)
        {
            yield return s;
            var inner = s switch
            {
                AdjointFor f => f.Body,
                AdjointIf i => i.Then.Concat(i.Else),
                _ => Enumerable.Empty<AdjointStatement>(),
            };
            foreach (var t in Flatten(inner)) yield return t;
        }
    }
}
