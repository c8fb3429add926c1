using System.Collections.Generic;
using System.Globalization;
using System.Text;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Written
{
    /// <summary>A statement of a method body as written. Structural equality throughout.</summary>
    public abstract record WrittenStatement;

    /// <summary><c>Target = Value</c> (compound assignments and increments are written out: <c>s = s + v</c>).</summary>
    public sealed record WrittenAssign(string Target, WrittenExpr Value) : WrittenStatement;

    public sealed record WrittenIf(WrittenExpr Test, ValueList<WrittenStatement> Then, ValueList<WrittenStatement> Else) : WrittenStatement;

    /// <summary>The same loop as <see cref="ForStatement"/>: the counter runs over [Lower, Upper), downwards if Descending.</summary>
    public sealed record WrittenFor(string Counter, IntExpr Lower, IntExpr Upper, bool Descending, ValueList<WrittenStatement> Body, ValueList<string> Locals) : WrittenStatement;

    public sealed record WrittenReturn(WrittenExpr Value) : WrittenStatement;

    /// <summary>A local buffer of Length zeros (<c>stackalloc</c> or <c>new</c>), as <see cref="BufferStatement"/>.</summary>
    public sealed record WrittenBuffer(string Name, IntExpr Length) : WrittenStatement;

    /// <summary><c>Buffer[Index] = Value</c>; a float buffer rounds the value to float.</summary>
    public sealed record WrittenStore(string Buffer, IntExpr Index, WrittenExpr Value, bool Single) : WrittenStatement;

    /// <summary>
    /// A method body as C# runs it: the reference for verification (see <see cref="WrittenEvaluator"/>) and the input of
    /// <see cref="Lowering"/>, which makes the canonical <see cref="Program"/> the engines differentiate and integrate.
    /// Locals are uniquely named; an if that may return carries the statements after it in both branches, so every path
    /// ends in a return.
    /// </summary>
    public sealed record WrittenProgram(ValueList<ProgramParameter> Parameters, ValueList<ElementRead> Elements, ValueList<WrittenStatement> Body)
    {
        public bool HasLoops => ContainsLoop(Body);

        public static bool ContainsLoop(IEnumerable<WrittenStatement> statements)
        {
            foreach (var s in statements)
            {
                switch (s)
                {
                    case WrittenFor or WrittenBuffer or WrittenStore: return true;
                    case WrittenIf i when ContainsLoop(i.Then) || ContainsLoop(i.Else): return true;
                }
            }
            return false;
        }

        public override string ToString() => WrittenPrinter.Print(this);
    }

    /// <summary>C#-like text of written expressions and programs, for messages and test failures.</summary>
    public static class WrittenPrinter
    {
        public static string Print(WrittenExpr e)
        {
            var sb = new StringBuilder();
            Append(sb, e);
            return sb.ToString();
        }

        public static string Print(WrittenProgram p)
        {
            var sb = new StringBuilder();
            Append(sb, p.Body, 0);
            return sb.ToString();
        }

        private static void Append(StringBuilder sb, IEnumerable<WrittenStatement> statements, int indent)
        {
            foreach (var s in statements)
            {
                sb.Append(' ', indent * 2);
                switch (s)
                {
                    case WrittenAssign a:
                        sb.Append(a.Target).Append(" = ");
                        Append(sb, a.Value);
                        sb.Append(";\n");
                        break;
                    case WrittenReturn r:
                        sb.Append("return ");
                        Append(sb, r.Value);
                        sb.Append(";\n");
                        break;
                    case WrittenIf i:
                        sb.Append("if (");
                        Append(sb, i.Test);
                        sb.Append(") {\n");
                        Append(sb, i.Then, indent + 1);
                        sb.Append(' ', indent * 2).Append("} else {\n");
                        Append(sb, i.Else, indent + 1);
                        sb.Append(' ', indent * 2).Append("}\n");
                        break;
                    case WrittenBuffer b:
                        sb.Append("buffer ").Append(b.Name).Append('[').Append(b.Length.ToCSharp()).Append("];\n");
                        break;
                    case WrittenStore w:
                        sb.Append(w.Buffer).Append('[').Append(w.Index.ToCSharp()).Append("] = ");
                        Append(sb, w.Value);
                        sb.Append(";\n");
                        break;
                    case WrittenFor f:
                        sb.Append("for (").Append(f.Counter).Append(" in [").Append(f.Lower).Append(", ").Append(f.Upper).Append(f.Descending ? ") down) {\n" : ")) {\n");
                        Append(sb, f.Body, indent + 1);
                        sb.Append(' ', indent * 2).Append("}\n");
                        break;
                }
            }
        }

        private static void Append(StringBuilder sb, WrittenExpr e)
        {
            switch (e.Kind)
            {
                case WrittenKind.Number:
                    sb.Append(e.Value.ToString("R", CultureInfo.InvariantCulture)).Append(e.IsSingle ? "f" : "");
                    return;
                case WrittenKind.MathConstant:
                    sb.Append("Math.").Append(e.Name);
                    return;
                case WrittenKind.Name:
                    sb.Append(e.Name);
                    return;
                case WrittenKind.Integer:
                    sb.Append(e.Int!.ToCSharp());
                    return;
                case WrittenKind.Binary:
                    sb.Append('(');
                    Append(sb, e.Children[0]);
                    sb.Append(e.Operator switch { WrittenOperator.Add => " + ", WrittenOperator.Subtract => " - ", WrittenOperator.Multiply => " * ", _ => " / " });
                    Append(sb, e.Children[1]);
                    sb.Append(')');
                    return;
                case WrittenKind.Negate:
                    sb.Append("-(");
                    Append(sb, e.Children[0]);
                    sb.Append(')');
                    return;
                case WrittenKind.ToSingle:
                    sb.Append("(float)(");
                    Append(sb, e.Children[0]);
                    sb.Append(')');
                    return;
                case WrittenKind.Call:
                case WrittenKind.Runtime:
                    sb.Append(e.Kind == WrittenKind.Runtime ? "Runtime." : e.IsSingle ? "MathF." : "Math.")
                        .Append(e.Kind == WrittenKind.Runtime ? e.Function.ToString() : e.Method.ToString()).Append('(');
                    for (int i = 0; i < e.Children.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        Append(sb, e.Children[i]);
                    }
                    sb.Append(')');
                    return;
                case WrittenKind.UserCall:
                {
                    var arguments = new StringBuilder();
                    for (int i = 0; i < e.Children.Count; i++)
                    {
                        if (i > 0) arguments.Append(", ");
                        Append(arguments, e.Children[i]);
                    }
                    sb.Append(UserFunction.CallText(e.User!.MethodFor(e.UserIndex)!, arguments.ToString()));
                    return;
                }
                case WrittenKind.Conditional:
                    sb.Append('(');
                    Append(sb, e.Children[0]);
                    sb.Append(" ? ");
                    Append(sb, e.Children[1]);
                    sb.Append(" : ");
                    Append(sb, e.Children[2]);
                    sb.Append(')');
                    return;
                case WrittenKind.Comparison:
                    Append(sb, e.Children[0]);
                    sb.Append(e.Comparison switch
                    {
                        Ir.ComparisonOperator.Less => " < ",
                        Ir.ComparisonOperator.LessOrEqual => " <= ",
                        Ir.ComparisonOperator.Greater => " > ",
                        Ir.ComparisonOperator.GreaterOrEqual => " >= ",
                        Ir.ComparisonOperator.Equal => " == ",
                        _ => " != ",
                    });
                    Append(sb, e.Children[1]);
                    return;
                case WrittenKind.Logical when e.Logical == Ir.LogicalOperator.Not:
                    sb.Append("!(");
                    Append(sb, e.Children[0]);
                    sb.Append(')');
                    return;
                case WrittenKind.Logical:
                    sb.Append('(');
                    for (int i = 0; i < e.Children.Count; i++)
                    {
                        if (i > 0) sb.Append(e.Logical == Ir.LogicalOperator.And ? " && " : " || ");
                        Append(sb, e.Children[i]);
                    }
                    sb.Append(')');
                    return;
                default:
                    sb.Append("{ ");
                    foreach (var s in e.Body!)
                    {
                        var inner = new StringBuilder();
                        Append(inner, new[] { s }, 0);
                        sb.Append(inner.ToString().Replace("\n", " "));
                    }
                    sb.Append('}');
                    return;
            }
        }
    }
}
