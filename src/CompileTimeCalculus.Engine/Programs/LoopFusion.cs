using System;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// Runs a top-level loop's backward iteration right after its forward iteration, in one pass over the data, when the
    /// adjoints the backward loop starts from are known before the forward loop runs (a mean's 1/n, not a softmax's 1/Σ):
    /// <c>for i { forward; } value = s/n; s̄ = 1/n; for i { backward; }</c> becomes <c>s̄ = 1/n; for i { forward; backward; } value = s/n</c>.
    /// Allowed only where the backward iterations are independent of their order (they add to gradients, and reset the
    /// adjoints of the iteration's own locals); a forward value the backward iteration restores from the tape and the next
    /// forward iteration reads is kept aside around it. The fused program is verified like any other; the engine falls
    /// back to the unfused one if it fails.
    /// </summary>
    internal static partial class LoopFusion
    {
        /// <param name="arrayOf">The array an element-read variable reads, or null for a scalar.</param>
        /// <param name="fresh">Declares a new scalar local named after the given variable, for a value kept across the backward iteration.</param>
        /// <param name="bufferLength">The length of a local buffer or of an adjoint buffer; null for anything else.</param>
        public static List<AdjointStatement> Fuse(List<AdjointStatement> statements, int result, Func<string, string?> arrayOf, Func<string, string> fresh,
            Func<string, IntExpr?> bufferLength)
        {
            // Forward and backward loops pair up like brackets: the last forward loop over a range with the first backward
            // loop over it. Tried from the last forward loop to the first, each on the program the previous fusions left.
            var open = new Dictionary<string, Stack<AdjointFor>>(StringComparer.Ordinal);
            for (int k = 0; k < result; k++)
            {
                if (statements[k] is not AdjointFor { Descending: false } forward) continue;
                if (!open.TryGetValue(Key(forward), out var stack)) open[Key(forward)] = stack = new Stack<AdjointFor>();
                stack.Push(forward);
            }
            var pairs = new List<(AdjointFor Forward, AdjointFor Backward)>();
            for (int k = result + 1; k < statements.Count; k++)
            {
                if (statements[k] is AdjointFor backward && open.TryGetValue(Key(backward), out var stack) && stack.Count > 0) pairs.Add((stack.Pop(), backward));
            }
            var current = statements;
            foreach (var (forward, backward) in pairs) current = TryFuse(current, forward, backward, arrayOf, fresh, bufferLength) ?? current;
            return current;

            static string Key(AdjointFor loop) => loop.Counter + "\n" + loop.Lower.ToCSharp() + "\n" + loop.Upper.ToCSharp();
        }

        /// <summary>
        /// The statements between the two loops are split: what does not depend on the forward loop (the result's adjoints,
        /// 1/n) moves before the fused loop, the rest (the value, other fused loops that read the loop's sums) stays after it.
        /// </summary>
        private static List<AdjointStatement>? TryFuse(List<AdjointStatement> statements, AdjointFor forward, AdjointFor backward, Func<string, string?> arrayOf, Func<string, string> fresh,
            Func<string, IntExpr?> bufferLength)
        {
            int f = statements.FindIndex(s => ReferenceEquals(s, forward)), b = statements.FindIndex(s => ReferenceEquals(s, backward));
            if (f < 0 || b < f) return null;
            var middle = statements.GetRange(f + 1, b - f - 1);
            if (HasTape(middle)) return null;

            var forwardWrites = new Access(arrayOf);
            forwardWrites.Add(forward.Body);
            var forwardReads = Reads(forward.Body);
            var before = new List<AdjointStatement>();
            var after = new List<AdjointStatement>();
            var afterWrites = new Access(arrayOf);
            var afterReads = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in middle)
            {
                var entries = statement is AdjointGroup group ? group.Entries.ToList() : null;
                var hoisted = new List<AdjointEntry>();
                if (entries is not null)
                {
                    foreach (var e in entries) if (Hoistable(new AdjointGroup(new ValueList<AdjointEntry>(new[] { e })))) hoisted.Add(e);
                    var kept = entries.Where(e => !hoisted.Contains(e)).ToList();
                    // Entries are computed together: a kept entry that reads a hoisted one's target would see the new value.
                    if (kept.Any(e => hoisted.Any(h => ExprVariables.Of(e.Value).Contains(h.Target)))) hoisted.Clear();
                }
                else if (Hoistable(statement))
                {
                    before.Add(statement);
                    continue;
                }
                if (entries is not null && hoisted.Count == entries.Count)
                {
                    before.Add(statement);
                    continue;
                }
                if (hoisted.Count > 0) before.Add(new AdjointGroup(new ValueList<AdjointEntry>(hoisted)));
                var rest = entries is null ? statement : new AdjointGroup(new ValueList<AdjointEntry>(entries.Where(e => !hoisted.Contains(e)).ToArray()));
                after.Add(rest);
                afterWrites.Add(new[] { rest });
                afterReads.UnionWith(Reads(new[] { rest }));
            }

            // The backward loop now runs before the statements left after it: neither may see the other's writes.
            var backwardWrites = new Access(arrayOf);
            backwardWrites.Add(backward.Body);
            var backwardReads = Reads(backward.Body);
            if (backwardReads.Any(v => afterWrites.Writes(v)) || afterReads.Any(v => backwardWrites.Writes(v))) return null;
            if (backwardWrites.Scalars.Overlaps(afterWrites.Scalars)) return null;
            if (backwardWrites.Arrays.Overlaps(afterWrites.Arrays) && (backwardWrites.AssignsElements || afterWrites.AssignsElements)) return null;
            // What may be non-zero when the fused loop starts (a seed, or an adjoint an earlier fused loop added to): such an
            // adjoint is not an iteration's own, even if each iteration resets it (s = f(x) overwritten every row, result s).
            var writtenBefore = new Access(arrayOf);
            writtenBefore.Add(statements.Take(f).ToList());
            writtenBefore.Add(before);
            // What reads the loop's buffers after it: the statements left between the loops and those after the backward loop.
            var readLater = new HashSet<string>(afterReads, StringComparer.Ordinal);
            readLater.UnionWith(Reads(statements.Skip(b + 1).ToList()));
            // Last: it may declare locals, so only on the way to a fusion.
            var context = new FusionContext(arrayOf, fresh, bufferLength, writtenBefore, readLater);
            if (FusedBody(forward.Body, backward.Body, context) is not { } body) return null;

            var fused = new List<AdjointStatement>(statements.Count);
            fused.AddRange(statements.Take(f));
            fused.AddRange(before);
            fused.Add(new AdjointFor(forward.Counter, forward.Lower, forward.Upper, false, new ValueList<AdjointStatement>(body)));
            fused.AddRange(after);
            fused.AddRange(statements.Skip(b + 1));
            return fused;

            // Moved before the forward loop: it reads nothing the loop or a statement left after it writes, and writes
            // nothing the loop or those statements read or write.
            bool Hoistable(AdjointStatement statement)
            {
                var reads = Reads(new[] { statement });
                if (reads.Any(v => forwardWrites.Writes(v) || afterWrites.Writes(v))) return false;
                var writes = new Access(arrayOf);
                writes.Add(new[] { statement });
                if (writes.Scalars.Any(v => forwardReads.Contains(v) || forwardWrites.Scalars.Contains(v) || afterReads.Contains(v) || afterWrites.Scalars.Contains(v))) return false;
                if (writes.Arrays.Any(a => forwardWrites.Arrays.Contains(a) || afterWrites.Arrays.Contains(a) ||
                    forwardReads.Any(r => arrayOf(r) == a) || afterReads.Any(r => arrayOf(r) == a))) return false;
                return true;
            }
        }

        private static bool HasTape(IReadOnlyList<AdjointStatement> statements) => statements.Any(s => s switch
        {
            PushStatement or PopStatement or TapeCount => true,
            AdjointFor loop => HasTape(loop.Body),
            AdjointIf branch => HasTape(branch.Then) || HasTape(branch.Else),
            _ => false,
        });

        /// <summary>What the fusion conditions need to know about the program around the two loops.</summary>
        private sealed record FusionContext(Func<string, string?> ArrayOf, Func<string, string> Fresh, Func<string, IntExpr?> BufferLength, Access WrittenBefore,
            ISet<string> ReadLater);

        /// <summary>
        /// One iteration's forward body then its backward body, where the conditions hold at this level; else, when both bodies
        /// are a single loop over the same range (rows, then outputs), the same one level down: <c>for o { forward; backward; }</c>.
        /// </summary>
        private static AdjointStatement[]? FusedBody(IReadOnlyList<AdjointStatement> forward, IReadOnlyList<AdjointStatement> backward, FusionContext context)
        {
            var arrayOf = context.ArrayOf;
            var (plainForward, plainBackward) = (forward, backward);
            (forward, backward) = WithoutElementRestores(forward, backward, context);
            if (IterationsIndependent(backward, context) && CarriedRestores(forward, backward, arrayOf) is { } carried)
            {
                if (carried.Count == 0) return Joined(forward, backward, arrayOf, context.Fresh);
                // A forward value carried to the next iteration (a running flag) that the backward iteration restores from
                // the tape: kept aside around the backward iteration, so the next forward iteration sees it as it was left.
                var kept = carried.Select(v => (Variable: v, Copy: context.Fresh(v))).ToList();
                var body = new List<AdjointStatement>(forward);
                body.Add(new AdjointGroup(new ValueList<AdjointEntry>(kept.Select(k => new AdjointEntry(k.Copy, null, Expr.Var(k.Variable))).ToArray())));
                body.AddRange(backward);
                body.Add(new AdjointGroup(new ValueList<AdjointEntry>(kept.Select(k => new AdjointEntry(k.Variable, null, Expr.Var(k.Copy))).ToArray())));
                WithoutRoundTrips(body, arrayOf);
                ThroughLocals(body, arrayOf, context.Fresh);
                return body.ToArray();
            }
            if (plainForward.Count == 1 && plainBackward.Count == 1 && plainForward[0] is AdjointFor { Descending: false } inner && plainBackward[0] is AdjointFor innerBackward
                && inner.Counter == innerBackward.Counter && inner.Lower.Equals(innerBackward.Lower) && inner.Upper.Equals(innerBackward.Upper)
                && FusedBody(inner.Body, innerBackward.Body, context) is { } innerBody)
                return new AdjointStatement[] { new AdjointFor(inner.Counter, inner.Lower, inner.Upper, false, new ValueList<AdjointStatement>(innerBody)) };
            return null;
        }

        /// <summary>
        /// A buffer element the forward iteration stores before overwriting it (a hidden unit of the previous row) and the
        /// backward iteration restores only after its last read of the buffer: fused, the restore is not needed, since the
        /// next forward iteration sees what this one left, as without fusion. The pushes and pops of that buffer go when
        /// nothing after the loops reads it (without fusion it ends restored).
        /// </summary>
        private static (IReadOnlyList<AdjointStatement> Forward, IReadOnlyList<AdjointStatement> Backward) WithoutElementRestores(
            IReadOnlyList<AdjointStatement> forward, IReadOnlyList<AdjointStatement> backward, FusionContext context)
        {
            var restored = new SortedSet<string>(StringComparer.Ordinal);
            CollectRestoredArrays(backward, restored);
            foreach (var buffer in restored)
            {
                if (context.ReadLater.Any(r => context.ArrayOf(r) == buffer)) continue;
                int first = -1;
                for (int k = 0; k < backward.Count && first < 0; k++) if (RestoresElementOf(backward[k], buffer)) first = k;
                if (Reads(backward.Skip(first).ToList()).Any(r => context.ArrayOf(r) == buffer)) continue;
                forward = WithoutTapeOf(forward, buffer);
                backward = WithoutTapeOf(backward, buffer);
            }
            return (forward, backward);

            void CollectRestoredArrays(IReadOnlyList<AdjointStatement> statements, ISet<string> into)
            {
                foreach (var s in statements)
                {
                    if (s is PopStatement pop && context.ArrayOf(pop.Variable) is { } array) into.Add(array);
                    else if (s is AdjointFor inner) CollectRestoredArrays(inner.Body, into);
                    else if (s is AdjointIf branch)
                    {
                        CollectRestoredArrays(branch.Then, into);
                        CollectRestoredArrays(branch.Else, into);
                    }
                }
            }

            bool RestoresElementOf(AdjointStatement s, string buffer) => s switch
            {
                PopStatement pop => context.ArrayOf(pop.Variable) == buffer,
                AdjointFor inner => inner.Body.Any(b => RestoresElementOf(b, buffer)),
                AdjointIf branch => branch.Then.Concat(branch.Else).Any(b => RestoresElementOf(b, buffer)),
                _ => false,
            };

            IReadOnlyList<AdjointStatement> WithoutTapeOf(IReadOnlyList<AdjointStatement> statements, string buffer)
            {
                var kept = new List<AdjointStatement>(statements.Count);
                foreach (var s in statements)
                {
                    switch (s)
                    {
                        case PushStatement push when context.ArrayOf(push.Variable) == buffer:
                        case PopStatement pop when context.ArrayOf(pop.Variable) == buffer:
                            break;
                        case AdjointFor inner:
                            var body = WithoutTapeOf(inner.Body, buffer);
                            if (body.Count > 0) kept.Add(inner with { Body = new ValueList<AdjointStatement>(body) });
                            break;
                        case AdjointIf branch:
                            var then = new ValueList<AdjointStatement>(WithoutTapeOf(branch.Then, buffer));
                            kept.Add(branch with { Then = then, Else = new ValueList<AdjointStatement>(WithoutTapeOf(branch.Else, buffer)) });
                            break;
                        default:
                            kept.Add(s);
                            break;
                    }
                }
                return kept;
            }
        }

        /// <summary>
        /// The forward body then the backward body; the last forward group and the first backward group become one group
        /// where neither reads what the other writes, so the printer shares what both compute (tanh of a hidden unit).
        /// </summary>
        private static AdjointStatement[] Joined(IReadOnlyList<AdjointStatement> forward, IReadOnlyList<AdjointStatement> backward, Func<string, string?> arrayOf,
            Func<string, string> fresh)
        {
            var joined = forward.Concat(backward).ToList();
            WithoutRoundTrips(joined, arrayOf);
            ThroughLocals(joined, arrayOf, fresh);
            if (forward.Count > 0 && backward.Count > 0 && forward[forward.Count - 1] is AdjointGroup first && backward[0] is AdjointGroup second)
            {
                var firstWrites = new Access(arrayOf);
                firstWrites.Add(new[] { first });
                var secondWrites = new Access(arrayOf);
                secondWrites.Add(new[] { second });
                bool independent = !second.Entries.Any(e => firstWrites.IsReadBy(e.Value)) && !first.Entries.Any(e => secondWrites.IsReadBy(e.Value))
                    && !firstWrites.Scalars.Overlaps(secondWrites.Scalars) && !firstWrites.Arrays.Overlaps(secondWrites.Arrays);
                if (independent)
                {
                    joined.RemoveRange(forward.Count - 1, 2);
                    joined.Insert(forward.Count - 1, new AdjointGroup(new ValueList<AdjointEntry>(first.Entries.Concat(second.Entries).ToArray())));
                }
            }
            return joined.ToArray();
        }

        /// <summary>
        /// A value stored on the tape and restored later in the same iteration, with nothing between writing it or using
        /// the tape, never needed storing: the pair goes (the fused iteration restores what it just pushed).
        /// </summary>
        private static void WithoutRoundTrips(List<AdjointStatement> body, Func<string, string?> arrayOf)
        {
            for (int p = 0; p < body.Count; p++)
            {
                if (body[p] is not PushStatement push) continue;
                for (int q = p + 1; q < body.Count; q++)
                {
                    if (body[q] is PopStatement pop && pop.Variable == push.Variable)
                    {
                        body.RemoveAt(q);
                        body.RemoveAt(p);
                        p--;
                        break;
                    }
                    var writes = new Access(arrayOf);
                    writes.Add(new[] { body[q] });
                    if (HasTape(new[] { body[q] }) || writes.Writes(push.Variable)) break;
                }
            }
        }

        /// <summary>
        /// A scalar stored on the tape and restored later in the same iteration, with no other tape use between (the value is
        /// written in between, else <see cref="WithoutRoundTrips"/> removed the pair), is kept in a local instead: a register
        /// rather than a store and a load, and no tape when every pair goes.
        /// </summary>
        private static void ThroughLocals(List<AdjointStatement> body, Func<string, string?> arrayOf, Func<string, string> fresh)
        {
            for (int p = 0; p < body.Count; p++)
            {
                if (body[p] is not PushStatement push || arrayOf(push.Variable) is not null) continue;
                for (int q = p + 1; q < body.Count; q++)
                {
                    if (body[q] is PopStatement pop && pop.Variable == push.Variable)
                    {
                        string copy = fresh(push.Variable);
                        body[p] = new AdjointGroup(new ValueList<AdjointEntry>(new[] { new AdjointEntry(copy, null, Expr.Var(push.Variable)) }));
                        body[q] = new AdjointGroup(new ValueList<AdjointEntry>(new[] { new AdjointEntry(push.Variable, null, Expr.Var(copy)) }));
                        break;
                    }
                    if (HasTape(new[] { body[q] })) break;
                }
            }
        }

        /// <summary>How many push statements the program has, at any depth.</summary>
        public static int Pushes(IReadOnlyList<AdjointStatement> statements) => statements.Sum(s => s switch
        {
            PushStatement => 1,
            AdjointFor loop => Pushes(loop.Body),
            AdjointIf branch => Pushes(branch.Then) + Pushes(branch.Else),
            _ => 0,
        });

        /// <summary>
        /// Every scalar the body both reads and writes is an adjoint added to (v = v + e, e free of v, v read nowhere else)
        /// or an iteration-local adjoint: 0 before the loop (not in <see cref="FusionContext.WrittenBefore"/>) and reset to 0
        /// by the body's last top-level write of it, or used only inside one inner loop and iteration-local there. Element
        /// writes only add, except to an iteration-local adjoint buffer (a hidden layer's), cleared by the body's last write
        /// of it. Then each iteration sees the same values whatever the order.
        /// </summary>
        private static bool IterationsIndependent(IReadOnlyList<AdjointStatement> body, FusionContext context)
        {
            var writes = new Access(context.ArrayOf);
            writes.Add(body);
            var localBuffers = new HashSet<string>(writes.Arrays.Where(a => !context.WrittenBefore.Arrays.Contains(a) && ClearedAtEnd(body, a, context)), StringComparer.Ordinal);
            if (writes.AssignsElements && AssignsElementsOtherThan(body, localBuffers)) return false;
            foreach (var v in AssignedScalars(body))
            {
                if (IterationLocal(body, v, context.WrittenBefore.Scalars)) continue;
                // A pure accumulator: every write adds to it, and nothing else reads it.
                if (!OnlyAccumulates(body, v)) return false;
            }
            var reads = Reads(body);
            foreach (var array in writes.Arrays)
            {
                if (!localBuffers.Contains(array) && reads.Any(r => context.ArrayOf(r) == array)) return false;
            }
            return true;
        }

        /// <summary>0 when the body starts (not written before the loop) and 0 again when it ends, or used only inside one inner loop where that holds.</summary>
        private static bool IterationLocal(IReadOnlyList<AdjointStatement> body, string v, ISet<string> writtenBefore)
        {
            if (writtenBefore.Contains(v)) return false;
            for (int k = body.Count - 1; k >= 0; k--)
            {
                if (body[k] is AdjointGroup g && g.Entries.FirstOrDefault(e => e.Index is null && e.Target == v) is { } last) return last.Value.Equals(Expr.Zero);
                if (body[k] is not AdjointGroup && Writes(body[k], v)) break;
            }
            var mentioning = body.Where(s => Mentions(new[] { s }, v)).ToList();
            return mentioning.Count == 1 && mentioning[0] is AdjointFor inner && IterationLocal(inner.Body, v, writtenBefore);
        }

        private static bool Writes(AdjointStatement statement, string scalar) => statement switch
        {
            AdjointGroup g => g.Entries.Any(e => e.Index is null && e.Target == scalar),
            PopStatement pop => pop.Variable == scalar,
            AdjointFor inner => inner.Counter == scalar || inner.Body.Any(s => Writes(s, scalar)),
            AdjointIf branch => branch.Then.Concat(branch.Else).Any(s => Writes(s, scalar)),
            _ => false,
        };

        /// <summary>
        /// The body's last write of the buffer sets every element to 0: a clear, or a loop over the whole buffer whose body
        /// assigns 0 to the element at its counter and writes the buffer nowhere after that.
        /// </summary>
        private static bool ClearedAtEnd(IReadOnlyList<AdjointStatement> body, string buffer, FusionContext context)
        {
            if (context.BufferLength(buffer) is not { } length) return false;
            for (int k = body.Count - 1; k >= 0; k--)
            {
                var writes = new Access(context.ArrayOf);
                writes.Add(new[] { body[k] });
                if (!writes.Arrays.Contains(buffer)) continue;
                if (body[k] is ClearStatement clear) return clear.Buffer == buffer;
                if (body[k] is not AdjointFor { Lower.IsConstant: true } loop || loop.Lower.Value != 0 || !loop.Upper.Equals(length)) return false;
                for (int q = loop.Body.Count - 1; q >= 0; q--)
                {
                    var statement = loop.Body[q];
                    if (statement is AdjointGroup g && g.Entries.Any(e => e.Target == buffer && e.Index is not null))
                    {
                        var own = g.Entries.Where(e => e.Target == buffer && e.Index is not null).ToList();
                        return own.Count == 1 && own[0].Assign && own[0].Value.Equals(Expr.Zero) && own[0].Index!.Equals(IntExpr.Variable(loop.Counter));
                    }
                    var inner = new Access(context.ArrayOf);
                    inner.Add(new[] { statement });
                    if (inner.Arrays.Contains(buffer)) return false;
                }
                return false;
            }
            return false;
        }

        private static bool AssignsElementsOtherThan(IReadOnlyList<AdjointStatement> statements, ISet<string> buffers) => statements.Any(s => s switch
        {
            AdjointGroup g => g.Entries.Any(e => e.Index is not null && e.Assign && !buffers.Contains(e.Target)),
            AdjointFor inner => AssignsElementsOtherThan(inner.Body, buffers),
            AdjointIf branch => AssignsElementsOtherThan(branch.Then, buffers) || AssignsElementsOtherThan(branch.Else, buffers),
            _ => false,
        });

        /// <summary>Scalars the groups assign (not the counters of inner loops, nor what pops restore: see <see cref="CarriedRestores"/>).</summary>
        private static HashSet<string> AssignedScalars(IReadOnlyList<AdjointStatement> statements)
        {
            var assigned = new HashSet<string>(StringComparer.Ordinal);
            Collect(statements);
            return assigned;

            void Collect(IReadOnlyList<AdjointStatement> list)
            {
                foreach (var s in list)
                {
                    if (s is AdjointGroup g) foreach (var e in g.Entries) { if (e.Index is null) assigned.Add(e.Target); }
                    else if (s is AdjointFor inner) Collect(inner.Body);
                    else if (s is AdjointIf branch)
                    {
                        Collect(branch.Then);
                        Collect(branch.Else);
                    }
                }
            }
        }

        private static bool OnlyAccumulates(IReadOnlyList<AdjointStatement> statements, string v)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AdjointGroup g:
                        foreach (var e in g.Entries)
                        {
                            bool adds = e.Target == v && e.Index is null;
                            var value = e.Value;
                            if (adds)
                            {
                                if (value is not SumExpr sum || !sum.Terms.Contains(Expr.Var(v))) return false;
                                value = Expr.Add(sum.Terms.Where(t => !t.Equals(Expr.Var(v))).ToArray());
                            }
                            if (ExprVariables.Of(value).Contains(v)) return false;
                        }
                        break;
                    case AdjointFor inner:
                        if (!OnlyAccumulates(inner.Body, v)) return false;
                        break;
                    case AdjointIf branch:
                        if (branch.Flag == v || !OnlyAccumulates(branch.Then, v) || !OnlyAccumulates(branch.Else, v)) return false;
                        break;
                    case PopStatement pop when pop.Variable == v:
                        return false;
                }
            }
            return true;
        }

        /// <summary>
        /// What the backward body restores from the tape and the forward body does not assign afresh at the top of each
        /// iteration (pred = b): values carried to the next iteration, which must be kept around the backward iteration.
        /// Null when an element of an array is restored.
        /// </summary>
        private static List<string>? CarriedRestores(IReadOnlyList<AdjointStatement> forward, IReadOnlyList<AdjointStatement> backward, Func<string, string?> arrayOf)
        {
            var restored = new SortedSet<string>(StringComparer.Ordinal);
            CollectPops(backward, restored);
            if (restored.Any(v => arrayOf(v) is not null)) return null;
            return restored.Where(v => !AssignedFirst(forward, v)).ToList();

            static void CollectPops(IReadOnlyList<AdjointStatement> statements, ISet<string> into)
            {
                foreach (var s in statements)
                {
                    if (s is PopStatement pop) into.Add(pop.Variable);
                    else if (s is AdjointFor inner) CollectPops(inner.Body, into);
                    else if (s is AdjointIf branch)
                    {
                        CollectPops(branch.Then, into);
                        CollectPops(branch.Else, into);
                    }
                }
            }
        }

        /// <summary>The first top-level statement of the body that touches v assigns it, from values that do not read it.</summary>
        private static bool AssignedFirst(IReadOnlyList<AdjointStatement> body, string v)
        {
            foreach (var s in body)
            {
                if (s is AdjointGroup g)
                {
                    bool reads = g.Entries.Any(e => ExprVariables.Of(e.Value).Contains(v));
                    if (reads) return false;
                    if (g.Entries.Any(e => e.Target == v && e.Index is null)) return true;
                    continue;
                }
                if (s is PushStatement push && push.Variable != v) continue;
                // A push of v, a loop or a branch that may read or write it first.
                if (s is AdjointFor inner && !Mentions(inner.Body, v)) continue;
                return false;
            }
            return false;
        }

        /// <summary>Whether the statements read or write v (a buffer clear counts, whatever it clears).</summary>
        private static bool Mentions(IReadOnlyList<AdjointStatement> statements, string v)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AdjointGroup g when g.Entries.Any(e => e.Target == v || ExprVariables.Of(e.Value).Contains(v)):
                    case PushStatement p when p.Variable == v:
                    case PopStatement q when q.Variable == v:
                        return true;
                    case AdjointFor inner when Mentions(inner.Body, v):
                        return true;
                    case AdjointIf branch when branch.Flag == v || Mentions(branch.Then, v) || Mentions(branch.Else, v):
                        return true;
                    case ClearStatement:
                        return true;
                }
            }
            return false;
        }

        /// <summary>The variables the statements read, loop counters excepted (each loop sets its own before reading it).</summary>
        internal static HashSet<string> Reads(IReadOnlyList<AdjointStatement> statements)
        {
            var reads = new HashSet<string>(StringComparer.Ordinal);
            Collect(statements, reads);
            return reads;

            static void Collect(IReadOnlyList<AdjointStatement> list, HashSet<string> reads)
            {
                foreach (var s in list)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var e in g.Entries) reads.UnionWith(ExprVariables.Of(e.Value));
                            break;
                        case AdjointFor inner:
                            var body = new HashSet<string>(StringComparer.Ordinal);
                            Collect(inner.Body, body);
                            body.Remove(inner.Counter);
                            reads.UnionWith(body);
                            break;
                        case AdjointIf branch:
                            reads.Add(branch.Flag);
                            Collect(branch.Then, reads);
                            Collect(branch.Else, reads);
                            break;
                        case PushStatement push:
                            reads.Add(push.Variable);
                            break;
                    }
                }
            }
        }

        /// <summary>The scalars and arrays a list of statements writes.</summary>
        private sealed class Access
        {
            private readonly Func<string, string?> _arrayOf;

            public Access(Func<string, string?> arrayOf) => _arrayOf = arrayOf;

            public HashSet<string> Scalars { get; } = new(StringComparer.Ordinal);
            public HashSet<string> Arrays { get; } = new(StringComparer.Ordinal);
            public bool AssignsElements { get; private set; }

            public void Add(IReadOnlyList<AdjointStatement> statements)
            {
                foreach (var s in statements)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var e in g.Entries)
                            {
                                if (e.Index is null) Scalars.Add(e.Target);
                                else
                                {
                                    Arrays.Add(e.Target);
                                    AssignsElements |= e.Assign;
                                }
                            }
                            break;
                        case AdjointFor inner:
                            // Its counter is local to the loop: no write anyone outside sees.
                            Add(inner.Body);
                            break;
                        case AdjointIf branch:
                            Add(branch.Then);
                            Add(branch.Else);
                            break;
                        case PopStatement pop:
                            if (_arrayOf(pop.Variable) is { } array) Arrays.Add(array);
                            else Scalars.Add(pop.Variable);
                            break;
                        case ClearStatement clear:
                            Arrays.Add(clear.Buffer);
                            break;
                    }
                }
            }

            /// <summary>Whether reading <paramref name="variable"/> (a scalar, or an element of an array) sees a write of these statements.</summary>
            public bool Writes(string variable) => Scalars.Contains(variable) || _arrayOf(variable) is { } array && Arrays.Contains(array);

            public bool IsReadBy(Expr value)
            {
                foreach (var v in ExprVariables.Of(value))
                {
                    if (Scalars.Contains(v)) return true;
                    if (_arrayOf(v) is { } array && Arrays.Contains(array)) return true;
                }
                return false;
            }
        }
    }
}
