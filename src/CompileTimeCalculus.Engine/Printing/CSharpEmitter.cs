using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>
    /// Prints IR as C#: every subexpression used more than once becomes a local, small integer powers become
    /// multiplications, numbers print culture-invariantly as double (or float) literals, calls are global::-qualified.
    /// </summary>
    /// <remarks>
    /// The branches of a conditional are printed in place, so a branch that is not taken costs nothing; a subexpression
    /// shared between a branch and the unconditional part, or evaluated by both branches, is hoisted once and reused.
    /// </remarks>
    public sealed class CSharpEmitter
    {
        private const int Conditional = 1, Or = 2, And = 3, Equality = 4, Relational = 5, Additive = 6, Multiplicative = 7, Unary = 8, Primary = 9;

        private readonly NumericType _type;
        private readonly string _math;
        private readonly string _typeName;
        private readonly HashSet<string> _reservedNames;
        private readonly Budget _budget;
        private readonly Dictionary<Expr, int> _uses = new();
        private readonly Dictionary<Expr, string> _locals = new();
        private readonly Dictionary<ConditionalExpr, Expr[]> _sharedByBranches = new();
        private readonly Dictionary<Expr, ProductExpr> _scaledSums = new();
        private readonly HashSet<Expr> _emitted = new();
        private readonly List<string> _statements = new();
        private readonly List<string> _localNames = new();
        private int _nextLocal;

        // Correctly rounded, written out so the output does not depend on the build machine's Math.Log.
        private static readonly Dictionary<double, double> WellKnownLogarithms = new()
        {
            [2] = 0.6931471805599453,
            [10] = 2.302585092994046,
        };

        private CSharpEmitter(NumericType type, IEnumerable<string> reservedNames, Budget budget, bool userFacing = false)
        {
            _type = type;
            _math = (userFacing ? "" : "global::System.") + (type == NumericType.Single ? "MathF" : "Math");
            _typeName = type == NumericType.Single ? "float" : "double";
            _reservedNames = new HashSet<string>(reservedNames, StringComparer.Ordinal);
            _budget = budget;
        }

        public static EmittedBody Emit(IReadOnlyList<Expr> roots, NumericType type, IEnumerable<string> reservedNames, Budget budget)
        {
            var emitter = new CSharpEmitter(type, reservedNames, budget);
            roots = ConstantFolding.Fold(roots, budget);
            roots = ExponentialPowers.Rewrite(roots, budget);
            emitter.FindScaledSums(roots);
            foreach (var root in roots) emitter.Count(root, 1);
            foreach (var root in roots) emitter.CountBranchUses(root, new HashSet<Expr>());
            if (emitter._uses.Count > budget.MaxEmittedNodes)
                throw new ExpressionLimitException($"the result has {emitter._uses.Count:N0} distinct subexpressions, more than the limit of {budget.MaxEmittedNodes:N0}");
            foreach (var root in roots) emitter.Hoist(root);
            var results = new List<string>(roots.Count);
            foreach (var root in roots) results.Add(emitter.Print(root, out _));
            return new EmittedBody(emitter._statements, results, emitter._localNames, roots);
        }

        /// <summary>One expression as a person would write it in source (<c>Math.Exp</c>, no locals), for code fixes and messages.</summary>
        public static string EmitExpression(Expr e, NumericType type, Budget budget)
        {
            var emitter = new CSharpEmitter(type, Array.Empty<string>(), budget, userFacing: true);
            return emitter.Print(e, out _);
        }

        /// <summary>The operands a node's printed form evaluates, with multiplicity (x^3 prints x three times).</summary>
        private IEnumerable<(Expr Child, int Times)> Operands(Expr e)
        {
            if (e is SumExpr && _scaledSums.TryGetValue(e, out var scaled)) e = scaled;
            switch (e)
            {
                case ConditionalExpr c:
                    yield return (c.Test, 1);
                    foreach (var shared in SharedByBranches(c)) yield return (shared, 1);
                    yield break;
                case PowerExpr { Exponent: NumberExpr { Value.IsNegative: true } } p:
                    yield return (Positive(p), 1);
                    yield break;
                case PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, Numerator: 3, Denominator: 2 } } } p:
                    yield return (p.Base, 1);
                    yield return (Expr.Sqrt(p.Base), 1);
                    yield break;
                case PowerExpr p:
                    yield return (p.Base, PrintedBaseCount(p));
                    if (p.Exponent is not NumberExpr) yield return (p.Exponent, 1);
                    yield break;
                case CallExpr { Function: Function.Sign } s:
                    yield return (s.Argument, 2);
                    yield break;
                case SumExpr sum:
                {
                    // a − b prints b: count b, not −b (which would become a local nothing reads).
                    var (positive, subtracted) = PrintShape.PartitionTerms(sum);
                    foreach (var t in positive) yield return (t, 1);
                    foreach (var t in subtracted) yield return (t, 1);
                    yield break;
                }
                case ProductExpr product:
                    foreach (var f in product.Factors)
                    {
                        // Negative powers print as positive powers below the line: count those.
                        yield return (f is PowerExpr { Exponent: NumberExpr { Value.IsNegative: true } } p ? Positive(p) : f, 1);
                    }
                    yield break;
                default:
                    foreach (var c in e.Children) yield return (c, 1);
                    yield break;
            }
        }

        /// <summary>
        /// The canonical IR distributes a number over a sum (2(b + wx − y) is 2b + 2wx − 2y), so a sum that is an exact
        /// multiple of another sum in the output prints as that multiple (2.0 * t0), sharing the other's local.
        /// </summary>
        private void FindScaledSums(IReadOnlyList<Expr> roots)
        {
            var groups = new Dictionary<Expr, List<(SumExpr Sum, Number Lead)>>();
            var order = new List<Expr>();
            var visited = new HashSet<Expr>();
            foreach (var root in roots) Visit(root);
            foreach (var key in order)
            {
                var members = groups[key];
                if (members.Count < 2) continue;
                var (baseSum, baseLead) = members.FirstOrDefault(m => m.Lead.IsOne);
                if (baseSum is null) (baseSum, baseLead) = members[0];
                foreach (var (sum, lead) in members)
                {
                    if (!ReferenceEquals(sum, baseSum)) _scaledSums[sum] = new ProductExpr(new Expr[] { Expr.Num(lead / baseLead), baseSum });
                }
            }

            void Visit(Expr e)
            {
                if (!visited.Add(e)) return;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                _budget.Charge();
                if (e is SumExpr sum && sum.Terms.All(t => LeadCoefficient(t).IsExact))
                {
                    var lead = LeadCoefficient(sum.Terms[0]);
                    var key = Expr.Multiply(Expr.Num(Number.One / lead), sum);
                    if (!groups.TryGetValue(key, out var members))
                    {
                        groups[key] = members = new List<(SumExpr, Number)>();
                        order.Add(key);
                    }
                    members.Add((sum, lead));
                }
                foreach (var child in e.Children) Visit(child);
            }
        }

        private static Number LeadCoefficient(Expr term) => term switch
        {
            NumberExpr n => n.Value,
            ProductExpr p when p.Factors[0] is NumberExpr n => n.Value,
            _ => Number.One,
        };

        /// <summary>
        /// The largest subexpressions both branches of a conditional evaluate: whichever branch runs computes them, so
        /// they count as operands of the conditional and can be shared with the rest of the expression.
        /// </summary>
        private Expr[] SharedByBranches(ConditionalExpr c)
        {
            if (_sharedByBranches.TryGetValue(c, out var known)) return known;
            var whenFalse = new HashSet<Expr>();
            Evaluated(c.WhenFalse, whenFalse);
            var shared = new List<Expr>();
            var visited = new HashSet<Expr>();
            Collect(c.WhenTrue);
            var result = shared.ToArray();
            _sharedByBranches[c] = result;
            return result;

            void Collect(Expr e)
            {
                if (!visited.Add(e)) return;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                _budget.Charge();
                if (!IsTrivial(e) && e is not ComparisonExpr and not LogicalExpr && whenFalse.Contains(e))
                {
                    shared.Add(e);
                    return;
                }
                foreach (var (child, _) in Operands(e)) Collect(child);
            }
        }

        /// <summary>Every subexpression evaluating <paramref name="e"/> computes whichever way its conditionals go.</summary>
        private void Evaluated(Expr e, HashSet<Expr> evaluated)
        {
            if (!evaluated.Add(e)) return;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            foreach (var (child, _) in Operands(e)) Evaluated(child, evaluated);
        }

        /// <summary>b^-n prints as 1 / b^n: the printed operand is b^n.</summary>
        private static Expr Positive(PowerExpr p) => Expr.Power(p.Base, Expr.Num(-((NumberExpr)p.Exponent).Value));

        private static int PrintedBaseCount(PowerExpr p)
        {
            if (p.Exponent is NumberExpr { Value: { IsExact: true } n })
            {
                if (n.Denominator == 1 && Math.Abs(n.Numerator) is >= 2 and <= 4) return (int)Math.Abs(n.Numerator);
            }
            return 1;
        }

        private void Count(Expr e, int times)
        {
            if (_uses.TryGetValue(e, out int n))
            {
                _uses[e] = n + times;
                return;
            }
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            _uses[e] = times;
            foreach (var (child, childTimes) in Operands(e)) Count(child, childTimes);
        }

        /// <summary>
        /// A branch of a conditional that uses something the unconditional part computes anyway counts as a use, so it
        /// becomes a shared local instead of being computed twice; nothing only a branch needs is hoisted.
        /// </summary>
        private void CountBranchUses(Expr e, HashSet<Expr> visited)
        {
            if (!visited.Add(e)) return;
            if (e is ConditionalExpr c)
            {
                CountInBranch(c.WhenTrue, new HashSet<Expr>());
                CountInBranch(c.WhenFalse, new HashSet<Expr>());
            }
            foreach (var (child, _) in Operands(e)) CountBranchUses(child, visited);
        }

        private void CountInBranch(Expr e, HashSet<Expr> visited)
        {
            if (!visited.Add(e)) return;
            _budget.Charge();
            if (_uses.TryGetValue(e, out int n))
            {
                _uses[e] = n + 1;
                return;
            }
            foreach (var (child, _) in Operands(e)) CountInBranch(child, visited);
            foreach (var child in e is ConditionalExpr c ? new[] { c.WhenTrue, c.WhenFalse } : System.Array.Empty<Expr>()) CountInBranch(child, visited);
        }

        private static bool IsTrivial(Expr e) => e switch
        {
            NumberExpr or ConstantExpr or VariableExpr => true,
            ProductExpr p => p.Factors.Count == 2 && p.Factors[0] is NumberExpr { Value.IsMinusOne: true } && p.Factors[1] is VariableExpr,
            _ => e.Equals(Expr.E),
        };

        private void Hoist(Expr e)
        {
            if (!_emitted.Add(e)) return;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            foreach (var (child, _) in Operands(e)) Hoist(child);
            if (!IsTrivial(e) && _uses.TryGetValue(e, out int uses) && uses >= 2 && e is not ComparisonExpr and not LogicalExpr)
            {
                string text = Print(e, out _);
                string name = NextLocalName();
                _statements.Add(_typeName + " " + name + " = " + text + ";");
                _localNames.Add(name);
                _locals[e] = name;
            }
        }

        private string NextLocalName()
        {
            while (true)
            {
                string name = "t" + _nextLocal.ToString(CultureInfo.InvariantCulture);
                _nextLocal++;
                if (!_reservedNames.Contains(name)) return name;
            }
        }

        private string Wrap(Expr e, int needed)
        {
            string text = Print(e, out int prec);
            return prec < needed ? "(" + text + ")" : text;
        }

        private string Print(Expr e, out int prec)
        {
            if (_locals.TryGetValue(e, out var local))
            {
                prec = Primary;
                return local;
            }
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (e)
            {
                case NumberExpr n:
                    return Literal(n.Value, out prec);
                case ConstantExpr:
                    prec = Primary;
                    return _math + ".PI";
                case VariableExpr v:
                    prec = Primary;
                    return v.Name;
                case SumExpr s when _scaledSums.TryGetValue(s, out var scaled):
                    return PrintProduct(scaled, out prec);
                case SumExpr s:
                    return PrintSum(s, out prec);
                case ProductExpr p:
                    return PrintProduct(p, out prec);
                case PowerExpr p:
                    return PrintPower(p, out prec);
                case CallExpr c:
                    return PrintCall(c, out prec);
                case UserCallExpr u:
                {
                    prec = Primary;
                    // A float method called from double code takes its arguments converted; a double one's result is
                    // converted in float code. Widening the other way is implicit.
                    bool narrowArguments = u.Function.Single && _type == NumericType.Double;
                    var args = new List<string>(u.Arguments.Count);
                    foreach (var a in u.Arguments) args.Add(narrowArguments ? "(float)(" + Print(a, out _) + ")" : Print(a, out _));
                    string method = u.Function.MethodFor(u.Index) ?? throw new InvalidOperationException("No method for " + u.Function.Display + " at " + UserFunction.IndexText(u.Index));
                    string call = UserFunction.CallText(method, string.Join(", ", args));
                    if (u.Function.Single || _type != NumericType.Single) return call;
                    prec = Unary;
                    return "(float)" + call;
                }
                case ConditionalExpr { WhenTrue: NumberExpr t, WhenFalse: NumberExpr f } c when SmallInteger(t) && SmallInteger(f):
                    // A step between integers as an int selection then a conversion: the JIT turns it into a compare and
                    // a setcc, where a double selection is a branch that a ReLU's random signs mispredict.
                    prec = Unary;
                    return "(" + (_type == NumericType.Single ? "float" : "double") + ")(" + Wrap(c.Test, Or) + " ? " +
                        t.Value.Numerator.ToString(CultureInfo.InvariantCulture) + " : " + f.Value.Numerator.ToString(CultureInfo.InvariantCulture) + ")";
                case ConditionalExpr c:
                    prec = Conditional;
                    return Wrap(c.Test, Or) + " ? " + Wrap(c.WhenTrue, Or) + " : " + Wrap(c.WhenFalse, Conditional);
                case ComparisonExpr c:
                {
                    bool equality = c.Operator is ComparisonOperator.Equal or ComparisonOperator.NotEqual;
                    prec = equality ? Equality : Relational;
                    return Wrap(c.Left, Additive) + " " + MathPrinter.ComparisonText(c.Operator) + " " + Wrap(c.Right, Additive);
                }
                case LogicalExpr l:
                    switch (l.Operator)
                    {
                        case LogicalOperator.Not:
                            prec = Unary;
                            return "!" + Wrap(l.Operands[0], Primary);
                        case LogicalOperator.And:
                            prec = And;
                            return Wrap(l.Operands[0], And) + " && " + Wrap(l.Operands[1], Equality);
                        default:
                            prec = Or;
                            return Wrap(l.Operands[0], Or) + " || " + Wrap(l.Operands[1], And);
                    }
                default:
                    throw new InvalidOperationException("Unknown expression kind " + e.Kind);
            }
        }

        private string PrintSum(SumExpr s, out int prec)
        {
            prec = Additive;
            var (positive, subtracted) = PrintShape.PartitionTerms(s);
            var sb = new StringBuilder();
            foreach (var t in positive)
            {
                sb.Append(sb.Length == 0 ? Wrap(t, Additive) : " + " + Wrap(t, Multiplicative));
            }
            foreach (var t in subtracted)
            {
                sb.Append(sb.Length == 0 ? Minus(Wrap(t, Multiplicative)) : " - " + Wrap(t, Multiplicative));
            }
            return sb.ToString();
        }

        private string PrintProduct(ProductExpr p, out int prec)
        {
            var parts = PrintShape.SplitProduct(p);
            var coefficient = parts.Coefficient;
            var numerator = new List<(string Text, int Prec)>();
            var denominator = new List<(string Text, int Prec)>();
            if (coefficient.IsExact && IsPowerOfTwo(coefficient.Denominator) && coefficient.Denominator != 1)
            {
                // p/2^k is exact in binary: multiplying by 0.5 is the same number as dividing by 2, and cheaper.
                numerator.Add((Literal(coefficient, out _), Primary));
            }
            else if (coefficient.IsExact)
            {
                if (coefficient.Numerator != 1) numerator.Add((Literal(Number.FromInteger(coefficient.Numerator), out _), Primary));
                if (coefficient.Denominator != 1) denominator.Add((Literal(Number.FromInteger(coefficient.Denominator), out _), Primary));
            }
            else if (!coefficient.IsOne)
            {
                numerator.Add((Literal(coefficient, out _), Primary));
            }
            foreach (var f in parts.Numerator) numerator.Add((Print(f, out int fp), fp));
            foreach (var f in parts.Denominator) denominator.Add((Print(f, out int fp), fp));

            string text = numerator.Count == 0 ? Literal(Number.One, out _) : JoinProduct(numerator);
            if (denominator.Count == 1) text += " / " + (denominator[0].Prec > Multiplicative ? denominator[0].Text : "(" + denominator[0].Text + ")");
            else if (denominator.Count > 1) text += " / (" + JoinProduct(denominator) + ")";

            prec = Multiplicative;
            if (numerator.Count == 1 && denominator.Count == 0)
            {
                // A lone factor keeps its own precedence (-x is unary, not multiplicative).
                prec = Math.Min(numerator[0].Prec, Unary);
                text = numerator[0].Prec < Multiplicative ? "(" + text + ")" : text;
            }
            if (!parts.Negative) return text;
            // -0.5 * x * x: a leading coefficient takes the sign itself.
            if (!coefficient.IsOne && numerator.Count > 1 || !coefficient.IsOne && denominator.Count > 0 && numerator.Count == 1 && parts.Numerator.Count == 0) return Minus(text);
            return Minus(prec >= Unary ? text : "(" + text + ")");
        }

        /// <summary>−text, parenthesized when text starts with a minus itself: "--x" is C#'s decrement, not −(−x).</summary>
        private static string Minus(string text) => text.StartsWith("-", StringComparison.Ordinal) ? "-(" + text + ")" : "-" + text;

        private static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;

        /// <summary>a * b * c, parenthesizing any factor looser than a multiplication (a sum, a conditional).</summary>
        private static string JoinProduct(List<(string Text, int Prec)> factors)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < factors.Count; i++)
            {
                if (i > 0) sb.Append(" * ");
                var (text, prec) = factors[i];
                sb.Append(prec < Multiplicative ? "(" + text + ")" : text);
            }
            return sb.ToString();
        }

        private string PrintPower(PowerExpr p, out int prec)
        {
            if (p.Exponent is NumberExpr { Value: { IsExact: true } n })
            {
                if (n.IsNegative)
                {
                    prec = Multiplicative;
                    string below = Print(Expr.Power(p.Base, Expr.Num(-n)), out int belowPrec);
                    return Literal(Number.One, out _) + " / " + (belowPrec > Multiplicative ? below : "(" + below + ")");
                }
                if (n.Denominator == 2 && n.Numerator == 1 && p.Base is NumberExpr constantBase && constantBase.Value.Value >= 0)
                {
                    return Literal(Number.Inexact(Math.Sqrt(constantBase.Value.Value)), out prec);
                }
                if (n.Denominator == 2 && n.Numerator == 1)
                {
                    prec = Primary;
                    return _math + ".Sqrt(" + Print(p.Base, out _) + ")";
                }
                if (n.Denominator == 2 && n.Numerator == 3)
                {
                    prec = Multiplicative;
                    string b = Wrap(p.Base, Unary);
                    return b + " * " + Print(Expr.Sqrt(p.Base), out _);
                }
                if (n.Denominator == 1 && n.Numerator is >= 2 and <= 4)
                {
                    prec = Multiplicative;
                    string b = Wrap(p.Base, Unary);
                    var sb = new StringBuilder(b);
                    for (int i = 1; i < n.Numerator; i++) sb.Append(" * ").Append(b);
                    return sb.ToString();
                }
            }
            prec = Primary;
            return _math + ".Pow(" + Print(p.Base, out _) + ", " + Print(p.Exponent, out _) + ")";
        }

        private string PrintCall(CallExpr c, out int prec)
        {
            prec = Primary;
            if (c.Equals(Expr.E)) return _math + ".E";
            if (c.Function == Function.Sign)
            {
                // Math.Sign returns int and throws on NaN; this form is branch-predictable and NaN-safe.
                prec = Conditional;
                string u = Wrap(c.Argument, Relational + 1);
                return u + " > " + Literal(Number.Zero, out _) + " ? " + Literal(Number.One, out _) + " : " +
                    u + " < " + Literal(Number.Zero, out _) + " ? " + Literal(Number.MinusOne, out _) + " : " + Literal(Number.Zero, out _);
            }
            if (c.Function == Function.Log && c.Argument is NumberExpr { Value.IsExact: true } logOf && WellKnownLogarithms.TryGetValue(logOf.Value.Value, out double ln))
                return Literal(Number.Inexact(ln), out prec);
            var args = new List<string>(c.Arguments.Count);
            foreach (var a in c.Arguments) args.Add(Print(a, out _));
            var facts = FunctionFacts.Of(c.Function);
            string owner = facts.Library switch
            {
                FunctionLibrary.StableMath => "global::CompileTimeCalculus.StableMath",
                FunctionLibrary.SpecialFunctions => (_math.StartsWith("global::", StringComparison.Ordinal) ? "global::CompileTimeCalculus." : "") +
                    (_type == NumericType.Single ? "SpecialFunctionsF" : "SpecialFunctions"),
                _ => _math,
            };
            return owner + "." + facts.Member + "(" + string.Join(", ", args) + ")";
        }

        private string Literal(Number value, out int prec)
        {
            prec = Primary;
            double v = value.Value;
            string typeName = _type == NumericType.Single ? "float" : "double";
            if (double.IsNaN(v)) return typeName + ".NaN";
            if (double.IsPositiveInfinity(v)) return typeName + ".PositiveInfinity";
            if (double.IsNegativeInfinity(v))
            {
                prec = Unary;
                return typeName + ".NegativeInfinity";
            }
            if (v < 0) prec = Unary;
            return FormatLiteral(v, _type);
        }

        private static bool SmallInteger(NumberExpr n) => n.Value.IsInteger && BigInteger.Abs(n.Value.Numerator) <= 1_000_000;

        /// <summary>A culture-invariant literal that parses back to exactly <paramref name="value"/> (as double or float).</summary>
        public static string FormatLiteral(double value, NumericType type)
        {
            if (type == NumericType.Single)
            {
                float f = (float)value;
                string text = f.ToString("R", CultureInfo.InvariantCulture);
                if (float.Parse(text, CultureInfo.InvariantCulture) != f) text = f.ToString("G9", CultureInfo.InvariantCulture);
                return text + "f";
            }
            else
            {
                string text = value.ToString("R", CultureInfo.InvariantCulture);
                if (double.Parse(text, CultureInfo.InvariantCulture) != value) text = value.ToString("G17", CultureInfo.InvariantCulture);
                if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
                return text;
            }
        }
    }
}
