using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    public sealed partial class Integrator
    {
        private const int MaxSubstitutionCandidates = 12;

        /// <summary>
        /// First-kind substitution (derivative-divides): for a candidate inner function u, f / u' must be expressible
        /// through u alone; then ∫ f dx = ∫ g(u) du, substituted back.
        /// </summary>
        private Derivation? Substitution(Expr f, string x)
        {
            foreach (var u in SubstitutionCandidates(f, x))
            {
                if (SubstituteWith(f, x, u) is { } d) return d;
            }
            return null;
        }

        /// <summary>
        /// Derivative-divides where the integral in u is a power of u ((1 + 1/x)/(x + ln x)^(3/2) = u^(−3/2) with
        /// u = x + ln x): tried right after the table, before rules that would rewrite the integrand and search far longer.
        /// </summary>
        private Derivation? ObviousSubstitution(Expr f, string x)
        {
            // Into a power first; the first substitution into another table entry (a constant included:
            // x^(−2 − 1/x)·(1 − ln x) = −(x^(−1/x))') is kept for when no candidate gives a power.
            Derivation? entry = null;
            foreach (var u in SubstitutionCandidates(f, x))
            {
                if (SubstituteWith(f, x, u, tableOnly: true, entry is null ? found => entry = found : null) is { } d) return d;
            }
            return entry;
        }

        /// <summary>
        /// ∫ g dt straight from the table when g is a constant or eᵗ, sin t and their kin, else null. Not ln t or the
        /// inverse functions: their entries come from integration by parts, and t·e^(−βt) reads better done that way
        /// than as ∫ ln u du with u = e^(−βt).
        /// </summary>
        private Derivation? TableEntry(Expr g, string t)
        {
            if (!Depends(g, t)) return new Derivation(Multiply(g, Var(t)), Step.Leaf(Show.Integral(g, t) + " = " + Show.Math(Multiply(g, Var(t)))));
            var (constant, rest) = Rewrite.SplitConstant(g, t);
            if (rest is not CallExpr { Function: Function.Exp or Function.Sin or Function.Cos or Function.Sinh or Function.Cosh, Argument: VariableExpr }) return null;
            var entry = Table(rest, t);
            return entry is null ? null : new Derivation(Multiply(constant, entry.Result), entry.Step);
        }

        /// <summary>∫ c·t^k dt by the power rule, else null.</summary>
        private Derivation? PowerOnly(Expr g, string t)
        {
            var (constant, rest) = Rewrite.SplitConstant(g, t);
            if (rest is not (VariableExpr or PowerExpr { Base: VariableExpr, Exponent: NumberExpr })) return null;
            var entry = Table(rest, t);
            return entry is null ? null : new Derivation(Multiply(constant, entry.Result), entry.Step);
        }

        /// <summary>u = 1/(p·x + q) with p, q numbers: the pole −q/p and p; else null.</summary>
        private (Expr Pole, double Slope)? ReciprocalOfLine(Expr u, string x)
        {
            if (Linear(Reciprocal(u), x) is not { } line || line.A.HasVariables || line.B.HasVariables) return null;
            double slope = Evaluator.Evaluate(line.A, new Dictionary<string, double>());
            return slope == 0 || !IsFinite(slope) ? null : (Negate(Divide(line.B, line.A)), slope);
        }

        /// <summary>u = a + b·tan w with w linear in x and b a nonzero number: tan w and the sign of b; else null.</summary>
        private (CallExpr Tan, int Sign)? TangentIn(Expr u, string x)
        {
            CallExpr? tan = null;
            foreach (var node in Rewrite.Subtrees(u, _budget))
            {
                if (node is not CallExpr { Function: Function.Tan } c || !Depends(c, x)) continue;
                if (tan is not null && !tan.Equals(c)) return null;
                tan = c;
            }
            if (tan is null || Linear(tan.Argument, x) is null) return null;
            var b = Divide(D(u, x), D(tan, x));
            if (b.HasVariables || Depends(Subtract(u, Multiply(b, tan)), x)) return null;
            double value = Evaluator.Evaluate(b, new Dictionary<string, double>());
            return value > 0 ? (tan, 1) : value < 0 ? (tan, -1) : null;
        }

        private Derivation? SubstituteWith(Expr f, string x, Expr u, bool tableOnly = false, Action<Derivation>? tableEntry = null)
        {
            _budget.Charge();
            var du = D(u, x);
            if (du.Equals(Zero)) return null;
            bool deferred = false;
            var derivation = WithFreshVariable("u", name =>
            {
                var t = Var(name);
                // du in the integrand's own form of its radicands where they differ (multiplied out, as parsed).
                if (ExpandedRadicands(du, x) is var expanded && !expanded.Equals(du) && SharesRadicand(expanded, f)) du = expanded;
                var g = InTermsOf(Multiply(f, Reciprocal(du)), u, t, x);
                if (g is null || Depends(g, x)) return null;
                // No progress: the same integrand under another name; and no wandering into much bigger integrands.
                if (Rewrite.Substitute(g, name, Var(x), _budget).Equals(f) || g.Size > 2 * f.Size + 10) return null;
                // Nor into roots the integrand did not have (u = x³ in x²·e^(3x²) leaves e^(3·∛u²)).
                if (HasRadicalIn(g, name) && !HasRadicalIn(f, x)) return null;
                var change = new ChangeOfVariable("substitute " + name + " = " + Show.Math(u) + ", d" + name + " = " + Show.Math(du) + " d" + x, g, u)
                {
                    Inner = (integrand, variable) =>
                    {
                        var inner = tableOnly ? PowerOnly(integrand, variable) : Integrate(integrand, variable);
                        if (inner is not null || tableEntry is null) return inner;
                        deferred = true;
                        return TableEntry(integrand, variable);
                    },
                    // Back-substituting t = arcsin(…) and its kin: multiple angles first become functions of t itself.
                    BeforeBack = u is CallExpr { Function: Function.Asin or Function.Acos or Function.Atan or Function.Asinh or Function.Acosh or Function.Atanh }
                        ? antiderivative => SingleAngle(antiderivative, name) : null,
                    AfterBack = (antiderivative, result) => ContinuousAcrossInfinity(antiderivative, result, u, name, x),
                };
                return ChangeVariable(change, name, f, x);
            });
            if (!deferred || derivation is null) return derivation;
            tableEntry!(derivation);
            return null;
        }

        /// <summary>G(u(x)) made continuous where u passes through infinity (u = a + b·tan w, u = 1/(p·x + q)).</summary>
        private Expr ContinuousAcrossInfinity(Expr antiderivative, Expr result, Expr u, string name, string x)
        {
            // u = a + b·tan w runs from ±∞ to ∓∞ where w crosses π/2 (mod π): keep the result continuous there.
            if (TangentIn(u, x) is { } tangent && JumpAtInfinity(antiderivative, name) is { } jump && !jump.Equals(Zero))
                return Add(result, Multiply(tangent.Sign > 0 ? jump : Negate(jump), Call(Function.Floor, Add(Divide(tangent.Tan.Argument, Pi), Half))));
            // u = 1/(p·x + q) runs through ±∞ where x crosses −q/p (u = 3/x in x·arctan(3/x)): G's finite jump there
            // is taken out beyond that point, so the result is continuous where the integrand is.
            if (ReciprocalOfLine(u, x) is { } line && JumpAtInfinity(antiderivative, name) is { } poleJump && !poleJump.Equals(Zero))
            {
                var beyond = Conditional(Compare(ComparisonOperator.Greater, Var(x), line.Pole), One, Zero);
                // u ≈ 1/(p·(x − x₀)) goes from −∞ to +∞ when p > 0, so G changes by G(+∞) − G(−∞) there.
                return Subtract(result, Multiply(line.Slope > 0 ? poleJump : Negate(poleJump), beyond));
            }
            return result;
        }

        /// <summary>
        /// x = e^t when x appears only in logarithms of monomials ln(c·xⁿ) and in powers of x, on x &gt; 0 (some ln(c·xⁿ) with
        /// n odd, or a fractional power of x, says so): sin²(2 + 3·ln(5x³))/x² becomes e^(−t)·sin²(2 + 3·ln 5 + 9t).
        /// </summary>
        private Derivation? LogarithmicSubstitution(Expr f, string x) => WithFreshVariable("t", name =>
        {
            var t = Var(name);
            bool logarithm = false, positive = false, failed = false;
            var g = Rewrite.Replace(f, node =>
            {
                if (failed) return node;
                switch (node)
                {
                    case CallExpr { Function: Function.Log } log when Depends(log.Argument, x):
                    {
                        if (Monomial(log.Argument, x) is not var (c, n) || c.IsNegative || c.IsZero || n.IsZero)
                        {
                            failed = true;
                            return node;
                        }
                        logarithm = true;
                        positive |= !n.IsInteger || n.Numerator % 2 != 0;
                        return Add(Log(Num(c)), Multiply(Num(n), t));
                    }
                    case PowerExpr { Base: VariableExpr b, Exponent: NumberExpr { Value: var q } } when b.Name == x:
                        positive |= !q.IsInteger;
                        return Exp(Multiply(Num(q), t));
                    case VariableExpr v when v.Name == x:
                        return Exp(t);
                    default:
                        return null;
                }
            }, _budget);
            if (failed || !logarithm || !positive || Depends(g, x)) return null;
            var integrand = Multiply(g, Exp(t));
            // Where x cancels (ln(x)/x), the textbook u = ln x of the first-kind substitution says it better.
            bool exponentialLeft = false;
            foreach (var node in Rewrite.Subtrees(integrand, _budget))
                exponentialLeft |= node is CallExpr { Function: Function.Exp } exp && Depends(exp.Argument, name);
            if (!exponentialLeft) return null;
            var change = new ChangeOfVariable("substitute " + x + " = e^" + name + ", d" + x + " = e^" + name + " d" + name, integrand, Log(Var(x)))
            {
                // e^(k·t + c) back as e^c·x^k (x > 0), then every other t as ln x.
                BeforeBack = antiderivative => Rewrite.Replace(antiderivative, node =>
                    node is CallExpr { Function: Function.Exp } exp && Linear(exp.Argument, name) is var (slope, offset)
                        && slope is NumberExpr { Value: var k } ? Multiply(Exp(offset), Power(Var(x), Num(k))) : null, _budget),
            };
            return ChangeVariable(change, name, f, x);
        });

        /// <summary>
        /// R(x)·F(ln(u)) with u = (a·x + b)/(c·x + d) the argument of every logarithm and R rational: t = u is invertible
        /// (x = (b − d·t)/(c·t − a)) and leaves a rational function of t times F(ln t), which parts and x = e^s integrate.
        /// </summary>
        private Derivation? MobiusLogarithm(Expr f, string x)
        {
            Expr? u = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is CallExpr { Function: Function.Log } log && Depends(log.Argument, x))
                {
                    if (u is null) u = log.Argument;
                    else if (!u.Equals(log.Argument)) return null;
                }
                else if (node is CallExpr other && Depends(other, x) || node is PowerExpr { Exponent: not NumberExpr { Value.IsInteger: true } } power && Depends(power, x)) return null;
            }
            if (u is not ProductExpr || RationalFunction.TryFrom(u, x, _budget) is not { } ratio || ratio.Numerator.Degree != ratio.Denominator.Degree) return null;
            // ln(c·(L₁/L₂)ⁿ) too: t = L₁/L₂ and the logarithm becomes ln(c·tⁿ).
            int n = ratio.Numerator.Degree;
            if (n < 1 || LinearRoot(ratio.Numerator, n) is not { } l1 || LinearRoot(ratio.Denominator, n) is not { } l2) return null;
            // A logarithm that only appears linearly splits into ln L₁ − ln L₂ better (fewer digits lost far out).
            if (n > 1 && !LogarithmUnderPower(f, u)) return null;
            var mobius = n == 1 ? u : Divide(l1.ToExpr(Var(x)), l2.ToExpr(Var(x)));
            return WithFreshVariable("t", name =>
            {
                var t = Var(name);
                var inverse = Inverse(mobius, x, t);
                if (inverse is null) return null;
                var du = D(mobius, x);
                var logOfT = n == 1 ? Log(t) : Log(Multiply(Num((ratio.Numerator.Leading / ratio.Denominator.Leading).ToNumber()), Power(t, Num(n))));
                var replaced = Rewrite.Replace(f, node => node is CallExpr { Function: Function.Log } log && log.Argument.Equals(u) ? logOfT : null, _budget);
                var g = Rewrite.Substitute(Divide(replaced, du), x, inverse, _budget);
                if (Depends(g, x)) return null;
                // The rational factors of g as one reduced fraction in t: (2 + 3x)/(5 + 7x) turned back into t, not nested.
                var rational = new List<Expr>();
                var rest = new List<Expr>();
                foreach (var factor in Rewrite.Factors(g)) (HasLogarithmOf(factor, name) ? rest : rational).Add(factor);
                if (RationalFunction.TryFrom(Multiply(rational), name, _budget) is not { } reduced) return null;
                rest.Add(reduced.Reduced().ToExpr(t));
                g = Multiply(rest);
                return ChangeVariable(new ChangeOfVariable("substitute " + name + " = " + Show.Math(mobius) + ", " + x + " = " + Show.Math(inverse), g, mobius), name, f, x);
            });
        }

        private bool LogarithmUnderPower(Expr f, Expr argument)
        {
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is not PowerExpr { Exponent: NumberExpr } power) continue;
                foreach (var inner in Rewrite.Subtrees(power.Base, _budget))
                    if (inner is CallExpr { Function: Function.Log } log && log.Argument.Equals(argument)) return true;
            }
            return false;
        }

        /// <summary>The monic linear L with p = lead·Lⁿ, or null.</summary>
        private static Polynomial? LinearRoot(Polynomial p, int n)
        {
            if (p.Degree != n) return null;
            var monic = p.Monic();
            var linear = Polynomial.Linear(BigRational.One, monic[n - 1] / BigRational.FromInteger(n));
            return n == 1 || linear.Pow(n).Equals(monic) ? linear : null;
        }

        private bool HasLogarithmOf(Expr e, string t)
        {
            foreach (var node in Rewrite.Subtrees(e, _budget))
                if (node is CallExpr { Function: Function.Log } log && Depends(log.Argument, t)) return true;
            return false;
        }

        /// <summary>c·x^n (n a number, c free of x), else null.</summary>
        private (Number C, Number N)? Monomial(Expr e, string x)
        {
            Number c = Number.One, n = Number.Zero;
            foreach (var factor in Rewrite.Factors(e))
            {
                switch (factor)
                {
                    case NumberExpr number:
                        c *= number.Value;
                        break;
                    case VariableExpr v when v.Name == x:
                        n += Number.One;
                        break;
                    case PowerExpr { Base: VariableExpr b, Exponent: NumberExpr { Value: var q } } when b.Name == x:
                        n += q;
                        break;
                    default:
                        return null;
                }
            }
            return (c, n);
        }

        /// <summary>u = x^k substitutions only (k ≥ 2): for rational functions of xᵏ times x^(k−1).</summary>
        private Derivation? PowerSubstitution(Expr f, string x)
        {
            foreach (var factor in Rewrite.Factors(f))
            {
                var k = factor is VariableExpr v && v.Name == x ? Number.One
                    : factor is PowerExpr { Base: VariableExpr pv, Exponent: NumberExpr { Value: { IsInteger: true } e } } && pv.Name == x ? e : (Number?)null;
                if (k is not { } power || power.IsNegative) continue;
                if (SubstituteWith(f, x, Power(Var(x), Num(power + Number.One))) is { } d) return d;
            }
            return null;
        }

        /// <summary>
        /// Inner functions worth trying: first the arguments of calls and the bases and exponents of powers (the textbook's
        /// u, largest first), then the calls and powers themselves (u = sin x for sin²x·cos x).
        /// </summary>
        private List<Expr> SubstitutionCandidates(Expr f, string x)
        {
            var found = new HashSet<Expr>();
            var inner = new List<Expr>();
            var outer = new List<Expr>();
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is VariableExpr || !Depends(node, x)) continue;
                switch (node)
                {
                    case CallExpr c when c.Arguments.Count == 1:
                        Consider(c.Argument, inner);
                        Consider(c, outer);
                        break;
                    case PowerExpr p:
                        if (Depends(p.Base, x))
                        {
                            Consider(p.Base, inner);
                            if (p.Exponent is not NumberExpr { Value.IsInteger: true }) Consider(p, outer);
                        }
                        if (Depends(p.Exponent, x))
                        {
                            Consider(p.Exponent, inner);
                            Consider(p, outer);
                            // x^(−2 − 1/x) = x⁻²·x^(−1/x): u = x^(−1/x) carries the varying part.
                            var (_, varying) = Rewrite.SplitConstantTerm(p.Exponent, x);
                            if (!varying.Equals(p.Exponent)) Consider(Power(p.Base, varying), outer);
                        }
                        break;
                }
            }
            // A factor x^k suggests u = x^(k+1), whose du carries exactly that factor: x/√(1 + x⁴) with u = x².
            foreach (var factor in Rewrite.Factors(f))
            {
                // Integer k ≥ 1 only: fractional powers are the root substitution's, and u = x^(3/2) would just rename them.
                var k = factor is VariableExpr v && v.Name == x ? Number.One
                    : factor is PowerExpr { Base: VariableExpr pv, Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: false } e } } && pv.Name == x ? e : (Number?)null;
                if (k is { } power) Consider(Power(Var(x), Num(power + Number.One)), inner);
            }
            if (CommonPowerOfX(f, x) is { } common) Consider(common, inner);
            // An odd power of sin v (sinh v) leaves one factor for d(cos v) (d(cosh v)) and even powers for the identity:
            // sinh³x/(2 + 3sinh²x)^(3/2) with u = cosh x. Likewise cos, cosh with u = sin v, sinh v.
            foreach (var factor in Rewrite.Factors(f))
            {
                var (call, odd) = factor is PowerExpr { Base: CallExpr c, Exponent: NumberExpr { Value: { IsInteger: true } k } } && k.Numerator % 2 != 0 && k.Denominator == 1 ? (c, true)
                    : factor is CallExpr bare ? (bare, true) : ((CallExpr?)null, false);
                if (!odd || call is null) continue;
                var partner = call.Function switch
                {
                    Function.Sin => Function.Cos,
                    Function.Cos => Function.Sin,
                    Function.Sinh => Function.Cosh,
                    Function.Cosh => Function.Sinh,
                    _ => (Function?)null,
                };
                if (partner is { } coFunction) Consider(Call(coFunction, call.Argument), outer);
            }
            // Linear inner functions are left to the table and the substitution classes: substituting them only renames.
            inner.Sort((a, b) => b.Size.CompareTo(a.Size));
            outer.Sort((a, b) => b.Size.CompareTo(a.Size));
            inner.AddRange(outer);
            if (inner.Count > MaxSubstitutionCandidates) inner.RemoveRange(MaxSubstitutionCandidates, inner.Count - MaxSubstitutionCandidates);
            return inner;

            void Consider(Expr u, List<Expr> list)
            {
                if (u is VariableExpr || !Depends(u, x) || u.Equals(f) || !found.Add(u)) return;
                if (Linear(u, x) is null) list.Add(u);
            }
        }

        /// <summary>
        /// u = xⁿ where x appears inside f only as powers x^(n·j) and the monomial factor x^m has n | m + 1, so that
        /// x^m dx = u^((m+1)/n − 1) du / n: √(2 + 3x² + 5x⁴)/x⁹ and 1/(x·√(2 + 3x³ + 5x⁶)) (negative m too).
        /// </summary>
        private Expr? CommonPowerOfX(Expr f, string x)
        {
            long m = 0;
            var inside = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (factor is VariableExpr v && v.Name == x) m += 1;
                else if (factor is PowerExpr { Base: VariableExpr pv, Exponent: NumberExpr { Value: { IsInteger: true } e } } && pv.Name == x && e.Denominator == 1) m += e.Numerator;
                else inside.Add(factor);
            }
            long n = 0;
            foreach (var factor in inside)
            {
                foreach (var node in Rewrite.Subtrees(factor, _budget))
                {
                    if (node is PowerExpr { Base: VariableExpr pv } p && pv.Name == x)
                    {
                        if (p.Exponent is not NumberExpr { Value: { IsInteger: true } e } || e.Denominator != 1) return null;
                        n = Gcd(n, System.Math.Abs(e.Numerator));
                    }
                    else if (node is VariableExpr v && v.Name == x && !IsPowerBase(factor, node)) return null;
                }
            }
            if (n < 2 || (m + 1) % n != 0) return null;
            return Power(Var(x), Num(n));

            static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
        }

        /// <summary>Whether <paramref name="node"/> occurs in <paramref name="e"/> only as the base of integer powers (the x in x²).</summary>
        private static bool IsPowerBase(Expr e, Expr node)
        {
            if (e.Equals(node)) return false;
            if (e is PowerExpr { Base: var b } && b.Equals(node)) return true;
            foreach (var c in e.Children) if (!IsPowerBase(c, node)) return false;
            return true;
        }

        /// <summary>
        /// <paramref name="q"/> (a function of x) rewritten as a function of t where t stands for <paramref name="u"/>,
        /// or null. Occurrences of u are replaced (with powers, exponentials of multiples and Pythagorean identities);
        /// what remains of x is replaced through the inverse of u where u is invertible.
        /// </summary>
        private Expr? InTermsOf(Expr q, Expr u, Expr t, string x)
        {
            var r = ReplaceKernel(q, u, t, x);
            if (!Depends(r, x)) return r;

            // u = α·K + β with a single term K depending on x: K = (t − β)/α.
            if (u is SumExpr sum && KernelOf(sum, x) is { } kernel)
            {
                var r2 = ReplaceKernel(r, kernel.K, Divide(Subtract(t, kernel.Beta), kernel.Alpha), x);
                if (!Depends(r2, x)) return r2;
            }

            if (Inverse(u, x, t) is { } inverse)
            {
                var r3 = InverseIdentities(Rewrite.Substitute(r, x, inverse, _budget), u, t);
                if (!Depends(r3, x)) return r3;
            }

            // tan, cot hide sin/cos: d/dx ln(tan x) = 1/(sin x cos x) only cancels against the integrand in sines and cosines.
            if (HasTangent(q) || HasTangent(u))
            {
                var qs = SinesAndCosines(q);
                var us = SinesAndCosines(u);
                var r5 = ReplaceKernel(qs, us, t, x);
                if (!Depends(r5, x)) return r5;
            }

            var expanded = Rewrite.Expand(q, _budget, 200);
            if (!expanded.Equals(q))
            {
                var r4 = ReplaceKernel(expanded, u, t, x);
                if (!Depends(r4, x)) return r4;
            }

            // x/(2x + 3x/ln x) = 1/(2 + 3/ln x) once the common factor is out of the sum.
            var factored = CommonFactorsOut(q, x);
            if (!factored.Equals(q))
            {
                var r6 = ReplaceKernel(factored, u, t, x);
                if (!Depends(r6, x)) return r6;
            }
            return null;
        }

        /// <summary>For u = α·K + β with exactly one term depending on x: (K, α, β).</summary>
        private (Expr K, Expr Alpha, Expr Beta)? KernelOf(SumExpr sum, string x)
        {
            Expr? kernelTerm = null;
            var constant = new List<Expr>();
            foreach (var term in sum.Terms)
            {
                if (!Depends(term, x))
                {
                    constant.Add(term);
                    continue;
                }
                if (kernelTerm is not null) return null;
                kernelTerm = term;
            }
            if (kernelTerm is null) return null;
            var (alpha, k) = Rewrite.SplitConstant(kernelTerm, x);
            return (k, alpha, Add(constant));
        }

        /// <summary>x as a function of t = u(x), for u that is invertible in closed form; null otherwise.</summary>
        private Expr? Inverse(Expr u, string x, Expr t)
        {
            if (Linear(u, x) is { } lin) return Divide(Subtract(t, lin.B), lin.A);
            // t = (a·x + b)/(c·x + d), ad ≠ bc: x = (b − d·t)/(c·t − a), the Möbius substitution for ln((a·x + b)/(c·x + d)).
            if (u is ProductExpr && RationalFunction.TryFrom(u, x, _budget) is { } ratio && ratio.Denominator.Degree == 1 && ratio.Numerator.Degree <= 1)
            {
                var (a, b) = (Num(ratio.Numerator[1].ToNumber()), Num(ratio.Numerator[0].ToNumber()));
                var (c, d) = (Num(ratio.Denominator[1].ToNumber()), Num(ratio.Denominator[0].ToNumber()));
                if (ratio.Numerator[1] * ratio.Denominator[0] == ratio.Numerator[0] * ratio.Denominator[1]) return null;
                return Divide(Subtract(b, Multiply(d, t)), Subtract(Multiply(c, t), a));
            }
            switch (u)
            {
                case CallExpr { Function: Function.Exp } e when Linear(e.Argument, x) is { } l:
                    return Divide(Subtract(Log(t), l.B), l.A);
                case CallExpr { Function: Function.Log } g when Linear(g.Argument, x) is { } l:
                    return Divide(Subtract(Exp(t), l.B), l.A);
                case PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } n } } p when Linear(p.Base, x) is { } l && !n.IsZero:
                    // t = (a·x + b)^n: x = (t^(1/n) − b)/a; for even roots t ≥ 0 and (t^(1/n))^n = t holds.
                    if (n.IsInteger && !n.IsMinusOne) return n.Numerator == 3 ? Divide(Subtract(Call(Function.Cbrt, t), l.B), l.A) : null;
                    return Divide(Subtract(Power(t, Num(n.Reciprocal())), l.B), l.A);
                case CallExpr { Function: Function.Cbrt } cb when Linear(cb.Argument, x) is { } l:
                    return Divide(Subtract(Power(t, Num(3)), l.B), l.A);
                case CallExpr { Function: Function.Asin or Function.Acos or Function.Atan or Function.Asinh or Function.Acosh or Function.Atanh } inv when Linear(inv.Argument, x) is { } l:
                {
                    // t = arcsin(a·x + b): x = (sin t − b)/a, with t in arcsin's range (see InverseIdentities).
                    var forward = inv.Function switch
                    {
                        Function.Asin => Function.Sin,
                        Function.Acos => Function.Cos,
                        Function.Atan => Function.Tan,
                        Function.Asinh => Function.Sinh,
                        Function.Acosh => Function.Cosh,
                        _ => Function.Tanh,
                    };
                    return Divide(Subtract(Call(forward, t), l.B), l.A);
                }
                default:
                    return null;
            }
        }

        /// <summary>Replaces u by t in e, including powers of u, exponentials of multiples of u's exponent, and identities such as sin² = 1 − cos².</summary>
        private Expr ReplaceKernel(Expr e, Expr u, Expr t, string x)
        {
            return Rewrite.Replace(e, Map, _budget);

            Expr? Map(Expr node)
            {
                if (node.Equals(u)) return t;
                if (!Depends(node, x)) return node;
                switch (u)
                {
                    case PowerExpr { Exponent: NumberExpr { Value: var n } } up:
                    {
                        if (node is PowerExpr { Exponent: NumberExpr { Value: var m } } np && np.Base.Equals(up.Base) && IntegerRatio(m, n) is { } k) return Power(t, Num(k));
                        if (node.Equals(up.Base) && IntegerRatio(Number.One, n) is { } k1) return Power(t, Num(k1));
                        if (node is CallExpr { Function: Function.Cbrt } cb && cb.Argument.Equals(up.Base) && IntegerRatio(Number.Rational(1, 3), n) is { } k3) return Power(t, Num(k3));
                        break;
                    }
                    case CallExpr { Function: Function.Cbrt } ucb:
                    {
                        if (node.Equals(ucb.Argument)) return Power(t, Num(3));
                        if (node is PowerExpr { Exponent: NumberExpr { Value: var m } } np && np.Base.Equals(ucb.Argument) && IntegerRatio(m, Number.Rational(1, 3)) is { } k) return Power(t, Num(k));
                        break;
                    }
                    case PowerExpr up when !Depends(up.Base, x):
                    {
                        // u = c^w: c^v = u^k · c^(v − k·w) with k = v'/w' rational.
                        if (node is PowerExpr np && np.Base.Equals(up.Base) && ExponentRatio(np.Exponent, up.Exponent, x) is { } ratio)
                            return Multiply(Power(t, Num(ratio.K)), Power(up.Base, ratio.Remainder));
                        break;
                    }
                    case CallExpr { Function: Function.Exp } ue:
                    {
                        if (node is CallExpr { Function: Function.Exp } ne && ExponentRatio(ne.Argument, ue.Argument, x) is { } ratio) return Multiply(Power(t, Num(ratio.K)), Exp(ratio.Remainder));
                        break;
                    }
                    case CallExpr { Arguments.Count: 1 } uc:
                    {
                        if (Pythagorean(node, uc, t) is { } identity) return identity;
                        break;
                    }
                }
                return null;
            }
        }

        /// <summary>
        /// After x = sin t (t = arcsin(…)): the Pythagorean identities with the sign the inverse function's range fixes:
        /// (1 − sin²t)^(k/2) = cos^k t since cos t ≥ 0 on [−π/2, π/2]; likewise for arccos (sin ≥ 0), arctan (sec &gt; 0),
        /// arsinh (cosh &gt; 0), arcosh (sinh ≥ 0) and artanh (1 − tanh² = 1/cosh²).
        /// </summary>
        private Expr InverseIdentities(Expr e, Expr u, Expr t)
        {
            if (u is not CallExpr { Function: var inverse }) return e;
            var (forward, partner, sign, constant) = inverse switch
            {
                Function.Asin => (Function.Sin, Function.Cos, -1, One),
                Function.Acos => (Function.Cos, Function.Sin, -1, One),
                Function.Atan => (Function.Tan, Function.Cos, 1, One),
                Function.Asinh => (Function.Sinh, Function.Cosh, 1, One),
                Function.Acosh => (Function.Cosh, Function.Sinh, 1, MinusOne),
                Function.Atanh => (Function.Tanh, Function.Cosh, -1, One),
                _ => (Function.Exp, Function.Exp, 0, Zero),
            };
            if (sign == 0) return e;
            var square = Square(Call(forward, t));
            // The expression the identity rewrites: 1 − sin²t, 1 + tan²t, 1 + sinh²t, cosh²t − 1, 1 − tanh²t.
            var pythagorean = inverse == Function.Acosh ? Subtract(square, One) : Add(constant, Multiply(Num(sign), square));
            // Its value in the partner function: cos²t, cos⁻²t (arctan), cosh²t, sinh²t, cosh⁻²t (artanh).
            // The partner is positive on the range (cos on [−π/2, π/2], ...), so (partner²)^k = partner^(2k).
            long two = inverse is Function.Atan or Function.Atanh ? -2 : 2;
            return Rewrite.Replace(e, node => node switch
            {
                _ when node.Equals(pythagorean) => Power(Call(partner, t), Num(two)),
                PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } p when p.Base.Equals(pythagorean) => Power(Call(partner, t), Num(k * Number.FromInteger(two))),
                // c·(1 − sin²t) with c > 0 (√(7 − 175x²) at x = sin(t)/5): c^k·cos^(2k) t.
                PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } k } } p when ScaledPythagorean(p.Base, pythagorean) is { } c
                    => Multiply(Power(c, Num(k)), Power(Call(partner, t), Num(k * Number.FromInteger(two)))),
                SumExpr when ScaledPythagorean(node, pythagorean) is { } c => Multiply(c, Power(Call(partner, t), Num(two))),
                _ => null,
            }, _budget);
        }

        /// <summary>c when e = c·p with c a positive constant (e a sum of two terms), else null.</summary>
        private Expr? ScaledPythagorean(Expr e, Expr p)
        {
            if (e is not SumExpr { Terms.Count: 2 } sum || p is not SumExpr { Terms.Count: 2 }) return null;
            foreach (var term in sum.Terms)
            {
                if (term is not NumberExpr { Value: { IsNegative: false, IsZero: false } } c) continue;
                var ratio = Divide(term, ((SumExpr)p).Terms[0] is NumberExpr ? ((SumExpr)p).Terms[0] : ((SumExpr)p).Terms[1]);
                if (ratio is not NumberExpr { Value.IsNegative: false } || Rewrite.Expand(Subtract(e, Multiply(ratio, p)), _budget) is not NumberExpr { Value.IsZero: true }) return null;
                return ratio;
            }
            return null;
        }

        /// <summary>
        /// One inverse trigonometric or hyperbolic function of a linear argument in an otherwise algebraic integrand
        /// (x³·√(7 − 175x²)·(2 + 3·arcsin 5x), arctan³(2x)/(5 + 20x²)²): t = that function turns it into a polynomial in
        /// t times trigonometric functions of t, which the tabular method integrates; tried before parts, which would
        /// differentiate the inverse function again and again.
        /// </summary>
        private Derivation? InverseFunctionSubstitution(Expr f, string x)
        {
            CallExpr? inverse = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is not CallExpr call || !Depends(call, x)) continue;
                if (call.Function is not (Function.Asin or Function.Acos or Function.Atan or Function.Asinh or Function.Acosh or Function.Atanh)) return null;
                if (inverse is null && Linear(call.Argument, x) is not null) inverse = call;
                else if (!call.Equals(inverse)) return null;
            }
            return inverse is null ? null : SubstituteWith(f, x, inverse);
        }

        /// <summary>
        /// Polynomial radicands multiplied out, the form the parser gives the integrand: (arcsin(5/2 − 3x/2))' has
        /// √(1 − (5/2 − 3x/2)²), which must cancel against the integrand's √(15x/2 − 21/4 − 9x²/4).
        /// </summary>
        private Expr ExpandedRadicands(Expr e, string x) => Rewrite.Replace(e, node =>
            node is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } } k } p && p.Base is SumExpr && IsPolynomialFactor(p.Base, x)
                && Rewrite.Expand(p.Base, _budget, 40) is var expanded && !expanded.Equals(p.Base)
                ? Power(expanded, k) : null, _budget);

        private bool SharesRadicand(Expr e, Expr f)
        {
            var inF = new HashSet<Expr>();
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } } p) inF.Add(p.Base);
            }
            foreach (var node in Rewrite.Subtrees(e, _budget))
            {
                if (node is PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } } p && inF.Contains(p.Base)) return true;
            }
            return false;
        }

        private static bool HasTangent(Expr e)
        {
            if (e is CallExpr { Function: Function.Tan or Function.Tanh }) return true;
            foreach (var c in e.Children) if (HasTangent(c)) return true;
            return false;
        }

        /// <summary>tan = sin/cos and tanh = sinh/cosh throughout.</summary>
        private Expr SinesAndCosines(Expr e) => Rewrite.Replace(e, node => node switch
        {
            CallExpr { Function: Function.Tan } tan => Divide(Call(Function.Sin, SinesAndCosines(tan.Argument)), Call(Function.Cos, SinesAndCosines(tan.Argument))),
            CallExpr { Function: Function.Tanh } tanh => Divide(Call(Function.Sinh, SinesAndCosines(tanh.Argument)), Call(Function.Cosh, SinesAndCosines(tanh.Argument))),
            _ => null,
        }, _budget);

        /// <summary>For v = k·w + c with k a rational number and c free of x: (k, c).</summary>
        private (Number K, Expr Remainder)? ExponentRatio(Expr v, Expr w, string x)
        {
            var dv = D(v, x);
            var dw = D(w, x);
            if (dw.Equals(Zero)) return null;
            if (Divide(dv, dw) is not NumberExpr { Value: { IsExact: true } k }) return null;
            var rest = Subtract(v, Multiply(Num(k), w));
            if (Depends(rest, x)) rest = Rewrite.Expand(rest, _budget);
            if (Depends(rest, x)) return null;
            return (k, rest);
        }

        private static Number? IntegerRatio(Number m, Number n)
        {
            if (!m.IsExact || !n.IsExact || n.IsZero) return null;
            var k = m / n;
            return k.IsInteger ? k : null;
        }

        /// <summary>sin²w = 1 − cos²w and its relatives, for u = sin w, cos w, tan w, sinh w, cosh w, tanh w: node in terms of t = u.</summary>
        private static Expr? Pythagorean(Expr node, CallExpr u, Expr t)
        {
            if (node is not PowerExpr { Base: CallExpr { Arguments.Count: 1 } b, Exponent: NumberExpr { Value: { IsInteger: true } n } } || !b.Argument.Equals(u.Argument)) return null;
            long k = n.Numerator;
            if (k % 2 != 0) return null;
            var t2 = Square(t);
            Expr? square = (u.Function, b.Function) switch
            {
                (Function.Sin, Function.Cos) => Subtract(One, t2),
                (Function.Cos, Function.Sin) => Subtract(One, t2),
                (Function.Tan, Function.Cos) => Reciprocal(Add(One, t2)),
                (Function.Tan, Function.Sin) => Divide(t2, Add(One, t2)),
                (Function.Sinh, Function.Cosh) => Add(One, t2),
                (Function.Cosh, Function.Sinh) => Subtract(t2, One),
                (Function.Tanh, Function.Cosh) => Reciprocal(Subtract(One, t2)),
                (Function.Tanh, Function.Sinh) => Divide(t2, Subtract(One, t2)),
                _ => null,
            };
            return square is null ? null : Power(square, Num(k / 2));
        }
    }
}
