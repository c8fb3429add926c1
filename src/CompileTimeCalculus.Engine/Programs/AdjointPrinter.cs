using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>The body of an emitted gradient method: statements (indented relative to the body), then the values to return.</summary>
    public sealed class EmittedGradient
    {
        public EmittedGradient(IReadOnlyList<string> lines, string value, IReadOnlyList<string> scalarGradients)
        {
            Lines = lines;
            Value = value;
            ScalarGradients = scalarGradients;
        }

        public IReadOnlyList<string> Lines { get; }

        /// <summary>The variable holding the function's value.</summary>
        public string Value { get; }

        /// <summary>One C# expression per scalar gradient parameter, in parameter order.</summary>
        public IReadOnlyList<string> ScalarGradients { get; }
    }

    /// <summary>
    /// Prints an adjoint program as C#. Primal locals, adjoints and flags are declared first (the backward sweep reads
    /// what the forward sweep left); the tape is a stackalloc'd span up to <see cref="StackTapeLimit"/> values and a
    /// pooled array above, returned at the end. Each group prints with shared subexpressions as locals.
    /// </summary>
    public sealed class AdjointPrinter
    {
        /// <summary>Tapes up to this many values live on the stack (8 bytes each for double); longer ones are rented from ArrayPool.</summary>
        public const int StackTapeLimit = 512;

        /// <summary>Local buffers (and their adjoints) up to this many elements live on the stack; longer ones are rented.</summary>
        public const int StackBufferLimit = 256;

        private readonly AdjointProgram _program;
        private readonly NumericType _type;
        private readonly IReadOnlyDictionary<string, NumericType> _arrayTypes;
        private readonly Budget _budget;
        private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
        private readonly List<string> _lines = new();
        private readonly string _typeName;
        private readonly Dictionary<string, string> _outputArrays = new(StringComparer.Ordinal);
        private string _tape = "tape", _top = "tapeTop";
        private readonly Dictionary<string, ElementRead> _elements = new(StringComparer.Ordinal);

        // Loop-invariant subexpressions computed before the loops enclosing the statement being printed, and those
        // computed at the top that read nothing any statement assigns; _assigned is everything a statement writes.
        private readonly Dictionary<Expr, Expr> _hoisted = new();
        private readonly HashSet<string> _assigned = new(StringComparer.Ordinal);

        // Integer subexpressions of indices and bounds computed once before the loop in which they stop changing (a
        // division of lengths, an int-array element times a stride): the JIT recomputes them in every iteration otherwise.
        // A local that reads an int-array element is guarded by the bounds of the loop it was declared for (Guard): it holds
        // the element only inside a loop with those bounds, the same loop or a later one over the same range.
        private readonly Dictionary<IntExpr, List<IntegerLocal>> _integerLocals = new();
        private readonly List<(IntExpr Lower, IntExpr Upper)> _enclosingLoops = new();

        private sealed record IntegerLocal(string Name, (IntExpr Lower, IntExpr Upper)? Guard);

        // Inside a sliced loop (see SlicedLoop): each array and offset's slice and the loop's counter.
        private readonly Dictionary<(string Array, IntExpr Offset), (string Name, string Counter)> _sliced = new();

        private AdjointPrinter(AdjointProgram program, NumericType type, IReadOnlyDictionary<string, NumericType> arrayTypes, Budget budget)
        {
            _program = program;
            _type = type;
            _arrayTypes = arrayTypes;
            _budget = budget;
            _typeName = type == NumericType.Single ? "float" : "double";
            foreach (var p in program.Program.Source.Parameters) _taken.Add(p.Name);
            foreach (var s in program.Scalars) _taken.Add(s);
            foreach (var n in program.IntegerNames) _taken.Add(n);
            foreach (var (parameter, output) in program.ArrayGradients)
            {
                _taken.Add(output);
                _outputArrays[output] = parameter;
            }
            foreach (var e in program.Elements) _elements[e.Name] = e;
            foreach (var b in program.Buffers) _taken.Add(b.Name);
            foreach (var s in program.Statements) Collect(s, _assigned, new List<AdjointGroup>(), unconditional: false);
        }

        private bool NeverAssigned(string name) =>
            !_assigned.Contains(name) && !(_elements.TryGetValue(name, out var element) && (_assigned.Contains(element.Array) || Mentions(element.Index, _assigned)));

        /// <param name="arrayTypes">The element type of each array parameter (float arrays get float gradients).</param>
        /// <param name="accumulate">Add to the gradient outputs instead of clearing them first (the caller sums a minibatch).</param>
        /// <param name="copyOut">Local buffers copied to the caller's spans at the end (each span's element type), as the method's output.</param>
        public static EmittedGradient Print(AdjointProgram program, NumericType type, IReadOnlyDictionary<string, NumericType> arrayTypes, Budget budget, bool accumulate = false,
            IReadOnlyList<(string Buffer, string Span, NumericType SpanType)>? copyOut = null)
        {
            var printer = new AdjointPrinter(program, type, arrayTypes, budget);
            return printer.Print(accumulate, copyOut ?? Array.Empty<(string, string, NumericType)>());
        }

        private EmittedGradient Print(bool accumulate, IReadOnlyList<(string Buffer, string Span, NumericType SpanType)> copyOut)
        {
            foreach (var (parameter, output) in _program.ArrayGradients)
            {
                Line(0, "if (" + output + ".Length != " + parameter + ".Length) throw new global::System.ArgumentException(\"" +
                    output + " must have the length of " + parameter + " (\" + " + parameter + ".Length + \"), not \" + " + output + ".Length + \".\", nameof(" + output + "));");
            }
            // Every element write to an output is an addition (the backward sweep adds each contribution), so without the
            // clear the gradient is added to what the caller's span holds.
            if (!accumulate) foreach (var (_, output) in _program.ArrayGradients) Line(0, output + ".Clear();");
            string zero = CSharpEmitter.FormatLiteral(0, _type);
            foreach (var s in _program.Scalars) Line(0, _typeName + " " + s + " = " + zero + ";");

            // Buffers first: loop bounds in the tape's length may read their lengths.
            var rentedBuffers = new List<string>();
            foreach (var buffer in _program.Buffers)
            {
                // Like the tape: on the stack when short, else rented; zeroed either way (the stack may not be, under SkipLocalsInit).
                string array = Names.Fresh(buffer.Name + "Array", _taken);
                string length = buffer.Length.ToCSharp();
                string pool = "global::System.Buffers.ArrayPool<" + _typeName + ">.Shared";
                Line(0, _typeName + "[]? " + array + " = null;");
                Line(0, "global::System.Span<" + _typeName + "> " + buffer.Name + " = " + length + " <= " + StackBufferLimit.ToString(CultureInfo.InvariantCulture) +
                    " ? stackalloc " + _typeName + "[" + length + "] : new global::System.Span<" + _typeName + ">(" + array + " = " + pool + ".Rent(" + length + "), 0, " + length + ");");
                Line(0, buffer.Name + ".Clear();");
                rentedBuffers.Add(array);
            }
            string? rented = null;
            if (_program.TapeSize.Count > 0)
            {
                string length = Names.Fresh("tapeLength", _taken);
                rented = Names.Fresh("tapeArray", _taken);
                _tape = Names.Fresh("tape", _taken);
                _top = Names.Fresh("tapeTop", _taken);
                if (_program.TapeSize.Count == 1 && _program.TapeSize[0] is TapeCount only)
                {
                    Line(0, "int " + length + " = " + only.Amount.ToCSharp() + ";");
                }
                else
                {
                    Line(0, "int " + length + " = 0;");
                    Statements(_program.TapeSize, 0, length);
                }
                string pool = "global::System.Buffers.ArrayPool<" + _typeName + ">.Shared";
                Line(0, _typeName + "[]? " + rented + " = null;");
                Line(0, "global::System.Span<" + _typeName + "> " + _tape + " = " + length + " <= " + StackTapeLimit.ToString(CultureInfo.InvariantCulture) +
                    " ? stackalloc " + _typeName + "[" + length + "] : (" + rented + " = " + pool + ".Rent(" + length + "));");
                Line(0, "int " + _top + " = 0;");
            }
            Statements(_program.Statements, 0, null);
            foreach (var (buffer, span, spanType) in copyOut)
            {
                if (spanType == _type)
                {
                    Line(0, buffer + ".CopyTo(" + span + ");");
                }
                else
                {
                    string k = Names.Fresh("k", _taken);
                    Line(0, "for (int " + k + " = 0; " + k + " < " + span + ".Length; " + k + "++) " + span + "[" + k + "] = (" + (spanType == NumericType.Single ? "float" : "double") + ")" +
                        buffer + "[" + k + "];");
                }
            }
            if (rented is not null) Line(0, "if (" + rented + " is not null) global::System.Buffers.ArrayPool<" + _typeName + ">.Shared.Return(" + rented + ");");
            foreach (var array in rentedBuffers) Line(0, "if (" + array + " is not null) global::System.Buffers.ArrayPool<" + _typeName + ">.Shared.Return(" + array + ");");

            var gradients = _program.ScalarGradients.Select(g => g.Adjoint.Length == 0 ? zero : g.Adjoint).ToList();
            return new EmittedGradient(_lines, _program.ValueName, gradients);
        }

        private void Statements(IReadOnlyList<AdjointStatement> statements, int depth, string? lengthVariable)
        {
            // Integer locals declared in this block: out of scope when the block ends.
            var declaredHere = new List<(IntExpr Expr, IntegerLocal Local)>();
            foreach (var s in statements)
            {
                _budget.Charge();
                switch (s)
                {
                    case AdjointGroup g:
                        Group(g, depth);
                        break;
                    case PushStatement p:
                        Line(depth, _tape + "[" + _top + "++] = " + ElementName(p.Variable) + ";");
                        break;
                    case PopStatement p:
                        Line(depth, ElementName(p.Variable) + " = " + _tape + "[--" + _top + "];");
                        break;
                    case AdjointIf i:
                        Line(depth, "if (" + i.Flag + " != " + CSharpEmitter.FormatLiteral(0, _type) + ")");
                        Block(i.Then, depth, lengthVariable);
                        if (i.Else.Count > 0)
                        {
                            Line(depth, "else");
                            Block(i.Else, depth, lengthVariable);
                        }
                        break;
                    case AdjointFor f:
                        // The header before the loop's own integer locals: those are guarded by the bounds.
                        string header = f.Descending
                            ? "for (int " + f.Counter + " = " + Int(IntExpr.Subtract(f.Upper, IntExpr.One)) + "; " + f.Counter + " >= " + Int(f.Lower) + "; " + f.Counter + "--)"
                            : "for (int " + f.Counter + " = " + Int(f.Lower) + "; " + f.Counter + " < " + Int(f.Upper) + "; " + f.Counter + "++)";
                        var hoisted = Hoist(f, depth);
                        declaredHere.AddRange(HoistIntegers(f, depth));
                        _enclosingLoops.Add((f.Lower, f.Upper));
                        if (Slices(f) is { Count: > 0 } slices) SlicedLoop(f, slices, depth, lengthVariable);
                        else Loop(f, header, depth, lengthVariable);
                        _enclosingLoops.RemoveAt(_enclosingLoops.Count - 1);
                        // A local declared at the top reads only what nothing assigns: later loops and groups reuse it.
                        foreach (var h in hoisted)
                        {
                            if (depth > 0 || !ExprVariables.Of(h).All(NeverAssigned)) _hoisted.Remove(h);
                        }
                        break;
                    case TapeCount c:
                        Line(depth, lengthVariable + " += " + Int(c.Amount) + ";");
                        break;
                    case ClearStatement c:
                        Line(depth, c.Buffer + ".Clear();");
                        break;
                }
            }
            // The method's own block lasts to its end.
            if (depth == 0) return;
            foreach (var (e, local) in declaredHere)
            {
                var locals = _integerLocals[e];
                locals.Remove(local);
                if (locals.Count == 0) _integerLocals.Remove(e);
            }
        }

        private void Loop(AdjointFor f, string header, int depth, string? lengthVariable)
        {
            Line(depth, header);
            Line(depth, "{");
            if (f.StopWhenZero is { } stop) Line(depth + 1, "if (" + stop + " == " + CSharpEmitter.FormatLiteral(0, _type) + ") break;");
            Statements(f.Body, depth + 1, lengthVariable);
            Line(depth, "}");
        }

        /// <summary>
        /// The element accesses of a loop from 0 whose body is plain groups that read or write <c>a[b + i]</c> (b fixed in the
        /// loop, i its counter) where the JIT cannot drop the bounds check (b not 0, or the bound not a's length): each
        /// array and offset with the span type to slice it as. Empty when there are none, or the loop is not of that shape.
        /// </summary>
        private List<(string Array, IntExpr Offset, string SpanType)> Slices(AdjointFor f)
        {
            var slices = new List<(string, IntExpr, string)>();
            if (f.StopWhenZero is not null || !f.Lower.Equals(IntExpr.Zero) || !f.Body.All(s => s is AdjointGroup) || f.Body.Count > 8) return slices;
            var accesses = new List<(string Array, IntExpr Index)>();
            foreach (AdjointGroup g in f.Body)
            {
                foreach (var e in g.Entries)
                {
                    if (e.Index is not null) accesses.Add((e.Target, e.Index));
                    foreach (var v in ExprVariables.Of(e.Value)) if (_elements.TryGetValue(v, out var read)) accesses.Add((read.Array, read.Index));
                }
            }
            foreach (var (array, index) in accesses.Distinct())
            {
                // A negative offset fails at the first iteration as written: the slice would fail with another exception.
                if (Offset(index, f.Counter) is not { } offset || offset.Mentions(f.Counter) || offset.IsConstant && offset.Value < 0) continue;
                if (offset.Equals(IntExpr.Zero) && f.Upper.Equals(IntExpr.Length(array))) continue;
                // Outputs and buffers are spans; an input is read through a read-only span of its element type (int arrays are not sliced).
                string? type = _outputArrays.ContainsKey(array) || _program.Buffers.Any(b => b.Name == array) ? null
                    : _arrayTypes.TryGetValue(array, out var t) ? "global::System.ReadOnlySpan<" + (t == NumericType.Single ? "float" : "double") + ">"
                    : "";
                if (type == "") continue;
                if (!slices.Any(x => x.Item1 == array && x.Item2.Equals(offset))) slices.Add((array, offset, type ?? ""));
            }
            return slices;
        }

        /// <summary>b when the index is b + counter (or counter + b, or the counter alone: 0).</summary>
        private static IntExpr? Offset(IntExpr index, string counter) => index switch
        {
            { Operator: IntExpr.Kind.Variable } when index.Name == counter => IntExpr.Zero,
            { Operator: IntExpr.Kind.Add, Right: { Operator: IntExpr.Kind.Variable } r } when r.Name == counter => index.Left,
            { Operator: IntExpr.Kind.Add, Left: { Operator: IntExpr.Kind.Variable } l } when l.Name == counter => index.Right,
            _ => null,
        };

        private const int SliceMinimumLength = 8;

        /// <summary>
        /// The loop over slices of its arrays when it runs at least <see cref="SliceMinimumLength"/> times and every slice is
        /// in range (<c>a.Slice(b, n)[i]</c> for <c>a[b + i]</c>: the JIT drops the bounds checks in a loop up to a slice's
        /// length), else as written, which fails where the source would.
        /// Both compute the same values in the same order.
        /// </summary>
        private void SlicedLoop(AdjointFor f, List<(string Array, IntExpr Offset, string SpanType)> slices, int depth, string? lengthVariable)
        {
            string upper = Int(f.Upper);
            var names = slices.Select(x => Names.Fresh(x.Array + "Slice", _taken)).ToList();
            // Short loops (a hidden unit's two inputs) run as written: setting up the slices costs more than the checks.
            var conditions = new List<string> { SliceMinimumLength.ToString(CultureInfo.InvariantCulture) + " <= " + upper };
            foreach (var (array, offset, _) in slices)
            {
                string start = Int(offset);
                conditions.Add(offset.IsConstant
                    ? Int(IntExpr.Add(offset, f.Upper)) + " <= " + array + ".Length"
                    : "(uint)(" + start + ") <= (uint)" + array + ".Length && (uint)" + upper + " <= (uint)(" + array + ".Length - (" + start + "))");
            }
            Line(depth, "if (" + string.Join(" && ", conditions) + ")");
            Line(depth, "{");
            for (int k = 0; k < slices.Count; k++)
            {
                var (array, offset, spanType) = slices[k];
                string source = spanType.Length == 0 ? array : "((" + spanType + ")" + array + ")";
                Line(depth + 1, "var " + names[k] + " = " + source + ".Slice(" + Int(offset) + ", " + upper + ");");
                _sliced[(array, offset)] = (names[k], f.Counter);
            }
            string bound = names[0] + ".Length";
            string header = f.Descending
                ? "for (int " + f.Counter + " = " + bound + " - 1; " + f.Counter + " >= 0; " + f.Counter + "--)"
                : "for (int " + f.Counter + " = 0; " + f.Counter + " < " + bound + "; " + f.Counter + "++)";
            Loop(f, header, depth + 1, lengthVariable);
            _sliced.Clear();
            Line(depth, "}");
            Line(depth, "else");
            Line(depth, "{");
            string plain = f.Descending
                ? "for (int " + f.Counter + " = " + Int(IntExpr.Subtract(f.Upper, IntExpr.One)) + "; " + f.Counter + " >= 0; " + f.Counter + "--)"
                : "for (int " + f.Counter + " = 0; " + f.Counter + " < " + upper + "; " + f.Counter + "++)";
            Loop(f, plain, depth + 1, lengthVariable);
            Line(depth, "}");
        }

        /// <summary>The C# text of an element access: through a slice inside a sliced loop, else with its index's integer locals.</summary>
        private string Element(string array, IntExpr index)
        {
            foreach (var slice in _sliced)
            {
                var (name, counter) = slice.Value;
                if (slice.Key.Array == array && Offset(index, counter) is { } offset && offset.Equals(slice.Key.Offset)) return name + "[" + counter + "]";
            }
            return ElementRead.NameOf(array, WithIntegerLocals(index));
        }

        private void Block(IReadOnlyList<AdjointStatement> statements, int depth, string? lengthVariable)
        {
            Line(depth, "{");
            Statements(statements, depth + 1, lengthVariable);
            Line(depth, "}");
        }

        /// <summary>
        /// A group assigns all at once: an entry whose target another entry reads is computed into a temporary first and
        /// stored last; `v = v + e` prints as `v += e`.
        /// </summary>
        private void Group(AdjointGroup group, int depth)
        {
            var entries = group.Entries;
            var reads = entries.Select(e => ExprVariables.Of(e.Value)).ToList();
            // (Hoisted locals never name a target, so the parallel-assignment analysis can use the values as they are.)
            var roots = new List<Expr>();
            var kinds = new List<(bool Temporary, bool Accumulate)>();
            for (int k = 0; k < entries.Count; k++)
            {
                var entry = entries[k];
                bool readByOther = entry.Index is null && Enumerable.Range(0, entries.Count).Any(j => j != k && reads[j].Contains(entry.Target));
                var value = entry.Value;
                bool accumulate = entry.Index is not null && !entry.Assign;
                // v = v + e prints as v += e; so does h[i] = h[i] + e when it is the group's only entry.
                var self = entry.Index is null ? Expr.Var(entry.Target) : entries.Count == 1 && entry.Assign ? Expr.Var(ElementRead.NameOf(entry.Target, entry.Index)) : null;
                if (!readByOther && self is not null && value is SumExpr sum && sum.Terms.Contains(self))
                {
                    value = Expr.Add(sum.Terms.Where(t => !t.Equals(self)).ToArray());
                    accumulate = true;
                }
                roots.Add(CastIntegers(Substitute(value)));
                kinds.Add((readByOther, accumulate));
            }
            var body = CSharpEmitter.Emit(roots, _type, _taken, _budget);
            foreach (var name in body.LocalNames) _taken.Add(name);
            foreach (var local in body.Locals) Line(depth, local);
            // An element write another entry reads (b̄[i] restarted, b̄[j] added to, from the old b̄[i]): all element values are
            // computed into temporaries first.
            var writtenArrays = new HashSet<string>(entries.Where(e => e.Index is not null).Select(e => e.Target), StringComparer.Ordinal);
            bool elementHazard = entries.Count > 1 && writtenArrays.Count > 0 && reads.Any(r => r.Any(v => _elements.TryGetValue(v, out var e) && writtenArrays.Contains(e.Array)));
            var temporaries = new List<(string Target, string Temporary)>();
            var elementWrites = new List<(AdjointEntry Entry, string Value)>();
            for (int k = 0; k < entries.Count; k++)
            {
                var entry = entries[k];
                string result = body.Results[k];
                if (kinds[k].Temporary)
                {
                    string temporary = Names.Fresh(entry.Target + "Next", _taken);
                    Line(depth, _typeName + " " + temporary + " = " + result + ";");
                    temporaries.Add((entry.Target, temporary));
                }
                else if (entry.Index is not null)
                {
                    bool narrow = _type == NumericType.Double && _outputArrays.TryGetValue(entry.Target, out var parameter) && _arrayTypes.TryGetValue(parameter, out var t) && t == NumericType.Single;
                    string value = narrow ? "(float)(" + result + ")" : result;
                    if (elementHazard && roots[k] is not NumberExpr)
                    {
                        string temporary = NextLocal();
                        Line(depth, _typeName + " " + temporary + " = " + result + ";");
                        value = narrow ? "(float)" + temporary : temporary;
                    }
                    elementWrites.Add((entry with { Assign = entry.Assign && !kinds[k].Accumulate }, value));
                }
                else
                {
                    Line(depth, entry.Target + (kinds[k].Accumulate ? " += " : " = ") + result + ";");
                }
            }
            foreach (var (entry, value) in elementWrites.Where(w => w.Entry.Assign).Concat(elementWrites.Where(w => !w.Entry.Assign)))
                Line(depth, Element(entry.Target, entry.Index!) + (entry.Assign ? " = " : " += ") + value + ";");
            foreach (var (target, temporary) in temporaries) Line(depth, target + " = " + temporary + ";");
        }

        /// <summary>
        /// Computes before a loop the largest subexpressions of its unconditional groups (nested loops included) that read
        /// nothing the loop changes: not its counters, not a variable it assigns or pops, not an element indexed by those.
        /// </summary>
        private List<Expr> Hoist(AdjointFor loop, int depth)
        {
            var variant = new HashSet<string>(StringComparer.Ordinal);
            var groups = new List<AdjointGroup>();
            Collect(loop, variant, groups, unconditional: true);
            bool Invariant(string name) => !variant.Contains(name) &&
                !(_elements.TryGetValue(name, out var element) && (variant.Contains(element.Array) || Mentions(element.Index, variant)));

            var candidates = new List<Expr>();
            var seen = new HashSet<Expr>();
            var variables = new Dictionary<Expr, bool>();
            foreach (var group in groups)
            {
                foreach (var entry in group.Entries) Find(Substitute(entry.Value));
            }
            if (candidates.Count == 0) return candidates;

            var body = CSharpEmitter.Emit(candidates.Select(CastIntegers).ToList(), _type, _taken, _budget);
            foreach (var name in body.LocalNames) _taken.Add(name);
            foreach (var local in body.Locals) Line(depth, local);
            for (int k = 0; k < candidates.Count; k++)
            {
                string name = NextLocal();
                Line(depth, _typeName + " " + name + " = " + body.Results[k] + ";");
                _hoisted[candidates[k]] = Expr.Var(name);
            }
            return candidates;

            // The largest invariant nodes worth a local (not a leaf, a scaled leaf or a comparison), branches included:
            // computed once before the loop even if a branch is taken in every iteration.
            void Find(Expr e)
            {
                if (!seen.Add(e)) return;
                if (IsInvariant(e) && !IsCheap(e))
                {
                    candidates.Add(e);
                    return;
                }
                foreach (var child in e.Children) Find(child);
            }

            bool IsInvariant(Expr e)
            {
                if (variables.TryGetValue(e, out bool known)) return known;
                bool result = e switch
                {
                    VariableExpr v => Invariant(v.Name),
                    _ => e.Children.All(IsInvariant),
                };
                variables[e] = result;
                return result;
            }
        }

        /// <summary>
        /// Declares before a loop the largest costly integer subexpressions (<see cref="IntExpr.IsCostly"/>) of its indices
        /// and nested bounds that no counter of the loop changes. A division is guarded by its divisor being non-zero and an
        /// int-array element by the loop running, and the latter only when every iteration reads it: the local is never
        /// evaluated where the source would not evaluate it.
        /// </summary>
        private List<(IntExpr, IntegerLocal)> HoistIntegers(AdjointFor loop, int depth)
        {
            var counters = new HashSet<string>(StringComparer.Ordinal) { loop.Counter };
            var uses = new List<(IntExpr Index, bool EveryIteration)>();
            var visited = new HashSet<(Expr, bool)>();
            Uses(loop.Body, everyIteration: true);
            var declared = new List<(IntExpr, IntegerLocal)>();
            foreach (var (index, everyIteration) in uses) Find(WithIntegerLocals(index), everyIteration);
            return declared;

            void Find(IntExpr e, bool everyIteration)
            {
                if (!e.IsCostly || e.Operator == IntExpr.Kind.Variable) return;
                var names = new HashSet<string>(StringComparer.Ordinal);
                e.CollectNames(names);
                if (!names.Overlaps(counters) && (everyIteration || !e.ReadsElement))
                {
                    if (!_integerLocals.TryGetValue(e, out var existing)) _integerLocals[e] = existing = new List<IntegerLocal>();
                    if (existing.Any(l => Holds(l.Guard) || l.Guard.Equals((loop.Lower, loop.Upper)))) return;
                    var guards = new List<string>();
                    if (e.ReadsElement) guards.Add(Int(loop.Lower) + " < " + Int(loop.Upper));
                    var divisors = new List<IntExpr>();
                    e.CollectDivisors(divisors);
                    foreach (var d in divisors.Distinct()) guards.Add(d.ToCSharp() + " != 0");
                    string name = NextLocal("n");
                    Line(depth, "int " + name + " = " + (guards.Count == 0 ? e.ToCSharp() : string.Join(" && ", guards) + " ? " + e.ToCSharp() + " : 0") + ";");
                    var local = new IntegerLocal(name, e.ReadsElement ? (loop.Lower, loop.Upper) : null);
                    existing.Add(local);
                    declared.Add((e, local));
                    return;
                }
                if (e.Left is not null) Find(e.Left, everyIteration);
                if (e.Right is not null) Find(e.Right, everyIteration);
            }

            void Uses(IEnumerable<AdjointStatement> statements, bool everyIteration)
            {
                foreach (var s in statements)
                {
                    switch (s)
                    {
                        case AdjointGroup g:
                            foreach (var entry in g.Entries)
                            {
                                if (entry.Index is not null) uses.Add((entry.Index, everyIteration));
                                ElementUses(entry.Value, everyIteration);
                            }
                            break;
                        case PushStatement p when _elements.TryGetValue(p.Variable, out var pushed):
                            uses.Add((pushed.Index, everyIteration));
                            break;
                        case PopStatement p when _elements.TryGetValue(p.Variable, out var popped):
                            uses.Add((popped.Index, everyIteration));
                            break;
                        case AdjointFor f:
                            counters.Add(f.Counter);
                            uses.Add((f.Lower, everyIteration));
                            uses.Add((f.Upper, everyIteration));
                            Uses(f.Body, everyIteration: false);
                            break;
                        case AdjointIf i:
                            Uses(i.Then, everyIteration: false);
                            Uses(i.Else, everyIteration: false);
                            break;
                    }
                }
            }

            // Element reads in a value; those in a branch of a conditional or after the first operand of && / || may not run.
            void ElementUses(Expr e, bool everyIteration)
            {
                if (!visited.Add((e, everyIteration))) return;
                switch (e)
                {
                    case VariableExpr v when _elements.TryGetValue(v.Name, out var read):
                        uses.Add((read.Index, everyIteration));
                        break;
                    case ConditionalExpr c:
                        ElementUses(c.Test, everyIteration);
                        ElementUses(c.WhenTrue, false);
                        ElementUses(c.WhenFalse, false);
                        break;
                    case LogicalExpr l:
                        for (int k = 0; k < l.Operands.Count; k++) ElementUses(l.Operands[k], everyIteration && k == 0);
                        break;
                    default:
                        foreach (var child in e.Children) ElementUses(child, everyIteration);
                        break;
                }
            }
        }

        private string Int(IntExpr e) => WithIntegerLocals(e).ToCSharp();

        private IntExpr WithIntegerLocals(IntExpr e) =>
            _integerLocals.Count == 0 ? e :
                e.Replace(node => _integerLocals.TryGetValue(node, out var locals) && locals.FirstOrDefault(l => Holds(l.Guard)) is { } local ? IntExpr.Variable(local.Name) : null);

        /// <summary>Whether an integer local's guard holds here: none, or a loop with its bounds encloses the code being printed.</summary>
        private bool Holds((IntExpr Lower, IntExpr Upper)? guard) => guard is not { } bounds || _enclosingLoops.Contains(bounds);

        /// <summary>The C# text of a variable, or of an element read with its index's integer locals.</summary>
        private string ElementName(string name) =>
            (_integerLocals.Count > 0 || _sliced.Count > 0) && _elements.TryGetValue(name, out var element) ? Element(element.Array, element.Index) : name;

        private string NextLocal(string stem = "t")
        {
            for (int n = 0; ; n++)
            {
                string name = stem + n.ToString(CultureInfo.InvariantCulture);
                if (_taken.Add(name)) return name;
            }
        }

        private static bool IsCheap(Expr e) => e switch
        {
            NumberExpr or ConstantExpr or VariableExpr => true,
            ProductExpr p => p.Factors.Count == 2 && p.Factors[0] is NumberExpr && p.Factors[1] is VariableExpr,
            ComparisonExpr or LogicalExpr => true,
            _ => false,
        };

        private static bool Mentions(IntExpr index, HashSet<string> names)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            index.CollectNames(used);
            return used.Overlaps(names);
        }

        /// <summary>What a loop changes (its counters and every variable assigned or popped inside) and its unconditional groups.</summary>
        private void Collect(AdjointStatement statement, HashSet<string> variant, List<AdjointGroup> groups, bool unconditional)
        {
            switch (statement)
            {
                case AdjointGroup g:
                    foreach (var e in g.Entries) variant.Add(e.Target);
                    if (unconditional) groups.Add(g);
                    break;
                case PopStatement p:
                    variant.Add(_elements.TryGetValue(p.Variable, out var element) ? element.Array : p.Variable);
                    break;
                case ClearStatement c:
                    variant.Add(c.Buffer);
                    break;
                case AdjointFor f:
                    variant.Add(f.Counter);
                    foreach (var s in f.Body) Collect(s, variant, groups, unconditional);
                    break;
                case AdjointIf i:
                    foreach (var s in i.Then) Collect(s, variant, groups, false);
                    foreach (var s in i.Else) Collect(s, variant, groups, false);
                    break;
            }
        }

        private Expr Substitute(Expr e) =>
            _hoisted.Count == 0 ? e : Rewrite.Replace(e, node => _hoisted.TryGetValue(node, out var local) ? local : null, _budget);

        /// <summary>
        /// Counters, int parameters and lengths are ints in C#: cast them so arithmetic on them is floating-point. Element
        /// reads get their index's integer locals.
        /// </summary>
        private Expr CastIntegers(Expr e) =>
            Rewrite.Replace(e, node => node is not VariableExpr v ? null
                : _program.IntegerNames.Contains(v.Name) || v.Name.EndsWith(".Length", StringComparison.Ordinal) ? Expr.Var("(" + _typeName + ")" + v.Name)
                : ElementName(v.Name) is var name && name != v.Name ? Expr.Var(name)
                : null, _budget);

        private void Line(int depth, string text) => _lines.Add(new string(' ', depth * 4) + text);
    }
}
