using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Written
{
    /// <summary>
    /// Reads an emitted body (<see cref="EmittedBody"/>: locals, then one result) back as a <see cref="WrittenProgram"/>, so
    /// verification can run the code exactly as printed, with its own operation order, its shared locals and its literals,
    /// and not only the expression it was printed from. The grammar is the emitter's: literals, names (element reads such
    /// as <c>w[0]</c> included), <c>global::</c>-qualified calls of System.Math, MathF, StableMath and SpecialFunctions,
    /// + − * /, comparisons, &amp;&amp;, ||, !, ?: and parentheses.
    /// </summary>
    public static class EmittedCode
    {
        /// <summary>The program that computes result <paramref name="index"/> of <paramref name="body"/> from the named scalars, in order.</summary>
        /// <param name="users">The user functions the code calls, by the C# name printed for each value or derivative.</param>
        public static WrittenProgram Read(EmittedBody body, int index, IReadOnlyList<string> parameters, IReadOnlyDictionary<string, UserCallExpr>? users = null)
        {
            var statements = new List<WrittenStatement>();
            foreach (var local in body.Locals)
            {
                // "double t0 = …;" or "float t0 = …;"
                int space = local.IndexOf(' '), equals = local.IndexOf(" = ", StringComparison.Ordinal);
                if (space < 0 || equals < 0 || !local.EndsWith(";", StringComparison.Ordinal)) throw new FormatException("Not a local declaration: " + local);
                string name = local.Substring(space + 1, equals - space - 1);
                statements.Add(new WrittenAssign(name, Parse(local.Substring(equals + 3, local.Length - equals - 4), users, parameters)));
            }
            statements.Add(new WrittenReturn(Parse(body.Results[index], users, parameters)));
            var list = new List<ProgramParameter>(parameters.Count);
            foreach (var p in parameters) list.Add(new ProgramParameter(p, ParameterKind.Scalar));
            return new WrittenProgram(new ValueList<ProgramParameter>(list), ValueList<ElementRead>.Empty, new ValueList<WrittenStatement>(statements));
        }

        /// <param name="names">Names that keep their @ (parameters called @in in the emitted code and in the IR).</param>
        public static WrittenExpr Parse(string text, IReadOnlyDictionary<string, UserCallExpr>? users = null, IReadOnlyList<string>? names = null)
        {
            var parser = new Parser(text, users, names);
            var e = parser.Conditional();
            parser.SkipSpace();
            if (parser.Position != text.Length) throw new FormatException($"Unexpected '{text.Substring(parser.Position)}' in emitted code: {text}");
            return e;
        }

        private sealed class Parser
        {
            private readonly string _text;

            private readonly IReadOnlyDictionary<string, UserCallExpr>? _users;

            private readonly IReadOnlyList<string>? _names;

            public Parser(string text, IReadOnlyDictionary<string, UserCallExpr>? users, IReadOnlyList<string>? names)
            {
                _text = text;
                _users = users;
                _names = names;
            }

            public int Position { get; private set; }

            public void SkipSpace()
            {
                while (Position < _text.Length && _text[Position] == ' ') Position++;
            }

            private bool Accept(string token)
            {
                SkipSpace();
                if (string.CompareOrdinal(_text, Position, token, 0, token.Length) != 0) return false;
                Position += token.Length;
                return true;
            }

            private void Expect(string token)
            {
                if (!Accept(token)) throw new FormatException($"Expected '{token}' at {Position} in emitted code: {_text}");
            }

            public WrittenExpr Conditional()
            {
                var test = Or();
                if (!Accept("?")) return test;
                var whenTrue = Conditional();
                Expect(":");
                var whenFalse = Conditional();
                return WrittenExpr.Conditional(test, whenTrue, whenFalse, whenTrue.IsSingle || whenFalse.IsSingle);
            }

            private WrittenExpr Or()
            {
                var left = And();
                while (Accept("||")) left = WrittenExpr.Logic(LogicalOperator.Or, left, And());
                return left;
            }

            private WrittenExpr And()
            {
                var left = Comparison();
                while (Accept("&&")) left = WrittenExpr.Logic(LogicalOperator.And, left, Comparison());
                return left;
            }

            private WrittenExpr Comparison()
            {
                var left = Additive();
                foreach (var (token, op) in Comparisons)
                {
                    if (Accept(token)) return WrittenExpr.Compare(op, left, Additive());
                }
                return left;
            }

            private static readonly (string, ComparisonOperator)[] Comparisons =
            {
                ("<=", ComparisonOperator.LessOrEqual), (">=", ComparisonOperator.GreaterOrEqual), ("==", ComparisonOperator.Equal),
                ("!=", ComparisonOperator.NotEqual), ("<", ComparisonOperator.Less), (">", ComparisonOperator.Greater),
            };

            private WrittenExpr Additive()
            {
                var left = Multiplicative();
                while (true)
                {
                    if (Accept("+")) left = Binary(WrittenOperator.Add, left, Multiplicative());
                    else if (Accept("-")) left = Binary(WrittenOperator.Subtract, left, Multiplicative());
                    else return left;
                }
            }

            private WrittenExpr Multiplicative()
            {
                var left = Unary();
                while (true)
                {
                    if (Accept("*")) left = Binary(WrittenOperator.Multiply, left, Unary());
                    else if (Accept("/")) left = Binary(WrittenOperator.Divide, left, Unary());
                    else return left;
                }
            }

            private static WrittenExpr Binary(WrittenOperator op, WrittenExpr a, WrittenExpr b) => WrittenExpr.Binary(op, a, b, a.IsSingle && b.IsSingle);

            private WrittenExpr Unary()
            {
                if (Accept("-")) return Negated(Unary());
                if (Accept("!")) return WrittenExpr.Logic(LogicalOperator.Not, Unary());
                if (Accept("(float)")) return WrittenExpr.ToSingle(Unary());
                // Double code converts an int selection (a step printed as c ? 0 : 1): read as the same selection of doubles.
                if (Accept("(double)"))
                {
                    var operand = Unary();
                    if (operand.IsSingle) throw new FormatException($"A float widened to double in emitted code: {_text}");
                    return operand;
                }
                return Primary();
            }

            private static WrittenExpr Negated(WrittenExpr e) =>
                e.Kind == WrittenKind.Number ? WrittenExpr.Number(-e.Value, e.IsSingle) : WrittenExpr.Negate(e, e.IsSingle);

            private WrittenExpr Primary()
            {
                SkipSpace();
                if (Accept("("))
                {
                    var inner = Conditional();
                    Expect(")");
                    return inner;
                }
                if (Position < _text.Length && (char.IsDigit(_text[Position]) || _text[Position] == '.')) return Number();
                foreach (string type in new[] { "double", "float" })
                {
                    if (Accept(type + ".NaN")) return WrittenExpr.Number(double.NaN, type == "float");
                    if (Accept(type + ".PositiveInfinity")) return WrittenExpr.Number(double.PositiveInfinity, type == "float");
                    if (Accept(type + ".NegativeInfinity")) return WrittenExpr.Number(double.NegativeInfinity, type == "float");
                }
                if (Accept("global::")) return Qualified();
                return Name();
            }

            private WrittenExpr Number()
            {
                int start = Position;
                while (Position < _text.Length && (char.IsDigit(_text[Position]) || _text[Position] is '.' or 'E' or 'e'
                       || _text[Position] is '+' or '-' && _text[Position - 1] is 'E' or 'e')) Position++;
                double value = double.Parse(_text.Substring(start, Position - start), NumberStyles.Float, CultureInfo.InvariantCulture);
                bool single = Position < _text.Length && _text[Position] == 'f';
                if (single) Position++;
                return WrittenExpr.Number(single ? (float)value : value, single);
            }

            /// <summary>A parameter, a local or an element read: the name as printed (<c>w[i + 1]</c>, <c>w.Length</c>).</summary>
            private WrittenExpr Name()
            {
                int start = Position;
                if (Position < _text.Length && _text[Position] == '@') Position++;
                while (Position < _text.Length && (char.IsLetterOrDigit(_text[Position]) || _text[Position] == '_')) Position++;
                if (Position == start) throw new FormatException($"Expected a name at {start} in emitted code: {_text}");
                if (Position < _text.Length && _text[Position] == '[')
                {
                    int depth = 0;
                    do
                    {
                        if (_text[Position] == '[') depth++;
                        else if (_text[Position] == ']') depth--;
                        Position++;
                    }
                    while (depth > 0 && Position < _text.Length);
                }
                else if (string.CompareOrdinal(_text, Position, ".Length", 0, 7) == 0)
                {
                    Position += 7;
                }
                string name = _text.Substring(start, Position - start);
                bool keep = _names is not null && _names.Contains(name);
                return WrittenExpr.Named(name.StartsWith("@", StringComparison.Ordinal) && !keep ? name.Substring(1) : name);
            }

            private WrittenExpr Qualified()
            {
                int start = Position;
                while (Position < _text.Length && (char.IsLetterOrDigit(_text[Position]) || _text[Position] is '.' or '_')) Position++;
                string path = _text.Substring(start, Position - start);
                int dot = path.LastIndexOf('.');
                string owner = path.Substring(0, dot), member = path.Substring(dot + 1);
                bool single = owner is "System.MathF" or "CompileTimeCalculus.SpecialFunctionsF";
                if (!Accept("("))
                {
                    if (member is "PI" or "E" or "Tau") return WrittenExpr.MathConstant(member, single);
                    throw new FormatException($"Unknown member '{path}' in emitted code: {_text}");
                }
                var args = new List<WrittenExpr>();
                if (!Accept(")"))
                {
                    do args.Add(Conditional());
                    while (Accept(","));
                    Expect(")");
                }
                if (_users is not null)
                {
                    // G(…).w: the tuple element of a [GradientOf] method.
                    string key = "global::" + path;
                    int save = Position;
                    if (Accept("."))
                    {
                        int start2 = Position;
                        while (Position < _text.Length && (char.IsLetterOrDigit(_text[Position]) || _text[Position] == '_')) Position++;
                        if (Position > start2 && _users.ContainsKey(key + UserFunction.MemberSeparator + _text.Substring(start2, Position - start2)))
                            key += UserFunction.MemberSeparator + _text.Substring(start2, Position - start2);
                        else Position = save;
                    }
                    if (_users.TryGetValue(key, out var user) && user.Arguments.Count == args.Count)
                        return WrittenExpr.UserCall(user.Function, user.Index, args.ToArray(), single: false);
                }
                if (owner is "System.Math" or "System.MathF" && MathMethods.TryGetValue((member, args.Count), out var method))
                    return WrittenExpr.Call(method, args.ToArray(), single);
                // StableMath, SpecialFunctions, and Math functions only the runtime library has on older targets.
                if (Enum.TryParse(member, out Function function)) return WrittenExpr.Runtime(function, args.ToArray(), single);
                throw new FormatException($"Unknown call '{path}' in emitted code: {_text}");
            }

            private static readonly Dictionary<(string, int), MathMethod> MathMethods = Build();

            private static Dictionary<(string, int), MathMethod> Build()
            {
                var map = new Dictionary<(string, int), MathMethod>();
                foreach (MathMethod m in Enum.GetValues(typeof(MathMethod)))
                {
                    int arity = m is MathMethod.Atan2 or MathMethod.Max or MathMethod.Min or MathMethod.Pow or MathMethod.LogBase or MathMethod.ScaleB ? 2
                        : m is MathMethod.Clamp or MathMethod.FusedMultiplyAdd ? 3 : 1;
                    map[(m == MathMethod.LogBase ? "Log" : m.ToString(), arity)] = m;
                }
                return map;
            }
        }
    }
}
