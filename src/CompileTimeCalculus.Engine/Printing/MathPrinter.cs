using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>Prints an expression in readable math (e^(-x), ln, sqrt, π) for doc comments and messages.</summary>
    public static class MathPrinter
    {
        private const int MaxReadableLength = 400;

        /// <summary>The expression in readable math for a doc comment, or a pointer to the code when it is too long to read.</summary>
        public static string Readable(Expr e)
        {
            if (e.Size > MaxReadableLength) return "(too long to show; see the code)";
            string text = Print(e);
            return text.Length <= MaxReadableLength ? text : "(too long to show; see the code)";
        }

        private const int Sum = 1, Product = 2, Unary = 3, Power = 4, Atom = 5;

        public static string Print(Expr e) => Print(e, out _);

        private static string Wrap(Expr e, int needed)
        {
            string text = Print(e, out int prec);
            return prec < needed ? "(" + text + ")" : text;
        }

        private static string Print(Expr e, out int prec)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (e)
            {
                case NumberExpr n:
                    prec = n.Value.IsNegative ? Unary : n.Value.IsInteger || !n.Value.IsExact ? Atom : Product;
                    return n.Value.IsExact ? n.Value.ToString() : n.Value.Value.ToString("R", CultureInfo.InvariantCulture);
                case ConstantExpr:
                    prec = Atom;
                    return "π";
                case VariableExpr v:
                    prec = Atom;
                    return v.Name;
                case SumExpr s:
                {
                    prec = Sum;
                    var (positive, subtracted) = PrintShape.PartitionTerms(s);
                    var sb = new StringBuilder();
                    foreach (var t in positive)
                    {
                        if (sb.Length > 0) sb.Append(" + ");
                        sb.Append(Wrap(t, Product));
                    }
                    foreach (var t in subtracted)
                    {
                        sb.Append(sb.Length > 0 ? " - " : "-");
                        sb.Append(Wrap(t, Product));
                    }
                    return sb.ToString();
                }
                case ProductExpr p:
                {
                    var parts = PrintShape.SplitProduct(p);
                    var numerator = new List<string>();
                    if (!parts.Coefficient.IsOne) numerator.Add(parts.Coefficient.IsExact ? parts.Coefficient.Numerator.ToString(CultureInfo.InvariantCulture) : Print(Expr.Num(parts.Coefficient)));
                    if (numerator.Count == 1 && numerator[0] == "1") numerator.Clear();
                    foreach (var f in parts.Numerator) numerator.Add(Wrap(f, Power));
                    var denominator = new List<string>();
                    if (parts.Coefficient.IsExact && parts.Coefficient.Denominator != 1) denominator.Add(parts.Coefficient.Denominator.ToString(CultureInfo.InvariantCulture));
                    foreach (var f in parts.Denominator) denominator.Add(Wrap(f, Power));
                    string text = numerator.Count == 0 ? "1" : string.Join("·", numerator);
                    if (denominator.Count == 1) text += " / " + denominator[0];
                    else if (denominator.Count > 1) text += " / (" + string.Join("·", denominator) + ")";
                    prec = parts.Negative ? Unary : Product;
                    return parts.Negative ? "-" + text : text;
                }
                case PowerExpr p:
                {
                    if (p.Exponent is NumberExpr { Value: { IsExact: true, Numerator: 1, Denominator: 2 } })
                    {
                        prec = Atom;
                        return "sqrt(" + Print(p.Base) + ")";
                    }
                    if (p.Exponent is NumberExpr { Value.IsNegative: true } negative)
                    {
                        prec = Product;
                        return "1 / " + Wrap(Expr.Power(p.Base, Expr.Num(-negative.Value)), Power);
                    }
                    prec = Power;
                    return Wrap(p.Base, Atom) + "^" + Wrap(p.Exponent, Atom);
                }
                case CallExpr c:
                    return PrintCall(c, out prec);
                case UserCallExpr u:
                {
                    prec = Atom;
                    var args = new List<string>();
                    foreach (var a in u.Arguments) args.Add(Print(a));
                    string marks = u.Function.Arity == 1 ? new string('′', u.Index.Count) : u.Index.Count == 0 ? "" : "_" + UserFunction.IndexText(u.Index);
                    return u.Function.Display + marks + "(" + string.Join(", ", args) + ")";
                }
                case ConditionalExpr c:
                    prec = 0;
                    return Print(c.Test) + " ? " + Wrap(c.WhenTrue, Sum) + " : " + Print(c.WhenFalse);
                case ComparisonExpr c:
                    prec = 0;
                    return Wrap(c.Left, Sum) + " " + ComparisonText(c.Operator) + " " + Wrap(c.Right, Sum);
                case LogicalExpr l:
                    prec = 0;
                    return l.Operator == LogicalOperator.Not ? "not (" + Print(l.Operands[0]) + ")"
                        : "(" + Print(l.Operands[0]) + (l.Operator == LogicalOperator.And ? " and " : " or ") + Print(l.Operands[1]) + ")";
                default:
                    prec = Atom;
                    return "?";
            }
        }

        private static string PrintCall(CallExpr c, out int prec)
        {
            prec = Atom;
            switch (c.Function)
            {
                case Function.Exp:
                    if (c.Equals(Expr.E)) return "e";
                    prec = Power;
                    return "e^" + Wrap(c.Argument, Atom);
                case Function.Abs:
                    return "|" + Print(c.Argument) + "|";
                case Function.Log:
                    return "ln(" + Print(c.Argument) + ")";
            }
            var args = new List<string>();
            foreach (var a in c.Arguments) args.Add(Print(a));
            string name = FunctionFacts.Of(c.Function).Readable;
            return name + "(" + string.Join(", ", args) + ")";
        }

        internal static string ComparisonText(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            ComparisonOperator.GreaterOrEqual => ">=",
            ComparisonOperator.Equal => "==",
            _ => "!=",
        };
    }
}
