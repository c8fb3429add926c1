using System;
using System.Collections.Generic;
using System.Linq;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// Removes assignments to scalars nothing needs: a scalar is needed when a return, an if's test, a buffer store or an
    /// assignment to a needed scalar reads it (to a fixed point, ignoring where in the program the read is, so it errs on
    /// keeping). Loops left without statements go too. Stores and buffer declarations are kept: they are the program's
    /// output when it writes buffers for the caller.
    /// </summary>
    public static class DeadAssignments
    {
        public static Program Remove(Program program)
        {
            var reads = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var needed = new HashSet<string>(StringComparer.Ordinal);
            Collect(program.Body, reads, needed);
            var pending = new Stack<string>(needed);
            while (pending.Count > 0)
            {
                if (!reads.TryGetValue(pending.Pop(), out var inputs)) continue;
                foreach (var input in inputs) if (needed.Add(input)) pending.Push(input);
            }
            return program with { Body = Keep(program.Body, needed) };
        }

        private static void Collect(IEnumerable<Statement> statements, Dictionary<string, HashSet<string>> reads, HashSet<string> needed)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                        foreach (var x in a.Assignments)
                        {
                            if (!reads.TryGetValue(x.Target, out var inputs)) reads[x.Target] = inputs = new HashSet<string>(StringComparer.Ordinal);
                            ExprVariables.Collect(x.Value, inputs);
                        }
                        break;
                    case ReturnStatement r:
                        ExprVariables.Collect(r.Value, needed);
                        break;
                    case StoreStatement w:
                        ExprVariables.Collect(w.Value, needed);
                        break;
                    case IfStatement i:
                        ExprVariables.Collect(i.Test, needed);
                        Collect(i.Then, reads, needed);
                        Collect(i.Else, reads, needed);
                        break;
                    case ForStatement f:
                        Collect(f.Body, reads, needed);
                        break;
                }
            }
        }

        private static ValueList<Statement> Keep(IEnumerable<Statement> statements, HashSet<string> needed)
        {
            var kept = new List<Statement>();
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                    {
                        var live = a.Assignments.Where(x => needed.Contains(x.Target)).ToList();
                        if (live.Count > 0) kept.Add(new AssignStatement(new ValueList<Assignment>(live)));
                        break;
                    }
                    case IfStatement i:
                        kept.Add(new IfStatement(i.Test, Keep(i.Then, needed), Keep(i.Else, needed)));
                        break;
                    case ForStatement f:
                    {
                        var body = Keep(f.Body, needed);
                        if (body.Count > 0) kept.Add(f with { Body = body, Locals = new ValueList<string>(f.Locals.Where(needed.Contains)) });
                        break;
                    }
                    default:
                        kept.Add(s);
                        break;
                }
            }
            return new ValueList<Statement>(kept);
        }
    }
}
