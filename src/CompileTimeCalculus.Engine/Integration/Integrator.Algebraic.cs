using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Algebraic integrands with a square root of a quadratic: the reduction P/√Q = (R·√Q)' + λ/√Q, and the reciprocal
    // substitution x = 1/t that turns negative powers of x into such a P.
    public sealed partial class Integrator
    {
        /// <summary>
        /// P(x)·Q(x)^(k/2) with P a polynomial, Q a quadratic and k ≥ −1 odd (both with rational coefficients): as
        /// P·Q^((k+1)/2)/√Q = (R·√Q)' + λ/√Q with R of one degree less, found by matching coefficients (a triangular
        /// system), so only ∫ dx/√Q is left to the table. Exact, and shorter than a trigonometric or Euler substitution.
        /// </summary>
        private Derivation? QuadraticRadicalReduction(Expr f, string x)
        {
            Expr? radicand = null;
            long k = 0;
            var polynomialFactors = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (factor is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, Denominator: 2 } e } } power && Depends(power.Base, x) && radicand is null)
                {
                    radicand = power.Base;
                    k = e.Numerator;
                }
                else if (IsPolynomialFactor(factor, x) || !Depends(factor, x)) polynomialFactors.Add(factor);
                else return null;
            }
            if (radicand is null || k < -1 || k > 9) return null;
            if (RationalFunction.TryFrom(radicand, x, _budget) is not { IsPolynomial: true } q || q.Numerator.Degree != 2) return null;
            if (RationalFunction.TryFrom(Multiply(polynomialFactors), x, _budget) is not { IsPolynomial: true } p0) return null;
            var qp = q.Numerator;
            var p = p0.Numerator * qp.Pow((int)((k + 1) / 2));
            int n = p.Degree;
            if (n < 1 || n > 40) return null;
            _budget.Charge(n * 4);

            // P_j = q2·j·r_(j−1) + q1·(j + ½)·r_j + q0·(j + 1)·r_(j+1) for j ≥ 1, P_0 = q1·r_0/2 + q0·r_1 + λ.
            var r = new BigRational[n + 2]; // r_n = r_(n+1) = 0: R has degree n − 1
            for (int i = 0; i < r.Length; i++) r[i] = BigRational.Zero;
            var half = BigRational.Create(1, 2);
            for (int j = n; j >= 1; j--)
            {
                var rest = p[j] - qp[1] * (BigRational.FromInteger(j) + half) * r[j] - qp[0] * BigRational.FromInteger(j + 1) * r[j + 1];
                r[j - 1] = rest / (qp[2] * BigRational.FromInteger(j));
            }
            var lambda = p[0] - qp[1] * half * r[0] - qp[0] * r[1];
            var coefficients = new BigRational[n];
            for (int i = 0; i < n; i++) coefficients[i] = r[i];
            var rPolynomial = Polynomial.FromCoefficients(coefficients).ToExpr(Var(x));
            var root = Sqrt(radicand);
            var algebraic = Multiply(rPolynomial, root);
            Expr result = algebraic;
            var steps = new List<Step>();
            if (!lambda.IsZero)
            {
                var basic = Integrate(Reciprocal(root), x);
                if (basic is null) return null;
                result = Add(algebraic, Multiply(Num(lambda.ToNumber()), basic.Result));
                steps.Add(basic.Step);
            }
            return new Derivation(result, new Step(
                "reduction P/√Q = (R·√Q)' + λ/√Q with R = " + Show.Math(rPolynomial) + ", λ = " + Show.Math(Num(lambda.ToNumber())) + ": " +
                Show.Integral(f, x) + " = " + Show.Math(result), steps));
        }

        /// <summary>
        /// The reciprocal substitution x = 1/t (the notes' 倒代换) for x^(−m)·P(x)·Q(x)^(k/2), when at most one power of t is
        /// left in the denominator (mostly a polynomial in t times Q*(t)^(k/2), for the reduction above): Q(1/t) = Q*(t)/t², and the root of
        /// t^(−2) is |t|^(−1) = σ·t^(−1) with σ = sign x, constant on each side of 0, so the result holds for x &lt; 0 as
        /// well as x &gt; 0.
        /// </summary>
        private Derivation? ReciprocalSubstitution(Expr f, string x)
        {
            // Only x^(−m)·P(x)·Q^(k/2) with Q quadratic, P's factors not vanishing at 0, and at most one power of t left in the
            // denominator (m − deg P − k − 2 ≥ −1); x^(−5)/√(2 + 3x⁴) and the like are the power substitution's (u = x²).
            long m = 0, tPowers = -2;
            bool radical = false;
            foreach (var factor in Rewrite.Factors(f))
            {
                if (!Depends(factor, x)) continue;
                if (factor is PowerExpr { Base: VariableExpr v, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: true } n } } && v.Name == x) m = -n.Numerator;
                else if (!radical && factor is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, Denominator: 2 } e } } pw
                    && RationalFunction.TryFrom(pw.Base, x, _budget) is { IsPolynomial: true } poly && poly.Numerator.Degree == 2 && !poly.Numerator[0].IsZero)
                {
                    radical = true;
                    tPowers -= e.Numerator;
                }
                else if (IsPolynomialFactor(factor, x) && RationalFunction.TryFrom(factor, x, _budget) is { IsPolynomial: true } p && !p.Numerator[0].IsZero)
                    tPowers -= p.Numerator.Degree;
                else return null;
            }
            if (m == 0 || !radical || m + tPowers < -1) return null;

            string name = FreshName("t"), signName = FreshName("σ");
            try
            {
                var t = Var(name);
                var sigma = Var(signName);
                var factors = new List<Expr> { Negate(Power(t, Num(-2))) };
                foreach (var factor in Rewrite.Factors(f))
                {
                    if (!Depends(factor, x))
                    {
                        factors.Add(factor);
                        continue;
                    }
                    var (b, e) = factor is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } ex } } pw ? (pw.Base, ex) : (factor, Number.One);
                    var poly = RationalFunction.TryFrom(b, x, _budget)!.Numerator;
                    int d = poly.Degree;
                    var reversed = new BigRational[d + 1];
                    for (int i = 0; i <= d; i++) reversed[i] = poly[d - i];
                    var star = Polynomial.FromCoefficients(reversed).ToExpr(t);
                    // (P*(t)/t^d)^e: t^(−d·e), and for a half-integer e, |t|^(−d·e) = σ^(d·e)·t^(−d·e) (d·e an integer).
                    var tPower = -(Number.FromInteger(d) * e);
                    factors.Add(Power(star, Num(e)));
                    factors.Add(Power(t, Num(tPower)));
                    if (!e.IsInteger && ((tPower.Numerator % 2) + 2) % 2 == 1) factors.Add(sigma);
                }
                var g = Multiply(factors);
                if (Depends(g, x)) return null;
                var inner = Integrate(g, name);
                if (inner is null) return null;
                var result = Rewrite.Substitute(Rewrite.Substitute(inner.Result, name, Reciprocal(Var(x)), _budget), signName, Call(Function.Sign, Var(x)), _budget);
                var step = new Step(
                    "reciprocal substitution " + x + " = 1/" + name + ", d" + x + " = −d" + name + "/" + name + "², σ = sign " + x + ": " + Show.Integral(f, x) + " = " + Show.Integral(g, name),
                    new[] { inner.Step },
                    "substitute back " + name + " = 1/" + x + ": " + Show.Math(result));
                return new Derivation(result, step);
            }
            finally
            {
                _names.Remove(name);
                _names.Remove(signName);
            }
        }

        /// <summary>A factor common to every term of a sum raised to an integer power taken out of it: 1/(2x + 3x/ln x) = 1/(x·(2 + 3/ln x)).</summary>
        private Expr CommonFactorsOut(Expr f, string x) => Rewrite.Replace(f, node =>
            node is PowerExpr { Base: SumExpr sum, Exponent: NumberExpr { Value.IsInteger: true } k } && CommonFactor(sum, x) is { } common
                ? Power(Multiply(common, Rewrite.Expand(Divide(sum, common), _budget, 40)), k) : null, _budget);

        /// <summary>The product of the positive powers that every term of the sum has in common (those depending on x), or null.</summary>
        private Expr? CommonFactor(SumExpr sum, string x)
        {
            Dictionary<Expr, Number>? common = null;
            foreach (var term in sum.Terms)
            {
                var powers = new Dictionary<Expr, Number>();
                foreach (var factor in Rewrite.Factors(term))
                {
                    if (!Depends(factor, x)) continue;
                    var (b, k) = factor is PowerExpr { Exponent: NumberExpr { Value.IsExact: true } e } p ? (p.Base, e.Value) : (factor, Number.One);
                    if (!k.IsNegative) powers[b] = k;
                }
                if (common is null) common = powers;
                else
                {
                    foreach (var b in new List<Expr>(common.Keys))
                    {
                        if (!powers.TryGetValue(b, out var k)) common.Remove(b);
                        else if (k.Value < common[b].Value) common[b] = k;
                    }
                }
                if (common.Count == 0) return null;
            }
            if (common is null || common.Count == 0) return null;
            var factors = new List<Expr>();
            foreach (var pair in common) factors.Add(Power(pair.Key, Num(pair.Value)));
            return Multiply(factors);
        }
    }
}
