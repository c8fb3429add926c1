using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Products of sines and cosines linearized by the product-to-sum identities.
    public sealed partial class Integrator
    {
        /// <summary>
        /// Products of powers of sines and cosines of linear arguments, linearized with the product-to-sum identities
        /// (sin A cos B = [sin(A+B) + sin(A−B)]/2, ...), then integrated term by term.
        /// </summary>
        private Derivation? TrigonometricProducts(Expr f, string x)
        {
            var trig = new List<(Function Function, Expr Argument)>();
            var other = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (factor is CallExpr { Function: Function.Sin or Function.Cos } c && Linear(c.Argument, x) is not null)
                {
                    trig.Add((c.Function, c.Argument));
                }
                else if (factor is PowerExpr { Base: CallExpr { Function: Function.Sin or Function.Cos } b, Exponent: NumberExpr { Value: { IsInteger: true } n } }
                         && n.Numerator is >= 2 and <= 16 && Linear(b.Argument, x) is not null)
                {
                    for (int i = 0; i < n.Numerator; i++) trig.Add((b.Function, b.Argument));
                }
                else
                {
                    other.Add(factor);
                }
            }
            if (trig.Count < 2 || trig.Count > 16) return null;

            // A sum of c·sin(θ) and c·cos(θ) terms; the factories collect like terms and apply parity.
            Expr series = One;
            foreach (var (function, argument) in trig)
            {
                var terms = new List<Expr>();
                foreach (var term in Rewrite.Terms(series))
                {
                    _budget.Charge();
                    var (coefficient, kernel) = Rewrite.SplitConstant(term, x);
                    terms.Add(Multiply(coefficient, ProductToSum(kernel, function, argument)));
                }
                series = Add(terms);
                if (Rewrite.Terms(series).Count > 64) return null;
            }
            var linearized = Rewrite.Expand(Multiply(Multiply(other), series), _budget, 200);
            if (linearized.Equals(f)) return null;
            var d = Integrate(linearized, x);
            return d is null ? null : new Derivation(d.Result,
                new Step("product-to-sum identities: " + Show.Integral(f, x) + " = " + Show.Integral(linearized, x), new[] { d.Step }));
        }

        /// <summary>kernel · f(B) as a sum of sines and cosines, for kernel 1, sin A or cos A.</summary>
        private static Expr ProductToSum(Expr kernel, Function function, Expr b)
        {
            if (kernel.Equals(One)) return Call(function, b);
            if (kernel is not CallExpr { Function: Function.Sin or Function.Cos } k) return Multiply(kernel, Call(function, b));
            var a = k.Argument;
            var sum = Add(a, b);
            var difference = Subtract(a, b);
            switch (k.Function, function)
            {
                case (Function.Sin, Function.Sin):
                    return Multiply(Half, Subtract(Call(Function.Cos, difference), Call(Function.Cos, sum)));
                case (Function.Cos, Function.Cos):
                    return Multiply(Half, Add(Call(Function.Cos, difference), Call(Function.Cos, sum)));
                case (Function.Sin, Function.Cos):
                    return Multiply(Half, Add(Call(Function.Sin, sum), Call(Function.Sin, difference)));
                default: // cos A · sin B
                    return Multiply(Half, Subtract(Call(Function.Sin, sum), Call(Function.Sin, difference)));
            }
        }
    }
}
