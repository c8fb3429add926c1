using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Written
{
    /// <summary>
    /// Runs a <see cref="WrittenProgram"/> the way the compiled C# runs it: the user's operation order, float rounding where
    /// the type is float, comparisons false against NaN, an element read out of range an
    /// <see cref="ElementOutOfRangeException"/> (C#'s IndexOutOfRangeException). This is the reference that derivatives, gradients and antiderivatives are
    /// verified against, so a rewriting of the engine that changes a value in floating point cannot go unnoticed.
    /// Compiled once into closures over slots; every statement and loop iteration is charged to the budget.
    /// With <c>singlePrecision: false</c>, float code is run in double (float literals as the decimals they print as): the
    /// verifiers compare with finite differences, which float's seven digits would drown in rounding noise.
    /// </summary>
    public sealed class WrittenEvaluator
    {
        private sealed class State
        {
            public double[] Scalars = Array.Empty<double>();
            public long[] Integers = Array.Empty<long>();
            public double[][] Arrays = Array.Empty<double[]>();
            public Budget Budget = null!;
        }

        private delegate double Value(State s);
        private delegate long IntValue(State s);
        /// <summary>Runs statements; true when one of them returned (the value is in <see cref="State"/>'s result slot).</summary>
        private delegate bool Block(State s, ref double result);

        private readonly Dictionary<string, int> _scalars = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _integers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _arrays = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);
        private readonly Block _body;
        private readonly ValueList<ProgramParameter> _parameters;
        private readonly bool _singlePrecision;

        public WrittenEvaluator(WrittenProgram program, bool singlePrecision = true)
        {
            _singlePrecision = singlePrecision;
            _parameters = program.Parameters;
            foreach (var p in program.Parameters)
            {
                switch (p.Kind)
                {
                    case ParameterKind.Scalar: Slot(_scalars, p.Name); break;
                    case ParameterKind.Integer: Slot(_integers, p.Name); break;
                    default: Slot(_arrays, p.Name); break; // int arrays too, as doubles (exact below 2^53)
                }
            }
            foreach (var e in program.Elements) _elements[e.Name] = e;
            _body = Compile(program.Body);
        }

        /// <summary>The scalar parameters, in order (the positional <see cref="Run(double[], Budget)"/> takes them so).</summary>
        public IReadOnlyList<ProgramParameter> Parameters => _parameters;

        /// <summary>The value the body returns for these arguments.</summary>
        public double Run(ProgramArguments arguments, Budget budget)
        {
            var state = NewState(budget);
            foreach (var p in _parameters)
            {
                switch (p.Kind)
                {
                    case ParameterKind.Scalar: state.Scalars[_scalars[p.Name]] = arguments.Scalars[p.Name]; break;
                    case ParameterKind.Integer: state.Integers[_integers[p.Name]] = arguments.Integers[p.Name]; break;
                    default: state.Arrays[_arrays[p.Name]] = arguments.Arrays[p.Name]; break;
                }
            }
            return Finish(state);
        }

        /// <summary>The value for a body whose parameters are all numbers, given in parameter order.</summary>
        public double Run(double[] scalarArguments, Budget budget)
        {
            var state = NewState(budget);
            int k = 0;
            foreach (var p in _parameters)
            {
                if (p.Kind != ParameterKind.Scalar) throw new InvalidOperationException($"'{p.Name}' is not a number; use the overload with ProgramArguments.");
                state.Scalars[_scalars[p.Name]] = scalarArguments[k++];
            }
            return Finish(state);
        }

        private State NewState(Budget budget) => new()
        {
            Scalars = new double[_scalars.Count],
            Integers = new long[_integers.Count],
            Arrays = new double[_arrays.Count][],
            Budget = budget,
        };

        private double Finish(State state)
        {
            double result = double.NaN;
            if (!_body(state, ref result)) throw new InvalidOperationException("The body ended without a return.");
            return result;
        }

        private static int Slot(Dictionary<string, int> slots, string name)
        {
            if (!slots.TryGetValue(name, out int slot)) slots[name] = slot = slots.Count;
            return slot;
        }

        private Block Compile(IReadOnlyList<WrittenStatement> statements)
        {
            var compiled = new Block[statements.Count];
            for (int i = 0; i < compiled.Length; i++) compiled[i] = Compile(statements[i]);
            return (State s, ref double result) =>
            {
                foreach (var statement in compiled)
                {
                    s.Budget.Charge();
                    if (statement(s, ref result)) return true;
                }
                return false;
            };
        }

        private Block Compile(WrittenStatement statement)
        {
            switch (statement)
            {
                case WrittenAssign a:
                {
                    var value = Compile(a.Value);
                    int slot = Slot(_scalars, a.Target);
                    return (State s, ref double _) =>
                    {
                        s.Scalars[slot] = value(s);
                        return false;
                    };
                }
                case WrittenReturn r:
                {
                    var value = Compile(r.Value);
                    return (State s, ref double result) =>
                    {
                        result = value(s);
                        return true;
                    };
                }
                case WrittenIf i:
                {
                    var test = Compile(i.Test);
                    var then = Compile(i.Then);
                    var otherwise = Compile(i.Else);
                    return (State s, ref double result) => test(s) != 0 ? then(s, ref result) : otherwise(s, ref result);
                }
                case WrittenBuffer b:
                {
                    int slot = Slot(_arrays, b.Name);
                    var length = Compile(b.Length);
                    return (State s, ref double _) =>
                    {
                        s.Arrays[slot] = new double[checked((int)length(s))];
                        return false;
                    };
                }
                case WrittenStore w:
                {
                    int slot = _arrays.TryGetValue(w.Buffer, out int a) ? a : throw new KeyNotFoundException($"No buffer '{w.Buffer}'.");
                    var index = Compile(w.Index);
                    var value = Compile(w.Value);
                    bool round = w.Single && _singlePrecision;
                    var element = new ElementRead(ElementRead.NameOf(w.Buffer, w.Index), w.Buffer, w.Index);
                    return (State s, ref double _) =>
                    {
                        double v = value(s);
                        var values = s.Arrays[slot];
                        long i = index(s);
                        if (i < 0 || i >= values.Length) throw new ElementOutOfRangeException(element, i, values.Length);
                        values[i] = round ? (float)v : v;
                        return false;
                    };
                }
                case WrittenFor f:
                {
                    int counter = Slot(_integers, f.Counter);
                    var lower = Compile(f.Lower);
                    var upper = Compile(f.Upper);
                    var body = Compile(f.Body);
                    bool descending = f.Descending;
                    return (State s, ref double result) =>
                    {
                        long from = lower(s), to = upper(s);
                        for (long k = 0; k < to - from; k++)
                        {
                            s.Budget.Charge();
                            s.Integers[counter] = descending ? to - 1 - k : from + k;
                            if (body(s, ref result)) return true;
                        }
                        return false;
                    };
                }
                default:
                    throw new InvalidOperationException("Unknown statement " + statement.GetType().Name);
            }
        }

        private Value Compile(WrittenExpr e)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            var value = CompileExact(e);
            if (!e.IsSingle || !_singlePrecision || e.Kind is WrittenKind.Number or WrittenKind.MathConstant) return value;
            return s => (float)value(s);
        }

        private Value CompileExact(WrittenExpr e)
        {
            switch (e.Kind)
            {
                case WrittenKind.Number:
                case WrittenKind.MathConstant:
                {
                    double v = e.IsSingle && !_singlePrecision
                        ? double.Parse(((float)e.Value).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
                        : e.Value;
                    if (e.Kind == WrittenKind.MathConstant && !_singlePrecision) v = e.Name == "PI" ? Math.PI : e.Name == "E" ? Math.E : 2 * Math.PI;
                    return _ => v;
                }
                case WrittenKind.Name:
                    return Name(e.Name!);
                case WrittenKind.Integer:
                {
                    var integer = Compile(e.Int!);
                    return s => integer(s);
                }
                case WrittenKind.Binary:
                {
                    var a = Compile(e.Children[0]);
                    var b = Compile(e.Children[1]);
                    return e.Operator switch
                    {
                        WrittenOperator.Add => s => a(s) + b(s),
                        WrittenOperator.Subtract => s => a(s) - b(s),
                        WrittenOperator.Multiply => s => a(s) * b(s),
                        _ => s => a(s) / b(s),
                    };
                }
                case WrittenKind.Negate:
                {
                    var a = Compile(e.Children[0]);
                    return s => -a(s);
                }
                case WrittenKind.ToSingle:
                    return Compile(e.Children[0]);
                case WrittenKind.Call:
                    return Call(e);
                case WrittenKind.Runtime:
                {
                    var function = e.Function;
                    var a = Compile(e.Children[0]);
                    if (e.Children.Count == 1) return s => Evaluator.Apply(function, a(s), double.NaN);
                    var b = Compile(e.Children[1]);
                    return s => Evaluator.Apply(function, a(s), b(s));
                }
                case WrittenKind.UserCall:
                {
                    // The stand-in the engine's evaluator uses too (see UserFunction): the code around the call is what is checked.
                    var function = e.User!;
                    var index = e.UserIndex;
                    var arguments = new Value[e.Children.Count];
                    for (int i = 0; i < arguments.Length; i++) arguments[i] = Compile(e.Children[i]);
                    return s =>
                    {
                        var values = new double[arguments.Length];
                        for (int i = 0; i < values.Length; i++) values[i] = arguments[i](s);
                        return function.Surrogate(index, values);
                    };
                }
                case WrittenKind.Conditional:
                {
                    var test = Compile(e.Children[0]);
                    var whenTrue = Compile(e.Children[1]);
                    var whenFalse = Compile(e.Children[2]);
                    return s => test(s) != 0 ? whenTrue(s) : whenFalse(s);
                }
                case WrittenKind.Comparison:
                {
                    var l = Compile(e.Children[0]);
                    var r = Compile(e.Children[1]);
                    return e.Comparison switch
                    {
                        ComparisonOperator.Less => s => l(s) < r(s) ? 1 : 0,
                        ComparisonOperator.LessOrEqual => s => l(s) <= r(s) ? 1 : 0,
                        ComparisonOperator.Greater => s => l(s) > r(s) ? 1 : 0,
                        ComparisonOperator.GreaterOrEqual => s => l(s) >= r(s) ? 1 : 0,
                        ComparisonOperator.Equal => s => l(s) == r(s) ? 1 : 0,
                        _ => s => l(s) != r(s) ? 1 : 0,
                    };
                }
                case WrittenKind.Logical:
                {
                    var a = Compile(e.Children[0]);
                    if (e.Logical == LogicalOperator.Not) return s => a(s) == 0 ? 1 : 0;
                    var b = Compile(e.Children[1]);
                    // && and || short-circuit in C#; the values are pure, so only the result matters.
                    return e.Logical == LogicalOperator.And ? s => a(s) != 0 && b(s) != 0 ? 1 : 0 : s => a(s) != 0 || b(s) != 0 ? 1 : 0;
                }
                default:
                {
                    var body = Compile(e.Body!);
                    return s =>
                    {
                        double result = double.NaN;
                        if (!body(s, ref result)) throw new InvalidOperationException("An inlined body ended without a return.");
                        return result;
                    };
                }
            }
        }

        private Value Name(string name)
        {
            if (_scalars.TryGetValue(name, out int slot)) return s => s.Scalars[slot];
            if (_elements.TryGetValue(name, out var element))
            {
                int array = _arrays.TryGetValue(element.Array, out int a) ? a : throw new KeyNotFoundException($"No array '{element.Array}'.");
                var index = Compile(element.Index);
                return s =>
                {
                    var values = s.Arrays[array];
                    long i = index(s);
                    if (i < 0 || i >= values.Length) throw new ElementOutOfRangeException(element, i, values.Length);
                    return values[i];
                };
            }
            // A local first read before any assignment compiled so far (an assignment later in a loop body): give it a slot.
            int local = Slot(_scalars, name);
            return s => s.Scalars[local];
        }

        private IntValue Compile(IntExpr e)
        {
            switch (e.Operator)
            {
                case IntExpr.Kind.Constant:
                {
                    long v = e.Value;
                    return _ => v;
                }
                case IntExpr.Kind.Variable:
                {
                    int slot = Slot(_integers, e.Name!);
                    return s => s.Integers[slot];
                }
                case IntExpr.Kind.Length:
                {
                    int slot = _arrays.TryGetValue(e.Name!, out int a) ? a : throw new KeyNotFoundException($"No array '{e.Name}'.");
                    return s => s.Arrays[slot].Length;
                }
                case IntExpr.Kind.Element:
                {
                    int slot = _arrays.TryGetValue(e.Name!, out int a) ? a : throw new KeyNotFoundException($"No array '{e.Name}'.");
                    var index = Compile(e.Left!);
                    var read = new ElementRead(e.ToCSharp(), e.Name!, e.Left!);
                    return s =>
                    {
                        var values = s.Arrays[slot];
                        long i = index(s);
                        if (i < 0 || i >= values.Length) throw new ElementOutOfRangeException(read, i, values.Length);
                        return (long)values[i];
                    };
                }
            }
            var l = Compile(e.Left!);
            var r = Compile(e.Right!);
            return e.Operator switch
            {
                IntExpr.Kind.Add => s => checked(l(s) + r(s)),
                IntExpr.Kind.Subtract => s => checked(l(s) - r(s)),
                IntExpr.Kind.Multiply => s => checked(l(s) * r(s)),
                IntExpr.Kind.Divide => s => l(s) / r(s),
                IntExpr.Kind.Remainder => s => l(s) % r(s),
                _ => s => Math.Max(l(s), r(s)),
            };
        }

        private Value Call(WrittenExpr e)
        {
            var args = new Value[e.Children.Count];
            for (int i = 0; i < args.Length; i++) args[i] = Compile(e.Children[i]);
            var a = args[0];
            var b = args.Length > 1 ? args[1] : null;
            var c = args.Length > 2 ? args[2] : null;
            return e.Method switch
            {
                MathMethod.Abs => s => Math.Abs(a(s)),
                MathMethod.Acos => s => Math.Acos(a(s)),
                MathMethod.Acosh => s => Evaluator.Apply(Function.Acosh, a(s), 0),
                MathMethod.Asin => s => Math.Asin(a(s)),
                MathMethod.Asinh => s => Evaluator.Apply(Function.Asinh, a(s), 0),
                MathMethod.Atan => s => Math.Atan(a(s)),
                MathMethod.Atan2 => s => Math.Atan2(a(s), b!(s)),
                MathMethod.Atanh => s => Evaluator.Apply(Function.Atanh, a(s), 0),
                MathMethod.Cbrt => s => Evaluator.Apply(Function.Cbrt, a(s), 0),
                MathMethod.Ceiling => s => Math.Ceiling(a(s)),
                MathMethod.Clamp => s => Clamp(a(s), b!(s), c!(s)),
                MathMethod.Cos => s => Math.Cos(a(s)),
                MathMethod.Cosh => s => Math.Cosh(a(s)),
                MathMethod.Exp => s => Math.Exp(a(s)),
                MathMethod.Floor => s => Math.Floor(a(s)),
                MathMethod.FusedMultiplyAdd => s => a(s) * b!(s) + c!(s),
                MathMethod.Log => s => Math.Log(a(s)),
                MathMethod.LogBase => s => Math.Log(a(s), b!(s)),
                MathMethod.Log10 => s => Math.Log10(a(s)),
                MathMethod.Log2 => s => Math.Log(a(s)) / 0.69314718055994530942,
                MathMethod.Max => s => Math.Max(a(s), b!(s)),
                MathMethod.Min => s => Math.Min(a(s), b!(s)),
                MathMethod.Pow => s => Math.Pow(a(s), b!(s)),
                MathMethod.Round => s => Math.Round(a(s)),
                MathMethod.ScaleB => s => ScaleB(a(s), b!(s)),
                MathMethod.Sign => s => Sign(a(s)),
                MathMethod.Sin => s => Math.Sin(a(s)),
                MathMethod.Sinh => s => Math.Sinh(a(s)),
                MathMethod.Sqrt => s => Math.Sqrt(a(s)),
                MathMethod.Tan => s => Math.Tan(a(s)),
                MathMethod.Tanh => s => Math.Tanh(a(s)),
                MathMethod.Truncate => s => Math.Truncate(a(s)),
                _ => throw new ArgumentOutOfRangeException(nameof(e)),
            };
        }

        /// <summary>Math.Clamp: NaN stays NaN; min > max throws in C#, which no derivative survives either (NaN here).</summary>
        private static double Clamp(double value, double min, double max) =>
            min > max ? double.NaN : value < min ? min : value > max ? max : value;

        /// <summary>Math.Sign throws for NaN; the reference calls that not finite.</summary>
        private static double Sign(double v) => double.IsNaN(v) ? double.NaN : v > 0 ? 1 : v < 0 ? -1 : 0;

        private static double ScaleB(double x, double n)
        {
            // Exact in steps of 2^±600 (each a power of two): only the final over- or underflow rounds.
            while (n > 600) { x *= Math.Pow(2, 600); n -= 600; }
            while (n < -600) { x *= Math.Pow(2, -600); n += 600; }
            return x * Math.Pow(2, n);
        }
    }
}
