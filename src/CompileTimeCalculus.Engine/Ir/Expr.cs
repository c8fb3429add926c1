using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine.Ir
{
    public enum ExprKind
    {
        Number = 0,
        Constant = 1,
        Variable = 2,
        Power = 3,
        Product = 4,
        Sum = 5,
        Call = 6,
        Conditional = 7,
        Comparison = 8,
        Logical = 9,
        UserCall = 10,
    }

    /// <summary>Named mathematical constants that are kept symbolic.</summary>
    public enum NamedConstant { Pi = 0 }

    /// <summary>Elementary functions of the IR. Sqrt and Cbrt-free powers are <see cref="PowerExpr"/> nodes.</summary>
    public enum Function
    {
        Exp, Log, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh, Asinh, Acosh, Atanh,
        Abs, Sign, Cbrt, Atan2, Max, Min, Floor, Ceiling, Round, Truncate,

        // Numerically stable forms, introduced when emitting (see StableForms) or called by users, evaluated by the runtime library.
        Log1p, Expm1, Hypot, LogAddExp,

        // Special functions (non-elementary antiderivatives), evaluated by the runtime library's SpecialFunctions.
        Erf, Erfi, ExpIntegralEi, SinIntegral, CosIntegral, SinhIntegral, CoshIntegral, LogIntegral, FresnelS, FresnelC, Dilogarithm,
        Trilogarithm, Tetralogarithm, EllipticF, EllipticE, Clausen2, Clausen3, Clausen4,

        // Re and Im of Li₂, Li₃, Li₄ at r·e^(iφ), arguments (r, φ): polylogarithms of complex arguments in real form.
        DilogarithmRe, DilogarithmIm, TrilogarithmRe, TrilogarithmIm, TetralogarithmRe, TetralogarithmIm,

        // The same less their first term z, Re and Im of Li_k(z) − z for k = 1 … 4: where the first terms cancel between poles.
        LogarithmTailRe, LogarithmTailIm, DilogarithmTailRe, DilogarithmTailIm, TrilogarithmTailRe, TrilogarithmTailIm, TetralogarithmTailRe, TetralogarithmTailIm,

        // Re and Im of the Faddeeva function w(x + iy) = e^(−z²)·erfc(−iz), arguments (x, y): the error function of a complex argument.
        FaddeevaRe, FaddeevaIm,

        // Kummer's e^(−z)·M(s, s + 1, z) and e^y·y^(1−s)·Γ(s, y), arguments (s, ·): the incomplete gamma function, for ∫ xᵐ·e^(c·xⁿ).
        ScaledKummerM, ScaledUpperGamma,

        // erfc(u) = 1 − erf(u), introduced only when emitting (StableForms): a normal CDF's tail keeps its digits.
        Erfc,

        // What statistics and ML code calls: ln|Γ| and its derivatives ψ and ψ′, the normal CDF Φ and ln Φ.
        LogGamma, Digamma, Trigamma, NormalCdf, LogNormalCdf,
    }

    public enum ComparisonOperator { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

    public enum LogicalOperator { And, Or, Not }

    /// <summary>
    /// An immutable expression of the IR. Nodes are built only through the simplifying factories on
    /// <see cref="Expr"/>, so every tree is in canonical form; equality is structural and the hash is cached.
    /// </summary>
    public abstract partial class Expr : IEquatable<Expr>, IComparable<Expr>
    {
        /// <summary>No tree deeper than this is ever built: every recursive walk of the engine is bounded by it.</summary>
        public const int MaxDepth = 1500;

        private readonly int _hash;

        private protected Expr(int hash, int depth, int size)
        {
            if (depth > MaxDepth) throw new ExpressionLimitException($"the expression is nested more than {MaxDepth} levels deep");
            _hash = hash;
            Depth = depth;
            Size = size;
        }

        public abstract ExprKind Kind { get; }

        /// <summary>Height of the tree (a leaf is 1).</summary>
        public int Depth { get; }

        /// <summary>Number of nodes of the tree (saturating; shared subtrees count each time they occur).</summary>
        public int Size { get; }

        public abstract IReadOnlyList<Expr> Children { get; }

        private string[]? _variables;

        /// <summary>
        /// The names of the variables the tree reads, sorted ordinally and distinct. Computed once per node on first use
        /// (the node is immutable) and shared with a child that reads the same ones, so asking is cheap everywhere.
        /// </summary>
        public IReadOnlyList<string> Variables => _variables ??= CollectVariables();

        /// <summary>Whether the tree reads <paramref name="variable"/>.</summary>
        public bool DependsOn(string variable) => Array.BinarySearch(_variables ??= CollectVariables(), variable, StringComparer.Ordinal) >= 0;

        /// <summary>Whether the tree reads any variable (else it is a constant).</summary>
        public bool HasVariables => (_variables ??= CollectVariables()).Length > 0;

        private string[] CollectVariables()
        {
            if (this is VariableExpr v) return new[] { v.Name };
            var children = Children;
            if (children.Count == 0) return Array.Empty<string>();
            RuntimeHelpers.EnsureSufficientExecutionStack();
            string[] widest = Array.Empty<string>();
            foreach (var c in children)
            {
                var names = c._variables ??= c.CollectVariables();
                if (names.Length > widest.Length) widest = names;
            }
            // Usually one child reads every variable the node reads: share its array.
            HashSet<string>? union = null;
            foreach (var c in children)
            {
                foreach (var name in c._variables!)
                {
                    if (Array.BinarySearch(widest, name, StringComparer.Ordinal) >= 0) continue;
                    union ??= new HashSet<string>(widest, StringComparer.Ordinal);
                    union.Add(name);
                }
            }
            if (union is null) return widest;
            var merged = new string[union.Count];
            union.CopyTo(merged);
            Array.Sort(merged, StringComparer.Ordinal);
            return merged;
        }

        public sealed override int GetHashCode() => _hash;

        public sealed override bool Equals(object? obj) => obj is Expr e && Equals(e);

        public bool Equals(Expr? other)
        {
            if (ReferenceEquals(this, other)) return true;
            if (other is null || other._hash != _hash || other.Kind != Kind || other.Size != Size) return false;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return EqualsSameKind(other);
        }

        private protected abstract bool EqualsSameKind(Expr other);

        /// <summary>The canonical total order used to sort the operands of sums and products.</summary>
        public int CompareTo(Expr? other)
        {
            if (other is null) return 1;
            if (ReferenceEquals(this, other)) return 0;
            int byKind = Kind.CompareTo(other.Kind);
            if (byKind != 0) return byKind;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            return CompareSameKind(other);
        }

        private protected abstract int CompareSameKind(Expr other);

        public override string ToString() => MathPrinter.Print(this);

        internal static int Mix(int a, int b) => unchecked((a ^ (b + (int)0x9E3779B9 + (a << 6) + (a >> 2))) * 16777619);

        internal static int StableHash(string s)
        {
            unchecked
            {
                int h = (int)2166136261;
                foreach (char c in s) h = (h ^ c) * 16777619;
                return h;
            }
        }

        internal static int SaturatingAdd(int a, int b) => a > int.MaxValue - b ? int.MaxValue : a + b;

        internal static int CompareLists(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
        {
            // Compare from the last (most significant) operand, so x^2 sorts after x in a sum: 1 + x + x^2.
            int n = Math.Min(a.Count, b.Count);
            for (int i = 1; i <= n; i++)
            {
                int c = a[a.Count - i].CompareTo(b[b.Count - i]);
                if (c != 0) return c;
            }
            return a.Count.CompareTo(b.Count);
        }

        internal static bool EqualLists(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
        {
            if (a.Count != b.Count) return false;
            for (int i = 0; i < a.Count; i++) if (!a[i].Equals(b[i])) return false;
            return true;
        }

        internal static (int Hash, int Depth, int Size) Measure(int seed, IReadOnlyList<Expr> children)
        {
            int hash = seed, depth = 0, size = 1;
            foreach (var c in children)
            {
                hash = Mix(hash, c._hash);
                depth = Math.Max(depth, c.Depth);
                size = SaturatingAdd(size, c.Size);
            }
            return (hash, depth + 1, size);
        }
    }

    public sealed class NumberExpr : Expr
    {
        internal NumberExpr(Number value) : base(Mix(1, value.GetHashCode()), 1, 1) => Value = value;
        public Number Value { get; }
        public override ExprKind Kind => ExprKind.Number;
        public override IReadOnlyList<Expr> Children => Array.Empty<Expr>();
        private protected override bool EqualsSameKind(Expr other) => Value.Equals(((NumberExpr)other).Value);
        private protected override int CompareSameKind(Expr other) => Value.CompareTo(((NumberExpr)other).Value);
    }

    public sealed class ConstantExpr : Expr
    {
        internal ConstantExpr(NamedConstant constant) : base(Mix(2, (int)constant), 1, 1) => Constant = constant;
        public NamedConstant Constant { get; }
        public double Value => Constant switch { NamedConstant.Pi => Math.PI, _ => double.NaN };
        public override ExprKind Kind => ExprKind.Constant;
        public override IReadOnlyList<Expr> Children => Array.Empty<Expr>();
        private protected override bool EqualsSameKind(Expr other) => Constant == ((ConstantExpr)other).Constant;
        private protected override int CompareSameKind(Expr other) => Constant.CompareTo(((ConstantExpr)other).Constant);
    }

    /// <summary>A parameter of the function (the variable of differentiation or one held constant).</summary>
    public sealed class VariableExpr : Expr
    {
        internal VariableExpr(string name) : base(Mix(3, StableHash(name)), 1, 1) => Name = name;
        public string Name { get; }
        public override ExprKind Kind => ExprKind.Variable;
        public override IReadOnlyList<Expr> Children => Array.Empty<Expr>();
        private protected override bool EqualsSameKind(Expr other) => Name == ((VariableExpr)other).Name;
        private protected override int CompareSameKind(Expr other) => string.CompareOrdinal(Name, ((VariableExpr)other).Name);
    }

    public sealed class PowerExpr : Expr
    {
        private readonly Expr[] _children;

        internal PowerExpr(Expr b, Expr e) : this(new[] { b, e }, Measure(4, new[] { b, e })) { }

        private PowerExpr(Expr[] children, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size) => _children = children;

        public Expr Base => _children[0];
        public Expr Exponent => _children[1];
        public override ExprKind Kind => ExprKind.Power;
        public override IReadOnlyList<Expr> Children => _children;
        private protected override bool EqualsSameKind(Expr other) => EqualLists(_children, other.Children);
        private protected override int CompareSameKind(Expr other)
        {
            var o = (PowerExpr)other;
            int c = Base.CompareTo(o.Base);
            return c != 0 ? c : Exponent.CompareTo(o.Exponent);
        }
    }

    public sealed class ProductExpr : Expr
    {
        private readonly Expr[] _factors;
        internal ProductExpr(Expr[] factors) : this(factors, Measure(5, factors)) { }
        private ProductExpr(Expr[] factors, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size) => _factors = factors;
        public IReadOnlyList<Expr> Factors => _factors;
        public override ExprKind Kind => ExprKind.Product;
        public override IReadOnlyList<Expr> Children => _factors;
        private protected override bool EqualsSameKind(Expr other) => EqualLists(_factors, other.Children);
        private protected override int CompareSameKind(Expr other) => CompareLists(_factors, other.Children);
    }

    public sealed class SumExpr : Expr
    {
        private readonly Expr[] _terms;
        internal SumExpr(Expr[] terms) : this(terms, Measure(6, terms)) { }
        private SumExpr(Expr[] terms, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size) => _terms = terms;
        public IReadOnlyList<Expr> Terms => _terms;
        public override ExprKind Kind => ExprKind.Sum;
        public override IReadOnlyList<Expr> Children => _terms;
        private protected override bool EqualsSameKind(Expr other) => EqualLists(_terms, other.Children);
        private protected override int CompareSameKind(Expr other) => CompareLists(_terms, other.Children);
    }

    public sealed class CallExpr : Expr
    {
        private readonly Expr[] _arguments;
        internal CallExpr(Function function, Expr[] arguments) : this(function, arguments, Measure(Mix(7, (int)function), arguments)) { }
        private CallExpr(Function function, Expr[] arguments, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size)
        {
            Function = function;
            _arguments = arguments;
        }
        public Function Function { get; }
        public IReadOnlyList<Expr> Arguments => _arguments;
        public Expr Argument => _arguments[0];
        public override ExprKind Kind => ExprKind.Call;
        public override IReadOnlyList<Expr> Children => _arguments;
        private protected override bool EqualsSameKind(Expr other) => Function == ((CallExpr)other).Function && EqualLists(_arguments, other.Children);
        private protected override int CompareSameKind(Expr other)
        {
            int c = Function.CompareTo(((CallExpr)other).Function);
            return c != 0 ? c : CompareLists(_arguments, other.Children);
        }
    }

    /// <summary>
    /// A call of a user method the engine does not read (<see cref="UserFunction"/>), or of one of its declared
    /// derivatives: <see cref="Index"/> lists the argument positions differentiated by, ascending (empty for the value).
    /// </summary>
    public sealed class UserCallExpr : Expr
    {
        private readonly Expr[] _arguments;
        private readonly int[] _index;

        internal UserCallExpr(UserFunction function, int[] index, Expr[] arguments)
            : this(function, index, arguments, Measure(Mix(Mix(11, function.GetHashCode()), StableHash(UserFunction.IndexText(index))), arguments)) { }

        private UserCallExpr(UserFunction function, int[] index, Expr[] arguments, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size)
        {
            Function = function;
            _index = index;
            _arguments = arguments;
        }

        public UserFunction Function { get; }
        public IReadOnlyList<int> Index => _index;
        public IReadOnlyList<Expr> Arguments => _arguments;
        public override ExprKind Kind => ExprKind.UserCall;
        public override IReadOnlyList<Expr> Children => _arguments;

        private protected override bool EqualsSameKind(Expr other)
        {
            var call = (UserCallExpr)other;
            return Function.Equals(call.Function) && UserFunction.IndexText(_index) == UserFunction.IndexText(call._index) && EqualLists(_arguments, other.Children);
        }

        private protected override int CompareSameKind(Expr other)
        {
            var call = (UserCallExpr)other;
            int c = string.CompareOrdinal(Function.Name, call.Function.Name);
            if (c == 0) c = string.CompareOrdinal(UserFunction.IndexText(_index), UserFunction.IndexText(call._index));
            return c != 0 ? c : CompareLists(_arguments, other.Children);
        }
    }

    /// <summary><c>Test ? WhenTrue : WhenFalse</c>; the derivative differentiates the branch that is taken.</summary>
    public sealed class ConditionalExpr : Expr
    {
        private readonly Expr[] _children;
        internal ConditionalExpr(Expr test, Expr whenTrue, Expr whenFalse) : this(new[] { test, whenTrue, whenFalse }) { }
        private ConditionalExpr(Expr[] children) : this(children, Measure(8, children)) { }
        private ConditionalExpr(Expr[] children, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size) => _children = children;
        public Expr Test => _children[0];
        public Expr WhenTrue => _children[1];
        public Expr WhenFalse => _children[2];
        public override ExprKind Kind => ExprKind.Conditional;
        public override IReadOnlyList<Expr> Children => _children;
        private protected override bool EqualsSameKind(Expr other) => EqualLists(_children, other.Children);
        private protected override int CompareSameKind(Expr other) => CompareLists(_children, other.Children);
    }

    public sealed class ComparisonExpr : Expr
    {
        private readonly Expr[] _children;
        internal ComparisonExpr(ComparisonOperator op, Expr left, Expr right) : this(op, new[] { left, right }) { }
        private ComparisonExpr(ComparisonOperator op, Expr[] children) : this(op, children, Measure(Mix(9, (int)op), children)) { }
        private ComparisonExpr(ComparisonOperator op, Expr[] children, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size)
        {
            Operator = op;
            _children = children;
        }
        public ComparisonOperator Operator { get; }
        public Expr Left => _children[0];
        public Expr Right => _children[1];
        public override ExprKind Kind => ExprKind.Comparison;
        public override IReadOnlyList<Expr> Children => _children;
        private protected override bool EqualsSameKind(Expr other) => Operator == ((ComparisonExpr)other).Operator && EqualLists(_children, other.Children);
        private protected override int CompareSameKind(Expr other)
        {
            int c = Operator.CompareTo(((ComparisonExpr)other).Operator);
            return c != 0 ? c : CompareLists(_children, other.Children);
        }
    }

    public sealed class LogicalExpr : Expr
    {
        private readonly Expr[] _operands;
        internal LogicalExpr(LogicalOperator op, Expr[] operands) : this(op, operands, Measure(Mix(10, (int)op), operands)) { }
        private LogicalExpr(LogicalOperator op, Expr[] operands, (int Hash, int Depth, int Size) m) : base(m.Hash, m.Depth, m.Size)
        {
            Operator = op;
            _operands = operands;
        }
        public LogicalOperator Operator { get; }
        public IReadOnlyList<Expr> Operands => _operands;
        public override ExprKind Kind => ExprKind.Logical;
        public override IReadOnlyList<Expr> Children => _operands;
        private protected override bool EqualsSameKind(Expr other) => Operator == ((LogicalExpr)other).Operator && EqualLists(_operands, other.Children);
        private protected override int CompareSameKind(Expr other)
        {
            int c = Operator.CompareTo(((LogicalExpr)other).Operator);
            return c != 0 ? c : CompareLists(_operands, other.Children);
        }
    }

    /// <summary>Thrown inside the engine when a hard limit is hit; entry points turn it into a problem, never let it escape.</summary>
    public sealed class ExpressionLimitException : Exception
    {
        public ExpressionLimitException(string message) : base(message) { }
    }
}
