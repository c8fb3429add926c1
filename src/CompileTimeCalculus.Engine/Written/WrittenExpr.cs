using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Written
{
    public enum WrittenKind
    {
        /// <summary>A literal, or a constant the C# compiler folded: the double (or float) value C# computes.</summary>
        Number,
        /// <summary>Math.PI, Math.E or Math.Tau (the canonical IR keeps them symbolic).</summary>
        MathConstant,
        /// <summary>A parameter, a local or an element read, by name.</summary>
        Name,
        /// <summary>An int expression used as a number (a counter, an int parameter, a length).</summary>
        Integer,
        Binary,
        Negate,
        /// <summary>A System.Math (or MathF) method.</summary>
        Call,
        /// <summary>A function of the runtime library (StableMath, SpecialFunctions), by the IR function it computes.</summary>
        Runtime,
        /// <summary>A conversion to float: the value rounded to single precision.</summary>
        ToSingle,
        Conditional,
        Comparison,
        Logical,
        /// <summary>An inlined call: statements over fresh locals (its parameters first), ending in returns.</summary>
        Block,
        /// <summary>A call of a user method with declared derivatives (<see cref="UserFunction"/>), or of one of them.</summary>
        UserCall,
    }

    public enum WrittenOperator { Add, Subtract, Multiply, Divide }

    /// <summary>The System.Math methods the front end reads, by what they compute.</summary>
    public enum MathMethod
    {
        Abs, Acos, Acosh, Asin, Asinh, Atan, Atan2, Atanh, Cbrt, Ceiling, Clamp, Cos, Cosh, Exp, Floor, FusedMultiplyAdd,
        Log, LogBase, Log10, Log2, Max, Min, Pow, Round, ScaleB, Sign, Sin, Sinh, Sqrt, Tan, Tanh, Truncate,
    }

    /// <summary>
    /// A method body's expression exactly as C# evaluates it: the user's operation order, constants as the compiler folds
    /// them, float rounding where the type is float. Nothing is simplified, so evaluating it gives what the user's code
    /// returns (the reference every result is verified against); <see cref="Lowering"/> turns it into the canonical IR the
    /// engines work on. Immutable, with structural equality, so it can sit in an incremental-pipeline model.
    /// </summary>
    public sealed class WrittenExpr : IEquatable<WrittenExpr>
    {
        private static readonly WrittenExpr[] NoChildren = Array.Empty<WrittenExpr>();
        private readonly int _hash;

        private WrittenExpr(WrittenKind kind, int code, double value, string? name, IntExpr? integer, WrittenExpr[] children,
            ValueList<WrittenStatement>? body, bool single, UserFunction? user = null)
        {
            User = user;
            Kind = kind;
            Code = code;
            Value = value;
            Name = name;
            Int = integer;
            Children = children;
            Body = body;
            IsSingle = single;
            int depth = 0;
            unchecked
            {
                int h = ((int)kind * 397) ^ code;
                h = h * 31 + value.GetHashCode();
                h = h * 31 + (name is null ? 0 : Expr.StableHash(name));
                h = h * 31 + (integer?.GetHashCode() ?? 0);
                h = h * 31 + (body?.GetHashCode() ?? 0);
                h = h * 31 + (single ? 1 : 0);
                h = h * 31 + (user?.GetHashCode() ?? 0);
                foreach (var c in children)
                {
                    h = h * 31 + c._hash;
                    depth = Math.Max(depth, c.Depth);
                }
                _hash = h;
            }
            Depth = depth + 1;
            if (Depth > Expr.MaxDepth) throw new ExpressionLimitException($"the expression is nested more than {Expr.MaxDepth} levels deep");
        }

        public WrittenKind Kind { get; }

        /// <summary>The operator, method, comparison or logical operator, by kind.</summary>
        public int Code { get; }

        /// <summary>A number's value; for a math constant, its double value.</summary>
        public double Value { get; }

        /// <summary>A name's name; for a math constant, PI, E or Tau; for a block, the local its value goes to.</summary>
        public string? Name { get; }
        public IntExpr? Int { get; }

        /// <summary>For a user call, the function; <see cref="Name"/> then holds the multi-index of the derivative called.</summary>
        public UserFunction? User { get; }

        /// <summary>For a user call, the argument positions differentiated by (empty for the value).</summary>
        public IReadOnlyList<int> UserIndex => ParseIndex(Name);
        public IReadOnlyList<WrittenExpr> Children { get; }
        public ValueList<WrittenStatement>? Body { get; }

        /// <summary>True where C# computes this node in float (its result is rounded to single precision).</summary>
        public bool IsSingle { get; }
        public int Depth { get; }

        public WrittenOperator Operator => (WrittenOperator)Code;
        public MathMethod Method => (MathMethod)Code;
        public Function Function => (Function)Code;
        public ComparisonOperator Comparison => (ComparisonOperator)Code;
        public LogicalOperator Logical => (LogicalOperator)Code;

        public static WrittenExpr Number(double value, bool single = false) => new(WrittenKind.Number, 0, value, null, null, NoChildren, null, single);

        public static WrittenExpr MathConstant(string name, bool single = false)
        {
            double value = name switch
            {
                "PI" => Math.PI,
                "E" => Math.E,
                "Tau" => 2 * Math.PI,
                _ => throw new ArgumentException("Unknown constant " + name, nameof(name)),
            };
            return new(WrittenKind.MathConstant, 0, single ? (float)value : value, name, null, NoChildren, null, single);
        }

        public static WrittenExpr Named(string name, bool single = false) => new(WrittenKind.Name, 0, 0, name, null, NoChildren, null, single);

        public static WrittenExpr Integer(IntExpr value) => new(WrittenKind.Integer, 0, 0, null, value, NoChildren, null, false);

        public static WrittenExpr Binary(WrittenOperator op, WrittenExpr left, WrittenExpr right, bool single) =>
            new(WrittenKind.Binary, (int)op, 0, null, null, new[] { left, right }, null, single);

        public static WrittenExpr Negate(WrittenExpr operand, bool single) => new(WrittenKind.Negate, 0, 0, null, null, new[] { operand }, null, single);

        public static WrittenExpr Call(MathMethod method, WrittenExpr[] arguments, bool single) =>
            new(WrittenKind.Call, (int)method, 0, null, null, arguments, null, single);

        public static WrittenExpr Runtime(Function function, WrittenExpr[] arguments, bool single) =>
            new(WrittenKind.Runtime, (int)function, 0, null, null, arguments, null, single);

        public static WrittenExpr UserCall(UserFunction function, IReadOnlyList<int> index, WrittenExpr[] arguments, bool single) =>
            new(WrittenKind.UserCall, 0, 0, UserFunction.IndexText(index), null, arguments, null, single, function);

        private static IReadOnlyList<int> ParseIndex(string? text)
        {
            if (string.IsNullOrEmpty(text)) return Array.Empty<int>();
            var parts = text!.Split(',');
            var index = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++) index[i] = int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
            return index;
        }

        public static WrittenExpr ToSingle(WrittenExpr operand) => new(WrittenKind.ToSingle, 0, 0, null, null, new[] { operand }, null, true);

        public static WrittenExpr Conditional(WrittenExpr test, WrittenExpr whenTrue, WrittenExpr whenFalse, bool single) =>
            new(WrittenKind.Conditional, 0, 0, null, null, new[] { test, whenTrue, whenFalse }, null, single);

        public static WrittenExpr Compare(ComparisonOperator op, WrittenExpr left, WrittenExpr right) =>
            new(WrittenKind.Comparison, (int)op, 0, null, null, new[] { left, right }, null, false);

        public static WrittenExpr Logic(LogicalOperator op, params WrittenExpr[] operands) =>
            new(WrittenKind.Logical, (int)op, 0, null, null, operands, null, false);

        /// <param name="resultName">The local its value is assigned to where the body has loops and is run in place.</param>
        public static WrittenExpr Block(ValueList<WrittenStatement> body, bool single, string? resultName = null) =>
            new(WrittenKind.Block, 0, 0, resultName, null, NoChildren, body, single);

        public override int GetHashCode() => _hash;

        public override bool Equals(object? obj) => obj is WrittenExpr e && Equals(e);

        public bool Equals(WrittenExpr? other)
        {
            if (ReferenceEquals(this, other)) return true;
            if (other is null || other._hash != _hash || other.Kind != Kind || other.Code != Code || other.IsSingle != IsSingle
                || !other.Value.Equals(Value) || other.Name != Name || !Equals(other.Int, Int) || !Equals(other.User, User)
                || other.Children.Count != Children.Count) return false;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (!Equals(other.Body, Body)) return false;
            for (int i = 0; i < Children.Count; i++) if (!Children[i].Equals(other.Children[i])) return false;
            return true;
        }

        public override string ToString() => WrittenPrinter.Print(this);
    }
}
