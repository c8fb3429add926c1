using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    public sealed partial class Integrator
    {
        /// <summary>
        /// The table of basic integrals, each with a linear inner argument u = a·x + b (the textbook's f(ax + b) form):
        /// ∫ f(a·x + b) dx = F(a·x + b) / a.
        /// </summary>
        private Derivation? Table(Expr f, string x)
        {
            switch (f)
            {
                case VariableExpr:
                    return Leaf(f, x, Multiply(Half, Square(f)), "power rule");
                case PowerExpr p when !Depends(p.Exponent, x):
                    return PowerTable(f, p, x);
                case PowerExpr p when !Depends(p.Base, x) && Linear(p.Exponent, x) is { A: var a }:
                    // c^u = e^(u ln c)
                    return Leaf(f, x, Divide(f, Multiply(a, Log(p.Base))), "exponential");
                case CallExpr { Function: Function.Log, Argument: CallExpr { Function: Function.Abs } abs } when Linear(abs.Argument, x) is { A: var a }:
                    // ∫ ln|u| = u·ln|u| − u.
                    return Leaf(f, x, Divide(Subtract(Multiply(abs.Argument, f), abs.Argument), a));
                case CallExpr c when c.Arguments.Count == 1 && Linear(c.Argument, x) is { A: var a }:
                {
                    var u = c.Argument;
                    var primitive = FunctionTable(c.Function, u);
                    return primitive is null ? null : Leaf(f, x, Divide(primitive, a));
                }
                default:
                    return null;
            }
        }

        private Derivation? PowerTable(Expr f, PowerExpr p, string x)
        {
            var n = p.Exponent;
            if (Linear(p.Base, x) is { A: var a })
            {
                var u = p.Base;
                if (n.Equals(MinusOne)) return Leaf(f, x, Divide(LogAbs(u), a), "∫ du/u = ln|u|");
                var n1 = Add(n, One);
                return Leaf(f, x, Divide(Power(u, n1), Multiply(n1, a)), "power rule");
            }
            // Powers of trigonometric and hyperbolic functions whose antiderivative is in the table.
            if (p.Base is CallExpr { Arguments.Count: 1 } c && n is NumberExpr { Value: { IsInteger: true } k } && Linear(c.Argument, x) is { A: var a2 })
            {
                var u = c.Argument;
                Expr? primitive = (c.Function, k.Numerator) switch
                {
                    (Function.Cos, -2) => Call(Function.Tan, u),
                    (Function.Sin, -2) => Negate(Divide(Call(Function.Cos, u), Call(Function.Sin, u))),
                    (Function.Cosh, -2) => Call(Function.Tanh, u),
                    (Function.Sinh, -2) => Negate(Divide(Call(Function.Cosh, u), Call(Function.Sinh, u))),
                    (Function.Cos, -1) => Call(Function.Atanh, Call(Function.Sin, u)),
                    (Function.Sin, -1) => Negate(Call(Function.Atanh, Call(Function.Cos, u))),
                    (Function.Cosh, -1) => Call(Function.Atan, Call(Function.Sinh, u)),
                    (Function.Sinh, -1) => Log(Call(Function.Abs, Call(Function.Tanh, Multiply(Half, u)))),
                    (Function.Tan, 2) => Subtract(Call(Function.Tan, u), u),
                    (Function.Tanh, 2) => Subtract(u, Call(Function.Tanh, u)),
                    (Function.Tan, -1) => Log(Call(Function.Abs, Call(Function.Sin, u))),
                    (Function.Tanh, -1) => Log(Call(Function.Abs, Call(Function.Sinh, u))),
                    (Function.Sin, 2) => Subtract(Multiply(Half, u), Multiply(Rational(1, 4), Call(Function.Sin, Multiply(Num(2), u)))),
                    (Function.Cos, 2) => Add(Multiply(Half, u), Multiply(Rational(1, 4), Call(Function.Sin, Multiply(Num(2), u)))),
                    (Function.Sinh, 2) => Subtract(Multiply(Rational(1, 4), Call(Function.Sinh, Multiply(Num(2), u))), Multiply(Half, u)),
                    (Function.Cosh, 2) => Add(Multiply(Rational(1, 4), Call(Function.Sinh, Multiply(Num(2), u))), Multiply(Half, u)),
                    _ => null,
                };
                if (primitive is not null) return Leaf(f, x, Divide(primitive, a2));
            }
            return null;
        }

        /// <summary>∫ f(u) du for the functions of the IR, or null.</summary>
        private Expr? FunctionTable(Function function, Expr u)
        {
            switch (function)
            {
                case Function.Exp: return Exp(u);
                case Function.Sin: return Negate(Call(Function.Cos, u));
                case Function.Cos: return Call(Function.Sin, u);
                case Function.Tan: return Negate(Log(Call(Function.Abs, Call(Function.Cos, u))));
                case Function.Sinh: return Call(Function.Cosh, u);
                case Function.Cosh: return Call(Function.Sinh, u);
                case Function.Tanh: return Log(Call(Function.Cosh, u));
                case Function.Log: return Subtract(Multiply(u, Log(u)), u);
                case Function.Asin: return Add(Multiply(u, Call(Function.Asin, u)), Sqrt(Subtract(One, Square(u))));
                case Function.Acos: return Subtract(Multiply(u, Call(Function.Acos, u)), Sqrt(Subtract(One, Square(u))));
                case Function.Atan: return Subtract(Multiply(u, Call(Function.Atan, u)), Multiply(Half, Log(Add(One, Square(u)))));
                case Function.Asinh: return Subtract(Multiply(u, Call(Function.Asinh, u)), Sqrt(Add(Square(u), One)));
                case Function.Acosh: return Subtract(Multiply(u, Call(Function.Acosh, u)), Sqrt(Subtract(Square(u), One)));
                case Function.Atanh: return Add(Multiply(u, Call(Function.Atanh, u)), Multiply(Half, Log(Subtract(One, Square(u)))));
                case Function.Abs: return Multiply(Half, u, Call(Function.Abs, u));
                case Function.Sign: return Call(Function.Abs, u);
                case Function.Erf: return Add(Multiply(u, Call(Function.Erf, u)), Divide(Exp(Negate(Square(u))), Sqrt(Pi)));
                case Function.Cbrt: return Multiply(Rational(3, 4), u, Call(Function.Cbrt, u));
                case Function.Digamma: return Call(Function.LogGamma, u);
                case Function.Trigamma: return Call(Function.Digamma, u);
                // ∫ Φ(u) du = u·Φ(u) + φ(u).
                case Function.NormalCdf:
                    return Add(Multiply(u, Call(Function.NormalCdf, u)), Multiply(Power(Multiply(Num(2), Pi), Rational(-1, 2)), Exp(Multiply(Rational(-1, 2), Square(u)))));
                default: return null;
            }
        }
    }
}
