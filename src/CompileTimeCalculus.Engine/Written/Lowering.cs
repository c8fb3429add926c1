using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine.Written
{
    /// <summary>
    /// The canonical IR of a body as written: every node rebuilt through the simplifying factories (sums and products
    /// sorted, a − b as a + (−1)·b, a / b as a·b⁻¹, short decimals as exact rationals, Math.PI symbolic) and every inlined
    /// call executed symbolically into one expression. An inlined call whose body has loops (Dot, LogSumExp over a span)
    /// cannot be one expression: its statements are run in place, before the statement that uses its value, which then
    /// reads the local the block names (the front end never puts such a call where C# might skip it). The result equals
    /// the written body in exact arithmetic; where floating point tells them apart, verification against the written body
    /// catches it.
    /// </summary>
    public static class Lowering
    {
        public static Program ToProgram(WrittenProgram program, Budget budget) =>
            new(program.Parameters, program.Elements, Statements(program.Body, budget));

        /// <summary>The value of a loop-free body as one canonical expression.</summary>
        public static Expr ToExpression(WrittenProgram program, Budget budget) => ProgramNormalizer.ToExpression(ToProgram(program, budget), budget);

        public static Expr ToExpr(WrittenExpr e, Budget budget) => ToExpr(e, budget, null);

        /// <param name="hoisted">Where the statements of calls with loops go (run before the statement being lowered).</param>
        private static Expr ToExpr(WrittenExpr e, Budget budget, List<Statement>? hoisted)
        {
            budget.Charge();
            RuntimeHelpers.EnsureSufficientExecutionStack();
            var c = e.Children;
            switch (e.Kind)
            {
                case WrittenKind.Number:
                    return Expr.Num(e.IsSingle
                        ? Number.FromDouble(double.Parse(((float)e.Value).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
                        : Number.FromDouble(e.Value));
                case WrittenKind.MathConstant:
                    return e.Name switch
                    {
                        "PI" => Expr.Pi,
                        "E" => Expr.E,
                        _ => Expr.Multiply(Expr.Num(2), Expr.Pi),
                    };
                case WrittenKind.Name:
                    return Expr.Var(e.Name!);
                case WrittenKind.Integer:
                    return e.Int!.ToExpr();
                case WrittenKind.Binary:
                {
                    var left = ToExpr(c[0], budget, hoisted);
                    var right = ToExpr(c[1], budget, hoisted);
                    return e.Operator switch
                    {
                        WrittenOperator.Add => Expr.Add(left, right),
                        WrittenOperator.Subtract => Expr.Subtract(left, right),
                        WrittenOperator.Multiply => Expr.Multiply(left, right),
                        _ => Expr.Divide(left, right),
                    };
                }
                case WrittenKind.Negate:
                    return Expr.Negate(ToExpr(c[0], budget, hoisted));
                case WrittenKind.ToSingle:
                    return ToExpr(c[0], budget, hoisted);
                case WrittenKind.Call:
                    return Call(e.Method, Arguments(c, budget, hoisted));
                case WrittenKind.Runtime:
                    return Expr.Call(e.Function, Arguments(c, budget, hoisted));
                case WrittenKind.UserCall:
                    return Expr.UserCall(e.User!, e.UserIndex, Arguments(c, budget, hoisted));
                case WrittenKind.Conditional:
                    return Expr.Conditional(ToExpr(c[0], budget, hoisted), ToExpr(c[1], budget, hoisted), ToExpr(c[2], budget, hoisted));
                case WrittenKind.Comparison:
                    return Expr.Compare(e.Comparison, ToExpr(c[0], budget, hoisted), ToExpr(c[1], budget, hoisted));
                case WrittenKind.Logical:
                    return e.Logical switch
                    {
                        LogicalOperator.And => Expr.And(ToExpr(c[0], budget, hoisted), ToExpr(c[1], budget, hoisted)),
                        LogicalOperator.Or => Expr.Or(ToExpr(c[0], budget, hoisted), ToExpr(c[1], budget, hoisted)),
                        _ => Expr.Not(ToExpr(c[0], budget, hoisted)),
                    };
                default:
                {
                    // Loop-free (calls it makes with loops count: they are run in place inside it) is one expression.
                    var body = new Program(ValueList<ProgramParameter>.Empty, ValueList<ElementRead>.Empty, Statements(e.Body!, budget));
                    if (!body.HasLoops) return ProgramNormalizer.ToExpression(body, budget);
                    if (hoisted is null || e.Name is null) throw new InvalidOperationException("A call with a loop where it cannot be run in place.");
                    hoisted.AddRange(Statements(ReturnsAssigned(e.Body!, e.Name), budget));
                    return Expr.Var(e.Name);
                }
            }
        }

        private static Expr[] Arguments(IReadOnlyList<WrittenExpr> children, Budget budget, List<Statement>? hoisted)
        {
            var args = new Expr[children.Count];
            for (int i = 0; i < args.Length; i++) args[i] = ToExpr(children[i], budget, hoisted);
            return args;
        }

        /// <summary>A body whose every path ends in a return, with each return an assignment to <paramref name="result"/>.</summary>
        private static List<WrittenStatement> ReturnsAssigned(IReadOnlyList<WrittenStatement> body, string result)
        {
            var list = new List<WrittenStatement>(body.Count);
            foreach (var s in body)
            {
                list.Add(s switch
                {
                    WrittenReturn r => new WrittenAssign(result, r.Value),
                    WrittenIf i => new WrittenIf(i.Test, new ValueList<WrittenStatement>(ReturnsAssigned(i.Then, result)), new ValueList<WrittenStatement>(ReturnsAssigned(i.Else, result))),
                    _ => s,
                });
            }
            return list;
        }

        /// <summary>What a System.Math method computes, in the canonical IR (Log10 x = ln x / ln 10, Clamp = min(max(·)), ...).</summary>
        public static Expr Call(MathMethod method, Expr[] a) => method switch
        {
            MathMethod.Abs => Expr.Call(Function.Abs, a),
            MathMethod.Acos => Expr.Call(Function.Acos, a),
            MathMethod.Acosh => Expr.Call(Function.Acosh, a),
            MathMethod.Asin => Expr.Call(Function.Asin, a),
            MathMethod.Asinh => Expr.Call(Function.Asinh, a),
            MathMethod.Atan => Expr.Call(Function.Atan, a),
            MathMethod.Atan2 => Expr.Call(Function.Atan2, a),
            MathMethod.Atanh => Expr.Call(Function.Atanh, a),
            MathMethod.Cbrt => Expr.Call(Function.Cbrt, a),
            MathMethod.Ceiling => Expr.Call(Function.Ceiling, a),
            MathMethod.Clamp => Expr.Call(Function.Min, Expr.Call(Function.Max, a[0], a[1]), a[2]),
            MathMethod.Cos => Expr.Call(Function.Cos, a),
            MathMethod.Cosh => Expr.Call(Function.Cosh, a),
            MathMethod.Exp => Expr.Exp(a[0]),
            MathMethod.Floor => Expr.Call(Function.Floor, a),
            MathMethod.FusedMultiplyAdd => Expr.Add(Expr.Multiply(a[0], a[1]), a[2]),
            MathMethod.Log => Expr.Log(a[0]),
            MathMethod.LogBase => Expr.Divide(Expr.Log(a[0]), Expr.Log(a[1])),
            MathMethod.Log10 => Expr.Divide(Expr.Log(a[0]), Expr.Log(Expr.Num(10))),
            MathMethod.Log2 => Expr.Divide(Expr.Log(a[0]), Expr.Log(Expr.Num(2))),
            MathMethod.Max => Expr.Call(Function.Max, a),
            MathMethod.Min => Expr.Call(Function.Min, a),
            MathMethod.Pow => Expr.Power(a[0], a[1]),
            MathMethod.Round => Expr.Call(Function.Round, a),
            MathMethod.ScaleB => Expr.Multiply(a[0], Expr.Power(Expr.Num(2), a[1])),
            MathMethod.Sign => Expr.Call(Function.Sign, a),
            MathMethod.Sin => Expr.Call(Function.Sin, a),
            MathMethod.Sinh => Expr.Call(Function.Sinh, a),
            MathMethod.Sqrt => Expr.Sqrt(a[0]),
            MathMethod.Tan => Expr.Call(Function.Tan, a),
            MathMethod.Tanh => Expr.Call(Function.Tanh, a),
            MathMethod.Truncate => Expr.Call(Function.Truncate, a),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };

        private static ValueList<Statement> Statements(IReadOnlyList<WrittenStatement> statements, Budget budget)
        {
            var lowered = new List<Statement>(statements.Count);
            foreach (var s in statements)
            {
                budget.Charge();
                var hoisted = new List<Statement>();
                Statement statement = s switch
                {
                    WrittenAssign a => new AssignStatement(a.Target, ToExpr(a.Value, budget, hoisted)),
                    WrittenReturn r => new ReturnStatement(ToExpr(r.Value, budget, hoisted)),
                    WrittenIf i => new IfStatement(ToExpr(i.Test, budget, hoisted), Statements(i.Then, budget), Statements(i.Else, budget)),
                    WrittenFor f => new ForStatement(f.Counter, f.Lower, f.Upper, f.Descending, Statements(f.Body, budget), f.Locals),
                    WrittenBuffer b => new BufferStatement(b.Name, b.Length),
                    WrittenStore w => new StoreStatement(w.Buffer, w.Index, ToExpr(w.Value, budget, hoisted)),
                    _ => throw new InvalidOperationException("Unknown statement " + s.GetType().Name),
                };
                lowered.AddRange(hoisted);
                lowered.Add(statement);
            }
            return new ValueList<Statement>(lowered);
        }
    }
}
