using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Half-integer powers of cos and sin (and sec, csc) with polynomials in them: incomplete elliptic integrals.
    public sealed partial class Integrator
    {
        /// <summary>
        /// Σ cₖ·cos^(k/2)(v) over integers k, some odd, v = a·x + b: sec as 1/cos, sin² as 1 − cos², positive constants under a
        /// fractional power taken out; a half-integer power of sin u is the same in v = u − π/2. Each half-integer power
        /// reduces by ∫cosᵖ = cos^(p−1)·sin/p + (p−1)/p·∫cos^(p−2) (or its inverse for p &lt; −1) to
        /// ∫√cos v dv = 2E(v/2|2) or ∫dv/√cos v = 2F(v/2|2), with v/2 taken to [−π/4, π/4] by whole turns on each interval
        /// where cos v ≥ 0 (the integrand is not real between them). Integer powers are left to the other rules.
        /// </summary>
        private Derivation? HalfIntegerTrigPowers(Expr f, string x)
        {
            // The one linear argument, and which of sin and cos carries the half-integer powers.
            Expr? argument = null;
            Function? half = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is CallExpr { Function: Function.Sin or Function.Cos or Function.Tan } trig && Depends(trig.Argument, x))
                {
                    if (trig.Function == Function.Tan || argument is not null && !argument.Equals(trig.Argument)) return null;
                    argument = trig.Argument;
                }
                // cos^p, (1/cos)^p, (c/cos)^p with p a half-integer: the function under the fractional power.
                if (node is PowerExpr { Exponent: NumberExpr { Value: var e } } power && !e.IsInteger && (e * Number.FromInteger(2)).IsInteger
                    && UnderPower(power.Base) is { } b)
                {
                    if (half is not null && half != b) return null;
                    half = b;
                }
            }
            if (argument is null || half is null || Linear(argument, x) is not { } line) return null;
            // v = u for cos, u − π/2 for sin: sin u = cos v, cos u = −sin v (only even powers of it are allowed below).
            var v = half == Function.Cos ? argument : Subtract(argument, Multiply(Half, Pi));
            var partner = half == Function.Cos ? Function.Sin : Function.Cos;

            return WithFreshVariable("s", name =>
            {
                var s = Var(name);
                // cos v = s², so cos^p v = s^(2p); the partner squared is 1 − s⁴; positive constants leave fractional powers.
                var split = Rewrite.Replace(f, node => node is PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } exponent, Base: ProductExpr product }
                    && product.Factors.All(factor => !Depends(factor, x) ? IntervalAnalysis.IsPositive(factor, _budget) : true)
                    && product.Factors.Any(factor => !Depends(factor, x))
                        ? Multiply(product.Factors.Select(factor => Power(factor, exponent)).ToArray()) : null, _budget);
                // (cosᵏ v)^e = cos^(k·e) v for odd k (both are real exactly where cos v > 0); an even k would need |cos v|.
                bool even = false;
                split = Rewrite.Replace(split, node =>
                {
                    if (node is not PowerExpr { Base: PowerExpr { Base: CallExpr inner, Exponent: NumberExpr { Value: { IsInteger: true } k } }, Exponent: NumberExpr { Value: var e } }
                        || !inner.Argument.Equals(argument) || e.IsInteger) return null;
                    if (!(k / Number.FromInteger(2)).IsInteger) return Power(inner, Num(k * e));
                    even = true;
                    return null;
                }, _budget);
                if (even) return null;
                bool odd = false;
                var replaced = Rewrite.Replace(split, node =>
                {
                    switch (node)
                    {
                        case PowerExpr { Base: CallExpr c, Exponent: NumberExpr { Value: var e } } when c.Argument.Equals(argument) && c.Function == partner:
                            if (!e.IsInteger || !(e / Number.FromInteger(2)).IsInteger) { odd = true; return null; }
                            return Power(Subtract(One, Power(s, Num(4))), Num(e / Number.FromInteger(2)));
                        case PowerExpr { Base: CallExpr c, Exponent: NumberExpr { Value: var e } } when c.Argument.Equals(argument) && c.Function == half:
                            return Power(s, Num(e * Number.FromInteger(2)));
                        case CallExpr c when c.Argument.Equals(argument) && c.Function == half:
                            return Square(s);
                        case CallExpr c when c.Argument.Equals(argument) && c.Function == partner:
                            odd = true;
                            return null;
                        default:
                            return null;
                    }
                }, _budget);
                if (odd || Depends(replaced, x)) return null;
                if (RationalFunction.TryFrom(Rewrite.Expand(replaced, _budget), name, _budget)?.Reduced() is not { } laurent) return null;
                // A Laurent polynomial: the denominator a power of s.
                var denominator = laurent.Denominator;
                int m = denominator.Degree;
                for (int i = 0; i < m; i++) if (!denominator[i].IsZero) return null;
                var numerator = laurent.Numerator;
                var scale = denominator[m];
                var elementary = new List<Expr>();
                var special = new List<Expr>();
                var cos = Call(Function.Cos, v);
                var reductions = new Dictionary<int, Expr>();
                for (int j = 0; j <= numerator.Degree; j++)
                {
                    if (numerator[j].IsZero) continue;
                    var coefficient = Num((numerator[j] / scale).ToNumber());
                    int doubled = j - m; // the power of cos, times 2
                    if (doubled is > 41 or < -41) return null;
                    if (doubled % 2 == 0) elementary.Add(Multiply(coefficient, Power(cos, Num(doubled / 2))));
                    else special.Add(Multiply(coefficient, CosinePower(doubled, v, reductions)));
                }
                if (special.Count == 0) return null;
                var steps = new List<Step>();
                var terms = new List<Expr> { Divide(Add(special), line.A) };
                if (elementary.Count > 0)
                {
                    var integrand = Rewrite.Replace(Add(elementary), node => node.Equals(cos) ? (half == Function.Cos ? Call(Function.Cos, argument) : Call(Function.Sin, argument)) : null, _budget);
                    var d = Integrate(integrand, x);
                    if (d is null) return null;
                    terms.Add(d.Result);
                    steps.Add(d.Step);
                }
                var result = Add(terms);
                return new Derivation(result, new Step(Show.Integral(f, x) + " = " + Show.Math(result) +
                    " (half-integer powers of " + (half == Function.Cos ? "cos" : "sin") + " reduced to E(v/2|2) and F(v/2|2))", steps));
            });
        }

        /// <summary>sin or cos in a base c·trigᵏ (k an odd integer, c a number), as under a half-integer power; else null.</summary>
        private static Function? UnderPower(Expr b)
        {
            foreach (var factor in Rewrite.Factors(b))
            {
                var core = factor is PowerExpr { Exponent: NumberExpr { Value.IsInteger: true } } p ? p.Base : factor;
                if (core is CallExpr { Function: Function.Sin or Function.Cos } trig) return trig.Function;
            }
            return null;
        }

        /// <summary>
        /// ∫ cos^(k/2) v dv for odd k, by the reduction formula in steps of 2 toward k = ±1 (memoized in <paramref name="done"/>).
        /// </summary>
        private Expr CosinePower(int doubled, Expr v, Dictionary<int, Expr> done)
        {
            if (done.TryGetValue(doubled, out var known)) return known;
            Expr result;
            var cos = Call(Function.Cos, v);
            var sin = Call(Function.Sin, v);
            if (doubled == 1 || doubled == -1)
            {
                // φ = v/2 − π·round(v/2π) is in [−π/4, π/4] on each interval where cos v ≥ 0.
                var phi = Subtract(Multiply(Half, v), Multiply(Pi, Call(Function.Round, Divide(v, Multiply(Num(2), Pi)))));
                result = Multiply(Num(2), Call(doubled == 1 ? Function.EllipticE : Function.EllipticF, phi, Num(2)));
            }
            else if (doubled > 1)
            {
                // ∫cosᵖ = cos^(p−1)·sin/p + (p−1)/p·∫cos^(p−2).
                var p = Rational(doubled, 2);
                var pMinusOne = Rational(doubled - 2, 2);
                result = Add(Multiply(Power(cos, pMinusOne), sin, Reciprocal(p)), Multiply(Divide(pMinusOne, p), CosinePower(doubled - 4, v, done)));
            }
            else
            {
                // p < −1: ∫cosᵖ = −cos^(p+1)·sin/(p+1) + (p+2)/(p+1)·∫cos^(p+2).
                var pPlusOne = Rational(doubled + 2, 2);
                var pPlusTwo = Rational(doubled + 4, 2);
                result = Add(Negate(Multiply(Power(cos, pPlusOne), sin, Reciprocal(pPlusOne))), Multiply(Divide(pPlusTwo, pPlusOne), CosinePower(doubled + 4, v, done)));
            }
            done[doubled] = result;
            return result;
        }
    }
}
