using System;
using System.Collections.Generic;
using System.Globalization;

namespace CompileTimeCalculus.Engine.Ir
{
    /// <summary>
    /// Parses a C# expression over System.Math (as the benchmark files and tests write integrands) into IR, without
    /// Roslyn: numbers, identifiers (variables), <c>Math.Name(...)</c> and <c>SpecialFunctions.Name(...)</c> calls,
    /// <c>Math.PI</c>, <c>Math.E</c>, + − * /, unary minus and parentheses. Division of two integer literals truncates,
    /// as in C#. Throws <see cref="FormatException"/> for anything else.
    /// </summary>
    public sealed class ExpressionParser
    {
        private readonly string _text;
        private int _pos;

        private ExpressionParser(string text) => _text = text;

        public static Expr Parse(string text)
        {
            var parser = new ExpressionParser(text);
            var (e, _) = parser.Additive(0);
            parser.SkipSpace();
            if (parser._pos != text.Length) throw parser.Error("unexpected '" + text[parser._pos] + "'");
            return e;
        }

        private const int MaxDepth = 400;

        private (Expr Value, bool Integer) Additive(int depth)
        {
            if (depth > MaxDepth) throw Error("nested too deeply");
            var (left, integer) = Multiplicative(depth + 1);
            while (true)
            {
                SkipSpace();
                if (Peek('+') || Peek('-'))
                {
                    char op = _text[_pos++];
                    var (right, rightInteger) = Multiplicative(depth + 1);
                    left = op == '+' ? Expr.Add(left, right) : Expr.Subtract(left, right);
                    integer &= rightInteger;
                }
                else return (left, integer);
            }
        }

        private (Expr Value, bool Integer) Multiplicative(int depth)
        {
            var (left, integer) = Unary(depth + 1);
            while (true)
            {
                SkipSpace();
                if (Peek('*') || Peek('/'))
                {
                    char op = _text[_pos++];
                    var (right, rightInteger) = Unary(depth + 1);
                    if (op == '*')
                    {
                        left = Expr.Multiply(left, right);
                        integer &= rightInteger;
                    }
                    else if (integer && rightInteger && left is NumberExpr a && right is NumberExpr b && !b.Value.IsZero)
                    {
                        left = Expr.Num((long)Math.Truncate(a.Value.Value / b.Value.Value));
                    }
                    else
                    {
                        left = Expr.Divide(left, right);
                        integer = false;
                    }
                }
                else return (left, integer);
            }
        }

        private (Expr Value, bool Integer) Unary(int depth)
        {
            if (depth > MaxDepth) throw Error("nested too deeply");
            SkipSpace();
            if (Peek('-'))
            {
                _pos++;
                var (v, integer) = Unary(depth + 1);
                return (Expr.Negate(v), integer);
            }
            if (Peek('+'))
            {
                _pos++;
                return Unary(depth + 1);
            }
            return Primary(depth + 1);
        }

        private (Expr Value, bool Integer) Primary(int depth)
        {
            SkipSpace();
            if (_pos >= _text.Length) throw Error("unexpected end");
            char c = _text[_pos];
            if (c == '(')
            {
                _pos++;
                var inner = Additive(depth + 1);
                Expect(')');
                return inner;
            }
            if (char.IsDigit(c) || c == '.') return Literal();
            if (char.IsLetter(c) || c == '_')
            {
                string name = Identifier();
                SkipSpace();
                if (Peek('.'))
                {
                    _pos++;
                    string member = Identifier();
                    if (name is not ("Math" or "MathF" or "SpecialFunctions")) throw Error("unknown type '" + name + "'");
                    SkipSpace();
                    if (!Peek('('))
                    {
                        return member switch
                        {
                            "PI" => (Expr.Pi, false),
                            "E" => (Expr.E, false),
                            "Tau" => (Expr.Multiply(Expr.Num(2), Expr.Pi), false),
                            _ => throw Error("unknown constant " + name + "." + member),
                        };
                    }
                    _pos++;
                    var args = new List<Expr>();
                    SkipSpace();
                    if (!Peek(')'))
                    {
                        while (true)
                        {
                            args.Add(Additive(depth + 1).Value);
                            SkipSpace();
                            if (Peek(','))
                            {
                                _pos++;
                                continue;
                            }
                            break;
                        }
                    }
                    Expect(')');
                    return (Call(member, args), false);
                }
                return (Expr.Var(name), false);
            }
            throw Error("unexpected '" + c + "'");
        }

        private Expr Call(string name, List<Expr> a)
        {
            switch (name, a.Count)
            {
                case ("Exp", 1): return Expr.Exp(a[0]);
                case ("Log", 1): return Expr.Log(a[0]);
                case ("Log", 2): return Expr.Divide(Expr.Log(a[0]), Expr.Log(a[1]));
                case ("Log10", 1): return Expr.Divide(Expr.Log(a[0]), Expr.Log(Expr.Num(10)));
                case ("Log2", 1): return Expr.Divide(Expr.Log(a[0]), Expr.Log(Expr.Num(2)));
                case ("Sqrt", 1): return Expr.Sqrt(a[0]);
                case ("Pow", 2): return Expr.Power(a[0], a[1]);
            }
            // Every other function by its C# name (Sin, Erf, Atan2); the parsed text has no StableMath.
            if (FunctionFacts.Find(name, a.Count) is { Library: not FunctionLibrary.StableMath } facts)
                return Expr.Call(facts.Function, a.ToArray());
            throw Error("unsupported function " + name + " with " + a.Count + " argument(s)");
        }

        private (Expr Value, bool Integer) Literal()
        {
            int start = _pos;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
                while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
            }
            string token = _text.Substring(start, _pos - start);
            bool integer = token.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
            if (_pos < _text.Length && (_text[_pos] is 'd' or 'D' or 'f' or 'F'))
            {
                _pos++;
                integer = false;
            }
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) throw Error("bad number '" + token + "'");
            return (Expr.Num(Number.FromDouble(value)), integer);
        }

        private string Identifier()
        {
            int start = _pos;
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
            if (start == _pos) throw Error("identifier expected");
            return _text.Substring(start, _pos - start);
        }

        private bool Peek(char c) => _pos < _text.Length && _text[_pos] == c;

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c)) throw Error("'" + c + "' expected");
            _pos++;
        }

        private void SkipSpace()
        {
            while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
        }

        private FormatException Error(string message) => new($"{message} at position {_pos} of '{_text}'");
    }
}
