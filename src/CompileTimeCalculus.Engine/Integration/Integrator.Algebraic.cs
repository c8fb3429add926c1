using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Algebraic integrands with a square root of a quadratic: the reduction P/√Q = (R·√Q)' + λ/√Q, and the reciprocal
    // substitution x = 1/t that turns negative powers of x into such a P; roots of sums with negative powers of x, and
    // the rewrites that lead to them (hyperbolic functions of logarithms, common factors out of sums).
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
        /// The reciprocal substitution x = 1/t (reciprocal substitution) for x^(−m)·P(x)·Q(x)^(k/2), when at most one power of t is
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

            return WithFreshVariable("t", name => WithFreshVariable("σ", signName =>
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
                var change = new ChangeOfVariable("reciprocal substitution " + x + " = 1/" + name + ", d" + x + " = −d" + name + "/" + name + "², σ = sign " + x, g, Reciprocal(Var(x)))
                {
                    Also = new[] { (signName, Call(Function.Sign, Var(x))) },
                };
                return ChangeVariable(change, name, f, x);
            }));
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
                    powers[b] = k;
                }
                if (common is null) common = powers;
                else
                {
                    // Powers of one sign: the smallest magnitude is common (x² in x² + x³; x⁻² in ln x/x² − 1/x²).
                    foreach (var b in new List<Expr>(common.Keys))
                    {
                        if (!powers.TryGetValue(b, out var k) || k.IsNegative != common[b].IsNegative) common.Remove(b);
                        else if (Math.Abs(k.Value) < Math.Abs(common[b].Value)) common[b] = k;
                    }
                }
                if (common.Count == 0) return null;
            }
            if (common is null || common.Count == 0) return null;
            var factors = new List<Expr>();
            foreach (var pair in common) factors.Add(Power(pair.Key, Num(pair.Value)));
            return Multiply(factors);
        }

        /// <summary>
        /// Roots of sums of powers of x with negative exponents (√(2 − 3/x²), (25x² − 1/(25x²))^(3/2)): the lowest power comes
        /// out of the root, S^p = (x^k)^p·(x^(−k)·S)^p. For an even k, (x^k)^p = |x|^(k·p) = σ^(k·p)·x^(k·p) with σ = sign x,
        /// constant on each side of 0 (as in the reciprocal substitution); where a fractional power of x already confines the
        /// integrand to x &gt; 0, σ = 1.
        /// </summary>
        private Derivation? LaurentRadicands(Expr f, string x)
        {
            bool positiveOnly = ConfinedToPositive(f, x);
            return WithFreshVariable("σ", signName =>
            {
                var sigma = Var(signName);
                bool changed = false, usesSign = false;
                var rewritten = Rewrite.Replace(f, node =>
                {
                    if (node is not PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } p } } root) return null;
                    var radicand = root.Base;
                    // (S^j)^p = S^(j·p) for odd j: S^j > 0 exactly where S > 0 (√(1/S)).
                    if (radicand is PowerExpr { Base: SumExpr, Exponent: NumberExpr { Value: { IsInteger: true } j } } odd && j.Numerator % 2 != 0)
                        (radicand, p) = (odd.Base, j * p);
                    if (radicand is not SumExpr sum || p.IsInteger) return null;
                    if (LowestPower(sum, x) is not { } k || !k.IsNegative) return null;
                    var outside = k * p;
                    bool even = k.IsInteger && k.Numerator % 2 == 0;
                    if (!positiveOnly && !(even && outside.IsInteger)) return null;
                    var inner = Rewrite.Expand(Multiply(Power(Var(x), Num(-k)), sum), _budget, 40);
                    if (LowestPower(inner, x) is not { } lowest || lowest.IsNegative) return null;
                    changed = true;
                    Expr factor = Power(Var(x), Num(outside));
                    if (!positiveOnly && outside.Numerator % 2 != 0)
                    {
                        factor = Multiply(sigma, factor);
                        usesSign = true;
                    }
                    return Multiply(factor, Power(inner, Num(p)));
                }, _budget);
                if (!changed) return null;
                var d = Integrate(rewritten, x);
                if (d is null) return null;
                var result = usesSign ? Rewrite.Substitute(d.Result, signName, Call(Function.Sign, Var(x)), _budget) : d.Result;
                return new Derivation(result, new Step(
                    "the lowest power of " + x + " out of the root" + (usesSign ? ", σ = sign " + x : "") + ": " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x),
                    new[] { d.Step }, usesSign ? "σ = sign " + x + ": " + Show.Math(result) : null));
            });
        }

        /// <summary>
        /// True when f is undefined for x ≤ 0 wherever it appears: a fractional power of x (Math.Pow is NaN below 0), or
        /// ln(c·xⁿ) with c &gt; 0 and n odd. (A branch of a conditional could escape this; the verifier probes both sides.)
        /// </summary>
        private bool ConfinedToPositive(Expr f, string x)
        {
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is PowerExpr { Base: VariableExpr v, Exponent: NumberExpr { Value.IsInteger: false } } && v.Name == x) return true;
                if (node is CallExpr { Function: Function.Log } log && Rewrite.SplitConstant(log.Argument, x) is var (c, monomial)
                    && IntervalAnalysis.IsPositive(c, _budget) && LowestPower(monomial, x) is { IsInteger: true } n && n.Numerator % 2 != 0) return true;
            }
            return false;
        }

        private static bool HasLogarithm(Expr e)
        {
            if (e is CallExpr { Function: Function.Log }) return true;
            foreach (var c in e.Children) if (HasLogarithm(c)) return true;
            return false;
        }

        /// <summary>e^a with the terms q·ln c of a (q, c exact numbers) taken out as c^q: e^(2 + 2·ln 5) = 25·e².</summary>
        private static Expr ExpOfLogarithms(Expr a)
        {
            var powers = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var term in Rewrite.Terms(a))
            {
                var (q, log) = term is ProductExpr { Factors.Count: 2 } p && p.Factors[0] is NumberExpr n ? (n.Value, p.Factors[1]) : (Number.One, term);
                if (q.IsExact && log is CallExpr { Function: Function.Log, Argument: NumberExpr { Value: { IsExact: true, IsNegative: false } c } }) powers.Add(Power(Num(c), Num(q)));
                else rest.Add(term);
            }
            powers.Add(Exp(Add(rest)));
            return Multiply(powers);
        }

        /// <summary>The lowest exponent k of a sum of terms c·x^k (k exact, c free of x), or null when it is not such a sum.</summary>
        private Number? LowestPower(Expr sum, string x)
        {
            Number? lowest = null;
            foreach (var term in Rewrite.Terms(sum))
            {
                var (_, monomial) = Rewrite.SplitConstant(term, x);
                Number k;
                if (monomial.Equals(One)) k = Number.Zero;
                else if (monomial is VariableExpr v && v.Name == x) k = Number.One;
                else if (monomial is PowerExpr { Base: VariableExpr b, Exponent: NumberExpr { Value.IsExact: true } e } && b.Name == x) k = e.Value;
                else return null;
                if (lowest is null || k.Value < lowest.Value.Value) lowest = k;
            }
            return lowest;
        }

        /// <summary>
        /// sinh, cosh, tanh of α + β·ln|x| (x·u' = β, so α = u(1)) are algebraic: e^u = e^α·|x|^β, and sinh(2·ln 5x) =
        /// (25x² − 1/(25x²))/2. Then roots of them are roots of sums of powers of x. |x| is x where f needs x &gt; 0 anyway
        /// (ln 5x), else it stays for the piecewise rule (sinh(ln|x|) is (|x| − 1/|x|)/2, not (x − 1/x)/2).
        /// </summary>
        private Derivation? HyperbolicOfLogarithms(Expr f, string x)
        {
            bool changed = false;
            var magnitude = ConfinedToPositive(f, x) ? Var(x) : Call(Function.Abs, Var(x));
            var rewritten = Rewrite.Replace(f, node =>
            {
                if (node is not CallExpr { Function: Function.Sinh or Function.Cosh or Function.Tanh } call || !Depends(call, x) || !HasLogarithm(call.Argument)) return null;
                var beta = Multiply(Var(x), D(call.Argument, x));
                if (beta is not NumberExpr { Value.IsExact: true } b) return null;
                var alpha = Rewrite.Substitute(call.Argument, x, One, _budget);
                if (Depends(alpha, x)) return null;
                var up = Multiply(ExpOfLogarithms(alpha), Power(magnitude, beta));
                var down = Multiply(ExpOfLogarithms(Negate(alpha)), Power(magnitude, Num(-b.Value)));
                changed = true;
                return call.Function switch
                {
                    Function.Sinh => Multiply(Half, Subtract(up, down)),
                    Function.Cosh => Multiply(Half, Add(up, down)),
                    _ => Divide(Subtract(up, down), Add(up, down)),
                };
            }, _budget);
            if (!changed) return null;
            var d = Integrate(rewritten, x);
            return d is null ? null : new Derivation(d.Result, new Step("e^(α + β·ln x) = e^α·x^β: " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
        }
    }
}
