using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>An immutable list with value equality (and a cached hash), so programs can be incremental-pipeline models.</summary>
    public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
    {
        private readonly T[] _items;
        private readonly int _hash;

        public ValueList(IEnumerable<T> items)
        {
            _items = new List<T>(items).ToArray();
            int h = 17;
            foreach (var item in _items) h = unchecked(h * 31 + (item is null ? 0 : EqualityComparer<T>.Default.GetHashCode(item)));
            _hash = h;
        }

        public static readonly ValueList<T> Empty = new(Array.Empty<T>());

        public int Count => _items.Length;
        public T this[int index] => _items[index];

        public bool Equals(ValueList<T>? other)
        {
            if (ReferenceEquals(this, other)) return true;
            if (other is null || other._hash != _hash || other._items.Length != _items.Length) return false;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            for (int i = 0; i < _items.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(_items[i], other._items[i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);
        public override int GetHashCode() => _hash;
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A number; an int (held constant); a span or array of numbers; a span or array of ints (labels, indices, masks: held constant).</summary>
    public enum ParameterKind { Scalar, Integer, Array, IntegerArray }

    /// <summary>A parameter of a program: a number, an int (held constant, usable in bounds and indices) or a span/array.</summary>
    public sealed record ProgramParameter(string Name, ParameterKind Kind);

    /// <summary>
    /// An element read <c>Array[Index]</c>. In expressions it is the variable named <see cref="Name"/> (the C# text of the
    /// read), whose value is the element at the current values of the counters in the index.
    /// </summary>
    public sealed record ElementRead(string Name, string Array, IntExpr Index)
    {
        public static string NameOf(string array, IntExpr index) => array + "[" + index.ToCSharp() + "]";
    }

    /// <summary>One target of an assignment and the value it gets.</summary>
    public sealed record Assignment(string Target, Expr Value);

    /// <summary>A statement of a program. Programs are values: structural equality throughout.</summary>
    public abstract record Statement;

    /// <summary>
    /// Assigns all values, computed from the state before the statement, to their targets at once. The front end writes
    /// one target per statement; normalized programs group the assignments that symbolic execution defers.
    /// </summary>
    public sealed record AssignStatement(ValueList<Assignment> Assignments) : Statement
    {
        public AssignStatement(string target, Expr value) : this(new ValueList<Assignment>(new[] { new Assignment(target, value) })) { }
    }

    public sealed record IfStatement(Expr Test, ValueList<Statement> Then, ValueList<Statement> Else) : Statement;

    /// <summary>
    /// <c>for (Counter = Lower; Counter &lt; Upper; Counter++)</c>, or with <see cref="Descending"/> the same values from
    /// Upper − 1 down to Lower. The body never assigns the counter, and the bounds are evaluated once.
    /// <see cref="Locals"/> are the locals declared in the body: fresh in every iteration, dead after the loop.
    /// </summary>
    public sealed record ForStatement(string Counter, IntExpr Lower, IntExpr Upper, bool Descending, ValueList<Statement> Body, ValueList<string> Locals) : Statement;

    /// <summary>
    /// Declares a local buffer of <see cref="Length"/> zeros (<c>stackalloc double[n]</c>, <c>new double[n]</c>); run again (declared
    /// in a loop) it starts from zeros again. The length reads only parameters and lengths, never a counter. Its elements
    /// are read as <see cref="ElementRead"/>s with the buffer as the array.
    /// </summary>
    public sealed record BufferStatement(string Name, IntExpr Length) : Statement;

    /// <summary><c>Buffer[Index] = Value</c>: a write to an element of a local buffer.</summary>
    public sealed record StoreStatement(string Buffer, IntExpr Index, Expr Value) : Statement;

    /// <summary>Only in programs as the front end writes them; normalization turns returns into the program's result.</summary>
    public sealed record ReturnStatement(Expr Value) : Statement;

    /// <summary>
    /// A method body as the front end reads it: parameters, the element reads its expressions name, and structured
    /// statements over floating-point locals. Every path ends in a return; returns never occur inside loops; locals are
    /// uniquely named; int locals were folded into the integer expressions that use them.
    /// </summary>
    public sealed record Program(ValueList<ProgramParameter> Parameters, ValueList<ElementRead> Elements, ValueList<Statement> Body)
    {
        /// <summary>Whether the body has statements that must run as statements: loops and buffer writes (not one expression).</summary>
        public bool HasLoops => ContainsLoop(Body);

        /// <summary>Whether <paramref name="statements"/> hold a loop or a buffer declaration or write, at any depth.</summary>
        public static bool ContainsLoop(IEnumerable<Statement> statements)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case ForStatement or BufferStatement or StoreStatement: return true;
                    case IfStatement i when ContainsLoop(i.Then) || ContainsLoop(i.Else): return true;
                }
            }
            return false;
        }

        /// <summary>A program that only returns <paramref name="value"/> (an expression-bodied method).</summary>
        public static Program FromExpression(Expr value, IEnumerable<ProgramParameter> parameters) =>
            new(new ValueList<ProgramParameter>(parameters), ValueList<ElementRead>.Empty, new ValueList<Statement>(new Statement[] { new ReturnStatement(value) }));
    }

    /// <summary>
    /// A program after symbolic execution: only the assignments that must happen at run time remain (to variables a loop
    /// reads or carries), ifs only where a branch holds a loop, and the returned value is <see cref="Result"/>, an
    /// expression of the final state. A loop-free program is just its result.
    /// </summary>
    public sealed record NormalizedProgram(Program Source, ValueList<Statement> Body, Expr Result, ValueList<string> Locals)
    {
        /// <summary>The same program with every expression (assigned values, tests, the result) rewritten by <paramref name="map"/>.</summary>
        public NormalizedProgram Map(Func<Expr, Expr> map) => this with { Body = Map(Body, map), Result = map(Result) };

        private static ValueList<Statement> Map(ValueList<Statement> statements, Func<Expr, Expr> map)
        {
            var mapped = new List<Statement>(statements.Count);
            foreach (var s in statements)
            {
                mapped.Add(s switch
                {
                    AssignStatement a => new AssignStatement(new ValueList<Assignment>(a.Assignments.Select(x => x with { Value = map(x.Value) }))),
                    IfStatement i => new IfStatement(map(i.Test), Map(i.Then, map), Map(i.Else, map)),
                    ForStatement f => f with { Body = Map(f.Body, map) },
                    StoreStatement w => w with { Value = map(w.Value) },
                    _ => s,
                });
            }
            return new ValueList<Statement>(mapped);
        }
    }

    public static class ExprVariables
    {
        /// <summary>The names of the variables <paramref name="e"/> reads (<see cref="Expr.Variables"/>, as a set to add to).</summary>
        public static HashSet<string> Of(Expr e) => new(e.Variables, StringComparer.Ordinal);

        /// <summary>
        /// The variables <paramref name="e"/>'s value changes with: those outside comparisons and logical operators (a
        /// variable that only decides a branch has derivative zero wherever the branch does not switch).
        /// </summary>
        public static HashSet<string> DifferentiableOf(Expr e)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var visited = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is ComparisonExpr or LogicalExpr || !visited.Add(node)) continue;
                if (node is VariableExpr v) names.Add(v.Name);
                foreach (var c in node.Children) stack.Push(c);
            }
            return names;
        }

        public static void Collect(Expr e, ISet<string> names)
        {
            var visited = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!visited.Add(node)) continue;
                if (node is VariableExpr v) names.Add(v.Name);
                foreach (var c in node.Children) stack.Push(c);
            }
        }

        private sealed class ReferenceEqualityComparer : IEqualityComparer<Expr>
        {
            public static readonly ReferenceEqualityComparer Instance = new();
            public bool Equals(Expr? x, Expr? y) => ReferenceEquals(x, y);
            public int GetHashCode(Expr obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
