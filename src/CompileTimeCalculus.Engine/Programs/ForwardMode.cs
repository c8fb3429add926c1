using System;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// The tangent (forward-mode) program of a program: beside every assignment and store that depends on a differentiated
    /// input, the same statement for its tangent, ẋ = Σᵥ ∂x/∂v · v̇, computed from the state before the statement; each
    /// return gives the directional derivative of the returned value. The tangents of the inputs are new parameters (the
    /// direction), held constant like any other input, so the tangent program is again a program: it can be interpreted,
    /// verified, and differentiated in reverse mode (its gradient is a Hessian-vector product).
    /// </summary>
    public sealed class ForwardMode
    {
        private readonly Budget _budget;
        private readonly HashSet<string> _active = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _tangents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ElementRead> _tangentElements = new(StringComparer.Ordinal);
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

        private ForwardMode(Budget budget) => _budget = budget;

        /// <summary>The name of the tangent of <paramref name="name"/> (its direction, for a parameter): fresh among <paramref name="taken"/>.</summary>
        public static string TangentName(string name, ISet<string> taken) => Names.Fresh(name.TrimStart('@') + "Tangent", taken);

        /// <summary>The direction of each of <paramref name="parameters"/>: {name}Tangent, fresh among every name the program uses.</summary>
        public static IReadOnlyList<(string Parameter, string Direction)> Directions(Program program, IReadOnlyList<string> parameters)
        {
            var taken = new HashSet<string>(program.Parameters.Select(p => p.Name), StringComparer.Ordinal);
            CollectNames(program.Body, taken);
            return parameters.Select(p => (p, TangentName(p, taken))).ToList();
        }

        /// <summary>
        /// The tangent program of <paramref name="program"/> along <paramref name="directions"/> (each differentiated scalar or
        /// array parameter and the name of the parameter holding its tangent, added after the program's parameters).
        /// </summary>
        public static Program Tangent(Program program, IReadOnlyList<(string Parameter, string Direction)> directions, Budget budget) =>
            Tangent(program, directions, budget, out _);

        /// <param name="tangents">Each active local, buffer and parameter and the name of its tangent.</param>
        public static Program Tangent(Program program, IReadOnlyList<(string Parameter, string Direction)> directions, Budget budget,
            out IReadOnlyDictionary<string, string> tangents)
        {
            var builder = new ForwardMode(budget);
            var tangent = builder.Build(program, directions);
            tangents = builder._tangents;
            return tangent;
        }

        private Program Build(Program program, IReadOnlyList<(string Parameter, string Direction)> directions)
        {
            foreach (var p in program.Parameters) _taken.Add(p.Name);
            foreach (var e in program.Elements) _elements[e.Name] = e;
            CollectNames(program.Body, _taken);
            var parameters = program.Parameters.ToList();
            foreach (var (parameter, direction) in directions)
            {
                var source = program.Parameters.FirstOrDefault(p => p.Name == parameter)
                    ?? throw new ArgumentException("'" + parameter + "' is not a parameter of the program", nameof(directions));
                if (source.Kind is not (ParameterKind.Scalar or ParameterKind.Array))
                    throw new ArgumentException("'" + parameter + "' is not a number or an array of numbers", nameof(directions));
                _taken.Add(direction);
                _active.Add(parameter);
                _tangents[parameter] = direction;
                parameters.Add(new ProgramParameter(direction, source.Kind));
            }
            FindActive(program.Body);
            var body = Statements(program.Body);
            var elements = program.Elements.Concat(_tangentElements.Values.OrderBy(e => e.Name, StringComparer.Ordinal));
            return new Program(new ValueList<ProgramParameter>(parameters), new ValueList<ElementRead>(elements), body);
        }

        /// <summary>Active: depends on a direction. A local or buffer is active when any value stored in it reads an active variable (to a fixed point).</summary>
        private void FindActive(IReadOnlyList<Statement> body)
        {
            var writes = new List<(string Target, Expr Value)>();
            Writes(body, writes);
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var (target, value) in writes)
                {
                    _budget.Charge();
                    if (_active.Contains(target) || !ExprVariables.DifferentiableOf(value).Any(IsActive)) continue;
                    _active.Add(target);
                    changed = true;
                }
            }
        }

        private bool IsActive(string variable) => _active.Contains(variable) || _elements.TryGetValue(variable, out var e) && _active.Contains(e.Array);

        private static void Writes(IEnumerable<Statement> statements, List<(string, Expr)> writes)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                        foreach (var x in a.Assignments) writes.Add((x.Target, x.Value));
                        break;
                    case StoreStatement w:
                        writes.Add((w.Buffer, w.Value));
                        break;
                    case IfStatement i:
                        Writes(i.Then, writes);
                        Writes(i.Else, writes);
                        break;
                    case ForStatement f:
                        Writes(f.Body, writes);
                        break;
                }
            }
        }

        private static void CollectNames(IEnumerable<Statement> statements, ISet<string> names)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case AssignStatement a:
                        foreach (var x in a.Assignments) names.Add(x.Target);
                        break;
                    case BufferStatement b:
                        names.Add(b.Name);
                        break;
                    case IfStatement i:
                        CollectNames(i.Then, names);
                        CollectNames(i.Else, names);
                        break;
                    case ForStatement f:
                        names.Add(f.Counter);
                        foreach (var l in f.Locals) names.Add(l);
                        CollectNames(f.Body, names);
                        break;
                }
            }
        }

        /// <summary>The tangent of a local, a buffer or a parameter, named once.</summary>
        private string TangentOf(string name)
        {
            if (!_tangents.TryGetValue(name, out var tangent)) _tangents[name] = tangent = TangentName(name, _taken);
            return tangent;
        }

        private ValueList<Statement> Statements(IReadOnlyList<Statement> statements)
        {
            var output = new List<Statement>();
            foreach (var s in statements)
            {
                _budget.Charge();
                switch (s)
                {
                    case AssignStatement a:
                    {
                        // One simultaneous assignment: the tangents read the state before the statement, as the values do.
                        var assignments = new List<Assignment>();
                        foreach (var x in a.Assignments)
                        {
                            if (_active.Contains(x.Target)) assignments.Add(new Assignment(TangentOf(x.Target), Derivative(x.Value)));
                        }
                        assignments.AddRange(a.Assignments);
                        output.Add(new AssignStatement(new ValueList<Assignment>(assignments)));
                        break;
                    }
                    case StoreStatement w:
                        // The tangent first: its value may read the element the store overwrites.
                        if (_active.Contains(w.Buffer)) output.Add(new StoreStatement(TangentOf(w.Buffer), w.Index, Derivative(w.Value)));
                        output.Add(w);
                        break;
                    case BufferStatement b:
                        output.Add(b);
                        if (_active.Contains(b.Name)) output.Add(new BufferStatement(TangentOf(b.Name), b.Length));
                        break;
                    case IfStatement i:
                        output.Add(new IfStatement(i.Test, Statements(i.Then), Statements(i.Else)));
                        break;
                    case ForStatement f:
                    {
                        var body = Statements(f.Body);
                        var locals = f.Locals.Concat(f.Locals.Where(_active.Contains).Select(TangentOf));
                        output.Add(f with { Body = body, Locals = new ValueList<string>(locals) });
                        break;
                    }
                    case ReturnStatement r:
                        output.Add(new ReturnStatement(Derivative(r.Value)));
                        break;
                    default:
                        throw new InvalidOperationException("Unknown statement " + s.GetType().Name);
                }
            }
            return new ValueList<Statement>(output);
        }

        /// <summary>Σᵥ ∂e/∂v · v̇ over the active variables e reads (element reads of active arrays and buffers included).</summary>
        private Expr Derivative(Expr e)
        {
            var terms = new List<Expr>();
            foreach (var v in ExprVariables.DifferentiableOf(e).Where(IsActive).OrderBy(v => v, StringComparer.Ordinal))
            {
                var partial = Differentiator.Differentiate(e, v, _budget, IsActive);
                if (partial.Equals(Expr.Zero)) continue;
                terms.Add(Expr.Multiply(partial, Expr.Var(TangentVariable(v))));
            }
            return terms.Count == 0 ? Expr.Zero : Expr.Add(terms);
        }

        /// <summary>The variable holding v̇: a tangent local or direction, or the element read of the tangent array at the same index.</summary>
        private string TangentVariable(string variable)
        {
            if (!_elements.TryGetValue(variable, out var element)) return TangentOf(variable);
            string array = TangentOf(element.Array);
            string name = ElementRead.NameOf(array, element.Index);
            if (!_tangentElements.ContainsKey(name)) _tangentElements[name] = new ElementRead(name, array, element.Index);
            return name;
        }
    }
}
