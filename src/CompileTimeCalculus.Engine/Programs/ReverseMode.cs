using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// Builds the adjoint of a normalized program. Each assignment's partial derivatives are taken symbolically (so an
    /// iteration's whole straight-line computation is differentiated at once and shares subexpressions); the backward
    /// sweep runs the statements in reverse, loops backwards, and adds adjoint × partial to each input's adjoint.
    /// <para>
    /// Storage: a partial derivative may read variables the program later overwrites. Such a variable's old value is
    /// pushed on a tape before each overwrite that can follow a read (a reader earlier in the program, the overwriting
    /// statement itself, or one in a shared loop) and popped back in the backward sweep. Everything else is read as it
    /// is: accumulations (s += f(x[i])) store nothing, and what an iteration computes for itself was substituted into
    /// its assignments, so the backward sweep recomputes it.
    /// </para>
    /// </summary>
    public sealed class ReverseMode
    {
        private readonly NormalizedProgram _program;
        private readonly Budget _budget;
        private readonly Func<Expr, Expr> _finish;
        private readonly HashSet<string> _gradientArrays;
        private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
        private readonly HashSet<string> _active = new(StringComparer.Ordinal);
        private readonly HashSet<string> _differentiated = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _adjoints = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _arrayOutputs = new(StringComparer.Ordinal);
        private readonly Dictionary<Statement, Dictionary<string, List<(string Input, Expr Partial)>>> _partials = new(StatementIdentity.Instance);
        // Variables saved before an assignment overwrites them (restoring state), and variables saved where a partial reads them.
        private readonly Dictionary<Statement, List<string>> _pushed = new(StatementIdentity.Instance);
        private readonly Dictionary<Statement, List<string>> _saved = new(StatementIdentity.Instance);
        private readonly Dictionary<Statement, string> _flags = new(StatementIdentity.Instance);
        private readonly HashSet<Statement> _inLoop = new(StatementIdentity.Instance);
        private readonly Dictionary<Statement, HashSet<string>> _liveAdjoints = new(StatementIdentity.Instance);
        private readonly List<string> _scalars = new();
        private int _pushes;

        private ReverseMode(NormalizedProgram program, IReadOnlyList<string> gradientParameters, Func<Expr, Expr> finish, Budget budget)
        {
            _program = program;
            _budget = budget;
            _finish = finish;
            foreach (var p in program.Source.Parameters) _taken.Add(p.Name);
            foreach (var e in program.Source.Elements) _elements[e.Name] = e;
            foreach (var l in program.Locals) _taken.Add(l);
            CollectCounters(program.Body);
            var arrays = program.Source.Parameters.Where(p => p.Kind == ParameterKind.Array).Select(p => p.Name);
            _gradientArrays = new HashSet<string>(gradientParameters.Intersect(arrays), StringComparer.Ordinal);
            foreach (var p in program.Source.Parameters)
            {
                if (p.Kind == ParameterKind.Scalar && gradientParameters.Contains(p.Name)) _active.Add(p.Name);
            }
        }

        /// <summary>
        /// The adjoint program for the partial derivatives of <paramref name="program"/>'s result with respect to
        /// <paramref name="gradientParameters"/> (scalar and array parameters). <paramref name="finish"/> rewrites each
        /// emitted expression (stable forms).
        /// </summary>
        public static AdjointProgram Build(NormalizedProgram program, IReadOnlyList<string> gradientParameters, Func<Expr, Expr> finish, Budget budget)
        {
            var builder = new ReverseMode(program, gradientParameters, finish, budget);
            return builder.Build(gradientParameters);
        }

        private AdjointProgram Build(IReadOnlyList<string> gradientParameters)
        {
            var assignments = new List<(AssignStatement Statement, List<ForStatement> Loops, int Position)>();
            Flatten(_program.Body, new List<ForStatement>(), assignments);

            FindActive(assignments);
            FindDifferentiated(assignments);
            foreach (var name in _differentiated.OrderBy(n => n, StringComparer.Ordinal)) _adjoints[name] = Names.Fresh(name + "Bar", _taken);
            foreach (var array in _gradientArrays) _arrayOutputs[array] = Names.Fresh(array + "Gradient", _taken);
            foreach (var (statement, _, _) in assignments) _partials[statement] = Partials(statement);
            ChoosePushes(assignments);
            FindLiveAdjoints(assignments);

            var parameters = new HashSet<string>(_program.Source.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            foreach (var local in _program.Locals) if (!parameters.Contains(local)) _scalars.Add(local);
            foreach (var name in _differentiated.OrderBy(n => n, StringComparer.Ordinal)) _scalars.Add(_adjoints[name]);
            string value = Names.Fresh("value", _taken);
            _scalars.Add(value);

            var statements = new List<AdjointStatement>();
            statements.AddRange(Forward(_program.Body));
            statements.Add(ResultGroup(value));
            statements.AddRange(Backward(_program.Body));

            var tapeSize = new List<AdjointStatement>();
            if (_pushes > 0)
            {
                var closed = ClosedSize(_program.Body);
                if (closed is not null) tapeSize.Add(new TapeCount(closed));
                else tapeSize.AddRange(CountingSize(_program.Body));
            }

            var scalarGradients = new List<(string, string)>();
            var arrayGradients = new List<(string, string)>();
            foreach (var p in _program.Source.Parameters)
            {
                if (!gradientParameters.Contains(p.Name)) continue;
                if (p.Kind == ParameterKind.Scalar) scalarGradients.Add((p.Name, _adjoints.TryGetValue(p.Name, out var bar) ? bar : ""));
                else if (p.Kind == ParameterKind.Array) arrayGradients.Add((p.Name, _arrayOutputs[p.Name]));
            }
            var integers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in _program.Source.Parameters) if (p.Kind == ParameterKind.Integer) integers.Add(p.Name);
            CollectCounters(_program.Body, integers);
            return new AdjointProgram(_program, _scalars, tapeSize, statements, value, scalarGradients, arrayGradients, integers, _pushes);
        }

        private void Flatten(IReadOnlyList<Statement> statements, List<ForStatement> loops, List<(AssignStatement, List<ForStatement>, int)> output)
        {
            foreach (var s in statements)
            {
                _budget.Charge();
                switch (s)
                {
                    case AssignStatement a:
                        output.Add((a, new List<ForStatement>(loops), output.Count));
                        break;
                    case IfStatement i:
                        if (loops.Count > 0) _inLoop.Add(i);
                        Flatten(i.Then, loops, output);
                        Flatten(i.Else, loops, output);
                        break;
                    case ForStatement f:
                        loops.Add(f);
                        Flatten(f.Body, loops, output);
                        loops.RemoveAt(loops.Count - 1);
                        break;
                }
            }
        }

        /// <summary>Forward activity: a variable is active once any assignment gives it a value that depends on an active input.</summary>
        private void FindActive(List<(AssignStatement Statement, List<ForStatement> Loops, int Position)> assignments)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var (statement, _, _) in assignments)
                {
                    foreach (var a in statement.Assignments)
                    {
                        _budget.Charge();
                        if (!_active.Contains(a.Target) && ExprVariables.DifferentiableOf(a.Value).Any(IsActiveInput))
                        {
                            _active.Add(a.Target);
                            changed = true;
                        }
                    }
                }
            }
        }

        /// <summary>Backward usefulness: of the active variables, those the result depends on get adjoints.</summary>
        private void FindDifferentiated(List<(AssignStatement Statement, List<ForStatement> Loops, int Position)> assignments)
        {
            foreach (var v in ExprVariables.DifferentiableOf(_program.Result)) if (_active.Contains(v)) _differentiated.Add(v);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var (statement, _, _) in assignments)
                {
                    foreach (var a in statement.Assignments)
                    {
                        _budget.Charge();
                        if (!_differentiated.Contains(a.Target)) continue;
                        foreach (var v in ExprVariables.DifferentiableOf(a.Value))
                        {
                            if (_active.Contains(v) && _differentiated.Add(v)) changed = true;
                        }
                    }
                }
            }
            // A gradient parameter the result does not depend on still reports its (zero) partial derivative.
            foreach (var p in _program.Source.Parameters)
            {
                if (p.Kind == ParameterKind.Scalar && _active.Contains(p.Name)) _differentiated.Add(p.Name);
            }
        }

        private bool IsActiveInput(string name) =>
            _active.Contains(name) || _elements.TryGetValue(name, out var element) && _gradientArrays.Contains(element.Array);

        /// <summary>Inputs of an expression that receive adjoints: differentiated variables and elements of gradient arrays.</summary>
        private IEnumerable<string> DifferentiableInputs(Expr value) =>
            ExprVariables.DifferentiableOf(value).Where(IsDifferentiable).OrderBy(v => v, StringComparer.Ordinal);

        private bool IsDifferentiable(string v) => _differentiated.Contains(v) || _elements.TryGetValue(v, out var e) && _gradientArrays.Contains(e.Array);

        /// <summary>A partial derivative that breaks ties of max and min the same way for every input (see <see cref="Differentiator"/>).</summary>
        private Expr Partial(Expr value, string input) => Differentiator.Differentiate(value, input, _budget, IsDifferentiable);

        private Dictionary<string, List<(string Input, Expr Partial)>> Partials(AssignStatement statement)
        {
            var partials = new Dictionary<string, List<(string, Expr)>>(StringComparer.Ordinal);
            foreach (var a in statement.Assignments)
            {
                if (!_differentiated.Contains(a.Target)) continue;
                var list = new List<(string, Expr)>();
                foreach (var input in DifferentiableInputs(a.Value))
                {
                    var partial = Partial(a.Value, input);
                    if (!partial.Equals(Expr.Zero)) list.Add((input, partial));
                }
                partials[a.Target] = list;
            }
            return partials;
        }

        /// <summary>
        /// For each variable a partial derivative reads, the cheaper of two ways to have its value in the backward sweep:
        /// save it before each overwrite that can follow a read, restoring the program's state (a reader earlier in the
        /// program, the overwriting statement itself, or one in a shared loop); or save it at each read that an overwrite can
        /// follow, for that reader alone. An accumulator read once per row after an inner loop that updates it is saved once
        /// per row, not once per inner iteration. Cost: each site weighs 1000 per enclosing loop.
        /// </summary>
        private void ChoosePushes(List<(AssignStatement Statement, List<ForStatement> Loops, int Position)> assignments)
        {
            var readers = new Dictionary<string, List<(AssignStatement Statement, List<ForStatement> Loops, int Position)>>(StringComparer.Ordinal);
            var writers = new Dictionary<string, List<(AssignStatement Statement, List<ForStatement> Loops, int Position)>>(StringComparer.Ordinal);
            foreach (var site in assignments)
            {
                var read = new HashSet<string>(StringComparer.Ordinal);
                foreach (var list in _partials[site.Statement].Values)
                {
                    foreach (var (_, partial) in list) ExprVariables.Collect(partial, read);
                }
                foreach (var v in read) Add(readers, v, site);
                foreach (var a in site.Statement.Assignments) Add(writers, a.Target, site);
            }
            foreach (var pair in readers.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                string v = pair.Key;
                if (!writers.TryGetValue(v, out var written)) continue; // parameters and elements: never overwritten
                var reads = pair.Value;
                var overwriteSites = written.Where(w => reads.Any(r => r.Position <= w.Position || SharesLoop(r.Loops, w.Loops))).ToList();
                var readSites = reads.Where(r => written.Any(w => w.Position >= r.Position || SharesLoop(r.Loops, w.Loops))).ToList();
                if (overwriteSites.Count == 0) continue;
                if (Cost(readSites) < Cost(overwriteSites))
                {
                    foreach (var r in readSites) Add(_saved, r.Statement, v);
                }
                else
                {
                    foreach (var w in overwriteSites) Add(_pushed, w.Statement, v);
                }
            }
            _pushes += _pushed.Count + _saved.Count;

            static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
            {
                if (!map.TryGetValue(key, out var list)) map[key] = list = new List<TValue>();
                list.Add(value);
            }

            static double Cost(IEnumerable<(AssignStatement, List<ForStatement> Loops, int)> sites) => sites.Sum(s => Math.Pow(1000, s.Loops.Count));
        }

        private static bool SharesLoop(List<ForStatement> a, List<ForStatement> b) => a.Any(l => b.Contains(l, StatementIdentity.Instance));

        /// <summary>
        /// A target's adjoint must restart from zero in the backward sweep only if a statement processed after it there
        /// (earlier in the program, or in a shared loop, itself included) adds to or reads that adjoint.
        /// </summary>
        private void FindLiveAdjoints(List<(AssignStatement Statement, List<ForStatement> Loops, int Position)> assignments)
        {
            var users = new Dictionary<string, List<(List<ForStatement> Loops, int Position)>>(StringComparer.Ordinal);
            foreach (var (statement, loops, position) in assignments)
            {
                foreach (var pair in _partials[statement])
                {
                    foreach (var name in pair.Value.Select(p => p.Input).Append(pair.Key))
                    {
                        if (!users.TryGetValue(name, out var list)) users[name] = list = new();
                        list.Add((loops, position));
                    }
                }
            }
            foreach (var (statement, loops, position) in assignments)
            {
                var live = new HashSet<string>(StringComparer.Ordinal);
                foreach (var target in _partials[statement].Keys)
                {
                    if (users.TryGetValue(target, out var list) && list.Any(u => u.Position < position || u.Loops.Any(l => loops.Contains(l, StatementIdentity.Instance))))
                        live.Add(target);
                }
                _liveAdjoints[statement] = live;
            }
        }

        private List<AdjointStatement> Forward(IReadOnlyList<Statement> statements)
        {
            var output = new List<AdjointStatement>();
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                        if (_saved.TryGetValue(a, out var saved)) output.AddRange(saved.Select(v => new PushStatement(v)));
                        if (_pushed.TryGetValue(a, out var pushed)) output.AddRange(pushed.Select(v => new PushStatement(v)));
                        output.Add(new AdjointGroup(new ValueList<AdjointEntry>(a.Assignments.Select(x => new AdjointEntry(x.Target, null, _finish(x.Value))))));
                        break;
                    case IfStatement i:
                    {
                        string flag = Names.Fresh("branch", _taken);
                        _flags[i] = flag;
                        _scalars.Add(flag);
                        output.Add(new AdjointGroup(new ValueList<AdjointEntry>(new[] { new AdjointEntry(flag, null, Expr.Conditional(i.Test, Expr.One, Expr.Zero)) })));
                        output.Add(new AdjointIf(flag, new ValueList<AdjointStatement>(Forward(i.Then)), new ValueList<AdjointStatement>(Forward(i.Else))));
                        // Pushed after the branch's own pushes, so the backward sweep pops it first and knows which branch to undo.
                        if (_inLoop.Contains(i))
                        {
                            output.Add(new PushStatement(flag));
                            _pushes++;
                        }
                        break;
                    }
                    case ForStatement f:
                        output.Add(new AdjointFor(f.Counter, f.Lower, f.Upper, f.Descending, new ValueList<AdjointStatement>(Forward(f.Body))));
                        break;
                }
            }
            return output;
        }

        /// <summary>The value and, with adjoint 1 for the result, the adjoints of the variables and elements it reads.</summary>
        private AdjointStatement ResultGroup(string value)
        {
            var entries = new List<AdjointEntry> { new(value, null, _finish(_program.Result)) };
            foreach (var input in DifferentiableInputs(_program.Result))
            {
                var partial = Partial(_program.Result, input);
                if (partial.Equals(Expr.Zero)) continue;
                entries.Add(Contribution(input, partial, accumulate: false));
            }
            return new AdjointGroup(new ValueList<AdjointEntry>(entries));
        }

        private AdjointEntry Contribution(string input, Expr amount, bool accumulate)
        {
            if (_elements.TryGetValue(input, out var element)) return new AdjointEntry(_arrayOutputs[element.Array], element.Index, _finish(amount));
            string bar = _adjoints[input];
            return new AdjointEntry(bar, null, _finish(accumulate ? Expr.Add(Expr.Var(bar), amount) : amount));
        }

        private List<AdjointStatement> Backward(IReadOnlyList<Statement> statements)
        {
            var output = new List<AdjointStatement>();
            for (int k = statements.Count - 1; k >= 0; k--)
            {
                _budget.Charge();
                switch (statements[k])
                {
                    case AssignStatement a:
                        if (_pushed.TryGetValue(a, out var pushed))
                        {
                            for (int i = pushed.Count - 1; i >= 0; i--) output.Add(new PopStatement(pushed[i]));
                        }
                        if (_saved.TryGetValue(a, out var saved))
                        {
                            for (int i = saved.Count - 1; i >= 0; i--) output.Add(new PopStatement(saved[i]));
                        }
                        var group = BackwardGroup(a);
                        if (group is not null) output.Add(group);
                        break;
                    case IfStatement i:
                    {
                        string flag = _flags[i];
                        if (_inLoop.Contains(i)) output.Add(new PopStatement(flag));
                        var then = Backward(i.Then);
                        var otherwise = Backward(i.Else);
                        if (then.Count > 0 || otherwise.Count > 0)
                            output.Add(new AdjointIf(flag, new ValueList<AdjointStatement>(then), new ValueList<AdjointStatement>(otherwise)));
                        break;
                    }
                    case ForStatement f:
                    {
                        var body = Backward(f.Body);
                        if (body.Count > 0) output.Add(new AdjointFor(f.Counter, f.Lower, f.Upper, !f.Descending, new ValueList<AdjointStatement>(body)));
                        break;
                    }
                }
            }
            return output;
        }

        /// <summary>
        /// For targets v = e_v assigned at once: every input u gets Σ_v v̄·∂e_v/∂u, and a target's own adjoint restarts
        /// from what flows into its old value (zero unless it is an input).
        /// </summary>
        private AdjointGroup? BackwardGroup(AssignStatement statement)
        {
            var partials = _partials[statement];
            if (partials.Count == 0) return null;
            var contributions = new Dictionary<string, List<Expr>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var a in statement.Assignments)
            {
                if (!partials.TryGetValue(a.Target, out var list)) continue;
                foreach (var (input, partial) in list)
                {
                    if (!contributions.TryGetValue(input, out var terms))
                    {
                        contributions[input] = terms = new List<Expr>();
                        order.Add(input);
                    }
                    terms.Add(Expr.Multiply(Expr.Var(_adjoints[a.Target]), partial));
                }
            }
            var entries = new List<AdjointEntry>();
            foreach (var a in statement.Assignments)
            {
                if (!partials.ContainsKey(a.Target)) continue;
                string bar = _adjoints[a.Target];
                var restart = contributions.TryGetValue(a.Target, out var own) ? Expr.Add(own.ToArray()) : Expr.Zero;
                if (restart.Equals(Expr.Var(bar))) continue; // s = s + …: the adjoint of s passes through unchanged
                if (restart.Equals(Expr.Zero) && !_liveAdjoints[statement].Contains(a.Target)) continue; // nothing reads it again
                entries.Add(new AdjointEntry(bar, null, _finish(restart)));
            }
            var targets = new HashSet<string>(statement.Assignments.Select(a => a.Target), StringComparer.Ordinal);
            foreach (var input in order)
            {
                if (targets.Contains(input)) continue;
                entries.Add(Contribution(input, Expr.Add(contributions[input].ToArray()), accumulate: true));
            }
            return entries.Count == 0 ? null : new AdjointGroup(new ValueList<AdjointEntry>(entries));
        }

        private int Stored(AssignStatement a) => (_pushed.TryGetValue(a, out var pushed) ? pushed.Count : 0) + (_saved.TryGetValue(a, out var saved) ? saved.Count : 0);

        /// <summary>The tape length as one integer expression, or null when a loop's bounds depend on an enclosing counter.</summary>
        private IntExpr? ClosedSize(IReadOnlyList<Statement> statements)
        {
            var total = IntExpr.Zero;
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                        total = IntExpr.Add(total, IntExpr.Constant(Stored(a)));
                        break;
                    case IfStatement i:
                    {
                        var then = ClosedSize(i.Then);
                        var otherwise = ClosedSize(i.Else);
                        if (then is null || otherwise is null) return null;
                        total = IntExpr.Add(total, IntExpr.Add(IntExpr.Max(then, otherwise), _inLoop.Contains(i) ? IntExpr.One : IntExpr.Zero));
                        break;
                    }
                    case ForStatement f:
                    {
                        var body = ClosedSize(f.Body);
                        if (body is null || body.Mentions(f.Counter)) return null;
                        if (body.IsConstant && body.Value == 0) break;
                        total = IntExpr.Add(total, IntExpr.Multiply(IntExpr.Max(IntExpr.Zero, IntExpr.Subtract(f.Upper, f.Lower)), body));
                        break;
                    }
                }
            }
            return total;
        }

        /// <summary>Statements that count the pushes by running the loop headers (for bounds that depend on outer counters).</summary>
        private List<AdjointStatement> CountingSize(IReadOnlyList<Statement> statements)
        {
            var output = new List<AdjointStatement>();
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                        if (Stored(a) > 0) output.Add(new TapeCount(IntExpr.Constant(Stored(a))));
                        break;
                    case IfStatement i:
                        // Both branches, an upper bound: the test is not known before the forward sweep.
                        output.AddRange(CountingSize(i.Then));
                        output.AddRange(CountingSize(i.Else));
                        if (_inLoop.Contains(i)) output.Add(new TapeCount(IntExpr.One));
                        break;
                    case ForStatement f:
                    {
                        var body = ClosedSize(f.Body);
                        if (body is not null && !body.Mentions(f.Counter))
                        {
                            if (!(body.IsConstant && body.Value == 0))
                                output.Add(new TapeCount(IntExpr.Multiply(IntExpr.Max(IntExpr.Zero, IntExpr.Subtract(f.Upper, f.Lower)), body)));
                        }
                        else
                        {
                            output.Add(new AdjointFor(f.Counter, f.Lower, f.Upper, false, new ValueList<AdjointStatement>(CountingSize(f.Body))));
                        }
                        break;
                    }
                }
            }
            return output;
        }

        private void CollectCounters(IEnumerable<Statement> statements, ISet<string>? into = null)
        {
            foreach (var s in statements)
            {
                if (s is ForStatement f)
                {
                    (into ?? _taken).Add(f.Counter);
                    CollectCounters(f.Body, into);
                }
                else if (s is IfStatement i)
                {
                    CollectCounters(i.Then, into);
                    CollectCounters(i.Else, into);
                }
            }
        }

        /// <summary>Statements are values (equal when alike); the analysis tells apart two alike statements at different places.</summary>
        private sealed class StatementIdentity : IEqualityComparer<Statement>, IEqualityComparer<ForStatement>
        {
            public static readonly StatementIdentity Instance = new();
            public bool Equals(Statement? x, Statement? y) => ReferenceEquals(x, y);
            public int GetHashCode(Statement obj) => RuntimeHelpers.GetHashCode(obj);
            public bool Equals(ForStatement? x, ForStatement? y) => ReferenceEquals(x, y);
            public int GetHashCode(ForStatement obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
