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
    /// adjoints of the iteration's own locals) and leave the forward state as the next forward iteration expects it (what
    /// they restore from the tape is assigned afresh at the top of each iteration). The fused program is verified like any
    /// other; the engine falls back to the unfused one if it fails.
    /// </summary>
    internal static class LoopFusion
    {
        /// <param name="arrayOf">The array an element-read variable reads, or null for a scalar.</param>
        public static List<AdjointStatement> Fuse(List<AdjointStatement> statements, int result, Func<string, string?> arrayOf)
        {
            for (int f = result - 1; f >= 0; f--)
            {
                if (statements[f] is not AdjointFor { Descending: false } forward) continue;
                int b = statements.FindIndex(result + 1, s => s is AdjointFor candidate && candidate.Counter == forward.Counter
                    && candidate.Lower.Equals(forward.Lower) && candidate.Upper.Equals(forward.Upper));
                if (b < 0) continue;
                var backward = (AdjointFor)statements[b];
                var after = statements.GetRange(f + 1, result - f - 1);
                var resultGroup = (AdjointGroup)statements[result];
                var seeds = statements.GetRange(result + 1, b - result - 1);
                if (after.Concat(seeds).Any(s => s is not AdjointGroup)) continue;

                var forwardWrites = new Access(arrayOf);
                forwardWrites.Add(forward.Body);
                forwardWrites.Add(after);
                forwardWrites.Scalars.Add(resultGroup.Entries[0].Target);
                // The result's adjoints and what the statements between the result and the backward loop compute must
                // not read what the loop or the statements after it write: they move before the loop.
                var seedEntries = resultGroup.Entries.Skip(1).ToList();
                if (seedEntries.Any(e => forwardWrites.IsReadBy(e.Value)) || seeds.Cast<AdjointGroup>().SelectMany(g => g.Entries).Any(e => forwardWrites.IsReadBy(e.Value)))
                    continue;
                var afterWrites = new Access(arrayOf);
                afterWrites.Add(after);
                afterWrites.Scalars.Add(resultGroup.Entries[0].Target);
                if (Reads(backward.Body, arrayOf).Any(v => afterWrites.Scalars.Contains(v) || afterWrites.Arrays.Contains(arrayOf(v) ?? "\0"))) continue;
                if (!IterationsIndependent(backward.Body, arrayOf) || !RestoresOnlyIterationLocals(forward.Body, backward.Body, arrayOf)) continue;
                // The statements after the loop now run after the backward iterations too: they must not read what those write,
                // and the loop must not read what the moved statements write.
                var backwardWrites = new Access(arrayOf);
                backwardWrites.Add(backward.Body);
                if (after.Cast<AdjointGroup>().SelectMany(g => g.Entries).Any(e => backwardWrites.IsReadBy(e.Value))) continue;
                var movedWrites = new Access(arrayOf);
                movedWrites.Add(seeds);
                foreach (var e in seedEntries) movedWrites.Scalars.Add(e.Target);
                if (Reads(forward.Body, arrayOf).Any(v => movedWrites.Scalars.Contains(v))) continue;

                var fused = new List<AdjointStatement>(statements.Count);
                fused.AddRange(statements.Take(f));
                if (seedEntries.Count > 0) fused.Add(new AdjointGroup(new ValueList<AdjointEntry>(seedEntries)));
                fused.AddRange(seeds);
                fused.Add(new AdjointFor(forward.Counter, forward.Lower, forward.Upper, false, new ValueList<AdjointStatement>(Joined(forward.Body, backward.Body, arrayOf))));
                fused.AddRange(after);
                fused.Add(new AdjointGroup(new ValueList<AdjointEntry>(new[] { resultGroup.Entries[0] })));
                fused.AddRange(statements.Skip(b + 1));
                return fused;
            }
            return statements;
        }

        /// <summary>
        /// The forward body then the backward body; the last forward group and the first backward group become one group
        /// where neither reads what the other writes, so the printer shares what both compute (tanh of a hidden unit).
        /// </summary>
        private static AdjointStatement[] Joined(IReadOnlyList<AdjointStatement> forward, IReadOnlyList<AdjointStatement> backward, Func<string, string?> arrayOf)
        {
            var joined = forward.Concat(backward).ToList();
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
        /// Every scalar the body both reads and writes is an adjoint added to (v = v + e, e free of v, v read nowhere else)
        /// or an iteration-local adjoint, reset to 0 by the body's last top-level write of it (and 0 before the loop, as every
        /// adjoint starts); element writes only add. Then each iteration sees the same values whatever the order.
        /// </summary>
        private static bool IterationsIndependent(IReadOnlyList<AdjointStatement> body, Func<string, string?> arrayOf)
        {
            var writes = new Access(arrayOf);
            writes.Add(body);
            if (writes.AssignsElements) return false;
            var resetAtEnd = new HashSet<string>(StringComparer.Ordinal);
            for (int k = body.Count - 1; k >= 0; k--)
            {
                if (body[k] is not AdjointGroup group) continue;
                foreach (var e in group.Entries)
                {
                    if (e.Index is not null || resetAtEnd.Contains(e.Target)) continue;
                    if (e.Value.Equals(Expr.Zero) && !LaterWrites(body, k, e.Target)) resetAtEnd.Add(e.Target);
                }
            }
            foreach (var v in AssignedScalars(body))
            {
                if (resetAtEnd.Contains(v)) continue;
                // A pure accumulator: every write adds to it, and nothing else reads it.
                if (!OnlyAccumulates(body, v)) return false;
            }
            foreach (var array in writes.Arrays)
            {
                if (Reads(body, arrayOf).Any(r => arrayOf(r) == array)) return false;
            }
            return true;

            static bool LaterWrites(IReadOnlyList<AdjointStatement> statements, int k, string v)
            {
                for (int i = k + 1; i < statements.Count; i++)
                    if (statements[i] is not AdjointGroup g || g.Entries.Any(e => e.Target == v)) return true;
                return false;
            }
        }

        /// <summary>Scalars the groups assign (not the counters of inner loops, nor what pops restore: see <see cref="RestoresOnlyIterationLocals"/>).</summary>
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
        /// What the backward body restores from the tape, the forward body assigns afresh before reading it in each
        /// iteration (pred = b at the top): so the restored value does not leak into the next forward iteration.
        /// </summary>
        private static bool RestoresOnlyIterationLocals(IReadOnlyList<AdjointStatement> forward, IReadOnlyList<AdjointStatement> backward, Func<string, string?> arrayOf)
        {
            var restored = new HashSet<string>(StringComparer.Ordinal);
            CollectPops(backward, restored);
            foreach (var v in restored)
            {
                if (arrayOf(v) is not null) return false;
                if (!AssignedFirst(forward, v)) return false;
            }
            return true;

            static void CollectPops(IReadOnlyList<AdjointStatement> statements, HashSet<string> into)
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

            static bool Mentions(IReadOnlyList<AdjointStatement> statements, string v)
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
        }

        private static HashSet<string> Reads(IReadOnlyList<AdjointStatement> statements, Func<string, string?> arrayOf)
        {
            var reads = new HashSet<string>(StringComparer.Ordinal);
            Collect(statements);
            return reads;

            void Collect(IReadOnlyList<AdjointStatement> list)
            {
                foreach (var s in list)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var e in g.Entries) reads.UnionWith(ExprVariables.Of(e.Value));
                            break;
                        case AdjointFor inner:
                            Collect(inner.Body);
                            break;
                        case AdjointIf branch:
                            reads.Add(branch.Flag);
                            Collect(branch.Then);
                            Collect(branch.Else);
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
                            Scalars.Add(inner.Counter);
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
