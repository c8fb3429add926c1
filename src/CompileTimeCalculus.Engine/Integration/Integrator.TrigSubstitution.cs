using System;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    public sealed partial class Integrator
    {
        /// <summary>
        /// Second-kind trigonometric substitution for √Q with Q = a(x + p)² + q (a textbook's second-kind substitution, see docs/worked-examples.md):
        /// √(q − |a|(x + p)²): x + p = k·sin θ with θ = arcsin((x + p)/k) in [−π/2, π/2], so cos θ ≥ 0 and √Q = √q·cos θ;
        /// √(a(x + p)² + q): x + p = k·tan θ with θ in (−π/2, π/2), so sec θ &gt; 0 and √Q = √q / cos θ.
        /// The integral in θ is found recursively; back-substitution writes every sin θ, cos θ (and multiple angles)
        /// in terms of x, so no θ is left (leaving one is a classic mistake).
        /// </summary>
        private Derivation? TrigonometricSubstitution(Expr f, string x)
        {
            Expr? radicand = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } e } } p && Depends(p.Base, x))
                {
                    if (e.Denominator != 2) return null;
                    if (radicand is null) radicand = p.Base;
                    else if (!radicand.Equals(p.Base)) return null;
                }
            }
            if (radicand is null || Quadratic(radicand, x) is not { } quadratic) return null;
            var (a, b, c) = quadratic;
            bool sine = IntervalAnalysis.IsNegative(a, _budget);
            if (!sine && !IntervalAnalysis.IsPositive(a, _budget)) return null;
            // Q = a(x + p)² + q with p = b/(2a), q = c − b²/(4a); q must be positive.
            var p0 = Divide(b, Multiply(Num(2), a));
            var q = Rewrite.Expand(Subtract(c, Divide(Square(b), Multiply(Num(4), a))), _budget);
            if (!IntervalAnalysis.IsPositive(q, _budget)) return null;
            var k = Sqrt(Divide(q, sine ? Negate(a) : a));
            var rootQ = Sqrt(q);

            return WithFreshVariable("θ", name =>
            {
                var theta = Var(name);
                var sin = Call(Function.Sin, theta);
                var cos = Call(Function.Cos, theta);
                // x + p = k·sin θ (or k·tan θ); √Q = √q·cos θ (or √q/cos θ); dx = k·cos θ dθ (or k/cos²θ dθ).
                var shifted = sine ? Multiply(k, sin) : Multiply(k, Call(Function.Tan, theta));
                var root = sine ? Multiply(rootQ, cos) : Divide(rootQ, cos);
                var jacobian = sine ? Multiply(k, cos) : Divide(k, Square(cos));
                var replaced = Rewrite.Replace(f, node => node switch
                {
                    PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } e } } pw when pw.Base.Equals(radicand) && e.Denominator <= 2 => Power(root, Num(e * Number.FromInteger(2))),
                    _ => null,
                }, _budget);
                var g = Multiply(Rewrite.Substitute(replaced, x, Subtract(shifted, p0), _budget), jacobian);
                if (Depends(g, x)) return null;

                // θ = arcsin((x + p)/k) or arctan((x + p)/k); multiple angles first become powers of sin θ and cos θ.
                var back = Call(sine ? Function.Asin : Function.Atan, Divide(Add(Var(x), p0), k));
                string description = "trigonometric substitution " + Show.Math(Add(Var(x), p0)) + " = " + Show.Math(k) + "·" + (sine ? "sin" : "tan") + " " + name +
                    " (" + name + (sine ? " in [−π/2, π/2], so cos " + name + " ≥ 0)" : " in (−π/2, π/2), so sec " + name + " > 0)");
                return ChangeVariable(new ChangeOfVariable(description, g, back) { BeforeBack = antiderivative => SingleAngle(antiderivative, name) }, name, f, x);
            });
        }

        /// <summary>
        /// sin(nθ), cos(nθ), tan(nθ) (and sinh, cosh, tanh of nθ) and the half angle tan(θ/2) rewritten through the functions
        /// of θ itself, and e^(nθ) as (e^θ)^n, so that substituting θ = arcsin(y) (or arsinh(y)) back leaves no θ.
        /// </summary>
        private Expr SingleAngle(Expr e, string theta)
        {
            var t = Var(theta);
            var s = Call(Function.Sin, t);
            var c = Call(Function.Cos, t);
            var sh = Call(Function.Sinh, t);
            var ch = Call(Function.Cosh, t);
            return Rewrite.Replace(e, node =>
            {
                if (node is not CallExpr { Arguments.Count: 1 } call || !Depends(call.Argument, theta) || call.Argument.Equals(t)) return null;
                if (Divide(call.Argument, t) is not NumberExpr { Value: { IsExact: true } k }) return null;
                if (call.Function == Function.Exp && k.IsInteger && Math.Abs(k.Numerator) <= 12)
                    return new PowerExpr(Exp(t), Num(k));
                if (!k.IsInteger || Math.Abs(k.Numerator) > 12)
                    return k.Equals(Number.Half) && call.Function == Function.Tan ? Divide(s, Add(One, c)) : null;
                int n = (int)k.Numerator;
                switch (call.Function)
                {
                    case Function.Sin or Function.Cos or Function.Tan:
                    {
                        var (sin, cos) = MultipleAngle(n, s, c);
                        return call.Function switch { Function.Sin => sin, Function.Cos => cos, _ => Divide(sin, cos) };
                    }
                    case Function.Sinh or Function.Cosh or Function.Tanh:
                    {
                        var (sinh, cosh) = MultipleHyperbolic(n, sh, ch);
                        return call.Function switch { Function.Sinh => sinh, Function.Cosh => cosh, _ => Divide(sinh, cosh) };
                    }
                    default:
                        return null;
                }
            }, _budget);
        }

        /// <summary>sinh(k·w) and cosh(k·w) as polynomials in sinh w and cosh w.</summary>
        private static (Expr Sinh, Expr Cosh) MultipleHyperbolic(int k, Expr sh, Expr ch)
        {
            int n = Math.Abs(k);
            Expr sinh = sh, cosh = ch;
            for (int i = 1; i < n; i++)
            {
                var nextSinh = Add(Multiply(sinh, ch), Multiply(cosh, sh));
                var nextCosh = Add(Multiply(cosh, ch), Multiply(sinh, sh));
                sinh = Rewrite.Expand(nextSinh, new Budget(default));
                cosh = Rewrite.Expand(nextCosh, new Budget(default));
            }
            return k < 0 ? (Negate(sinh), cosh) : (sinh, cosh);
        }
    }
}
