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
    /// call executed symbolically into one expression. The result equals the written body in exact arithmetic; where
    /// floating point tells them apart, verification against the written body catches it.
    /// </summary>
    public static class Lowering
    {
        public static Program ToProgram(WrittenProgram program, Budget budget) =>
            new(program.Parameters, program.Elements, Statements(program.Body, budget));

        /// <summary>The value of a loop-free body as one canonical expression.</summary>
        public static Expr ToExpression(WrittenProgram program, Budget budget) => ProgramNormalizer.ToExpression(ToProgram(program, budget), budget);

        public static Expr ToExpr(WrittenExpr e, Budget budget)
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
                    var left = ToExpr(c[0], budget);
                    var right = ToExpr(c[1], budget);
                    return e.Operator switch
                    {
                        WrittenOperator.Add => Expr.Add(left, right),
                        WrittenOperator.Subtract => Expr.Subtract(left, right),
                        WrittenOperator.Multiply => Expr.Multiply(left, right),
                        _ => Expr.Divide(left, right),
                    };
                }
                case WrittenKind.Negate:
                    return Expr.Negate(ToExpr(c[0], budget));
                case WrittenKind.ToSingle:
                    return ToExpr(c[0], budget);
                case WrittenKind.Call:
                    return Call(e.Method, Arguments(c, budget));
                case WrittenKind.Runtime:
                    return Expr.Call(e.Function, Arguments(c, budget));
                case WrittenKind.Conditional:
                    return Expr.Conditional(ToExpr(c[0], budget), ToExpr(c[1], budget), ToExpr(c[2], budget));
                case WrittenKind.Comparison:
                    return Expr.Compare(e.Comparison, ToExpr(c[0], budget), ToExpr(c[1], budget));
                case WrittenKind.Logical:
                    return e.Logical switch
                    {
                        LogicalOperator.And => Expr.And(ToExpr(c[0], budget), ToExpr(c[1], budget)),
                        LogicalOperator.Or => Expr.Or(ToExpr(c[0], budget), ToExpr(c[1], budget)),
                        _ => Expr.Not(ToExpr(c[0], budget)),
                    };
                default:
                {
                    var body = new Program(ValueList<ProgramParameter>.Empty, ValueList<ElementRead>.Empty, Statements(e.Body!, budget));
                    return ProgramNormalizer.ToExpression(body, budget);
                }
            }
        }

        private static Expr[] Arguments(IReadOnlyList<WrittenExpr> children, Budget budget)
        {
            var args = new Expr[children.Count];
            for (int i = 0; i < args.Length; i++) args[i] = ToExpr(children[i], budget);
            return args;
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
                lowered.Add(s switch
                {
                    WrittenAssign a => new AssignStatement(a.Target, ToExpr(a.Value, budget)),
                    WrittenReturn r => new ReturnStatement(ToExpr(r.Value, budget)),
                    WrittenIf i => new IfStatement(ToExpr(i.Test, budget), Statements(i.Then, budget), Statements(i.Else, budget)),
                    WrittenFor f => new ForStatement(f.Counter, f.Lower, f.Upper, f.Descending, Statements(f.Body, budget), f.Locals),
                    _ => throw new InvalidOperationException("Unknown statement " + s.GetType().Name),
                });
            }
            return new ValueList<Statement>(lowered);
        }
    }
}
