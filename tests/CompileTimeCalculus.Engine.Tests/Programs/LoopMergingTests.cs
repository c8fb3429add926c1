using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Tests.Programs;

/// <summary>
/// Adjacent loops over the same range merged into one (<see cref="LoopFusion.MergeAdjacentLoops"/>), an adjoint buffer kept
/// in a scalar once they are (<see cref="LoopFusion.ScalarizeBuffers"/>), and tape pairs kept in slots
/// (<see cref="LoopFusion.SlotsForTape"/>): which shapes change and which must not. The random-program property tests check
/// that what changes computes the same.
/// </summary>
public class LoopMergingTests
{
    private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);
    private static readonly IntExpr Units = IntExpr.Length("w");

    private string Element(string array, IntExpr index)
    {
        string name = ElementRead.NameOf(array, index);
        _elements[name] = new ElementRead(name, array, index);
        return name;
    }

    private Expr At(string array, string counter) => Var(Element(array, IntExpr.Variable(counter)));

    private static AdjointGroup Group(params AdjointEntry[] entries) => new(new ValueList<AdjointEntry>(entries));

    private static AdjointFor Loop(string counter, bool descending, params AdjointStatement[] body) =>
        new(counter, IntExpr.Zero, Units, descending, new ValueList<AdjointStatement>(body));

    private List<AdjointStatement> Merge(params AdjointStatement[] statements) =>
        LoopFusion.MergeAdjacentLoops(statements.ToList(), v => _elements.TryGetValue(v, out var e) ? e : null, Element, new Budget(default));

    /// <summary>A hidden layer's backward row: its adjoints accumulated (ascending), then the layer below updated (descending).</summary>
    private (AdjointFor Accumulate, AdjointGroup Between, AdjointFor Update) BackwardRow()
    {
        var accumulate = Loop("j2", false, Group(
            new AdjointEntry("hBar", IntExpr.Variable("j2"), Multiply(Var("outBar"), At("v", "j2"))),
            new AdjointEntry("vGradient", IntExpr.Variable("j2"), Multiply(Var("outBar"), At("h", "j2")))));
        var between = Group(new AdjointEntry("outBar", null, Zero), new AdjointEntry("cBar", null, Add(Var("cBar"), Var("outBar"))));
        var update = Loop("j", true,
            Group(new AdjointEntry("aBar", null, Add(Var("aBar"), Multiply(At("hBar", "j"), Var("a"))))),
            Group(new AdjointEntry("hBar", IntExpr.Variable("j"), Zero, Assign: true), new AdjointEntry("wGradient", IntExpr.Variable("j"), Var("aBar"))),
            Group(new AdjointEntry("aBar", null, Zero)));
        return (accumulate, between, update);
    }

    [Fact]
    public void A_hidden_layers_backward_loops_run_as_one_and_its_adjoint_buffer_becomes_a_scalar()
    {
        var (accumulate, between, update) = BackwardRow();
        var merged = Merge(accumulate, between, update);
        var loop = Assert.IsType<AdjointFor>(merged[0]);
        Assert.True(loop.Descending);
        Assert.Equal(4, loop.Body.Count);
        // The reset of the output's adjoint runs after the merged loop, which still reads it.
        Assert.Same(between, merged[1]);
        Assert.Contains(Element("v", IntExpr.Variable("j")), ExprVariables.Of(((AdjointGroup)loop.Body[0]).Entries[0].Value));

        var (scalar, scalarized) = LoopFusion.ScalarizeBuffers(merged, new[] { "hBar" }, v => _elements.TryGetValue(v, out var e) ? e : null, new Budget(default));
        Assert.Equal(new[] { "hBar" }, scalarized);
        var body = ((AdjointFor)scalar[0]).Body;
        Assert.Equal(Add(Var("hBar"), Multiply(Var("outBar"), At("v", "j"))), ((AdjointGroup)body[0]).Entries[0].Value);
        Assert.DoesNotContain(body.OfType<AdjointGroup>().SelectMany(g => g.Entries), e => e.Target == "hBar" && e.Index is not null);
    }

    [Fact]
    public void Loops_that_touch_a_shared_array_elsewhere_than_at_the_counter_stay_apart()
    {
        var (accumulate, between, update) = BackwardRow();
        // The update reads the next unit's adjoint: merged, it would read it before the accumulation reached it.
        var next = update with
        {
            Body = new ValueList<AdjointStatement>(new AdjointStatement[]
            {
                Group(new AdjointEntry("aBar", null, Add(Var("aBar"), Var(Element("hBar", IntExpr.Add(IntExpr.Variable("j"), IntExpr.One)))))),
            }.Concat(update.Body.Skip(1)).ToArray()),
        };
        Assert.Equal(3, Merge(accumulate, between, next).Count);
    }

    [Fact]
    public void A_first_loop_that_carries_a_scalar_from_one_iteration_to_the_next_keeps_its_direction()
    {
        var (_, between, update) = BackwardRow();
        // t doubles every iteration: run descending, the iterations would see other values of it.
        var carried = Loop("j2", false, Group(new AdjointEntry("t", null, Add(Multiply(Num(2), Var("t")), At("v", "j2"))),
            new AdjointEntry("vGradient", IntExpr.Variable("j2"), Var("t"))));
        Assert.Equal(3, Merge(carried, between, update).Count);
        // Loops in the same direction merge: the first loop's order is kept.
        var merged = Merge(carried, between, update with { Descending = false });
        Assert.Equal(2, merged.Count);
    }

    [Fact]
    public void Groups_between_that_the_second_loop_reads_and_the_first_writes_keep_the_loops_apart()
    {
        var (accumulate, _, update) = BackwardRow();
        // a is set between the loops from the first loop's output and read by the second: it can move neither way.
        var between = Group(new AdjointEntry("a", null, Var(Element("vGradient", IntExpr.Zero))));
        Assert.Equal(3, Merge(accumulate, between, update).Count);
    }

    [Fact]
    public void Loops_around_a_math_library_call_stay_apart()
    {
        var (accumulate, between, update) = BackwardRow();
        var withCall = update with
        {
            Body = new ValueList<AdjointStatement>(new AdjointStatement[]
            {
                Group(new AdjointEntry("aBar", null, Add(Var("aBar"), Divide(At("hBar", "j"), Power(Call(Function.Cosh, Var("a")), Num(2)))))),
            }.Concat(update.Body.Skip(1)).ToArray()),
        };
        Assert.Equal(3, Merge(accumulate, between, withCall).Count);
    }

    [Fact]
    public void A_value_stored_per_unit_and_restored_the_other_way_round_is_kept_in_a_slot()
    {
        var store = Loop("j", false, Group(new AdjointEntry("a", null, At("x", "j"))), new PushStatement("a"), Group(new AdjointEntry("h", IntExpr.Variable("j"), Var("a"), Assign: true)));
        var restore = Loop("j", true, new PopStatement("a"), Group(new AdjointEntry("aBar", null, Add(Var("aBar"), Var("a")))));
        var buffers = new List<AdjointBuffer>();
        List<AdjointStatement> Slotted(params AdjointStatement[] statements) => LoopFusion.SlotsForTape(statements.ToList(), v => _elements.TryGetValue(v, out var e) ? e.Array : null,
            bound => bound.Equals(Units), (v, length) => { buffers.Add(new AdjointBuffer(v + "Slots", length)); return v + "Slots"; }, Element, new Budget(default));

        var slotted = Slotted(store, restore);
        Assert.Equal(0, LoopFusion.Pushes(slotted));
        Assert.Single(buffers);
        // Another value stored between them shares the tape: the pairing would be off.
        var other = new PushStatement("b");
        Assert.Equal(1, LoopFusion.Pushes(Slotted(store, other, restore).Take(1).ToList()));
        // Restored in the same direction, the tape returns the values the other way round: left alone.
        Assert.Equal(1, LoopFusion.Pushes(Slotted(store, restore with { Descending = false }).Take(1).ToList()));
    }
}
