using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Verification;
using static CompileTimeCalculus.Engine.Tests.Programs.ProgramBuilder;

namespace CompileTimeCalculus.Engine.Tests.Programs;

/// <summary>
/// Property tests of forward mode and of the Hessian-vector product built on it: for random programs (loops, ifs,
/// buffers, batches, layers), the tangent program's value is the directional derivative of the source program, and
/// the product's components are directional differences of the source's gradient, at arguments and directions the
/// engine's own verification never saw.
/// </summary>
public class ForwardModePropertyTests
{
    private static readonly Budget Unlimited = new(default, int.MaxValue);

    private static Program RandomProgram(int seed) => (seed % 4) switch
    {
        0 => RandomPrograms.Generate(seed, loops: true, buffers: true),
        1 => RandomPrograms.GenerateLayer(seed),
        2 => RandomPrograms.GenerateBatch(seed),
        _ => RandomPrograms.Generate(seed, loops: false),
    };

    private static string[] Differentiated(Program program) =>
        RandomPrograms.GradientParameters.Where(g => program.Parameters.Any(p => p.Name == g)).ToArray();

    private static ProgramArguments Arguments(Program program, Random random)
    {
        var arguments = new ProgramArguments();
        foreach (var p in program.Parameters)
        {
            if (p.Kind == ParameterKind.Scalar) arguments.Scalars[p.Name] = 2 * random.NextDouble() - 1;
            else arguments.Arrays[p.Name] = Enumerable.Range(0, 4).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        }
        return arguments;
    }

    /// <summary>The arguments moved by t along the directions (each direction's values under its own name in <paramref name="arguments"/>).</summary>
    private static ProgramArguments Moved(ProgramArguments arguments, IReadOnlyList<(string Parameter, string Direction)> directions, double t)
    {
        var moved = arguments.Clone();
        foreach (var (parameter, direction) in directions)
        {
            if (moved.Arrays.TryGetValue(parameter, out var values))
            {
                var along = arguments.Arrays[direction];
                for (int i = 0; i < values.Length; i++) values[i] += t * along[i];
            }
            else
            {
                moved.Scalars[parameter] += t * arguments.Scalars[direction];
            }
        }
        return moved;
    }

    [Fact]
    public void Tangent_programs_give_directional_derivatives_of_random_programs()
    {
        int checkedPoints = 0;
        for (int seed = 1; seed <= 300; seed++)
        {
            var program = RandomProgram(seed);
            var directions = ForwardMode.Directions(program, Differentiated(program));
            var tangent = ForwardMode.Tangent(program, directions, Unlimited);
            var random = new Random(seed ^ 0x51ED);
            for (int trial = 0; trial < 2; trial++)
            {
                var arguments = Arguments(tangent, random);
                double claimed;
                try
                {
                    claimed = ProgramInterpreter.Run(tangent, arguments, Unlimited);
                }
                catch (ElementOutOfRangeException)
                {
                    continue;
                }
                var (numeric, stable, noise) = DerivativePropertyTests.FiniteDifference(t => ProgramInterpreter.Run(program, Moved(arguments, directions, t), Unlimited), 0);
                if (!stable || double.IsNaN(claimed)) continue;
                Assert.True(Math.Abs(claimed - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)) + 10 * noise,
                    $"seed {seed}: the tangent is {claimed:R}, finite differences give {numeric:R}\n{GradientPropertyTests.Describe(program)}");
                checkedPoints++;
            }
        }
        Assert.True(checkedPoints >= 400, $"only {checkedPoints} points were checked");
    }

    [Fact]
    public void Hessian_vector_products_are_differences_of_the_gradient_along_the_direction()
    {
        int products = 0;
        for (int seed = 1; seed <= 120; seed++)
        {
            var program = RandomProgram(seed);
            var parameters = Differentiated(program);
            var arrayTypes = program.Parameters.Where(p => p.Kind == ParameterKind.Array).ToDictionary(p => p.Name, _ => NumericType.Double);
            var hvp = GradientEngine.HessianVectorProduct(new GradientJob(program, parameters, NumericType.Double, arrayTypes), default);
            var gradient = GradientEngine.Run(new GradientJob(program, parameters, NumericType.Double, arrayTypes), default);
            // A program whose gradient is refused (a kink everywhere) may have no product either; the product is never wrong.
            if (!hvp.Succeeded || !gradient.Succeeded) continue;
            products++;
            var directions = ForwardMode.Directions(program, parameters);
            var random = new Random(seed ^ 0x7E57);
            var arguments = Arguments(hvp.Result!.Adjoint.Program.Source, random);
            GradientValues claimed;
            try
            {
                claimed = ProgramInterpreter.Run(hvp.Result.Adjoint, arguments, Unlimited);
            }
            catch (ElementOutOfRangeException)
            {
                continue;
            }
            double Component(string parameter, int? index, double t)
            {
                var values = ProgramInterpreter.Run(gradient.Result!.Adjoint, Moved(arguments, directions, t), Unlimited);
                return index is int k ? values.Arrays[parameter][k] : values.Scalars[parameter];
            }
            void Check(string parameter, int? index, double claimedComponent)
            {
                var (numeric, stable, noise) = DerivativePropertyTests.FiniteDifference(t => Component(parameter, index, t), 0);
                if (!stable || double.IsNaN(claimedComponent)) return;
                Assert.True(Math.Abs(claimedComponent - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)) + 10 * noise,
                    $"seed {seed}: (H·v) for {parameter}{(index is int i ? "[" + i + "]" : "")} is {claimedComponent:R}, differences of the gradient give {numeric:R}\n" +
                    GradientPropertyTests.Describe(program));
            }
            foreach (var (parameter, _) in hvp.Result.Adjoint.ScalarGradients) Check(parameter, null, claimed.Scalars[parameter]);
            foreach (var (parameter, _) in hvp.Result.Adjoint.ArrayGradients)
            {
                for (int k = 0; k < claimed.Arrays[parameter].Length; k++) Check(parameter, k, claimed.Arrays[parameter][k]);
            }
        }
        Assert.True(products >= 90, $"only {products} products were emitted");
    }

    /// <summary>
    /// A random layer read as ȳ·y: y[j] from a, w[j], x[j] through a local, now and then normalised by a sum over the
    /// whole output (every output then depends on every input), then Σ ȳⱼ·yⱼ.
    /// </summary>
    private static Program RandomLayer(int seed)
    {
        var random = new Random(seed);
        var b = new ProgramBuilder();
        var a = b.Scalar("a");
        string w = b.Array("w"), x = b.Array("x"), adjoint = b.Array("yb");
        var j = I("j");
        Expr Leaf(params Expr[] leaves) => leaves[random.Next(leaves.Length)];
        Expr Random(int depth, params Expr[] leaves)
        {
            if (depth == 0) return random.Next(4) == 0 ? N(Math.Round(random.NextDouble() * 2 - 1, 2)) : Leaf(leaves);
            var u = Random(depth - 1, leaves);
            var v = Random(depth - 1, leaves);
            return random.Next(7) switch
            {
                0 => Expr.Add(u, v),
                1 => Expr.Multiply(u, v),
                2 => Expr.Call(Function.Tanh, u),
                3 => Expr.Exp(Expr.Negate(Expr.Square(u))),
                4 => Expr.Divide(u, Expr.Add(Expr.One, Expr.Square(v))),
                5 => Expr.Call(Function.Sin, u),
                _ => Expr.Subtract(u, v),
            };
        }
        var wj = b.Element(w, j);
        var xj = b.Element(x, j);
        var yj = b.Element("y", j);
        var body = new List<Statement>
        {
            Buffer("y", Length(adjoint)),
            Let("s", Expr.Zero),
            For("j", IntExpr.Zero, Length(adjoint),
                Let("t", Random(2, a, wj, xj)),
                Store("y", j, Random(2, V("t"), a, xj)),
                Let("s", Expr.Add(V("s"), Expr.Square(yj)))),
        };
        if (random.Next(2) == 0)
            body.Add(For("j", IntExpr.Zero, Length(adjoint), Store("y", j, Expr.Add(Expr.Divide(yj, Expr.Sqrt(Expr.Add(Expr.One, V("s")))), Random(1, a, wj)))));
        body.Add(Let("r", Expr.Zero));
        body.Add(For("k", IntExpr.Zero, Length(adjoint), Let("r", Expr.Add(V("r"), Expr.Multiply(b.Element(adjoint, I("k")), b.Element("y", I("k")))))));
        body.Add(Return(V("r")));
        return b.Build(body.ToArray());
    }

    [Fact]
    public void Jacobian_vector_products_of_random_layers_are_differences_of_the_layer()
    {
        int layers = 0;
        for (int seed = 1; seed <= 150; seed++)
        {
            var program = RandomLayer(seed);
            var parameters = new[] { "a", "w", "x" };
            var arrayTypes = program.Parameters.Where(p => p.Kind == ParameterKind.Array).ToDictionary(p => p.Name, _ => NumericType.Double);
            var outcome = GradientEngine.JacobianVectorProduct(new GradientJob(program, parameters, NumericType.Double, arrayTypes), "yb", "ybTangent", NumericType.Double, default);
            if (!outcome.Succeeded) continue;
            layers++;
            var emitted = outcome.Result!.Program;
            string tangentBuffer = emitted.Buffers.Select(x => x.Name).Single(n => n != "y");
            var directions = ForwardMode.Directions(program, parameters);
            var random = new Random(seed ^ 0x1A7E);
            var arguments = Arguments(program, random);
            foreach (var (_, direction) in directions)
            {
                if (direction == "aTangent") arguments.Scalars[direction] = 2 * random.NextDouble() - 1;
                else arguments.Arrays[direction] = Enumerable.Range(0, 4).Select(_ => 2 * random.NextDouble() - 1).ToArray();
            }
            var buffers = ProgramInterpreter.RunBuffers(emitted, arguments, Unlimited);
            for (int k = 0; k < 4; k++)
            {
                // With ȳ the k-th unit vector the program's value is yₖ, and its directional derivative is (J·v)ₖ.
                var unit = arguments.Clone();
                unit.Arrays["yb"] = Enumerable.Range(0, 4).Select(i => i == k ? 1.0 : 0.0).ToArray();
                double value = ProgramInterpreter.Run(program, unit, Unlimited);
                Assert.True(Math.Abs(buffers["y"][k] - value) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"seed {seed}: y[{k}] is {buffers["y"][k]:R}, the layer gives {value:R}");
                var (numeric, stable, noise) = DerivativePropertyTests.FiniteDifference(t => ProgramInterpreter.Run(program, Moved(unit, directions, t), Unlimited), 0);
                if (!stable) continue;
                Assert.True(Math.Abs(buffers[tangentBuffer][k] - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)) + 10 * noise,
                    $"seed {seed}: (J·v)[{k}] is {buffers[tangentBuffer][k]:R}, differences of the layer give {numeric:R}\n{GradientPropertyTests.Describe(program)}");
            }
        }
        Assert.True(layers >= 140, $"only {layers} of 150 layers got a product");
    }

    [Fact]
    public void The_tangent_check_refuses_a_tangent_of_a_different_function()
    {
        var b = new ProgramBuilder();
        string w = b.Array("w");
        var program = b.Build(
            Let("s", Expr.Zero),
            For("i", IntExpr.Zero, Length(w), Let("s", Expr.Add(V("s"), Expr.Exp(b.Element(w, I("i")))))),
            Return(V("s")));
        var directions = ForwardMode.Directions(program, new[] { "w" });
        var right = ForwardMode.Tangent(program, directions, Unlimited);
        Assert.True(GradientVerifier.CheckTangent(program, null, right, directions, Unlimited).Passed);

        // The tangent of Σ exp(1.001·wᵢ): off by 0.1 %, which the check must see.
        var c = new ProgramBuilder();
        string w2 = c.Array("w");
        var other = c.Build(
            Let("s", Expr.Zero),
            For("i", IntExpr.Zero, Length(w2), Let("s", Expr.Add(V("s"), Expr.Exp(Expr.Multiply(Expr.Num(1.001), c.Element(w2, I("i"))))))),
            Return(V("s")));
        var wrong = ForwardMode.Tangent(other, ForwardMode.Directions(other, new[] { "w" }), Unlimited);
        var verdict = GradientVerifier.CheckTangent(program, null, wrong, directions, Unlimited);
        Assert.False(verdict.Passed);
        Assert.Contains("directional derivative", verdict.Explanation);
    }
}
