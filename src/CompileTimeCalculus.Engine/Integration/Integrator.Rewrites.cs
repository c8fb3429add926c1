using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Rewrites that let other rules apply, each equal to the integrand where it is defined: squares out of roots (then
    // Piecewise splits the absolute values), equal fractional powers combined, a shared linear factor taken out of a
    // root, logarithms of products expanded.
    public sealed partial class Integrator
    {
        /// <summary>
        /// Squares under a fractional power: Q^k with the rational function Q = c·(S/T)²·R (R the factors of odd
        /// multiplicity) is |S|^(2k)·|T|^(−2k)·(c·R)^k, which the piecewise rule then integrates on each side of the roots:
        /// √(4 + 12x + 9x²) = |2 + 3x|, √(4 + 12/x + 9/x²) = |2x + 3|/|x|, (2x² + 3x³)^(3/2) = |x|³·(3x + 2)^(3/2).
        /// </summary>
        private Derivation? PerfectSquareRadicands(Expr f, string x)
        {
            bool changed = false;
            var rewritten = Rewrite.Replace(f, node =>
            {
                if (EvenPowersUnderRoot(node, x) is { } evenPowers)
                {
                    changed = true;
                    return evenPowers;
                }
                if (node is PowerExpr { Base: SumExpr halfAngleBase, Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } } } rootOf
                    && HalfAngleSquare(halfAngleBase) is { } square)
                {
                    changed = true;
                    return Power(square, rootOf.Exponent);
                }
                if (node is not PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } power || k.Denominator == 1 || !Depends(power.Base, x)) return null;
                if (RationalFunction.TryFrom(power.Base, x, _budget) is not { } q) return null;
                var (numeratorLead, numeratorSquare, numeratorRest) = SquarePart(q.Numerator);
                var (denominatorLead, denominatorSquare, denominatorRest) = SquarePart(q.Denominator);
                if (numeratorSquare.Degree < 1 && denominatorSquare.Degree < 1) return null;
                var variable = Var(x);
                var rest = Multiply(Num((numeratorLead / denominatorLead).ToNumber()), Divide(numeratorRest.ToExpr(variable), denominatorRest.ToExpr(variable)));
                if (numeratorRest.Degree < 1 && denominatorRest.Degree < 1 && (numeratorLead / denominatorLead).Sign <= 0) return null;
                changed = true;
                var twice = Num(k * Number.FromInteger(2));
                return Multiply(Power(Call(Function.Abs, numeratorSquare.ToExpr(variable)), twice),
                    Power(Call(Function.Abs, denominatorSquare.ToExpr(variable)), Negate(twice)), Power(rest, Num(k)));
            }, _budget);
            if (!changed) return null;
            var d = Integrate(rewritten, x);
            return d is null ? null : new Derivation(d.Result, new Step("a perfect square under the root: " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
        }

        /// <summary>
        /// a ± a·cos u, a ± a·sin u, a·cosh u ± a as 2a times a square of a half-angle function, for the root to take:
        /// 2 + 2cosh u = 4cosh²(u/2), 2 − 2cos u = 4sin²(u/2), 1 + sin u = 2cos²(u/2 − π/4). Null for any other sum.
        /// </summary>
        private static Expr? HalfAngleSquare(SumExpr sum)
        {
            if (sum.Terms.Count != 2 || sum.Terms[0] is not NumberExpr { Value: var a } || a.IsZero || !a.IsExact) return null;
            var (b, call) = SplitCoefficient(sum.Terms[1]);
            if (call is not CallExpr { Function: Function.Cos or Function.Sin or Function.Cosh } c || !b.IsExact) return null;
            var half = Multiply(Half, c.Argument);
            Expr square;
            Number scale;
            if (c.Function == Function.Cosh)
            {
                // a + a·cosh u = 2a·cosh²(u/2); a·cosh u − a = 2a·sinh²(u/2) (a > 0 in both).
                if (b.Equals(a) && !a.IsNegative) square = Call(Function.Cosh, half);
                else if (b.Equals(-a) && a.IsNegative) square = Call(Function.Sinh, half);
                else return null;
                scale = Number.FromInteger(2) * b;
            }
            else
            {
                if (a.IsNegative || !(b.Equals(a) || b.Equals(-a))) return null;
                bool plus = b.Equals(a);
                square = c.Function == Function.Cos
                    ? Call(plus ? Function.Cos : Function.Sin, half)
                    : plus ? Call(Function.Cos, Subtract(half, Divide(Pi, Num(4)))) : Call(Function.Sin, Subtract(Divide(Pi, Num(4)), half));
                scale = Number.FromInteger(2) * a;
            }
            return Multiply(Num(scale), Square(square));
        }

        /// <summary>
        /// Equal fractional powers of linear factors multiplied into one: (2 + 3x)^(5/2)·(5 + 7x)^(5/2) = ((2 + 3x)(5 + 7x))^(5/2),
        /// A^k·B^(−k) = (A/B)^k, equal wherever the factors are defined (A, B ≥ 0); a quadratic radical the Euler
        /// substitutions take.
        /// </summary>
        private Derivation? CombinedRadicals(Expr f, string x)
        {
            if (f is not ProductExpr product) return null;
            // In factor order, so the same integrand always tries the same combinations.
            var groups = new List<(Number Magnitude, List<int> Members)>();
            for (int i = 0; i < product.Factors.Count; i++)
            {
                if (product.Factors[i] is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } power && k.Denominator != 1 && Linear(power.Base, x) is not null)
                {
                    var magnitude = k.IsNegative ? -k : k;
                    int at = groups.FindIndex(g => g.Magnitude.Equals(magnitude));
                    if (at < 0) groups.Add((magnitude, new List<int> { i }));
                    else groups[at].Members.Add(i);
                }
            }
            foreach (var (magnitude, members) in groups)
            {
                if (members.Count < 2) continue;
                var numerator = new List<Expr>();
                var denominator = new List<Expr>();
                foreach (int i in members)
                {
                    var power = (PowerExpr)product.Factors[i];
                    (((NumberExpr)power.Exponent).Value.IsNegative ? denominator : numerator).Add(power.Base);
                }
                // (A/B)^k, or B^(−k) when there is no A: 1/√(7.7 − 192.5x²), not √(1/(7.7 − 192.5x²)), which a later substitution
                // would carry as √(1/cos²u) instead of 1/cos u.
                var combined = numerator.Count == 0
                    ? Power(Rewrite.Expand(Multiply(denominator), _budget), Num(-magnitude))
                    : Power(Divide(Rewrite.Expand(Multiply(numerator), _budget), Rewrite.Expand(Multiply(denominator), _budget)), Num(magnitude));
                var factors = new List<Expr> { combined };
                for (int i = 0; i < product.Factors.Count; i++) if (!members.Contains(i)) factors.Add(product.Factors[i]);
                var rewritten = Multiply(factors);
                if (rewritten.Equals(f)) continue;
                var d = Integrate(rewritten, x);
                if (d is not null)
                    return new Derivation(d.Result, new Step("radicals combined: " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
                if (numerator.Count == 0 || denominator.Count == 0) continue;
                // Or the numerator rationalized: (A/B)^k = A^(2k)/(A·B)^k for A ≥ 0, B > 0 (where both roots are real), so
                // √(1.1 − 5.5x)/√(7 + 35x) = (1.1 − 5.5x)/√(7.7 − 192.5x²), the radical arcsin(5x)' has.
                var a = Multiply(numerator);
                factors[0] = Multiply(Power(a, Num(magnitude * Number.FromInteger(2))), Power(Rewrite.Expand(Multiply(a, Multiply(denominator)), _budget), Num(-magnitude)));
                var rationalized = Multiply(factors);
                if (rationalized.Equals(f) || rationalized.Equals(rewritten)) continue;
                d = Integrate(rationalized, x);
                if (d is not null)
                    return new Derivation(d.Result, new Step("numerator rationalized: " + Show.Integral(f, x) + " = " + Show.Integral(rationalized, x), new[] { d.Step }));
            }
            // Two roots of rational functions whose quotient or product is simpler than they are:
            // √(3 − 2/x)/√(2 − 3x) = √(−1/x) ((3x − 2)/(x(2 − 3x)) reduces), A^k·B^(−k) = (A/B)^k where both roots are real.
            if (SimplerCombinedRoots(product, x) is { } simpler && !simpler.Equals(f) && Integrate(simpler, x) is { } simplerIntegral)
                return new Derivation(simplerIntegral.Result, new Step("radicals combined: " + Show.Integral(f, x) + " = " + Show.Integral(simpler, x), new[] { simplerIntegral.Step }));
            // Powers whose exponents differ by an integer: A^a·B^b = (A·B)^a·B^(b − a) with |a| ≤ |b| (A, B ≥ 0 where both are
            // real), so √(7 + 35x)/(1.1 − 5.5x)^(3/2) = √(7.7 − 192.5x²)/(1.1 − 5.5x)², the radical arcsin(5x)′ has. Only
            // next to an inverse function, whose derivative that radical is; elsewhere the separate roots substitute better.
            if (!Rewrite.Subtrees(f, _budget).Any(n => n is CallExpr { Function: Function.Asin or Function.Acos or Function.Atan or Function.Asinh or Function.Acosh })) return null;
            var radicals = new List<(int Index, Number K)>();
            for (int i = 0; i < product.Factors.Count; i++)
            {
                if (product.Factors[i] is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } power && k.Denominator != 1 && Linear(power.Base, x) is not null)
                    radicals.Add((i, k));
            }
            for (int i = 0; i < radicals.Count; i++)
            {
                for (int j = 0; j < radicals.Count; j++)
                {
                    var (first, a) = radicals[i];
                    var (second, b) = radicals[j];
                    var difference = b - a;
                    if (i == j || !difference.IsInteger || difference.IsZero || System.Math.Abs(a.Value) >= System.Math.Abs(b.Value)) continue;
                    var baseA = ((PowerExpr)product.Factors[first]).Base;
                    var baseB = ((PowerExpr)product.Factors[second]).Base;
                    var factors = new List<Expr> { Power(Rewrite.Expand(Multiply(baseA, baseB), _budget), Num(a)), Power(baseB, Num(difference)) };
                    for (int l = 0; l < product.Factors.Count; l++) if (l != first && l != second) factors.Add(product.Factors[l]);
                    var rewritten = Multiply(factors);
                    if (rewritten.Equals(f)) continue;
                    var d = Integrate(rewritten, x);
                    if (d is not null)
                        return new Derivation(d.Result, new Step("radicals combined: " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
                }
            }
            return null;
        }

        /// <summary>
        /// The first pair of roots A^(±k), B^(±k) (same fractional k, A and B rational in x, not both linear) whose quotient or
        /// product, reduced, has a lower total degree than A and B together: the product with that pair as one root.
        /// </summary>
        private Expr? SimplerCombinedRoots(ProductExpr product, string x)
        {
            var roots = new List<(int Index, Number K, RationalFunction Base)>();
            for (int i = 0; i < product.Factors.Count; i++)
            {
                if (product.Factors[i] is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } power && k.Denominator != 1
                    && RationalFunction.TryFrom(power.Base, x, _budget) is { } r && r.Numerator.Degree + r.Denominator.Degree <= 12)
                    roots.Add((i, k, r));
            }
            static int Degree(RationalFunction r) => r.Numerator.Degree + r.Denominator.Degree;
            for (int i = 0; i < roots.Count; i++)
            {
                for (int j = i + 1; j < roots.Count; j++)
                {
                    var (first, a, p) = roots[i];
                    var (second, b, q) = roots[j];
                    if (!(a.Equals(b) || a.Equals(-b)) || (Degree(p) <= 1 && Degree(q) <= 1)) continue;
                    _budget.Charge(8);
                    // A^k·B^k = (A·B)^k and A^k·B^(−k) = (A/B)^k.
                    var combined = a.Equals(b) ? new RationalFunction(p.Numerator * q.Numerator, p.Denominator * q.Denominator)
                        : new RationalFunction(p.Numerator * q.Denominator, p.Denominator * q.Numerator);
                    var reduced = combined.Reduced();
                    if (Degree(reduced) >= Degree(p) + Degree(q) - 1) continue;
                    var factors = new List<Expr> { Power(Divide(reduced.Numerator.ToExpr(Var(x)), reduced.Denominator.ToExpr(Var(x))), Num(a)) };
                    for (int l = 0; l < product.Factors.Count; l++) if (l != first && l != second) factors.Add(product.Factors[l]);
                    return Multiply(factors);
                }
            }
            return null;
        }

        /// <summary>
        /// A fractional power of a polynomial Q that a linear L under a fractional power divides: L ≥ 0 wherever L^q is
        /// real, so there Q^p = L^p·(Q/L)^p, and the two powers of L combine:
        /// (7 + 1.1x)^(3/2)/(15.4 + 247.42x + 38.5x²)^(3/2) = (2.2 + 35x)^(−3/2).
        /// </summary>
        private Derivation? SharedLinearFactor(Expr f, string x)
        {
            if (f is not ProductExpr product) return null;
            foreach (var outer in product.Factors)
            {
                if (outer is not PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } p } } power || p.Denominator == 1) continue;
                if (RationalFunction.TryFrom(power.Base, x, _budget) is not { IsPolynomial: true } q || q.Numerator.Degree < 2) continue;
                foreach (var inner in product.Factors)
                {
                    if (inner is not PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } linearPower || k.Denominator == 1) continue;
                    if (Linear(linearPower.Base, x) is null || RationalFunction.TryFrom(linearPower.Base, x, _budget) is not { IsPolynomial: true } l) continue;
                    var (quotient, remainder) = q.Numerator.DivRem(l.Numerator);
                    if (!remainder.IsZero) continue;
                    var factors = new List<Expr> { Power(linearPower.Base, Num(p)), Power(quotient.ToExpr(Var(x)), Num(p)) };
                    foreach (var other in product.Factors) if (!ReferenceEquals(other, outer)) factors.Add(other);
                    var rewritten = Multiply(factors);
                    var d = Integrate(rewritten, x);
                    if (d is not null)
                        return new Derivation(d.Result, new Step("factor the radicand: " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
                }
            }
            return null;
        }

        /// <summary>p = lead·S²·R with R the product of p's factors of odd multiplicity (S and R monic).</summary>
        private static (BigRational Lead, Polynomial Square, Polynomial OddPart) SquarePart(Polynomial p)
        {
            var square = Polynomial.One;
            var rest = Polynomial.One;
            var factors = p.SquareFree();
            for (int i = 0; i < factors.Count; i++)
            {
                int multiplicity = i + 1;
                if (factors[i].Degree < 1) continue;
                square *= factors[i].Pow(multiplicity / 2);
                if (multiplicity % 2 == 1) rest *= factors[i];
            }
            return (p.Leading, square, rest);
        }

        /// <summary>
        /// (c·Π gᵢ^(2mᵢ))^p with c &gt; 0 and p a fraction: c^p·Π |gᵢ|^(2mᵢ·p), the absolute value dropped where gᵢ is positive or
        /// the new exponent is even. √(sinh² u) = |sinh u|, (tanh² u)^(3/2) = |tanh u|³, √(2/sinh⁴ x) = √2/sinh² x.
        /// </summary>
        private Expr? EvenPowersUnderRoot(Expr node, string x)
        {
            if (node is not PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } p } } power || p.Denominator == 1 || !Depends(power.Base, x)) return null;
            var factors = new List<Expr>();
            bool even = false;
            foreach (var factor in Rewrite.Factors(power.Base))
            {
                switch (factor)
                {
                    case NumberExpr { Value.IsNegative: false } c:
                        factors.Add(Power(c, Num(p)));
                        break;
                    case PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } e } } g when e.Numerator % 2 == 0 && Depends(g.Base, x):
                    {
                        var exponent = e * p;
                        bool evenResult = exponent.IsInteger && exponent.Numerator % 2 == 0;
                        var b = evenResult || IntervalAnalysis.IsPositive(g.Base, _budget) ? g.Base : Call(Function.Abs, g.Base);
                        factors.Add(Power(b, Num(exponent)));
                        even = true;
                        break;
                    }
                    default:
                        if (Depends(factor, x) || !IntervalAnalysis.IsPositive(factor, _budget)) return null;
                        factors.Add(Power(factor, Num(p)));
                        break;
                }
            }
            return even ? Multiply(factors) : null;
        }

        /// <summary>
        /// ln of a product or power expanded: ln(c·Π gᵢ^nᵢ) = ln c + Σ nᵢ·ln|gᵢ|, equal wherever the original logarithm is
        /// defined (there the product is positive). ln(5·(7 + 1.1x)³) becomes ln 5 + 3·ln(7 + 1.1x), a linear logarithm.
        /// </summary>
        private Derivation? ExpandedLogarithms(Expr f, string x)
        {
            bool changed = false;
            var rewritten = Rewrite.Replace(f, node =>
            {
                if (node is not CallExpr { Function: Function.Log } log || !Depends(log.Argument, x) || log.Argument is not (ProductExpr or PowerExpr)) return null;
                if (log.Argument is PowerExpr { Exponent: var exponent } p0 && Depends(exponent, x)) return null;
                var terms = new List<Expr>();
                foreach (var factor in Rewrite.Factors(log.Argument))
                {
                    switch (factor)
                    {
                        case NumberExpr n:
                            terms.Add(Log(Num(n.Value.IsNegative ? -n.Value : n.Value)));
                            break;
                        case PowerExpr { Exponent: NumberExpr k } p:
                            terms.Add(Multiply(Num(k.Value), LogAbs(p.Base)));
                            break;
                        default:
                            if (!Depends(factor, x) && IntervalAnalysis.IsPositive(factor, _budget)) terms.Add(Log(factor));
                            else terms.Add(LogAbs(factor));
                            break;
                    }
                }
                changed = true;
                return Add(terms);
            }, _budget);
            if (!changed || rewritten.Equals(f)) return null;
            var d = Integrate(rewritten, x);
            return d is null ? null : new Derivation(d.Result, new Step("logarithm of a product: " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
        }
    }
}
