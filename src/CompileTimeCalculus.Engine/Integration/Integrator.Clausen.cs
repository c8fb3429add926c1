using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Polynomials times ln|sin|, ln|cos|, ln|tan| and times cot, tan of a linear argument: Clausen's functions.
    public sealed partial class Integrator
    {
        /// <summary>
        /// P(x)·ln(c·T(w)ᵏ) (T = sin, cos or tan; deg P ≤ 2) and P(x)·cot w, tan w, csc w, sec w (deg P ≤ 3), w = a·x + b. With
        /// ln|2 sin w| = −Cl₂′(2w)/2 (Cl₂′(θ) = −ln|2 sin(θ/2)|, Cl₃′ = −Cl₂, Cl₄′ = Cl₃), tabular integration by parts gives
        /// ∫ P·ln|2 sin w| dx = −P·Cl₂(2w)/(2a) − P′·Cl₃(2w)/(4a²) + P″·Cl₄(2w)/(8a³); cos w = sin(w + π/2), ln|tan| is the
        /// difference, ∫ P·cot w = P·ln|2 sin w|/a − ∫ P′·ln|2 sin w|/a and ∫ P·csc w = P·ln|tan(w/2)|/a − ∫ P′·ln|tan(w/2)|/a.
        /// Real for every x, continuous where the integrand is.
        /// </summary>
        private Derivation? PolynomialTimesLogTrig(Expr f, string x)
        {
            var polynomialFactors = new List<Expr>();
            CallExpr? log = null;
            Expr? cotangentOf = null, tangentOf = null;
            Expr? cosine = null, reciprocalSine = null, reciprocalCosine = null;
            foreach (var factor in Rewrite.Factors(f))
            {
                switch (factor)
                {
                    case CallExpr { Function: Function.Log } l when log is null && Depends(l, x):
                        log = l;
                        break;
                    case CallExpr { Function: Function.Tan } t when tangentOf is null:
                        tangentOf = t.Argument;
                        break;
                    case PowerExpr { Base: CallExpr { Function: Function.Tan } t, Exponent: NumberExpr { Value.IsMinusOne: true } } when cotangentOf is null:
                        cotangentOf = t.Argument;
                        break;
                    case CallExpr { Function: Function.Cos } c when cosine is null:
                        cosine = c.Argument;
                        break;
                    case PowerExpr { Base: CallExpr { Function: Function.Sin } s, Exponent: NumberExpr { Value.IsMinusOne: true } } when reciprocalSine is null:
                        reciprocalSine = s.Argument;
                        break;
                    case PowerExpr { Base: CallExpr { Function: Function.Cos } c, Exponent: NumberExpr { Value.IsMinusOne: true } } when reciprocalCosine is null:
                        reciprocalCosine = c.Argument;
                        break;
                    default:
                        if (Depends(factor, x) && !IsPolynomialFactor(factor, x)) return null;
                        polynomialFactors.Add(factor);
                        break;
                }
            }
            // cos w / sin w is cot w; 1/sin w alone is csc w, 1/cos w alone is sec w = csc(w + π/2).
            Expr? cosecantOf = null;
            if (cosine is not null && reciprocalSine is not null && cosine.Equals(reciprocalSine) && cotangentOf is null && reciprocalCosine is null) cotangentOf = cosine;
            else if (cosine is null && reciprocalSine is not null && reciprocalCosine is null) cosecantOf = reciprocalSine;
            else if (cosine is null && reciprocalSine is null && reciprocalCosine is not null) cosecantOf = Add(reciprocalCosine, Multiply(Half, Pi));
            else if (cosine is not null || reciprocalSine is not null || reciprocalCosine is not null) return null;
            int kinds = (log is null ? 0 : 1) + (tangentOf is null ? 0 : 1) + (cotangentOf is null ? 0 : 1) + (cosecantOf is null ? 0 : 1);
            if (kinds != 1) return null;
            if (RationalFunction.TryFrom(Multiply(polynomialFactors), x, _budget) is not { IsPolynomial: true } asPolynomial) return null;
            var polynomial = asPolynomial.Numerator;
            var xv = Var(x);

            Expr result;
            if (log is not null)
            {
                if (polynomial.Degree > 2 || LogOfTrig(log.Argument, x) is not { } parts) return null;
                // ln(c·T(w)ᵏ) = ln|c| + k·(ln|2 sin w| or ln|2 cos w| or their difference) − k·ln 2 (for tan: 0).
                var (constant, k, function, w) = parts;
                var a = Linear(w, x)!.Value.A;
                var terms = new List<Expr>();
                var logTerm = function switch
                {
                    Function.Sin => LogTwoSineIntegral(polynomial, xv, w, a),
                    Function.Cos => LogTwoSineIntegral(polynomial, xv, Add(w, Multiply(Half, Pi)), a),
                    _ => Subtract(LogTwoSineIntegral(polynomial, xv, w, a), LogTwoSineIntegral(polynomial, xv, Add(w, Multiply(Half, Pi)), a)),
                };
                terms.Add(Multiply(Num(k), logTerm));
                var shift = function == Function.Tan ? constant : Subtract(constant, Multiply(Num(k), Log(Num(2))));
                terms.Add(Multiply(shift, polynomial.Integral().ToExpr(xv)));
                result = Add(terms);
            }
            else if (cosecantOf is not null)
            {
                // ∫ P·csc w = P·ln|tan(w/2)|/a − ∫ P′·ln|tan(w/2)|/a, and ln|tan v| = ln|2 sin v| − ln|2 cos v| with v = w/2.
                if (polynomial.Degree is < 1 or > 3 || Linear(cosecantOf, x) is not { } line) return null;
                var v = Multiply(Half, cosecantOf);
                var halfSlope = Multiply(Half, line.A);
                var logTangent = Log(Call(Function.Abs, Call(Function.Tan, v)));
                var derivative = polynomial.Derivative();
                var logTangentIntegral = Subtract(LogTwoSineIntegral(derivative, xv, v, halfSlope), LogTwoSineIntegral(derivative, xv, Add(v, Multiply(Half, Pi)), halfSlope));
                result = Subtract(Divide(Multiply(polynomial.ToExpr(xv), logTangent), line.A), Divide(logTangentIntegral, line.A));
            }
            else
            {
                if (polynomial.Degree is < 1 or > 3) return null;
                // ∫ P·cot w = P·ln|2 sin w|/a − ∫ P′·ln|2 sin w|/a; tan w = −cot(w + π/2).
                var w = cotangentOf ?? Add(tangentOf!, Multiply(Half, Pi));
                if (Linear(w, x) is not { } line) return null;
                var sign = cotangentOf is not null ? One : MinusOne;
                var logTwoSine = Log(Call(Function.Abs, Multiply(Num(2), Call(Function.Sin, w))));
                var parts = Subtract(Divide(Multiply(polynomial.ToExpr(xv), logTwoSine), line.A),
                    Divide(LogTwoSineIntegral(polynomial.Derivative(), xv, w, line.A), line.A));
                result = Multiply(sign, parts);
            }
            return Leaf(f, x, result, "Clausen's functions: ∫ ln|2 sin w| = −Cl₂(2w)/2 per unit of w, by parts");
        }

        /// <summary>∫ P·ln|2 sin w| dx = −P·Cl₂(2w)/(2a) − P′·Cl₃(2w)/(4a²) + P″·Cl₄(2w)/(8a³) for deg P ≤ 2.</summary>
        private static Expr LogTwoSineIntegral(Polynomial polynomial, Expr x, Expr w, Expr a)
        {
            var twice = Multiply(Num(2), w);
            var first = polynomial.Derivative();
            var second = first.Derivative();
            return Add(
                Negate(Divide(Multiply(polynomial.ToExpr(x), Call(Function.Clausen2, twice)), Multiply(Num(2), a))),
                Negate(Divide(Multiply(first.ToExpr(x), Call(Function.Clausen3, twice)), Multiply(Num(4), Square(a)))),
                Divide(Multiply(second.ToExpr(x), Call(Function.Clausen4, twice)), Multiply(Num(8), Power(a, Num(3)))));
        }

        /// <summary>ln|c| , k, T, w with <paramref name="argument"/> = c·T(w)ᵏ (T = sin, cos, tan; w linear in x, k = ±1, ±2, …).</summary>
        private (Expr Constant, long K, Function T, Expr W)? LogOfTrig(Expr argument, string x)
        {
            var constants = new List<Expr>();
            (long K, Function T, Expr W)? trig = null;
            foreach (var factor in Rewrite.Factors(argument))
            {
                if (!Depends(factor, x))
                {
                    constants.Add(factor);
                    continue;
                }
                var (core, k) = factor is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } e } } p ? (p.Base, e.Numerator) : (factor, 1L);
                // ln|T| is what the formulas integrate: an absolute value inside changes nothing.
                if (core is CallExpr { Function: Function.Abs } absolute) core = absolute.Argument;
                if (trig is not null || core is not CallExpr { Function: Function.Sin or Function.Cos or Function.Tan } call || Linear(call.Argument, x) is null) return null;
                trig = (k, call.Function, call.Argument);
            }
            if (trig is not { } t) return null;
            var c = Multiply(constants);
            return (Log(Call(Function.Abs, c)), t.K, t.T, t.W);
        }
    }
}
