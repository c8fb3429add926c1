using System;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    internal static partial class LoopFusion
    {
        /// <summary>
        /// Two loops over the same range, with only groups between them, run as one: <c>for j { A } M; for j' { B }</c>
        /// becomes <c>M; for j' { A; B }</c> or <c>for j' { A; B } M</c> (a hidden layer's units computed and summed into
        /// the output in one pass; its adjoints accumulated and the layer below updated in one pass). Allowed when neither
        /// loop touches an array the other touches and either writes other than at the counter, neither reads or writes a
        /// scalar the other writes (unless both only add to it), the groups between them neither see nor change what one of
        /// the loops does, and, when the second loop runs the other way round, the first loop's iterations are independent
        /// of their order (it only adds to the scalars it writes, and every element it writes is at its counter). Applied
        /// at every level.
        /// </summary>
        public static List<AdjointStatement> MergeAdjacentLoops(List<AdjointStatement> statements, Func<string, ElementRead?> elementOf,
            Func<string, IntExpr, string> elementName, Budget budget)
        {
            var merged = statements.Select(Inside).ToList();
            for (int p = 0; p < merged.Count; p++)
            {
                budget.Charge();
                if (merged[p] is not AdjointFor first) continue;
                int q = p + 1;
                while (q < merged.Count && merged[q] is AdjointGroup) q++;
                if (q >= merged.Count || merged[q] is not AdjointFor second) continue;
                var middle = merged.GetRange(p + 1, q - p - 1);
                if (Merged(first, middle, second, elementOf, elementName, budget, out bool middleBefore) is not { } loop) continue;
                merged.RemoveRange(p, q - p + 1);
                merged.InsertRange(p, middleBefore ? middle.Append(loop) : middle.Prepend(loop));
                p += middleBefore ? middle.Count - 1 : -1;
            }
            return merged;

            AdjointStatement Inside(AdjointStatement s) => s switch
            {
                AdjointFor loop => loop with { Body = new ValueList<AdjointStatement>(MergeAdjacentLoops(loop.Body.ToList(), elementOf, elementName, budget)) },
                AdjointIf branch => branch with
                {
                    Then = new ValueList<AdjointStatement>(MergeAdjacentLoops(branch.Then.ToList(), elementOf, elementName, budget)),
                    Else = new ValueList<AdjointStatement>(MergeAdjacentLoops(branch.Else.ToList(), elementOf, elementName, budget)),
                },
                _ => s,
            };
        }

        private static AdjointFor? Merged(AdjointFor first, List<AdjointStatement> middle, AdjointFor second, Func<string, ElementRead?> elementOf,
            Func<string, IntExpr, string> elementName, Budget budget, out bool middleBefore)
        {
            middleBefore = false;
            if (first.StopWhenZero is not null || second.StopWhenZero is not null) return null;
            if (!first.Lower.Equals(second.Lower) || !first.Upper.Equals(second.Upper)) return null;
            // Run the other way round, the first loop's iterations must not depend on their order.
            bool sameDirection = first.Descending == second.Descending;
            if (!sameDirection && !first.Body.All(s => s is AdjointGroup)) return null;
            if (HasTape(first.Body) && HasTape(second.Body)) return null;
            // A math-library call (tanh, cosh, exp) sends every value live across it to the stack: x64 has no callee-saved
            // floating-point registers. A loop around one already costs what the call costs, and merging the other loop's
            // values into it measured slower than two passes (MlpTanh: 2.0× → 3.0× the value).
            if (CallsMathLibrary(first.Body, budget) || CallsMathLibrary(second.Body, budget)) return null;
            string? ArrayOf(string v) => elementOf(v)?.Array;

            var body = first.Counter == second.Counter ? first.Body.ToList() : Renamed(first.Body, first.Counter, second.Counter, elementOf, elementName, budget);
            var firstWrites = new Access(ArrayOf);
            firstWrites.Add(body);
            var secondWrites = new Access(ArrayOf);
            secondWrites.Add(second.Body);
            // Reordered, the first loop may only add to its scalars (a bias's gradient).
            if (!sameDirection && firstWrites.Scalars.Any(v => !OnlyAccumulates(body, v))) return null;
            var firstReads = Reads(body);
            var secondReads = Reads(second.Body);
            // A scalar both loops add to (a bias's gradient) and neither reads otherwise is the one exception.
            var sharedAccumulators = new HashSet<string>(firstWrites.Scalars.Intersect(secondWrites.Scalars).Where(v => OnlyAccumulates(body, v) && OnlyAccumulates(second.Body, v)),
                StringComparer.Ordinal);
            if (firstReads.Any(v => secondWrites.Scalars.Contains(v) && !sharedAccumulators.Contains(v))
                || secondReads.Any(v => firstWrites.Scalars.Contains(v) && !sharedAccumulators.Contains(v))
                || firstWrites.Scalars.Any(v => secondWrites.Scalars.Contains(v) && !sharedAccumulators.Contains(v))) return null;

            // Arrays the merge could make an iteration see differently: touched by both loops (or written by a first loop
            // that changes direction) only at the counter.
            var counter = IntExpr.Variable(second.Counter);
            var firstAccesses = ElementAccesses(body, elementOf);
            var secondAccesses = ElementAccesses(second.Body, elementOf);
            foreach (var array in firstWrites.Arrays.Union(secondWrites.Arrays))
            {
                bool both = firstAccesses.Any(a => a.Array == array) && secondAccesses.Any(a => a.Array == array);
                if (!both && (sameDirection || !firstWrites.Arrays.Contains(array))) continue;
                if (firstAccesses.Concat(secondAccesses).Any(a => a.Array == array && (a.Index is null || !a.Index.Equals(counter)))) return null;
            }

            // The groups between move before the merged loop (an output's initial value) or after it (a reset).
            var middleWrites = new Access(ArrayOf);
            middleWrites.Add(middle);
            var middleReads = Reads(middle);
            bool Independent(Access writes, HashSet<string> reads) => !reads.Any(middleWrites.Writes) && !middleReads.Any(writes.Writes)
                && !middleWrites.Scalars.Overlaps(writes.Scalars) && !middleWrites.Arrays.Overlaps(writes.Arrays);
            if (Independent(firstWrites, firstReads)) middleBefore = true;
            else if (Independent(secondWrites, secondReads)) middleBefore = false;
            else return null;

            body.AddRange(second.Body);
            return second with { Body = new ValueList<AdjointStatement>(body) };
        }

        /// <summary>Whether a value of the statements calls a function the JIT does not compile inline (all but abs, sign, min, max, rounding).</summary>
        private static bool CallsMathLibrary(IReadOnlyList<AdjointStatement> statements, Budget budget)
        {
            var seen = new HashSet<Expr>();
            var pending = new Stack<Expr>();
            foreach (var value in Values(statements)) pending.Push(value);
            while (pending.Count > 0)
            {
                budget.Charge();
                var e = pending.Pop();
                if (!seen.Add(e)) continue;
                if (e is CallExpr call && call.Function is not (Function.Abs or Function.Sign or Function.Max or Function.Min or Function.Floor or Function.Ceiling
                    or Function.Round or Function.Truncate)) return true;
                foreach (var child in e.Children) pending.Push(child);
            }
            return false;

            static IEnumerable<Expr> Values(IReadOnlyList<AdjointStatement> list)
            {
                foreach (var s in list)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var e in g.Entries) yield return e.Value;
                            break;
                        case AdjointFor inner:
                            foreach (var e in Values(inner.Body)) yield return e;
                            break;
                        case AdjointIf branch:
                            foreach (var e in Values(branch.Then).Concat(Values(branch.Else))) yield return e;
                            break;
                    }
                }
            }
        }

        /// <summary>
        /// An adjoint buffer touched only inside one loop, always at the loop's counter, and set to 0 by the last statement of
        /// each iteration that touches it (a hidden unit's adjoint once its layer's loops are merged) holds one element at a
        /// time: it becomes a scalar of the same name, 0 between iterations like any iteration-local adjoint. Returns the
        /// statements and the buffers that became scalars.
        /// </summary>
        public static (List<AdjointStatement> Statements, List<string> Scalarized) ScalarizeBuffers(List<AdjointStatement> statements, IEnumerable<string> buffers,
            Func<string, ElementRead?> elementOf, Budget budget)
        {
            var scalarized = new List<string>();
            foreach (var buffer in buffers)
            {
                budget.Charge();
                if (Holder(statements, buffer, elementOf) is not { } loop) continue;
                if (Scalarized(loop.Body, buffer, elementOf, budget) is not { } body) continue;
                statements = Replaced(statements, loop, loop with { Body = new ValueList<AdjointStatement>(body) });
                scalarized.Add(buffer);
            }
            return (statements, scalarized);
        }

        /// <summary>The one loop whose body holds every access to the buffer, each at its counter, and ends each iteration with the buffer's element 0.</summary>
        private static AdjointFor? Holder(IReadOnlyList<AdjointStatement> statements, string buffer, Func<string, ElementRead?> elementOf)
        {
            var touching = statements.Where(s => ElementAccesses(new[] { s }, elementOf).Any(a => a.Array == buffer)).ToList();
            if (touching.Count != 1 || touching[0] is not AdjointFor loop) return null;
            var counter = IntExpr.Variable(loop.Counter);
            bool atCounter = ElementAccesses(loop.Body, elementOf).Where(a => a.Array == buffer).All(a => a.Index is not null && a.Index.Equals(counter));
            if (atCounter && !StoresElementOf(loop.Body, buffer, elementOf) && ResetLast(loop, buffer, elementOf)) return loop;
            return Holder(loop.Body, buffer, elementOf);
        }

        private static bool StoresElementOf(IReadOnlyList<AdjointStatement> statements, string buffer, Func<string, ElementRead?> elementOf) => statements.Any(s => s switch
        {
            PushStatement push => elementOf(push.Variable)?.Array == buffer,
            PopStatement pop => elementOf(pop.Variable)?.Array == buffer,
            AdjointFor inner => StoresElementOf(inner.Body, buffer, elementOf),
            AdjointIf branch => StoresElementOf(branch.Then, buffer, elementOf) || StoresElementOf(branch.Else, buffer, elementOf),
            _ => false,
        });

        private static bool ResetLast(AdjointFor loop, string buffer, Func<string, ElementRead?> elementOf)
        {
            var last = loop.Body.LastOrDefault(s => ElementAccesses(new[] { s }, elementOf).Any(a => a.Array == buffer));
            return last is AdjointGroup g && g.Entries.Where(e => e.Target == buffer && e.Index is not null).ToList() is { Count: 1 } own
                && own[0].Assign && own[0].Value.Equals(Expr.Zero);
        }

        /// <summary>The body with the buffer's element a scalar: an addition to the element adds to the scalar. Null when a group writes the element twice.</summary>
        private static List<AdjointStatement>? Scalarized(IReadOnlyList<AdjointStatement> body, string buffer, Func<string, ElementRead?> elementOf, Budget budget)
        {
            var scalar = Expr.Var(buffer);
            Expr Value(Expr value) => Rewrite.Replace(value, e => e is VariableExpr v && elementOf(v.Name)?.Array == buffer ? scalar : null, budget);
            var result = new List<AdjointStatement>(body.Count);
            foreach (var s in body)
            {
                switch (s)
                {
                    case AdjointGroup g:
                        if (g.Entries.Count(e => e.Target == buffer && e.Index is not null) > 1) return null;
                        result.Add(new AdjointGroup(new ValueList<AdjointEntry>(g.Entries.Select(e => e.Target == buffer && e.Index is not null
                            ? new AdjointEntry(buffer, null, e.Assign ? Value(e.Value) : Expr.Add(scalar, Value(e.Value)))
                            : e with { Value = Value(e.Value) }).ToArray())));
                        break;
                    case AdjointFor inner:
                        if (Scalarized(inner.Body, buffer, elementOf, budget) is not { } innerBody) return null;
                        result.Add(inner with { Body = new ValueList<AdjointStatement>(innerBody) });
                        break;
                    case AdjointIf branch:
                        if (Scalarized(branch.Then, buffer, elementOf, budget) is not { } then || Scalarized(branch.Else, buffer, elementOf, budget) is not { } otherwise) return null;
                        result.Add(branch with { Then = new ValueList<AdjointStatement>(then), Else = new ValueList<AdjointStatement>(otherwise) });
                        break;
                    default:
                        result.Add(s);
                        break;
                }
            }
            return result;
        }

        private static List<AdjointStatement> Replaced(IReadOnlyList<AdjointStatement> statements, AdjointStatement old, AdjointStatement replacement) =>
            statements.Select(s => ReferenceEquals(s, old) ? replacement : s switch
            {
                AdjointFor loop => loop with { Body = new ValueList<AdjointStatement>(Replaced(loop.Body, old, replacement)) },
                AdjointIf branch => branch with
                {
                    Then = new ValueList<AdjointStatement>(Replaced(branch.Then, old, replacement)),
                    Else = new ValueList<AdjointStatement>(Replaced(branch.Else, old, replacement)),
                },
                _ => s,
            }).ToList();

        /// <summary>
        /// A loop that stores one scalar on the tape per iteration, followed (with no other tape use between) by a loop over
        /// the same range, the other way round, that restores it once per iteration: the iteration with counter c restores
        /// what iteration c stored, so a buffer indexed by the counter replaces the tape (a slot per hidden unit: no running
        /// tape index, and no tape at all when nothing else uses it). <paramref name="slot"/> declares the buffer for a
        /// variable and a length; <paramref name="fixedLength"/> says whether a bound can size a buffer at the method's top.
        /// </summary>
        public static List<AdjointStatement> SlotsForTape(List<AdjointStatement> statements, Func<string, string?> arrayOf, Func<IntExpr, bool> fixedLength,
            Func<string, IntExpr, string> slot, Func<string, IntExpr, string> elementName, Budget budget)
        {
            var result = statements.Select(s => s switch
            {
                AdjointFor loop => loop with { Body = new ValueList<AdjointStatement>(SlotsForTape(loop.Body.ToList(), arrayOf, fixedLength, slot, elementName, budget)) },
                AdjointIf branch => branch with
                {
                    Then = new ValueList<AdjointStatement>(SlotsForTape(branch.Then.ToList(), arrayOf, fixedLength, slot, elementName, budget)),
                    Else = new ValueList<AdjointStatement>(SlotsForTape(branch.Else.ToList(), arrayOf, fixedLength, slot, elementName, budget)),
                },
                _ => s,
            }).ToList();
            for (int p = 0; p < result.Count; p++)
            {
                budget.Charge();
                if (result[p] is not AdjointFor { StopWhenZero: null, Lower: { IsConstant: true, Value: 0 } } store || !fixedLength(store.Upper)) continue;
                if (OnlyTapeUse(store.Body) is not PushStatement push || arrayOf(push.Variable) is not null) continue;
                int q = p + 1;
                while (q < result.Count && !HasTape(new[] { result[q] })) q++;
                if (q >= result.Count || result[q] is not AdjointFor { StopWhenZero: null } restore || restore.Descending == store.Descending
                    || !restore.Lower.Equals(store.Lower) || !restore.Upper.Equals(store.Upper)) continue;
                if (OnlyTapeUse(restore.Body) is not PopStatement pop || pop.Variable != push.Variable) continue;
                // As for merging: around a math-library call the tape measured faster (MlpTanh 1.9× with it, 2.6–3.0× with slots).
                if (CallsMathLibrary(store.Body, budget) || CallsMathLibrary(restore.Body, budget)) continue;
                string buffer = slot(push.Variable, store.Upper);
                var saved = new AdjointGroup(new ValueList<AdjointEntry>(new[] { new AdjointEntry(buffer, IntExpr.Variable(store.Counter), Expr.Var(push.Variable), Assign: true) }));
                var restored = new AdjointGroup(new ValueList<AdjointEntry>(new[]
                {
                    new AdjointEntry(pop.Variable, null, Expr.Var(elementName(buffer, IntExpr.Variable(restore.Counter)))),
                }));
                result[p] = store with { Body = new ValueList<AdjointStatement>(store.Body.Select(s => ReferenceEquals(s, push) ? saved : s).ToArray()) };
                result[q] = restore with { Body = new ValueList<AdjointStatement>(restore.Body.Select(s => ReferenceEquals(s, pop) ? restored : s).ToArray()) };
            }
            return result;

            // The body's one tape statement, at its top level; null when it has none, or more, or one nested deeper.
            static AdjointStatement? OnlyTapeUse(IReadOnlyList<AdjointStatement> body)
            {
                var top = body.Where(s => s is PushStatement or PopStatement).ToList();
                if (top.Count != 1 || body.Any(s => s is not (PushStatement or PopStatement) && HasTape(new[] { s }))) return null;
                return top[0];
            }
        }

        /// <summary>The statements with a loop counter renamed, in indices, bounds, values and the element reads they name.</summary>
        private static List<AdjointStatement> Renamed(IReadOnlyList<AdjointStatement> statements, string from, string to, Func<string, ElementRead?> elementOf,
            Func<string, IntExpr, string> elementName, Budget budget)
        {
            IntExpr Index(IntExpr index) => index.Replace(i => i.Operator == IntExpr.Kind.Variable && i.Name == from ? IntExpr.Variable(to) : null);
            string Name(string variable) => variable == from ? to
                : elementOf(variable) is { } read && read.Index.Mentions(from) ? elementName(read.Array, Index(read.Index))
                : variable;
            Expr Value(Expr value) => Rewrite.Replace(value, e => e is VariableExpr v && Name(v.Name) is var name && name != v.Name ? Expr.Var(name) : null, budget);
            return statements.Select(s => s switch
            {
                AdjointGroup g => new AdjointGroup(new ValueList<AdjointEntry>(g.Entries.Select(e => e with
                {
                    Index = e.Index is null ? null : Index(e.Index),
                    Value = Value(e.Value),
                }).ToArray())),
                AdjointFor inner => inner with
                {
                    Lower = Index(inner.Lower),
                    Upper = Index(inner.Upper),
                    Body = new ValueList<AdjointStatement>(Renamed(inner.Body, from, to, elementOf, elementName, budget)),
                },
                AdjointIf branch => branch with
                {
                    Then = new ValueList<AdjointStatement>(Renamed(branch.Then, from, to, elementOf, elementName, budget)),
                    Else = new ValueList<AdjointStatement>(Renamed(branch.Else, from, to, elementOf, elementName, budget)),
                },
                PushStatement push => new PushStatement(Name(push.Variable)),
                PopStatement pop => new PopStatement(Name(pop.Variable)),
                _ => s,
            }).ToList();
        }

        /// <summary>Every element the statements read or write, by array and index; a clear is the whole array (null index).</summary>
        private static List<(string Array, IntExpr? Index)> ElementAccesses(IReadOnlyList<AdjointStatement> statements, Func<string, ElementRead?> elementOf)
        {
            var accesses = new List<(string, IntExpr?)>();
            foreach (var v in Reads(statements)) if (elementOf(v) is { } read) accesses.Add((read.Array, read.Index));
            Writes(statements);
            return accesses;

            void Writes(IReadOnlyList<AdjointStatement> list)
            {
                foreach (var s in list)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var e in g.Entries) if (e.Index is not null) accesses.Add((e.Target, e.Index));
                            break;
                        case PopStatement pop when elementOf(pop.Variable) is { } read:
                            accesses.Add((read.Array, read.Index));
                            break;
                        case ClearStatement clear:
                            accesses.Add((clear.Buffer, null));
                            break;
                        case AdjointFor inner:
                            Writes(inner.Body);
                            break;
                        case AdjointIf branch:
                            Writes(branch.Then);
                            Writes(branch.Else);
                            break;
                    }
                }
            }
        }
    }
}
