using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>Arguments for a program: numbers, integers and arrays by parameter name.</summary>
    public sealed class ProgramArguments
    {
        public Dictionary<string, double> Scalars { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Integers { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, double[]> Arrays { get; } = new(StringComparer.Ordinal);

        public ProgramArguments Clone()
        {
            var copy = new ProgramArguments();
            foreach (var p in Scalars) copy.Scalars[p.Key] = p.Value;
            foreach (var p in Integers) copy.Integers[p.Key] = p.Value;
            foreach (var p in Arrays) copy.Arrays[p.Key] = (double[])p.Value.Clone();
            return copy;
        }
    }

    /// <summary>The value and gradient an adjoint program computed.</summary>
    public sealed class GradientValues
    {
        public double Value { get; set; }
        public Dictionary<string, double> Scalars { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, double[]> Arrays { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>
    /// Runs programs with the semantics of the emitted C# (in double precision), for verification: the source program
    /// as the reference, the adjoint program as what is emitted. An element read out of range throws
    /// <see cref="ElementOutOfRangeException"/>, where C# throws IndexOutOfRangeException; every loop iteration is charged to the budget.
    /// </summary>
    public sealed class ProgramInterpreter : IReadOnlyDictionary<string, double>
    {
        private readonly Dictionary<string, double> _scalars = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _integers;
        private readonly Dictionary<string, double[]> _arrays;
        private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double[]> _outputs = new(StringComparer.Ordinal);
        private readonly Budget _budget;
        private readonly List<double> _tape = new();
        private long _tapeLength;

        private ProgramInterpreter(Program program, ProgramArguments arguments, Budget budget)
        {
            _budget = budget;
            foreach (var p in arguments.Scalars) _scalars[p.Key] = p.Value;
            _integers = new Dictionary<string, long>(arguments.Integers, StringComparer.Ordinal);
            // The caller's arrays, and the local buffers the program declares beside them.
            _arrays = new Dictionary<string, double[]>(arguments.Arrays, StringComparer.Ordinal);
            foreach (var e in program.Elements) _elements[e.Name] = e;
        }

        /// <summary>The value the program returns.</summary>
        public static double Run(Program program, ProgramArguments arguments, Budget budget)
        {
            var interpreter = new ProgramInterpreter(program, arguments, budget);
            return interpreter.Execute(program.Body) ?? throw new InvalidOperationException("The program ended without a return.");
        }

        /// <summary>The value and the gradient, by running the adjoint program.</summary>
        public static GradientValues Run(AdjointProgram adjoint, ProgramArguments arguments, Budget budget)
        {
            var interpreter = new ProgramInterpreter(adjoint.Program.Source, arguments, budget);
            foreach (var e in adjoint.Elements) interpreter._elements[e.Name] = e;
            foreach (var s in adjoint.Scalars) interpreter._scalars[s] = 0;
            foreach (var b in adjoint.Buffers) interpreter._arrays[b.Name] = new double[checked((int)interpreter.Integer(b.Length))];
            foreach (var (parameter, output) in adjoint.ArrayGradients) interpreter._outputs[output] = new double[arguments.Arrays[parameter].Length];
            interpreter.ExecuteAdjoint(adjoint.TapeSize);
            interpreter.ExecuteAdjoint(adjoint.Statements);
            if (interpreter._tape.Count != 0) throw new InvalidOperationException("The backward sweep left values on the tape.");
            var result = new GradientValues { Value = interpreter._scalars[adjoint.ValueName] };
            foreach (var (parameter, bar) in adjoint.ScalarGradients) result.Scalars[parameter] = bar.Length == 0 ? 0 : interpreter._scalars[bar];
            foreach (var (parameter, output) in adjoint.ArrayGradients) result.Arrays[parameter] = interpreter._outputs[output];
            return result;
        }

        /// <summary>The local buffers as the adjoint program leaves them (what a method that writes buffers for its caller returns).</summary>
        public static IReadOnlyDictionary<string, double[]> RunBuffers(AdjointProgram adjoint, ProgramArguments arguments, Budget budget)
        {
            var interpreter = new ProgramInterpreter(adjoint.Program.Source, arguments, budget);
            foreach (var e in adjoint.Elements) interpreter._elements[e.Name] = e;
            foreach (var s in adjoint.Scalars) interpreter._scalars[s] = 0;
            foreach (var b in adjoint.Buffers) interpreter._arrays[b.Name] = new double[checked((int)interpreter.Integer(b.Length))];
            interpreter.ExecuteAdjoint(adjoint.TapeSize);
            interpreter.ExecuteAdjoint(adjoint.Statements);
            return adjoint.Buffers.ToDictionary(b => b.Name, b => interpreter._arrays[b.Name], StringComparer.Ordinal);
        }

        private double? Execute(IReadOnlyList<Statement> statements)
        {
            foreach (var s in statements)
            {
                _budget.Charge();
                switch (s)
                {
                    case AssignStatement a:
                    {
                        var values = new double[a.Assignments.Count];
                        for (int i = 0; i < values.Length; i++) values[i] = Evaluate(a.Assignments[i].Value);
                        for (int i = 0; i < values.Length; i++) _scalars[a.Assignments[i].Target] = values[i];
                        break;
                    }
                    case ReturnStatement r:
                        return Evaluate(r.Value);
                    case IfStatement i:
                    {
                        var result = Execute(Evaluate(i.Test) != 0 ? i.Then : i.Else);
                        if (result is not null) return result;
                        break;
                    }
                    case ForStatement f:
                    {
                        long lower = Integer(f.Lower), upper = Integer(f.Upper);
                        for (long k = 0; k < upper - lower; k++)
                        {
                            _integers[f.Counter] = f.Descending ? upper - 1 - k : lower + k;
                            var result = Execute(f.Body);
                            if (result is not null) return result;
                        }
                        _integers.Remove(f.Counter);
                        break;
                    }
                    case BufferStatement b:
                        _arrays[b.Name] = new double[checked((int)Integer(b.Length))];
                        break;
                    case StoreStatement w:
                    {
                        double value = Evaluate(w.Value);
                        ElementSlot(w.Buffer, w.Index) = value;
                        break;
                    }
                }
            }
            return null;
        }

        /// <summary>The element <c>array[index]</c> of a buffer or gradient output; out of range, an <see cref="ElementOutOfRangeException"/>.</summary>
        private ref double ElementSlot(string array, IntExpr index)
        {
            var values = _outputs.TryGetValue(array, out var output) ? output : _arrays[array];
            long at = Integer(index);
            if (at < 0 || at >= values.Length) throw new ElementOutOfRangeException(new ElementRead(ElementRead.NameOf(array, index), array, index), at, values.Length);
            return ref values[at];
        }

        private void ExecuteAdjoint(IReadOnlyList<AdjointStatement> statements)
        {
            foreach (var s in statements)
            {
                _budget.Charge();
                switch (s)
                {
                    case AdjointGroup g:
                    {
                        var values = new double[g.Entries.Count];
                        for (int i = 0; i < values.Length; i++) values[i] = Evaluate(g.Entries[i].Value);
                        // Scalars and element assignments first, then element additions (see AdjointGroup).
                        for (int i = 0; i < values.Length; i++)
                        {
                            var entry = g.Entries[i];
                            if (entry.Index is null) _scalars[entry.Target] = values[i];
                            else if (entry.Assign) ElementSlot(entry.Target, entry.Index) = values[i];
                        }
                        for (int i = 0; i < values.Length; i++)
                        {
                            var entry = g.Entries[i];
                            if (entry.Index is not null && !entry.Assign) ElementSlot(entry.Target, entry.Index) += values[i];
                        }
                        break;
                    }
                    case PushStatement p:
                        if (_tape.Count >= _tapeLength) throw new InvalidOperationException("The tape overflowed its computed length.");
                        _tape.Add(this[p.Variable]);
                        break;
                    case PopStatement p:
                        if (_elements.TryGetValue(p.Variable, out var element)) ElementSlot(element.Array, element.Index) = _tape[_tape.Count - 1];
                        else _scalars[p.Variable] = _tape[_tape.Count - 1];
                        _tape.RemoveAt(_tape.Count - 1);
                        break;
                    case ClearStatement c:
                        Array.Clear(_arrays[c.Buffer], 0, _arrays[c.Buffer].Length);
                        break;
                    case AdjointIf i:
                        ExecuteAdjoint(_scalars[i.Flag] != 0 ? i.Then : i.Else);
                        break;
                    case AdjointFor f:
                    {
                        long lower = Integer(f.Lower), upper = Integer(f.Upper);
                        for (long k = 0; k < upper - lower; k++)
                        {
                            if (f.StopWhenZero is { } flag && _scalars[flag] == 0) break;
                            _integers[f.Counter] = f.Descending ? upper - 1 - k : lower + k;
                            ExecuteAdjoint(f.Body);
                        }
                        _integers.Remove(f.Counter);
                        break;
                    }
                    case TapeCount c:
                        _tapeLength += Integer(c.Amount);
                        break;
                }
            }
        }

        private double Evaluate(Expr e) => Evaluator.Evaluate(e, this);

        private long Integer(IntExpr e) => e.Evaluate(
            name => _integers.TryGetValue(name, out long v) ? v : throw new KeyNotFoundException($"No integer '{name}'."),
            array => _arrays.TryGetValue(array, out var a) ? a.Length : throw new KeyNotFoundException($"No array '{array}'."),
            (array, index) =>
            {
                var values = _arrays.TryGetValue(array, out var a) ? a : throw new KeyNotFoundException($"No array '{array}'.");
                if (index < 0 || index >= values.Length) throw new ElementOutOfRangeException(new ElementRead(array + "[" + index + "]", array, IntExpr.Constant(index)), index, values.Length);
                return (long)values[index];
            });

        public bool TryGetValue(string key, out double value)
        {
            if (_scalars.TryGetValue(key, out value)) return true;
            if (_integers.TryGetValue(key, out long integer))
            {
                value = integer;
                return true;
            }
            if (_elements.TryGetValue(key, out var element))
            {
                var array = _arrays[element.Array];
                long index = Integer(element.Index);
                if (index < 0 || index >= array.Length) throw new ElementOutOfRangeException(element, index, array.Length);
                value = array[index];
                return true;
            }
            if (key.EndsWith(".Length", StringComparison.Ordinal) && _arrays.TryGetValue(key.Substring(0, key.Length - ".Length".Length), out var measured))
            {
                value = measured.Length;
                return true;
            }
            value = 0;
            return false;
        }

        public double this[string key] => TryGetValue(key, out double v) ? v : throw new KeyNotFoundException($"No value for '{key}'.");
        public bool ContainsKey(string key) => TryGetValue(key, out _);
        public IEnumerable<string> Keys => _scalars.Keys;
        public IEnumerable<double> Values => _scalars.Values;
        public int Count => _scalars.Count;
        public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => _scalars.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
