using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Differentiation;
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
        private readonly bool _fuseLoops;
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
        // Local buffers: their lengths, the declarations inside loops (cleared each time), the stores and declarations
        // that save what they overwrite, and the adjoint buffers.
        private readonly Dictionary<string, IntExpr> _buffers = new(StringComparer.Ordinal);
        private readonly HashSet<Statement> _declaredInLoop = new(StatementIdentity.Instance);
        private readonly HashSet<Statement> _savesElements = new(StatementIdentity.Instance);
        private readonly List<AdjointBuffer> _adjointBuffers = new();
        private readonly Dictionary<string, ElementRead> _extraElements = new(StringComparer.Ordinal);

        private readonly string _outputSuffix;

        private ReverseMode(NormalizedProgram program, IReadOnlyList<string> gradientParameters, Func<Expr, Expr> finish, Budget budget, bool fuseLoops, string outputSuffix)
        {
            _outputSuffix = outputSuffix;
            _fuseLoops = fuseLoops;
            _program = program;
            _budget = budget;
            _finish = finish;
            foreach (var p in program.Source.Parameters) _taken.Add(p.Name);
            foreach (var e in program.Source.Elements) _elements[e.Name] = e;
            foreach (var l in program.Locals) _taken.Add(l);
            CollectCounters(program.Body);
            CollectBuffers(program.Body);
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
        /// emitted expression (stable forms). With <paramref name="fuseLoops"/>, a loop whose backward sweep can run beside its
        /// forward sweep does (<see cref="LoopFusion"/>). An array's gradient output is named after it with <paramref name="outputSuffix"/>.
        /// </summary>
        public static AdjointProgram Build(NormalizedProgram program, IReadOnlyList<string> gradientParameters, Func<Expr, Expr> finish, Budget budget, bool fuseLoops = true,
            string outputSuffix = "Gradient")
        {
            var builder = new ReverseMode(program, gradientParameters, finish, budget, fuseLoops, outputSuffix);
            return builder.Build(gradientParameters);
        }

        private AdjointProgram Build(IReadOnlyList<string> gradientParameters)
        {
            var assignments = new List<Site>();
            Flatten(_program.Body, new List<ForStatement>(), assignments);

            FindActive(assignments);
            FindDifferentiated(assignments);
            foreach (var name in _differentiated.OrderBy(n => n, StringComparer.Ordinal)) _adjoints[name] = Names.Fresh(name + "Bar", _taken);
            foreach (var array in _gradientArrays) _arrayOutputs[array] = Names.Fresh(array + _outputSuffix, _taken);
            foreach (var site in assignments) _partials[site.Statement] = Partials(site.Statement);
            ChoosePushes(assignments);
            FindLiveAdjoints(assignments);

            var parameters = new HashSet<string>(_program.Source.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            foreach (var local in _program.Locals) if (!parameters.Contains(local)) _scalars.Add(local);
            foreach (var name in _differentiated.OrderBy(n => n, StringComparer.Ordinal))
            {
                if (_buffers.TryGetValue(name, out var length)) _adjointBuffers.Add(new AdjointBuffer(_adjoints[name], length));
                else _scalars.Add(_adjoints[name]);
            }
            string value = Names.Fresh("value", _taken);
            _scalars.Add(value);

            var statements = new List<AdjointStatement>();
            statements.AddRange(Forward(_program.Body));
            int result = statements.Count;
            statements.Add(ResultGroup(value));
            statements.AddRange(Backward(_program.Body));
            if (_fuseLoops)
            {
                statements = LoopFusion.Fuse(statements, result, v => _elements.TryGetValue(v, out var e) ? e.Array : _extraElements.TryGetValue(v, out var x) ? x.Array : null,
                    v =>
                    {
                        string copy = Names.Fresh(v + "Kept", _taken);
                        _scalars.Add(copy);
                        return copy;
                    },
                    buffer => _buffers.TryGetValue(buffer, out var length) ? length : _adjointBuffers.FirstOrDefault(b => b.Name == buffer)?.Length);
                statements = LoopExits.Mark(statements, v => _elements.TryGetValue(v, out var e) ? e.Array : _extraElements.TryGetValue(v, out var x) ? x.Array : null, _budget);
                Func<string, ElementRead?> elementOf = v => _elements.TryGetValue(v, out var e) ? e : _extraElements.TryGetValue(v, out var x) ? x : null;
                statements = LoopFusion.MergeAdjacentLoops(statements, elementOf, ElementName, _budget);
                var integerParameters = new HashSet<string>(_program.Source.Parameters.Where(p => p.Kind == ParameterKind.Integer).Select(p => p.Name), StringComparer.Ordinal);
                statements = LoopFusion.SlotsForTape(statements, v => elementOf(v)?.Array,
                    bound =>
                    {
                        var names = new HashSet<string>(StringComparer.Ordinal);
                        bound.CollectNames(names);
                        return !bound.ReadsElement && names.IsSubsetOf(integerParameters);
                    },
                    (variable, length) =>
                    {
                        string buffer = Names.Fresh(variable + "Slots", _taken);
                        _adjointBuffers.Add(new AdjointBuffer(buffer, length));
                        return buffer;
                    },
                    ElementName, _budget);
                var (withScalars, scalarized) = LoopFusion.ScalarizeBuffers(statements, _adjointBuffers.Select(b => b.Name).ToList(), elementOf, _budget);
                statements = withScalars;
                foreach (var buffer in scalarized)
                {
                    _adjointBuffers.RemoveAll(b => b.Name == buffer);
                    _scalars.Add(buffer);
                    foreach (var name in _extraElements.Where(x => x.Value.Array == buffer).Select(x => x.Key).ToList()) _extraElements.Remove(name);
                }
                // Fused iterations may restore what they just stored, or keep it in a slot: perhaps no tape is left.
                if (LoopFusion.Pushes(statements) == 0) _pushes = 0;
            }

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
            var buffers = _buffers.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new AdjointBuffer(b.Key, b.Value)).Concat(_adjointBuffers).ToList();
            var elements = _program.Source.Elements.Concat(_extraElements.Values.Where(e => !_elements.ContainsKey(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal)).ToList();
            return new AdjointProgram(_program, _scalars, tapeSize, statements, value, scalarGradients, arrayGradients, integers, _pushes, buffers, elements);
        }

        /// <summary>An assignment, a buffer store or a buffer declaration, with its enclosing loops and its place in program order.</summary>
        private sealed record Site(Statement Statement, List<ForStatement> Loops, int Position);

        /// <summary>What a statement assigns: each target (a buffer for a store) and its value.</summary>
        private static IEnumerable<(string Target, Expr Value)> Writes(Statement statement) => statement switch
        {
            AssignStatement a => a.Assignments.Select(x => (x.Target, x.Value)),
            StoreStatement w => new[] { (w.Buffer, w.Value) },
            _ => Array.Empty<(string, Expr)>(),
        };

        /// <summary>What activity and adjoints track a variable by: a buffer element by its buffer, anything else by its name.</summary>
        private string Key(string name) => _elements.TryGetValue(name, out var e) && _buffers.ContainsKey(e.Array) ? e.Array : name;

        /// <summary>The element read <c>array[index]</c> by name, registered for the interpreter and printer.</summary>
        private string ElementName(string array, IntExpr index)
        {
            string name = ElementRead.NameOf(array, index);
            if (!_elements.ContainsKey(name) && !_extraElements.ContainsKey(name)) _extraElements[name] = new ElementRead(name, array, index);
            return name;
        }

        private void CollectBuffers(IEnumerable<Statement> statements, bool inLoop = false)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case BufferStatement b:
                        _buffers[b.Name] = b.Length;
                        _taken.Add(b.Name);
                        if (inLoop) _declaredInLoop.Add(b);
                        break;
                    case ForStatement f: CollectBuffers(f.Body, true); break;
                    case IfStatement i:
                        CollectBuffers(i.Then, inLoop);
                        CollectBuffers(i.Else, inLoop);
                        break;
                }
            }
        }

        private void Flatten(IReadOnlyList<Statement> statements, List<ForStatement> loops, List<Site> output)
        {
            foreach (var s in statements)
            {
                _budget.Charge();
                switch (s)
                {
                    case AssignStatement or StoreStatement or BufferStatement:
                        output.Add(new Site(s, new List<ForStatement>(loops), output.Count));
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
        private void FindActive(List<Site> assignments)
        {
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var site in assignments)
                {
                    foreach (var (target, value) in Writes(site.Statement))
                    {
                        _budget.Charge();
                        if (!_active.Contains(target) && ExprVariables.DifferentiableOf(value).Any(IsActiveInput))
                        {
                            _active.Add(target);
                            changed = true;
                        }
                    }
                }
            }
        }

        /// <summary>Backward usefulness: of the active variables, those the result depends on get adjoints.</summary>
        private void FindDifferentiated(List<Site> assignments)
        {
            foreach (var v in ExprVariables.DifferentiableOf(_program.Result)) if (_active.Contains(Key(v))) _differentiated.Add(Key(v));
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var site in assignments)
                {
                    foreach (var (target, value) in Writes(site.Statement))
                    {
                        _budget.Charge();
                        if (!_differentiated.Contains(target)) continue;
                        foreach (var v in ExprVariables.DifferentiableOf(value))
                        {
                            if (_active.Contains(Key(v)) && _differentiated.Add(Key(v))) changed = true;
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
            _active.Contains(Key(name)) || _elements.TryGetValue(name, out var element) && _gradientArrays.Contains(element.Array);

        /// <summary>Inputs of an expression that receive adjoints: differentiated variables and elements of gradient arrays.</summary>
        private IEnumerable<string> DifferentiableInputs(Expr value) =>
            ExprVariables.DifferentiableOf(value).Where(IsDifferentiable).OrderBy(v => v, StringComparer.Ordinal);

        private bool IsDifferentiable(string v) => _differentiated.Contains(Key(v)) || _elements.TryGetValue(v, out var e) && _gradientArrays.Contains(e.Array);

        /// <summary>A partial derivative that breaks ties of max and min the same way for every input (see <see cref="Differentiator"/>).</summary>
        private Expr Partial(Expr value, string input) => Differentiator.Differentiate(value, input, _budget, IsDifferentiable);

        private Dictionary<string, List<(string Input, Expr Partial)>> Partials(Statement statement)
        {
            var partials = new Dictionary<string, List<(string, Expr)>>(StringComparer.Ordinal);
            foreach (var (target, value) in Writes(statement))
            {
                if (!_differentiated.Contains(target)) continue;
                var list = new List<(string, Expr)>();
                foreach (var input in DifferentiableInputs(value))
                {
                    var partial = Partial(value, input);
                    if (!partial.Equals(Expr.Zero)) list.Add((input, partial));
                }
                partials[target] = list;
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
        private void ChoosePushes(List<Site> assignments)
        {
            var readers = new Dictionary<string, List<Site>>(StringComparer.Ordinal);
            var writers = new Dictionary<string, List<Site>>(StringComparer.Ordinal);
            foreach (var site in assignments)
            {
                var read = new HashSet<string>(StringComparer.Ordinal);
                foreach (var list in _partials[site.Statement].Values)
                {
                    foreach (var (_, partial) in list) ExprVariables.Collect(partial, read);
                }
                foreach (var v in read.Select(Key).Distinct()) Add(readers, v, site);
                foreach (var (target, _) in Writes(site.Statement)) Add(writers, target, site);
                if (site.Statement is BufferStatement declaration) Add(writers, declaration.Name, site);
            }
            foreach (var pair in readers.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                string v = pair.Key;
                if (!writers.TryGetValue(v, out var written)) continue; // parameters and elements: never overwritten
                var reads = pair.Value;
                var overwriteSites = written.Where(w => reads.Any(r => r.Position <= w.Position || SharesLoop(r.Loops, w.Loops))).ToList();
                var readSites = reads.Where(r => written.Any(w => w.Position >= r.Position || SharesLoop(r.Loops, w.Loops))).ToList();
                if (overwriteSites.Count == 0) continue;
                if (_buffers.ContainsKey(v))
                {
                    // A buffer's elements are saved where they are overwritten (a store saves its element, a declaration
                    // in a loop the whole buffer), restoring the buffer as it was for every earlier reader. A store read
                    // only after it in its iteration of the loop that declares the buffer saves nothing: the next
                    // overwrite in a later iteration is the declaration's, which saves the whole buffer.
                    var declaredIn = assignments.FirstOrDefault(a => a.Statement is BufferStatement b && b.Name == v)?.Loops ?? new List<ForStatement>();
                    foreach (var w in overwriteSites)
                    {
                        bool needed = w.Statement is BufferStatement || reads.Any(r => r.Position <= w.Position ||
                            r.Loops.Any(l => w.Loops.Contains(l, StatementIdentity.Instance) && !declaredIn.Contains(l, StatementIdentity.Instance)));
                        if (needed) _savesElements.Add(w.Statement);
                    }
                    continue;
                }
                if (Cost(readSites) < Cost(overwriteSites))
                {
                    foreach (var r in readSites) Add(_saved, r.Statement, v);
                }
                else
                {
                    foreach (var w in overwriteSites) Add(_pushed, w.Statement, v);
                }
            }
            _pushes += _pushed.Count + _saved.Count + _savesElements.Count;

            static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
            {
                if (!map.TryGetValue(key, out var list)) map[key] = list = new List<TValue>();
                list.Add(value);
            }

            static double Cost(IEnumerable<Site> sites) => sites.Sum(s => Math.Pow(1000, s.Loops.Count));
        }

        private static bool SharesLoop(List<ForStatement> a, List<ForStatement> b) => a.Any(l => b.Contains(l, StatementIdentity.Instance));

        /// <summary>
        /// A target's adjoint must restart from zero in the backward sweep only if a statement processed after it there
        /// (earlier in the program, or in a shared loop, itself included) adds to or reads that adjoint.
        /// </summary>
        private void FindLiveAdjoints(List<Site> assignments)
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
                    case StoreStatement w:
                        if (_saved.TryGetValue(w, out var savedByStore)) output.AddRange(savedByStore.Select(v => new PushStatement(v)));
                        if (_savesElements.Contains(w)) output.Add(new PushStatement(ElementName(w.Buffer, w.Index)));
                        output.Add(new AdjointGroup(new ValueList<AdjointEntry>(new[] { new AdjointEntry(w.Buffer, w.Index, _finish(w.Value), Assign: true) })));
                        break;
                    case BufferStatement b:
                        // Buffers are declared, zeroed, at the top of the method; one declared in a loop starts from zeros each time.
                        if (_savesElements.Contains(b)) output.Add(EachElement(b, descending: false, k => new PushStatement(k)));
                        if (_declaredInLoop.Contains(b)) output.Add(new ClearStatement(b.Name));
                        break;
                }
            }
            return output;
        }

        /// <summary>A loop over a buffer's elements doing <paramref name="action"/> with each element's name.</summary>
        private AdjointFor EachElement(BufferStatement buffer, bool descending, Func<string, AdjointStatement> action)
        {
            string counter = Names.Fresh(buffer.Name + "Index", _taken);
            var element = ElementName(buffer.Name, IntExpr.Variable(counter));
            return new AdjointFor(counter, IntExpr.Zero, buffer.Length, descending, new ValueList<AdjointStatement>(new[] { action(element) }));
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
            if (_elements.TryGetValue(input, out var element))
                return new AdjointEntry(_buffers.ContainsKey(element.Array) ? _adjoints[element.Array] : _arrayOutputs[element.Array], element.Index, _finish(amount));
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
                        // Reversed, unless the iterations only add up (then in the forward order, which the JIT handles best).
                        if (body.Count > 0) output.Add(new AdjointFor(f.Counter, f.Lower, f.Upper, OnlyAdds(body) ? f.Descending : !f.Descending, new ValueList<AdjointStatement>(body)));
                        break;
                    }
                    case StoreStatement w:
                    {
                        if (_savesElements.Contains(w)) output.Add(new PopStatement(ElementName(w.Buffer, w.Index)));
                        if (_saved.TryGetValue(w, out var savedByStore))
                        {
                            for (int i = savedByStore.Count - 1; i >= 0; i--) output.Add(new PopStatement(savedByStore[i]));
                        }
                        var storeGroup = BackwardStore(w);
                        if (storeGroup is not null) output.Add(storeGroup);
                        break;
                    }
                    case BufferStatement b:
                        // What flowed into the zeros the declaration wrote goes nowhere; then the buffer is as before it.
                        if (_declaredInLoop.Contains(b) && _adjoints.TryGetValue(b.Name, out var bufferBar)) output.Add(new ClearStatement(bufferBar));
                        if (_savesElements.Contains(b)) output.Add(EachElement(b, descending: true, k => new PopStatement(k)));
                        break;
                }
            }
            return output;
        }

        /// <summary>
        /// Whether a backward loop body only adds to adjoints (v̄ += e, out[i] += e) from values no iteration changes: then the
        /// iterations commute (up to the rounding of the sums) and the loop may run in either direction. A pop, a branch,
        /// an assigned element or scalar, or a value that reads what the body writes keeps the reverse order.
        /// </summary>
        private bool OnlyAdds(IReadOnlyList<AdjointStatement> body)
        {
            var scalars = new HashSet<string>(StringComparer.Ordinal);
            var arrays = new HashSet<string>(StringComparer.Ordinal);
            if (!Collect(body)) return false;
            return Reads(body);

            bool Collect(IReadOnlyList<AdjointStatement> statements)
            {
                foreach (var s in statements)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var e in g.Entries)
                            {
                                if (e.Index is null) scalars.Add(e.Target);
                                else if (e.Assign) return false;
                                else arrays.Add(e.Target);
                            }
                            break;
                        case AdjointFor inner:
                            if (!Collect(inner.Body)) return false;
                            break;
                        default:
                            return false;
                    }
                }
                return true;
            }

            bool Reads(IReadOnlyList<AdjointStatement> statements)
            {
                foreach (var s in statements)
                {
                    if (s is AdjointFor inner)
                    {
                        if (!Reads(inner.Body)) return false;
                        continue;
                    }
                    foreach (var e in ((AdjointGroup)s).Entries)
                    {
                        var value = e.Value;
                        if (e.Index is null)
                        {
                            // v = v + e' with e' free of v: an addition.
                            if (value is not SumExpr sum || !sum.Terms.Contains(Expr.Var(e.Target))) return false;
                            value = Expr.Add(sum.Terms.Where(t => !t.Equals(Expr.Var(e.Target))).ToArray());
                        }
                        foreach (var v in ExprVariables.Of(value))
                        {
                            if (scalars.Contains(v)) return false;
                            var element = _elements.TryGetValue(v, out var known) ? known : _extraElements.TryGetValue(v, out var extra) ? extra : null;
                            if (element is not null && arrays.Contains(element.Array)) return false;
                        }
                    }
                }
                return true;
            }
        }

        /// <summary>
        /// For <c>b[i] = e</c>: every input u of e gets b̄[i]·∂e/∂u, and b̄[i] restarts from what flows into the element's
        /// old value (b[i] += e passes it through unchanged; otherwise zero). The restart is assigned before the additions,
        /// so an input that is another element of the same buffer, equal to b[i] at run time, adds to the restarted value.
        /// </summary>
        private AdjointGroup? BackwardStore(StoreStatement store)
        {
            var partials = _partials[store];
            if (!partials.TryGetValue(store.Buffer, out var list)) return null;
            string self = ElementRead.NameOf(store.Buffer, store.Index);
            var bar = Expr.Var(ElementName(_adjoints[store.Buffer], store.Index));
            var entries = new List<AdjointEntry>();
            var restart = Expr.Zero;
            foreach (var (input, partial) in list)
            {
                if (input == self) restart = Expr.Multiply(bar, partial);
            }
            if (!restart.Equals(bar)) entries.Add(new AdjointEntry(_adjoints[store.Buffer], store.Index, _finish(restart), Assign: true));
            foreach (var (input, partial) in list)
            {
                if (input == self) continue;
                entries.Add(Contribution(input, Expr.Multiply(bar, partial), accumulate: true));
            }
            return entries.Count == 0 ? null : new AdjointGroup(new ValueList<AdjointEntry>(entries));
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

        /// <summary>How many values a statement pushes: saved variables, a store's element, a declaration's whole buffer.</summary>
        private IntExpr Stored(Statement s)
        {
            int count = (_pushed.TryGetValue(s, out var pushed) ? pushed.Count : 0) + (_saved.TryGetValue(s, out var saved) ? saved.Count : 0);
            if (!_savesElements.Contains(s)) return IntExpr.Constant(count);
            return s is BufferStatement b ? IntExpr.Add(IntExpr.Constant(count), IntExpr.Max(IntExpr.Zero, b.Length)) : IntExpr.Constant(count + 1);
        }

        private static bool StoresNothing(IntExpr stored) => stored.IsConstant && stored.Value == 0;

        /// <summary>The tape length as one integer expression, or null when a loop's bounds depend on an enclosing counter.</summary>
        private IntExpr? ClosedSize(IReadOnlyList<Statement> statements)
        {
            var total = IntExpr.Zero;
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement or StoreStatement or BufferStatement:
                        total = IntExpr.Add(total, Stored(s));
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
                    case AssignStatement or StoreStatement or BufferStatement:
                        if (!StoresNothing(Stored(s))) output.Add(new TapeCount(Stored(s)));
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
