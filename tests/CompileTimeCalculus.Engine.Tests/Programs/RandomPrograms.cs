using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests.Programs;

/// <summary>
/// Random programs for property tests: smooth expressions (so finite differences are reliable everywhere) over scalar
/// parameters a, b, c, arrays w and x, locals s0..s2 and loop counters; loops up, down, nested (also triangular),
/// ifs with and without loops inside; with <c>buffers</c>, a local buffer h of w.Length elements (declared at the top or
/// at the start of a loop body, so zeroed in every iteration) that loops store to (=, +=, from its own elements) and
/// expressions read. The gradient is taken with respect to a, b and w.
/// </summary>
internal sealed class RandomPrograms
{
    private readonly Random _random;
    private readonly ProgramBuilder _builder = new();
    private readonly List<string> _counters = new();
    private int _loops;
    private int _assigned;
    private bool _buffers;
    private bool _bufferDeclared;
    private bool _batch;
    private bool _temporary;
    private bool _withoutCalls;

    private RandomPrograms(int seed) => _random = new Random(seed);

    public static readonly string[] GradientParameters = { "a", "b", "w" };

    public static Program Generate(int seed, bool loops, bool buffers = false)
    {
        var g = WithInputs(seed);
        g._buffers = buffers;
        var body = new List<Statement>();
        for (int i = 0; i < 3; i++)
        {
            body.Add(ProgramBuilder.Let("s" + i, g.Expression(2)));
            g._assigned++;
        }
        if (buffers && g._random.Next(2) == 0)
        {
            body.Add(ProgramBuilder.Buffer("h", IntExpr.Length("w")));
            g._bufferDeclared = true;
        }
        if (loops)
        {
            int count = 1 + g._random.Next(3);
            for (int i = 0; i < count; i++) body.Add(g.Statement(depth: 0));
        }
        body.Add(ProgramBuilder.Return(g.Expression(2)));
        return g._builder.Build(body.ToArray());
    }

    /// <summary>
    /// A batch loss as ML code writes it: per row i, a temporary t from the inputs, sums s += f(t, w[i], x[i]), now and
    /// then a random statement (which may carry a value across rows); the result is linear in the sums, so the sums'
    /// adjoints are known before the loop (the case loop fusion is for) unless a random statement spoils it.
    /// </summary>
    public static Program GenerateBatch(int seed)
    {
        var (g, body) = WithSums(seed);
        g._counters.Add("row");
        var row = new List<Statement>();
        g._batch = true;
        // Now and then the row starts with `if (test) break;`, as the front end writes it: a running flag, set to 0 at the
        // break, that guards the whole body.
        var breakTest = g._random.Next(4) == 0 ? Compare(ComparisonOperator.Greater, g.Expression(1), Num(0.5)) : null;
        if (g._random.Next(10) < 7)
        {
            row.Add(ProgramBuilder.Let("t", g.Expression(2)));
            g._temporary = true;
        }
        for (int k = 0, sums = 1 + g._random.Next(3); k < sums; k++)
        {
            string target = "s" + g._random.Next(3);
            // Now and then an overwrite instead of a sum: the result then reads the last row's value only.
            row.Add(ProgramBuilder.Let(target, g._random.Next(4) == 0 ? g.Expression(2) : Add(Var(target), g.Expression(2))));
        }
        g._batch = false;
        if (g._random.Next(5) == 0) row.Insert(g._random.Next(row.Count + 1), g.Statement(depth: 1));
        g._counters.Remove("row");
        // Now and then the row is a loop over outputs (for i { for o { ... } }).
        var rowBody = g._random.Next(3) == 0 ? new Statement[] { ProgramBuilder.For("col", IntExpr.Zero, IntExpr.Length("w"), row.ToArray()) } : row.ToArray();
        if (breakTest is not null)
        {
            body.Add(ProgramBuilder.Let("running", Num(1)));
            var stop = ProgramBuilder.If(breakTest, new[] { ProgramBuilder.Let("running", Num(0)) }, rowBody);
            rowBody = new[] { ProgramBuilder.If(Compare(ComparisonOperator.NotEqual, Var("running"), Num(0)), new[] { stop }) };
        }
        body.Add(ProgramBuilder.For("row", IntExpr.Zero, IntExpr.Length("w"), rowBody));
        body.Add(ProgramBuilder.Return(Add(new[] { Multiply(Num(0.5 + g._random.Next(3)), Var("s0")), Multiply(Var("a"), Var("s1")), Var("s2"), g.Expression(1, locals: false) })));
        return g._builder.Build(body.ToArray());
    }

    /// <summary>
    /// A one-hidden-layer batch loss: per row, every unit h[unit] from the inputs (the buffer declared at the top, or in the
    /// row so it starts from zeros in each), now and then computed from its old value; then sums over the units that read
    /// it. Loop fusion of programs with buffers is for this shape.
    /// </summary>
    public static Program GenerateLayer(int seed)
    {
        var (g, body) = WithSums(seed);
        bool declaredInRow = g._random.Next(2) == 0;
        if (!declaredInRow) body.Add(ProgramBuilder.Buffer("h", IntExpr.Length("w")));
        g._counters.Add("row");
        g._batch = true;
        var row = new List<Statement>();
        if (declaredInRow) row.Add(ProgramBuilder.Buffer("h", IntExpr.Length("w")));
        // Half the layers call no math-library function: only those have their loops merged (see LoopFusion).
        g._withoutCalls = g._random.Next(2) == 0;
        g._counters.Add("unit");
        var unit = IntExpr.Variable("unit");
        var value = g.Expression(2);
        var self = g._builder.Element("h", unit);
        if (g._random.Next(2) == 0)
        {
            // A pre-activation local, as hidden units are written: the backward sweep needs it back (tape or slot).
            var pre = Var("pre");
            var activation = g._random.Next(3) switch
            {
                0 => Call(Function.Max, Num(0), pre),
                1 => Multiply(pre, pre),
                _ => g._withoutCalls ? Add(pre, Multiply(Rational(1, 4), pre, pre)) : Call(Function.Tanh, pre),
            };
            // Summed over the inputs, as a dense layer is: a value the forward sweep cannot recompute in the backward one.
            var input = IntExpr.Variable("input");
            var sum = ProgramBuilder.For("input", IntExpr.Zero, IntExpr.Length("x"),
                ProgramBuilder.Let("pre", Add(pre, Multiply(g._builder.Element("w", input), g._builder.Element("x", g._random.Next(2) == 0 ? unit : input)))));
            row.Add(ProgramBuilder.For("unit", IntExpr.Zero, IntExpr.Length("w"), ProgramBuilder.Let("pre", value), sum, ProgramBuilder.Store("h", unit, activation)));
        }
        else
        {
            var stored = g._random.Next(6) switch
            {
                0 => Add(self, value),
                // Its derivative reads the element's old value: the backward iteration restores it before reading it.
                1 => Add(Multiply(self, g._withoutCalls ? value : Call(Function.Tanh, value)), value),
                _ => value,
            };
            row.Add(ProgramBuilder.For("unit", IntExpr.Zero, IntExpr.Length("w"), ProgramBuilder.Store("h", unit, stored)));
        }
        g._counters.Remove("unit");
        g._bufferDeclared = true;
        g._counters.Add("output");
        var sums = new List<Statement>();
        for (int k = 0, count = 1 + g._random.Next(2); k < count; k++)
        {
            string target = "s" + g._random.Next(3);
            sums.Add(ProgramBuilder.Let(target, Add(Var(target), Multiply(g._builder.Element("h", IntExpr.Variable("output")), g.Expression(1)))));
        }
        row.Add(ProgramBuilder.For("output", IntExpr.Zero, IntExpr.Length("w"), sums.ToArray()));
        g._counters.Clear();
        g._batch = false;
        body.Add(ProgramBuilder.For("row", IntExpr.Zero, IntExpr.Length("w"), row.ToArray()));
        var result = Add(new[] { Multiply(Num(0.5 + g._random.Next(3)), Var("s0")), Multiply(Var("a"), Var("s1")), Var("s2") });
        // Now and then the result reads what the last row left in the buffer.
        if (!declaredInRow && g._random.Next(3) == 0) result = Add(result, Multiply(Var("b"), g._builder.Element("h", IntExpr.Zero)));
        body.Add(ProgramBuilder.Return(result));
        return g._builder.Build(body.ToArray());
    }

    /// <summary>A generator with inputs and a body that starts the sums s0, s1, s2 from the scalars.</summary>
    private static (RandomPrograms Generator, List<Statement> Body) WithSums(int seed)
    {
        var g = WithInputs(seed);
        var body = new List<Statement>();
        for (int i = 0; i < 3; i++)
        {
            body.Add(ProgramBuilder.Let("s" + i, g.Expression(1, locals: false)));
            g._assigned++;
        }
        return (g, body);
    }

    /// <summary>A generator whose programs take scalars a, b, c and arrays w, x.</summary>
    private static RandomPrograms WithInputs(int seed)
    {
        var g = new RandomPrograms(seed);
        g._builder.Scalar("a");
        g._builder.Scalar("b");
        g._builder.Scalar("c");
        g._builder.Array("w");
        g._builder.Array("x");
        return g;
    }

    /// <summary>One random expression of a, b, c (no locals, no arrays): the multi-parameter expression case.</summary>
    public static Program GenerateExpression(int seed)
    {
        var g = new RandomPrograms(seed);
        g._builder.Scalar("a");
        g._builder.Scalar("b");
        g._builder.Scalar("c");
        return g._builder.Build(ProgramBuilder.Return(g.Expression(4, locals: false)));
    }

    private Statement Statement(int depth)
    {
        int kind = _random.Next(depth >= 2 ? 3 : 6);
        if (_bufferDeclared && _counters.Count > 0 && _random.Next(3) == 0) return StoreToBuffer();
        switch (kind)
        {
            case 0:
            case 1:
            case 2:
                return Assign();
            case 3:
            case 4:
                return Loop(depth);
            default:
            {
                var test = Compare(ComparisonOperator.Greater, Expression(1), Num(0.1));
                return ProgramBuilder.If(test, Block(depth + 1), _random.Next(2) == 0 ? Array.Empty<Statement>() : Block(depth + 1));
            }
        }
    }

    private Statement[] Block(int depth) => Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => Statement(depth)).ToArray();

    private Statement Assign()
    {
        string target = "s" + _random.Next(3);
        var value = Expression(2);
        // Compound assignments keep values bounded: s = s·k + f or s = s + f.
        return _random.Next(3) switch
        {
            0 => ProgramBuilder.Let(target, Add(Var(target), value)),
            1 => ProgramBuilder.Let(target, Add(Multiply(Var(target), Num(0.5)), Call(Function.Tanh, value))),
            _ => ProgramBuilder.Let(target, Multiply(Var(target), Call(Function.Tanh, value))),
        };
    }

    /// <summary>h[i] = e, h[i] = h[i] + e, or h[i] = h[i]·tanh(e) + e' at a counter i (always below w.Length).</summary>
    private Statement StoreToBuffer()
    {
        var index = IntExpr.Variable(_counters[_random.Next(_counters.Count)]);
        var value = Expression(2);
        var self = _builder.Element("h", index);
        return _random.Next(3) switch
        {
            0 => ProgramBuilder.Store("h", index, value),
            1 => ProgramBuilder.Store("h", index, Add(self, value)),
            _ => ProgramBuilder.Store("h", index, Add(Multiply(self, Call(Function.Tanh, value)), Call(Function.Sin, Expression(1)))),
        };
    }

    private Statement Loop(int depth)
    {
        string counter = "i" + _loops++;
        IntExpr lower = IntExpr.Zero, upper = IntExpr.Length("w");
        // A triangular inner loop: its bound is the enclosing counter.
        if (_counters.Count > 0 && _random.Next(2) == 0) upper = IntExpr.Variable(_counters[^1]);
        // A buffer declared at the start of a loop body: fresh zeros in every iteration.
        bool declareHere = _buffers && !_bufferDeclared && _random.Next(2) == 0;
        if (declareHere) _bufferDeclared = true;
        _counters.Add(counter);
        var body = Block(depth + 1);
        if (declareHere)
        {
            body = body.Prepend(ProgramBuilder.Buffer("h", IntExpr.Length("w"))).ToArray();
            _bufferDeclared = false; // as in C#, out of scope after its loop
            _buffers = false;
        }
        _counters.RemoveAt(_counters.Count - 1);
        return _random.Next(3) == 0 ? ProgramBuilder.ForDown(counter, lower, upper, body) : ProgramBuilder.For(counter, lower, upper, body);
    }

    private Expr Expression(int depth, bool locals = true)
    {
        if (depth == 0 || _random.Next(4) == 0) return Leaf(locals);
        var a = Expression(depth - 1, locals);
        var b = Expression(depth - 1, locals);
        return _random.Next(_withoutCalls ? 6 : 10) switch
        {
            0 or 1 => Add(a, b),
            2 => Subtract(a, b),
            3 or 4 => Multiply(a, b),
            5 => Divide(a, Add(Num(1), Square(b))),
            6 => Call(Function.Sin, a),
            7 => Exp(Multiply(Num(0.25), Call(Function.Tanh, a))),
            8 => Call(Function.Atan, a),
            _ => Log(Add(Num(1), Square(a))),
        };
    }

    private Expr Leaf(bool locals)
    {
        int choices = locals ? 8 + _counters.Count : 5;
        int k = _random.Next(choices);
        if (locals && _bufferDeclared && _counters.Count > 0 && _random.Next(4) == 0)
            return _builder.Element("h", IntExpr.Variable(_counters[_random.Next(_counters.Count)]));
        switch (k)
        {
            case 0: return Var("a");
            case 1: return Var("b");
            case 2: return Var("c");
            case 3: return Num(0.5 + _random.Next(4));
            case 4: return Rational(1, 3);
            case 5: return _batch ? (_temporary ? Var("t") : Var("a")) : _assigned == 0 ? Var("a") : Var("s" + _random.Next(_assigned));
            case 6:
            case 7:
                if (_counters.Count == 0) return _assigned == 0 || _batch ? Var("b") : Var("s" + _random.Next(_assigned));
                var index = IntExpr.Variable(_counters[_random.Next(_counters.Count)]);
                return _builder.Element(_random.Next(2) == 0 ? "w" : "x", index);
            default:
                // A counter as a number: i/4.
                return Multiply(Rational(1, 4), Var(_counters[k - 8]));
        }
    }
}
