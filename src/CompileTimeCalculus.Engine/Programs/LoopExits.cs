using System;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// Ends a loop early where the rest of it would do nothing. A <c>break</c> becomes a running flag (1 before the loop, 0
    /// at the break) that every statement of the body tests, so the gradient's loops run to the end with nothing to do
    /// after the break. A loop gets <see cref="AdjointFor.StopWhenZero"/> when executing its body symbolically with the flag
    /// 0 leaves every variable as it was (the flag 0 included), adds 0 to every element and restores whatever it stores on
    /// the tape; an iteration that starts with the flag 0 is then a no-op, and so is every later one.
    /// </summary>
    internal static class LoopExits
    {
        public static List<AdjointStatement> Mark(List<AdjointStatement> statements, Func<string, string?> arrayOf, Budget budget)
        {
            var marked = new List<AdjointStatement>(statements.Count);
            foreach (var s in statements)
            {
                if (s is AdjointFor loop && loop.StopWhenZero is null)
                {
                    // What the rest of the program reads: a value the loop leaves behind must be right after an early end.
                    var elsewhere = LoopFusion.Reads(statements.Where(other => !ReferenceEquals(other, s)).ToList());
                    string? flag = Candidates(loop.Body).FirstOrDefault(v => IsNoOpWhenZero(loop.Body, v, elsewhere, arrayOf, budget));
                    marked.Add(flag is null ? loop : loop with { StopWhenZero = flag });
                }
                else
                {
                    marked.Add(s);
                }
            }
            return marked;
        }

        /// <summary>The scalars the body assigns and compares with zero (flag-like), in a fixed order.</summary>
        private static IEnumerable<string> Candidates(IReadOnlyList<AdjointStatement> body)
        {
            var assigned = new HashSet<string>(StringComparer.Ordinal);
            var compared = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var s in body)
            {
                if (s is not AdjointGroup g) continue;
                foreach (var e in g.Entries)
                {
                    if (e.Index is null) assigned.Add(e.Target);
                    var stack = new Stack<Expr>();
                    var seen = new HashSet<Expr>();
                    stack.Push(e.Value);
                    while (stack.Count > 0)
                    {
                        var node = stack.Pop();
                        if (!seen.Add(node)) continue;
                        if (node is ComparisonExpr { Left: VariableExpr v, Right: NumberExpr { Value.IsZero: true } }) compared.Add(v.Name);
                        foreach (var c in node.Children) stack.Push(c);
                    }
                }
            }
            return compared.Where(assigned.Contains);
        }

        private static bool IsNoOpWhenZero(IReadOnlyList<AdjointStatement> body, string flag, ISet<string> readElsewhere, Func<string, string?> arrayOf, Budget budget)
        {
            var state = new Dictionary<string, Expr>(StringComparer.Ordinal) { [flag] = Expr.Zero };
            var written = new HashSet<string>(StringComparer.Ordinal);
            var readFirst = new HashSet<string>(StringComparer.Ordinal);
            var tape = new Stack<(string Variable, Expr Value)>();
            foreach (var s in body)
            {
                switch (s)
                {
                    case AdjointGroup g:
                        var values = new List<Expr>(g.Entries.Count);
                        foreach (var e in g.Entries)
                        {
                            foreach (var v in ExprVariables.Of(e.Value)) if (!written.Contains(v)) readFirst.Add(v);
                            values.Add(Rewrite.Replace(e.Value, node => node is VariableExpr v && state.TryGetValue(v.Name, out var known) ? known : null, budget));
                        }
                        for (int k = 0; k < values.Count; k++)
                        {
                            var e = g.Entries[k];
                            if (e.Index is not null)
                            {
                                // Adds nothing, or assigns an element its own value.
                                bool unchanged = e.Assign ? values[k] is VariableExpr self && self.Name == ElementRead.NameOf(e.Target, e.Index) : values[k].Equals(Expr.Zero);
                                if (!unchanged) return false;
                                continue;
                            }
                            state[e.Target] = values[k];
                            written.Add(e.Target);
                        }
                        break;
                    case PushStatement push when arrayOf(push.Variable) is null:
                        if (!written.Contains(push.Variable)) readFirst.Add(push.Variable);
                        tape.Push((push.Variable, state.TryGetValue(push.Variable, out var pushed) ? pushed : Expr.Var(push.Variable)));
                        break;
                    case PopStatement pop when tape.Count > 0 && tape.Peek().Variable == pop.Variable:
                        state[pop.Variable] = tape.Pop().Value;
                        written.Add(pop.Variable);
                        break;
                    default:
                        // Loops, branches, buffer clears, element pushes, a pop of what an earlier iteration stored: not analysed.
                        return false;
                }
            }
            if (tape.Count > 0) return false;
            foreach (var v in written)
            {
                var value = state[v];
                if (v == flag ? value.Equals(Expr.Zero) : value.Equals(Expr.Var(v))) continue;
                // A temporary of the iteration: written before it is read, and read nowhere else.
                if (!readFirst.Contains(v) && !readElsewhere.Contains(v)) continue;
                return false;
            }
            return true;
        }
    }
}
