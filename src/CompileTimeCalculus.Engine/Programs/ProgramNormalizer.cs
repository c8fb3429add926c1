using System;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// Symbolic execution of a program: straight-line code and loop-free ifs become expressions (a local is replaced by
    /// its value, an if by conditionals), so a loop-free body is one expression for the derivative and integral engines.
    /// Only what a loop needs at run time is kept as assignments: the variables a loop reads or writes are materialized
    /// before it, and the variables an iteration carries are assigned at the end of the body, all at once from the
    /// iteration's start state. Locals an iteration computes for itself stay symbolic, so their values are recomputed
    /// in the backward sweep instead of stored.
    /// </summary>
    public sealed class ProgramNormalizer
    {
        private readonly Budget _budget;
        private readonly List<string> _locals = new();
        private readonly HashSet<string> _localSet = new(StringComparer.Ordinal);
        private readonly string _resultName;
        // Element reads of local buffers, by name: the buffer they read (a write to it changes them).
        private readonly Dictionary<string, string> _bufferOf = new(StringComparer.Ordinal);

        private ProgramNormalizer(Program program, Budget budget)
        {
            _budget = budget;
            var buffers = new HashSet<string>(StringComparer.Ordinal);
            CollectBuffers(program.Body, buffers);
            foreach (var e in program.Elements) if (buffers.Contains(e.Array)) _bufferOf[e.Name] = e.Array;
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in program.Parameters) taken.Add(p.Name);
            CollectNames(program.Body, taken);
            _resultName = Names.Fresh("result", taken);
        }

        public static NormalizedProgram Normalize(Program program, Budget budget)
        {
            var normalizer = new ProgramNormalizer(program, budget);
            var output = new List<Statement>();
            var result = normalizer.ExecuteBlock(program.Body, new Dictionary<string, Expr>(StringComparer.Ordinal), output)
                ?? throw new InvalidOperationException("The program does not return a value on every path.");
            return new NormalizedProgram(program, new ValueList<Statement>(output), result, new ValueList<string>(normalizer._locals));
        }

        /// <summary>The value a loop-free program returns, as one expression of its parameters (and element reads).</summary>
        public static Expr ToExpression(Program program, Budget budget)
        {
            if (program.HasLoops) throw new InvalidOperationException("A program with loops is not one expression.");
            return Normalize(program, budget).Result;
        }

        private Expr? ExecuteBlock(IReadOnlyList<Statement> statements, Dictionary<string, Expr> env, List<Statement> output)
        {
            foreach (var statement in statements)
            {
                _budget.Charge();
                switch (statement)
                {
                    case AssignStatement assign:
                    {
                        var values = assign.Assignments.Select(a => Substitute(a.Value, env)).ToList();
                        for (int i = 0; i < values.Count; i++) env[assign.Assignments[i].Target] = values[i];
                        break;
                    }
                    case ReturnStatement ret:
                        return Substitute(ret.Value, env);
                    case IfStatement branch when !Program.ContainsLoop(branch.Then) && !Program.ContainsLoop(branch.Else):
                    {
                        var result = MergeIf(branch, env);
                        if (result is not null) return result;
                        break;
                    }
                    case IfStatement branch:
                    {
                        var result = IfWithLoops(branch, env, output);
                        if (result is not null) return result;
                        break;
                    }
                    case ForStatement loop:
                        Loop(loop, env, output);
                        break;
                    case BufferStatement buffer:
                        MaterializeReaders(env, buffer.Name, output);
                        output.Add(buffer);
                        break;
                    case StoreStatement store:
                        // Values that read the buffer are assigned first; the stored value then reads them as assigned.
                        MaterializeReaders(env, store.Buffer, output);
                        output.Add(store with { Value = Substitute(store.Value, env) });
                        break;
                    default:
                        throw new InvalidOperationException("Unknown statement " + statement.GetType().Name);
                }
            }
            return null;
        }

        /// <summary>A loop-free if: each variable either branch assigns becomes test ? then-value : else-value.</summary>
        private Expr? MergeIf(IfStatement branch, Dictionary<string, Expr> env)
        {
            var test = Substitute(branch.Test, env);
            var thenEnv = new Dictionary<string, Expr>(env, StringComparer.Ordinal);
            var elseEnv = new Dictionary<string, Expr>(env, StringComparer.Ordinal);
            var noOutput = new List<Statement>();
            var thenResult = ExecuteBlock(branch.Then, thenEnv, noOutput);
            var elseResult = ExecuteBlock(branch.Else, elseEnv, noOutput);
            if (thenResult is not null || elseResult is not null)
            {
                if (thenResult is null || elseResult is null) throw new InvalidOperationException("Only one branch of an if returns.");
                return Expr.Conditional(test, thenResult, elseResult);
            }
            foreach (var name in thenEnv.Keys.Union(elseEnv.Keys).ToList())
            {
                var before = Value(env, name);
                var whenTrue = Value(thenEnv, name);
                var whenFalse = Value(elseEnv, name);
                if (whenTrue.Equals(before) && whenFalse.Equals(before)) continue;
                env[name] = whenTrue.Equals(whenFalse) ? whenTrue : Expr.Conditional(test, whenTrue, whenFalse);
            }
            return null;
        }

        private Expr? IfWithLoops(IfStatement branch, Dictionary<string, Expr> env, List<Statement> output)
        {
            var reads = new HashSet<string>(StringComparer.Ordinal);
            var writes = new HashSet<string>(StringComparer.Ordinal);
            Access(branch, reads, writes);
            Materialize(env, reads, writes, output);
            var test = Substitute(branch.Test, env);

            var thenOutput = new List<Statement>();
            var elseOutput = new List<Statement>();
            var thenEnv = new Dictionary<string, Expr>(env, StringComparer.Ordinal);
            var elseEnv = new Dictionary<string, Expr>(env, StringComparer.Ordinal);
            var thenResult = ExecuteBlock(branch.Then, thenEnv, thenOutput);
            var elseResult = ExecuteBlock(branch.Else, elseEnv, elseOutput);
            if ((thenResult is null) != (elseResult is null)) throw new InvalidOperationException("Only one branch of an if returns.");
            if (thenResult is not null)
            {
                AddLocal(_resultName);
                thenOutput.Add(new AssignStatement(_resultName, thenResult));
                elseOutput.Add(new AssignStatement(_resultName, elseResult!));
            }
            else
            {
                // Each branch leaves every variable it changed in that variable, so the state after the if is in variables.
                var changed = writes.Where(w => Changed(thenEnv, env, w) || Changed(elseEnv, env, w)).ToList();
                Store(thenEnv, changed, thenOutput);
                Store(elseEnv, changed, elseOutput);
                foreach (var w in changed) env.Remove(w);
            }
            output.Add(new IfStatement(test, new ValueList<Statement>(thenOutput), new ValueList<Statement>(elseOutput)));
            return thenResult is null ? null : Expr.Var(_resultName);
        }

        private void Loop(ForStatement loop, Dictionary<string, Expr> env, List<Statement> output)
        {
            var reads = new HashSet<string>(StringComparer.Ordinal);
            var writes = new HashSet<string>(StringComparer.Ordinal);
            Access(loop, reads, writes);
            Materialize(env, reads, writes, output);

            var bodyEnv = new Dictionary<string, Expr>(StringComparer.Ordinal);
            var body = new List<Statement>();
            if (ExecuteBlock(loop.Body, bodyEnv, body) is not null) throw new InvalidOperationException("A loop body returns.");
            // What an iteration carries to the next (or out of the loop) is stored at the end of the body.
            var local = new HashSet<string>(loop.Locals, StringComparer.Ordinal);
            var carried = bodyEnv.Keys.Where(k => !local.Contains(k) && !bodyEnv[k].Equals(Expr.Var(k))).OrderBy(k => k, StringComparer.Ordinal).ToList();
            Store(bodyEnv, carried, body);
            output.Add(loop with { Body = new ValueList<Statement>(body) });
        }

        /// <summary>
        /// Assigns, before a loop or an if with a loop, the variables it reads or writes and those whose symbolic value
        /// reads a variable it writes (their value would otherwise change under them).
        /// </summary>
        private void Materialize(Dictionary<string, Expr> env, HashSet<string> reads, HashSet<string> writes, List<Statement> output)
        {
            var names = new List<string>();
            foreach (var pair in env)
            {
                if (pair.Value.Equals(Expr.Var(pair.Key))) continue;
                if (reads.Contains(pair.Key) || writes.Contains(pair.Key) || ExprVariables.Of(pair.Value).Any(v => writes.Contains(v) || _bufferOf.TryGetValue(v, out var b) && writes.Contains(b)))
                    names.Add(pair.Key);
            }
            names.Sort(StringComparer.Ordinal);
            Store(env, names, output);
            foreach (var n in names) env.Remove(n);
        }

        /// <summary>Assigns, before a write to <paramref name="buffer"/>, the variables whose symbolic value reads one of its elements.</summary>
        private void MaterializeReaders(Dictionary<string, Expr> env, string buffer, List<Statement> output)
        {
            var names = new List<string>();
            foreach (var pair in env)
            {
                if (pair.Value.Equals(Expr.Var(pair.Key))) continue;
                if (ExprVariables.Of(pair.Value).Any(v => _bufferOf.TryGetValue(v, out var b) && b == buffer)) names.Add(pair.Key);
            }
            names.Sort(StringComparer.Ordinal);
            Store(env, names, output);
            foreach (var n in names) env.Remove(n);
        }

        private static void CollectBuffers(IEnumerable<Statement> statements, ISet<string> buffers)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case BufferStatement b: buffers.Add(b.Name); break;
                    case ForStatement f: CollectBuffers(f.Body, buffers); break;
                    case IfStatement i:
                        CollectBuffers(i.Then, buffers);
                        CollectBuffers(i.Else, buffers);
                        break;
                }
            }
        }

        private void Store(Dictionary<string, Expr> env, List<string> names, List<Statement> output)
        {
            var assignments = new List<Assignment>();
            foreach (var n in names)
            {
                var value = Value(env, n);
                if (value.Equals(Expr.Var(n))) continue;
                assignments.Add(new Assignment(n, value));
                AddLocal(n);
            }
            if (assignments.Count > 0) output.Add(new AssignStatement(new ValueList<Assignment>(assignments)));
        }

        private void AddLocal(string name)
        {
            if (_localSet.Add(name)) _locals.Add(name);
        }

        private static bool Changed(Dictionary<string, Expr> after, Dictionary<string, Expr> before, string name) => !Value(after, name).Equals(Value(before, name));

        private static Expr Value(Dictionary<string, Expr> env, string name) => env.TryGetValue(name, out var v) ? v : Expr.Var(name);

        private Expr Substitute(Expr e, Dictionary<string, Expr> env) =>
            env.Count == 0 ? e : Rewrite.Replace(e, node => node is VariableExpr v && env.TryGetValue(v.Name, out var value) ? value : null, _budget);

        /// <summary>The variables a statement reads (in any expression) and assigns, throughout its nested statements.</summary>
        internal static void Access(Statement statement, ISet<string> reads, ISet<string> writes)
        {
            switch (statement)
            {
                case AssignStatement a:
                    foreach (var x in a.Assignments)
                    {
                        ExprVariables.Collect(x.Value, reads);
                        writes.Add(x.Target);
                    }
                    break;
                case ReturnStatement r:
                    ExprVariables.Collect(r.Value, reads);
                    break;
                case IfStatement i:
                    ExprVariables.Collect(i.Test, reads);
                    foreach (var s in i.Then) Access(s, reads, writes);
                    foreach (var s in i.Else) Access(s, reads, writes);
                    break;
                case ForStatement f:
                    foreach (var s in f.Body) Access(s, reads, writes);
                    break;
                case StoreStatement w:
                    ExprVariables.Collect(w.Value, reads);
                    writes.Add(w.Buffer);
                    break;
                case BufferStatement b:
                    writes.Add(b.Name);
                    break;
            }
        }

        private static void CollectNames(IEnumerable<Statement> statements, ISet<string> names)
        {
            foreach (var s in statements)
            {
                Access(s, names, names);
                if (s is ForStatement f) names.Add(f.Counter);
                if (s is ForStatement loop) CollectNames(loop.Body, names);
                if (s is IfStatement i)
                {
                    CollectNames(i.Then, names);
                    CollectNames(i.Else, names);
                }
            }
        }
    }

    public static class Names
    {
        /// <summary><paramref name="stem"/>, or stem2, stem3… — the first not in <paramref name="taken"/>, which then takes it.</summary>
        public static string Fresh(string stem, ISet<string> taken)
        {
            string name = stem;
            for (int i = 2; taken.Contains(name); i++) name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            taken.Add(name);
            return name;
        }
    }
}
