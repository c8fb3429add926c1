using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Written
{
    /// <summary>
    /// A body as written, as a function of one variable with everything else held at probe values that fit together:
    /// ints are small ints, every array is long enough for the elements it reads, and the canonical IR's names for those
    /// values (w[0], w.Length, n) resolve to the same numbers through <see cref="ValueOf"/>. The verifiers compare the
    /// engines' results with this function, never only with the engines' own rewriting of it.
    /// </summary>
    public sealed class WrittenReference
    {
        /// <summary>Int parameters are held at this value (loop-free bodies use them in indices and as numbers).</summary>
        public const long HeldInteger = 3;

        private readonly WrittenEvaluator _evaluator;
        private readonly ProgramArguments _arguments = new();
        private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);
        private readonly string _variable;
        private readonly Budget _budget;

        /// <param name="held">Values of the other scalar parameters (and of element reads, where a value is wanted), by name.</param>
        public WrittenReference(WrittenProgram program, string variable, IReadOnlyDictionary<string, double> held, Budget budget)
        {
            _evaluator = new WrittenEvaluator(program, singlePrecision: false);
            _variable = variable;
            _budget = budget;
            foreach (var e in program.Elements) _elements[e.Name] = e;
            foreach (var p in program.Parameters)
            {
                if (p.Kind == ParameterKind.Integer) _arguments.Integers[p.Name] = HeldInteger;
                else if (p.Kind == ParameterKind.IntegerArray) _arguments.Arrays[p.Name] = new double[] { 0, 1, 2, 1, 0, 2, 1, 0 };
                else if (p.Kind == ParameterKind.Scalar) _arguments.Scalars[p.Name] = p.Name == variable ? 0 : held.TryGetValue(p.Name, out double v) ? v : 0.5;
            }
            foreach (var p in program.Parameters)
            {
                if (p.Kind != ParameterKind.Array) continue;
                int length = 4;
                foreach (var e in program.Elements)
                {
                    if (e.Array == p.Name && TryIndex(e, out long index)) length = (int)Math.Max(length, Math.Min(index + 1, 1 << 16));
                }
                var values = new double[length];
                for (int i = 0; i < length; i++) values[i] = 0.4 + 0.15 * ((i * 7 + p.Name.Length) % 11);
                foreach (var e in program.Elements)
                {
                    if (e.Array == p.Name && TryIndex(e, out long index) && index >= 0 && index < length && held.TryGetValue(e.Name, out double v)) values[index] = v;
                }
                _arguments.Arrays[p.Name] = values;
            }
        }

        public string Variable => _variable;

        /// <summary>The body's value with the variable at <paramref name="t"/>; NaN where C# would throw (an index out of range).</summary>
        public double At(double t)
        {
            _arguments.Scalars[_variable] = t;
            try
            {
                return _evaluator.Run(_arguments, _budget);
            }
            catch (Exception e) when (e is ElementOutOfRangeException or IndexOutOfRangeException or OverflowException or DivideByZeroException or KeyNotFoundException)
            {
                return double.NaN;
            }
        }

        /// <summary>The held value of a name of the canonical IR: a parameter, an int, an element read or a length.</summary>
        public double ValueOf(string name)
        {
            if (_arguments.Scalars.TryGetValue(name, out double scalar)) return scalar;
            if (_arguments.Integers.TryGetValue(name, out long integer)) return integer;
            if (_elements.TryGetValue(name, out var element) && TryIndex(element, out long index))
            {
                var values = _arguments.Arrays[element.Array];
                return index >= 0 && index < values.Length ? values[index] : double.NaN;
            }
            const string length = ".Length";
            if (name.EndsWith(length, StringComparison.Ordinal) && _arguments.Arrays.TryGetValue(name.Substring(0, name.Length - length.Length), out var array))
                return array.Length;
            return double.NaN;
        }

        private bool TryIndex(ElementRead element, out long index)
        {
            try
            {
                index = element.Index.Evaluate(
                    name => _arguments.Integers.TryGetValue(name, out long v) ? v : throw new KeyNotFoundException(name),
                    array => _arguments.Arrays.TryGetValue(array, out var a) ? a.Length : throw new KeyNotFoundException(array),
                    (array, i) => _arguments.Arrays.TryGetValue(array, out var a) && i >= 0 && i < a.Length ? (long)a[i] : throw new KeyNotFoundException(array));
                return true;
            }
            catch (Exception e) when (e is KeyNotFoundException or OverflowException or DivideByZeroException)
            {
                index = 0;
                return false;
            }
        }
    }
}
