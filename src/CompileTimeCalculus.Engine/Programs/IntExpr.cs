using System;
using System.Collections.Generic;
using System.Globalization;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// An integer expression of a program: loop bounds, element indices and tape sizes. Constants, int parameters, loop
    /// counters, lengths of array parameters, elements of int arrays (labels, indices, masks), + − ×, C#'s truncating /
    /// and %, and max. Immutable, with value equality.
    /// </summary>
    public sealed class IntExpr : IEquatable<IntExpr>
    {
        public enum Kind { Constant, Variable, Length, Add, Subtract, Multiply, Divide, Remainder, Max, Element }

        private readonly int _hash;

        private IntExpr(Kind kind, long value, string? name, IntExpr? left, IntExpr? right)
        {
            Operator = kind;
            Value = value;
            Name = name;
            Left = left;
            Right = right;
            unchecked
            {
                int h = (int)kind * 31 + value.GetHashCode();
                h = h * 31 + (name is null ? 0 : Expr.StableHash(name));
                h = h * 31 + (left?._hash ?? 0);
                _hash = h * 31 + (right?._hash ?? 0);
            }
        }

        public Kind Operator { get; }
        public long Value { get; }

        /// <summary>The variable (counter or int parameter) or, for Length, the array.</summary>
        public string? Name { get; }
        public IntExpr? Left { get; }
        public IntExpr? Right { get; }

        public static readonly IntExpr Zero = Constant(0);
        public static readonly IntExpr One = Constant(1);

        public static IntExpr Constant(long value) => new(Kind.Constant, value, null, null, null);
        public static IntExpr Variable(string name) => new(Kind.Variable, 0, name, null, null);
        public static IntExpr Length(string array) => new(Kind.Length, 0, array, null, null);

        /// <summary><c>array[index]</c> of an int array or span parameter.</summary>
        public static IntExpr Element(string array, IntExpr index) => new(Kind.Element, 0, array, index, null);

        public bool IsConstant => Operator == Kind.Constant;

        public static IntExpr Add(IntExpr a, IntExpr b)
        {
            if (a.IsConstant && b.IsConstant) return Constant(a.Value + b.Value);
            if (b.IsConstant && b.Value == 0) return a;
            if (a.IsConstant && a.Value == 0) return b;
            // (n − 1) + 1 is n: the bounds of `i <= n - 1` come out as the user wrote them.
            if (b.IsConstant && a.Operator == Kind.Subtract && a.Right!.IsConstant) return Subtract(a.Left!, Constant(a.Right.Value - b.Value));
            if (b.IsConstant && a.Operator == Kind.Add && a.Right!.IsConstant) return Add(a.Left!, Constant(a.Right.Value + b.Value));
            if (b.IsConstant && b.Value < 0) return new(Kind.Subtract, 0, null, a, Constant(-b.Value));
            return new(Kind.Add, 0, null, a, b);
        }

        public static IntExpr Subtract(IntExpr a, IntExpr b)
        {
            if (a.IsConstant && b.IsConstant) return Constant(a.Value - b.Value);
            if (b.IsConstant && b.Value == 0) return a;
            if (a.Equals(b)) return Zero;
            if (b.IsConstant && b.Value < 0) return Add(a, Constant(-b.Value));
            if (b.IsConstant && a.Operator == Kind.Add && a.Right!.IsConstant) return Add(a.Left!, Constant(a.Right.Value - b.Value));
            if (b.IsConstant && a.Operator == Kind.Subtract && a.Right!.IsConstant) return Subtract(a.Left!, Constant(a.Right.Value + b.Value));
            if (a.Operator == Kind.Add && a.Right!.Equals(b)) return a.Left!;
            return new(Kind.Subtract, 0, null, a, b);
        }

        public static IntExpr Multiply(IntExpr a, IntExpr b)
        {
            if (a.IsConstant && b.IsConstant) return Constant(a.Value * b.Value);
            if (a.IsConstant && a.Value == 0 || b.IsConstant && b.Value == 0) return Zero;
            if (a.IsConstant && a.Value == 1) return b;
            if (b.IsConstant && b.Value == 1) return a;
            // Constants first: 2 * n.
            return b.IsConstant ? new(Kind.Multiply, 0, null, b, a) : new(Kind.Multiply, 0, null, a, b);
        }

        /// <summary>C#'s integer division: the quotient truncated toward zero.</summary>
        public static IntExpr Divide(IntExpr a, IntExpr b)
        {
            if (a.IsConstant && b.IsConstant && b.Value != 0) return Constant(a.Value / b.Value);
            if (b.IsConstant && b.Value == 1) return a;
            return new(Kind.Divide, 0, null, a, b);
        }

        /// <summary>C#'s remainder: the sign of the dividend.</summary>
        public static IntExpr Remainder(IntExpr a, IntExpr b)
        {
            if (a.IsConstant && b.IsConstant && b.Value != 0) return Constant(a.Value % b.Value);
            return new(Kind.Remainder, 0, null, a, b);
        }

        public static IntExpr Max(IntExpr a, IntExpr b)
        {
            if (a.IsConstant && b.IsConstant) return Constant(Math.Max(a.Value, b.Value));
            if (a.Equals(b)) return a;
            return new(Kind.Max, 0, null, a, b);
        }

        /// <summary>
        /// The value, given the integer variables (counters, int parameters), the lengths of the arrays and, for int arrays,
        /// their elements (<paramref name="element"/>(array, index)).
        /// </summary>
        public long Evaluate(Func<string, long> variable, Func<string, long> length, Func<string, long, long>? element = null) => Operator switch
        {
            Kind.Constant => Value,
            Kind.Variable => variable(Name!),
            Kind.Length => length(Name!),
            Kind.Element => (element ?? throw new KeyNotFoundException($"No int array '{Name}'."))(Name!, Left!.Evaluate(variable, length, element)),
            Kind.Add => checked(Left!.Evaluate(variable, length, element) + Right!.Evaluate(variable, length, element)),
            Kind.Subtract => checked(Left!.Evaluate(variable, length, element) - Right!.Evaluate(variable, length, element)),
            Kind.Multiply => checked(Left!.Evaluate(variable, length, element) * Right!.Evaluate(variable, length, element)),
            Kind.Divide => Left!.Evaluate(variable, length, element) / Right!.Evaluate(variable, length, element),
            Kind.Remainder => Left!.Evaluate(variable, length, element) % Right!.Evaluate(variable, length, element),
            _ => Math.Max(Left!.Evaluate(variable, length, element), Right!.Evaluate(variable, length, element)),
        };

        /// <summary>The variables (Variable) and arrays (Length) the expression reads.</summary>
        public void CollectNames(ISet<string> variables, ISet<string>? arrays = null)
        {
            if (Operator == Kind.Variable) variables.Add(Name!);
            if (Operator is Kind.Length or Kind.Element) arrays?.Add(Name!);
            Left?.CollectNames(variables, arrays);
            Right?.CollectNames(variables, arrays);
        }

        /// <summary>
        /// The expression rebuilt bottom-up, each node (with its children already replaced) offered to
        /// <paramref name="replacement"/>, which returns its replacement or null to keep it.
        /// </summary>
        public IntExpr Replace(Func<IntExpr, IntExpr?> replacement)
        {
            var node = this;
            if (Left is not null)
            {
                var left = Left.Replace(replacement);
                var right = Right?.Replace(replacement);
                if (!ReferenceEquals(left, Left) || !ReferenceEquals(right, Right))
                {
                    node = Operator switch
                    {
                        Kind.Element => Element(Name!, left),
                        Kind.Add => Add(left, right!),
                        Kind.Subtract => Subtract(left, right!),
                        Kind.Multiply => Multiply(left, right!),
                        Kind.Divide => Divide(left, right!),
                        Kind.Remainder => Remainder(left, right!),
                        _ => Max(left, right!),
                    };
                }
            }
            return replacement(node) ?? node;
        }

        /// <summary>Whether evaluating it reads an int array or divides by something that is not a constant.</summary>
        public bool IsCostly =>
            Operator == Kind.Element || Operator is Kind.Divide or Kind.Remainder && !Right!.IsConstant || (Left?.IsCostly ?? false) || (Right?.IsCostly ?? false);

        public bool ReadsElement => Operator == Kind.Element || (Left?.ReadsElement ?? false) || (Right?.ReadsElement ?? false);

        /// <summary>The non-constant divisors, innermost first (each may only be evaluated once those inside it are non-zero).</summary>
        public void CollectDivisors(List<IntExpr> divisors)
        {
            Left?.CollectDivisors(divisors);
            Right?.CollectDivisors(divisors);
            if (Operator is Kind.Divide or Kind.Remainder && !Right!.IsConstant) divisors.Add(Right);
        }

        public bool Mentions(string variable) =>
            Operator == Kind.Variable && Name == variable || (Left?.Mentions(variable) ?? false) || (Right?.Mentions(variable) ?? false);

        /// <summary>The same value as an expression of the IR (integers are exact there), for arithmetic in floating point.</summary>
        public Expr ToExpr() => Operator switch
        {
            Kind.Constant => Expr.Num(Value),
            Kind.Variable => Expr.Var(Name!),
            Kind.Length => Expr.Var(Name + ".Length"),
            Kind.Element => Expr.Var(ToCSharp()),
            Kind.Add => Expr.Add(Left!.ToExpr(), Right!.ToExpr()),
            Kind.Subtract => Expr.Subtract(Left!.ToExpr(), Right!.ToExpr()),
            Kind.Multiply => Expr.Multiply(Left!.ToExpr(), Right!.ToExpr()),
            Kind.Divide => Expr.Call(Function.Truncate, Expr.Divide(Left!.ToExpr(), Right!.ToExpr())),
            Kind.Remainder => Expr.Subtract(Left!.ToExpr(), Expr.Multiply(Right!.ToExpr(), Expr.Call(Function.Truncate, Expr.Divide(Left!.ToExpr(), Right!.ToExpr())))),
            _ => Expr.Call(Function.Max, Left!.ToExpr(), Right!.ToExpr()),
        };

        /// <summary>C# text, parenthesized as needed.</summary>
        public string ToCSharp() => Print(0);

        private string Print(int context)
        {
            switch (Operator)
            {
                case Kind.Constant:
                    return Value < 0 && context > 0 ? "(" + Value.ToString(CultureInfo.InvariantCulture) + ")" : Value.ToString(CultureInfo.InvariantCulture);
                case Kind.Variable: return Name!;
                case Kind.Length: return Name + ".Length";
                case Kind.Element: return Name + "[" + Left!.Print(0) + "]";
                case Kind.Max: return "global::System.Math.Max(" + Left!.Print(0) + ", " + Right!.Print(0) + ")";
            }
            int precedence = Operator is Kind.Multiply or Kind.Divide or Kind.Remainder ? 2 : 1;
            string op = Operator switch { Kind.Add => " + ", Kind.Subtract => " - ", Kind.Divide => " / ", Kind.Remainder => " % ", _ => " * " };
            // The right operand of −, ×, / and % and any operand of a looser context need parentheses: j * (n / d) is not
            // j * n / d in integer arithmetic.
            bool rightTight = Operator is Kind.Subtract or Kind.Multiply or Kind.Divide or Kind.Remainder;
            string text = Left!.Print(precedence) + op + Right!.Print(rightTight ? precedence + 1 : precedence);
            return precedence < context ? "(" + text + ")" : text;
        }

        public bool Equals(IntExpr? other) =>
            ReferenceEquals(this, other) || other is not null && other._hash == _hash && Operator == other.Operator && Value == other.Value && Name == other.Name
            && Equals(Left, other.Left) && Equals(Right, other.Right);

        public override bool Equals(object? obj) => obj is IntExpr e && Equals(e);

        public override int GetHashCode() => _hash;

        public override string ToString() => ToCSharp();
    }
}
