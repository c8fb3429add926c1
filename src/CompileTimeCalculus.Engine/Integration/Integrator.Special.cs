using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Integrands without an elementary antiderivative whose antiderivative is a special function of the runtime library:
    // erf and erfi (Gaussians), Ei (e^x/x), Si and Ci (sin x/x, cos x/x), Shi and Chi, Fresnel S and C (sin x², cos x²),
    // Polylogarithms (ln(1 + x)/x after the substitution x = eᵘ − 1, tanh, 1/(1 + eˣ)): Integrator.Polylogarithms.
    public sealed partial class Integrator
    {
        /// <summary>P(x)·e^(αx² + βx + γ): the degree of P drops by parts down to ∫ e^(αx² + βx + γ) = erf or erfi.</summary>
        private Derivation? Gaussian(Expr f, string x)
        {
            Expr? exponent = null;
            var polynomial = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (factor is CallExpr { Function: Function.Exp } e && exponent is null) exponent = e.Argument;
                else polynomial.Add(factor);
            }
            if (exponent is null || Quadratic(exponent, x) is not { } q) return null;
            var p = Multiply(polynomial);
            if (!IsPolynomialFactor(p, x) && !p.Equals(One)) return null;
            var (alpha, beta, gamma) = q;
            bool negative = IntervalAnalysis.IsNegative(alpha, _budget);
            if (!negative && !IntervalAnalysis.IsPositive(alpha, _budget)) return null;

            var exp = Exp(exponent);
            if (p.Equals(One))
            {
                // e^(α(x + β/2α)² + γ − β²/4α): ∫ = √π/(2k) e^(γ − β²/4α) erf(k(x + β/2α)), k = √(−α) (erfi and k = √α for α > 0).
                var k = Sqrt(negative ? Negate(alpha) : alpha);
                var shift = Divide(beta, Multiply(Num(2), alpha));
                var constant = Exp(Subtract(gamma, Divide(Square(beta), Multiply(Num(4), alpha))));
                var special = Call(negative ? Function.Erf : Function.Erfi, Multiply(k, Add(Var(x), shift)));
                var result = Multiply(Divide(Sqrt(Pi), Multiply(Num(2), k)), constant, special);
                return Leaf(f, x, result, "complete the square; the Gaussian integral is " + (negative ? "erf" : "erfi"));
            }
            // ∫ x^n e^v = x^(n−1) e^v/(2α) − (n−1)/(2α) ∫ x^(n−2) e^v − β/(2α) ∫ x^(n−1) e^v, from (e^v)' = (2αx + β) e^v.
            var expanded = Rewrite.Expand(p, _budget);
            var terms = new List<Expr>();
            var steps = new List<Step>();
            foreach (var term in Rewrite.Terms(expanded))
            {
                var (c, monomial) = Rewrite.SplitConstant(term, x);
                long n = monomial is VariableExpr ? 1 : monomial.Equals(One) ? 0 : monomial is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } m } } ? m.Numerator : -1;
                if (n < 0) return null;
                if (n == 0)
                {
                    var d0 = Integrate(exp, x);
                    if (d0 is null) return null;
                    terms.Add(Multiply(c, d0.Result));
                    steps.Add(d0.Step);
                    continue;
                }
                var twoAlpha = Multiply(Num(2), alpha);
                var lower = Multiply(Divide(Num(n - 1), twoAlpha), Power(Var(x), Num(n - 2)), exp);
                var lower1 = Multiply(Divide(beta, twoAlpha), Power(Var(x), Num(n - 1)), exp);
                var rest = Integrate(Add(lower, lower1), x);
                if (rest is null) return null;
                terms.Add(Multiply(c, Subtract(Divide(Multiply(Power(Var(x), Num(n - 1)), exp), twoAlpha), rest.Result)));
                steps.Add(rest.Step);
            }
            var total = Add(terms);
            return new Derivation(total, new Step("by parts with dv = (2αx + β)·e^v: " + Show.Integral(f, x) + " = " + Show.Math(total), steps));
        }

        /// <summary>
        /// e^(a·x + b) times powers of one linear radicand (x^(3/2)·e^(3x), e^(3x)/√(7 + 1.1x)): the root substitution makes
        /// it a polynomial times a Gaussian in t, which <see cref="Gaussian"/> integrates.
        /// </summary>
        private Derivation? ExponentialRadical(Expr f, string x)
        {
            bool exponential = false, radical = false;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is CallExpr { Function: Function.Exp } e && Depends(e, x))
                {
                    if (Linear(e.Argument, x) is null) return null;
                    exponential = true;
                }
                else if (node is CallExpr other && Depends(other, x)) return null;
                else if (node is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } } }) radical = true;
            }
            return exponential && radical ? RadicalClass(f, x) : null;
        }

        /// <summary>v = αx² + βx + γ with α ≠ 0 and α, β, γ free of x.</summary>
        /// <summary>
        /// 1/(A·x² + B·x + C) with parameters in its coefficients (a Lorentzian 1/(a² + x²), the Cauchy density with its
        /// location and scale): 2/√D·arctan((2Ax + B)/√D) where D = 4AC − B² is provably positive, logarithms where it is
        /// provably negative. A sign the interval analysis cannot decide is left to a sign split of the parameters; numeric
        /// coefficients are the rational-function integrator's.
        /// </summary>
        private Derivation? QuadraticReciprocal(Expr f, string x)
        {
            if (f is not PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, Numerator: -1 } } } power || !Rewrite.HasOtherVariables(power.Base, x)) return null;
            if (Quadratic(power.Base, x) is not { } q) return null;
            var (a, b, c) = q;
            var discriminant = Rewrite.Expand(Subtract(Multiply(Num(4), a, c), Square(b)), _budget);
            var linear = Add(Multiply(Num(2), a, Var(x)), b);
            if (IntervalAnalysis.IsPositive(discriminant, _budget))
            {
                var root = Sqrt(discriminant);
                return Leaf(f, x, Multiply(Divide(Num(2), root), Call(Function.Atan, Divide(linear, root))), "complete the square: an arctangent (4AC − B² > 0)");
            }
            if (IntervalAnalysis.IsNegative(discriminant, _budget))
            {
                var root = Sqrt(Negate(discriminant));
                var ratio = Divide(Subtract(linear, root), Add(linear, root));
                return Leaf(f, x, Divide(Log(Call(Function.Abs, ratio)), root), "partial fractions over the real roots (4AC − B² < 0)");
            }
            return null;
        }

        /// <summary>
        /// P(x)·sinh(q) or P(x)·cosh(q) with q a quadratic in x: as exponentials, P·(e^q ∓ e^(−q))/2, each term a Gaussian
        /// (erf and erfi), where the rules for hyperbolic functions take linear arguments only.
        /// </summary>
        private Derivation? HyperbolicOfQuadratic(Expr f, string x)
        {
            CallExpr? hyperbolic = null;
            var rest = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (hyperbolic is null && factor is CallExpr { Function: Function.Sinh or Function.Cosh } c && Quadratic(c.Argument, x) is not null) hyperbolic = c;
                else rest.Add(factor);
            }
            if (hyperbolic is null) return null;
            var p = Multiply(rest);
            if (!p.Equals(One) && !IsPolynomialFactor(p, x)) return null;
            var exponentials = Rewrite.Expand(Multiply(p, HyperbolicAsExponentials(hyperbolic)), _budget);
            var d = Integrate(exponentials, x);
            return d is null ? null : new Derivation(d.Result, new Step("as exponentials: " + Show.Integral(f, x) + " = " + Show.Integral(exponentials, x), new[] { d.Step }));
        }

        private (Expr Alpha, Expr Beta, Expr Gamma)? Quadratic(Expr v, string x)
        {
            var dv = D(v, x);
            var d2 = D(dv, x);
            if (d2.Equals(Zero) || Depends(d2, x)) return null;
            var alpha = Multiply(Half, d2);
            var beta = Rewrite.Expand(Subtract(dv, Multiply(d2, Var(x))), _budget);
            if (Depends(beta, x)) return null;
            var gamma = Rewrite.Expand(Subtract(v, Add(Multiply(alpha, Square(Var(x))), Multiply(beta, Var(x)))), _budget);
            if (Depends(gamma, x)) return null;
            return (alpha, beta, gamma);
        }

        /// <summary>
        /// P(x)·L^m·e^(c·L^n + d) (or sinh, cosh) with L = a·x + b, P a polynomial and (m + 1)/n a multiple of ½
        /// (e^(3x)/(5 + 7x)^(9/2), x⁴·e^(3/x²), (2 + 3x)²·e^(1.1/(5 + 7x)²)): P in powers of L, then by parts each
        /// L^k·e^(c·L^n) moves k by ±n to an end case: e^(c·L^n)/(c·n) for k = n − 1, Ei(c·L^n)/n for k = −1, erf or
        /// erfi of √|c|·L^(n/2) for k = n/2 − 1 (every other k is an incomplete gamma function).
        /// </summary>
        private Derivation? ExponentialOfPower(Expr f, string x)
        {
            CallExpr? kernel = null;
            var constants = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (!Depends(factor, x)) constants.Add(factor);
                else if (kernel is null && factor is CallExpr { Function: Function.Exp or Function.Sinh or Function.Cosh } call) kernel = call;
                else rest.Add(factor);
            }
            if (kernel is null) return null;
            var candidates = new List<Expr>();
            foreach (var factor in rest)
            {
                var candidate = factor is PowerExpr power ? power.Base : factor;
                if (Linear(candidate, x) is not null && !candidates.Contains(candidate)) candidates.Add(candidate);
            }
            foreach (var node in Rewrite.Subtrees(kernel.Argument, _budget))
            {
                if (node is PowerExpr power && Linear(power.Base, x) is not null && !candidates.Contains(power.Base)) candidates.Add(power.Base);
            }
            // A polynomial argument multiplied out, c·(x + h)ⁿ + d (8 + 36x + 54x² + 27x³ = (2 + 3x)³): h = q₍ₙ₋₁₎/(n·qₙ).
            if (RationalFunction.TryFrom(kernel.Argument, x, _budget) is { IsPolynomial: true } q && q.Numerator.Degree >= 3)
            {
                var p = q.Numerator;
                var h = p[p.Degree - 1] / (BigRational.FromInteger(p.Degree) * p[p.Degree]);
                var shifted = Polynomial.Linear(BigRational.One, h).Pow(p.Degree) * Polynomial.FromCoefficients(p[p.Degree]);
                var difference = p - shifted;
                var basis = Add(Var(x), Num(h.ToNumber()));
                if (difference.Degree <= 0 && !candidates.Contains(basis)) candidates.Add(basis);
            }
            foreach (var basis in candidates)
            {
                if (ExponentialOfPower(f, x, kernel, basis, rest, constants) is { } found) return found;
            }
            return null;
        }

        private Derivation? ExponentialOfPower(Expr f, string x, CallExpr kernel, Expr basis, List<Expr> rest, List<Expr> constants)
        {
            var m = Number.Zero;
            var polynomialFactors = new List<Expr>();
            foreach (var factor in rest)
            {
                if (factor.Equals(basis)) m += Number.One;
                else if (factor is PowerExpr { Exponent: NumberExpr { Value.IsExact: true } k } power && power.Base.Equals(basis)) m += k.Value;
                else if (IsPolynomialFactor(factor, x)) polynomialFactors.Add(factor);
                else return null;
            }
            var (a, b) = Linear(basis, x)!.Value;
            return WithFreshVariable("t", name =>
            {
                var t = Var(name);
                var inverse = Divide(Subtract(t, b), a);
                // The argument in t = L must be c·t^n + d.
                var argument = Rewrite.Expand(Rewrite.Substitute(kernel.Argument, x, inverse, _budget), _budget, 40);
                Expr? c = null;
                var n = Number.Zero;
                var d = new List<Expr>();
                foreach (var term in Rewrite.Terms(argument))
                {
                    var (coefficient, monomial) = Rewrite.SplitConstant(term, name);
                    if (monomial.Equals(One)) d.Add(coefficient);
                    else if (c is not null) return null;
                    else if (monomial.Equals(t)) (c, n) = (coefficient, Number.One);
                    else if (monomial is PowerExpr { Base: VariableExpr v, Exponent: NumberExpr { Value.IsExact: true } k } && v.Name == name) (c, n) = (coefficient, k.Value);
                    else return null;
                }
                if (c is null || Depends(c, x) || n.IsZero) return null;
                bool positive = IntervalAnalysis.IsPositive(c, _budget);
                if (!positive && !IntervalAnalysis.IsNegative(c, _budget)) return null;
                var shift = Add(d);

                var polynomial = RationalFunction.TryFrom(Rewrite.Expand(Rewrite.Substitute(Multiply(polynomialFactors), x, inverse, _budget), _budget, 200), name, _budget);
                if (polynomial is not { IsPolynomial: true } || polynomial.Numerator.Degree > 12) return null;
                // Polynomials times e^(linear or quadratic) are the tabular and Gaussian rules' (shorter steps, same result).
                bool elementaryPowers = m.IsInteger && !m.IsNegative && (n.IsOne || n.Equals(Number.FromInteger(2)));
                if (elementaryPowers) return null;
                // sinh, cosh of a linear argument over integer powers are Shi and Chi by parts (TrigOverLinear): half the terms.
                if (kernel.Function != Function.Exp && n.IsOne && m.IsInteger) return null;

                // Only positive integers (m + 1)/n: u = L^n gives a polynomial times e^u, which the tabular method shows
                // step by step (the closed form below when that substitution does not go through).
                bool polynomialInU = true;
                for (int k = 0; k <= polynomial.Numerator.Degree; k++)
                {
                    var s = (m + Number.FromInteger(k) + Number.One) / n;
                    if (!polynomial.Numerator[k].IsZero && !(s.IsInteger && !s.IsNegative && !s.IsZero)) polynomialInU = false;
                }
                if (polynomialInU && SubstituteWith(f, x, Power(basis, Num(n))) is { } substituted) return substituted;

                var terms = new List<Expr>();
                for (int k = 0; k <= polynomial.Numerator.Degree; k++)
                {
                    var coefficient = polynomial.Numerator[k];
                    if (coefficient.IsZero) continue;
                    var power = m + Number.FromInteger(k);
                    var integral = kernel.Function == Function.Exp
                        ? PowerTimesExponential(power, c, n, shift, t, positive)
                        : HalfSum(PowerTimesExponential(power, c, n, shift, t, positive), PowerTimesExponential(power, Negate(c), n, Negate(shift), t, !positive), kernel.Function == Function.Sinh);
                    if (integral is null) return null;
                    terms.Add(Multiply(Num(coefficient.ToNumber()), integral));
                }
                var result = Multiply(Multiply(constants), Divide(Rewrite.Substitute(Add(terms), name, basis, _budget), a));
                return Leaf(f, x, result, "by parts in powers of " + Show.Math(basis));
            });
        }

        private static Expr? HalfSum(Expr? plus, Expr? minus, bool difference) =>
            plus is null || minus is null ? null : Multiply(Half, difference ? Subtract(plus, minus) : Add(plus, minus));

        /// <summary>∫ t^m·e^(c·t^n + d) dt when s = (m + 1)/n is a multiple of ½ (|s| ≤ 12), else null.</summary>
        private Expr? PowerTimesExponential(Number m, Expr c, Number n, Expr shift, Expr t, bool positive)
        {
            var twice = (m + Number.One) / n * Number.FromInteger(2);
            if (!twice.IsInteger || Math.Abs(twice.Numerator) > 24) return IncompleteGammaPower(m, c, n, shift, t, positive);
            // e^(c/Lᵏ) with c < 0 is smooth through L = 0, where the erf forms below jump (t^(n/2) changes sign): the decaying
            // incomplete gamma form vanishes there from both sides.
            if (n.IsNegative && !positive && IncompleteGammaPower(m, c, n, shift, t, positive) is { } smooth) return smooth;
            var e = Exp(Add(Multiply(c, Power(t, Num(n))), shift));
            var cn = Multiply(c, Num(n));
            var terms = new List<Expr>();
            Expr factor = One;
            while (true)
            {
                _budget.Charge(4);
                var s = (m + Number.One) / n;
                if (s.IsOne)
                {
                    terms.Add(Multiply(factor, Divide(e, cn)));
                    return Add(terms);
                }
                if (s.IsZero)
                {
                    terms.Add(Multiply(Multiply(factor, Exp(shift)), Divide(Call(Function.ExpIntegralEi, Multiply(c, Power(t, Num(n)))), Num(n))));
                    return Add(terms);
                }
                if (s.Equals(Number.Half))
                {
                    // τ = t^(n/2): ∫ t^(n/2 − 1)·e^(c·t^n) dt = (2/n) ∫ e^(c·τ²) dτ.
                    var k = Sqrt(positive ? c : Negate(c));
                    var special = Call(positive ? Function.Erfi : Function.Erf, Multiply(k, Power(t, Num(n / Number.FromInteger(2)))));
                    terms.Add(Multiply(Multiply(factor, Exp(shift)), Multiply(Divide(Sqrt(Pi), Multiply(Num(n), k)), special)));
                    return Add(terms);
                }
                if (s.Value < 0.5)
                {
                    // ∫ t^m·E = t^(m+1)·E/(m+1) − c·n/(m+1) ∫ t^(m+n)·E
                    var up = m + Number.One;
                    terms.Add(Multiply(factor, Divide(Multiply(Power(t, Num(up)), e), Num(up))));
                    factor = Multiply(factor, Negate(Divide(cn, Num(up))));
                    m += n;
                }
                else
                {
                    // ∫ t^m·E = t^(m−n+1)·E/(c·n) − (m−n+1)/(c·n) ∫ t^(m−n)·E
                    var down = m - n + Number.One;
                    terms.Add(Multiply(factor, Divide(Multiply(Power(t, Num(down)), e), cn)));
                    factor = Multiply(factor, Negate(Divide(Num(down), cn)));
                    m -= n;
                }
            }
        }

        /// <summary>
        /// ∫ t^m·e^(c·tⁿ + d) dt for any other s = (m + 1)/n (not 0, −1, −2, …; n an integer): where c·tⁿ ≥ 0 (the exponential
        /// grows) e^(c·tⁿ + d)·t^(m+1)/(m + 1)·H(s, c·tⁿ), H(s, z) = e^(−z)·M(s, s + 1, z) Kummer's function scaled (so the
        /// answer overflows only where the integrand does); where c·tⁿ &lt; 0 (it decays)
        /// t^(m+1−n)·e^(c·tⁿ + d)·G(s, −c·tⁿ)/(n·c) with G(s, y) = e^y·y^(1−s)·Γ(s, y) ≈ 1 far out, so the answer falls off with
        /// the integrand instead of cancelling against the total. Each side of t = 0 takes its own form; where the integrand
        /// is finite at 0 (m + 1 &gt; 0, n &gt; 0), a constant makes the decaying form vanish there, as the growing one does, and
        /// the growing form is kept for −1 ≤ c·tⁿ &lt; 0 (both are ∫₀ᵗ there), where the decaying one would meet 0·∞ at t = 0.
        /// </summary>
        private Expr? IncompleteGammaPower(Number m, Expr c, Number n, Expr shift, Expr t, bool positive)
        {
            if (!n.IsInteger || !m.IsExact) return null;
            var s = (m + Number.One) / n;
            if (s.IsZero || (s.IsInteger && s.IsNegative)) return null;
            var up = m + Number.One;
            var z = Multiply(c, Power(t, Num(n)));
            Expr growing = Multiply(Exp(Add(z, shift)), Divide(Power(t, Num(up)), Num(up)), Call(Function.ScaledKummerM, Num(s), z));
            Expr decaying = Divide(Multiply(Power(t, Num(up - n)), Exp(Add(z, shift)), Call(Function.ScaledUpperGamma, Num(s), Negate(z))), Multiply(Num(n), c));
            Expr? Side(int sigma)
            {
                bool grows = sigma > 0 || !((n.Numerator & 1) == 1) ? positive : !positive;
                if (grows) return growing;
                if (!(s.Value > 0 && up.Value > 0 && n.Value > 0)) return decaying;
                // −lim_(t→0σ) of the decaying form: e^d·σ^(m+1−n)·(−c·σⁿ)^(1−s)·Γ(s)/(n·c) (c numeric).
                if (c.HasVariables) return null;
                var cValue = Evaluation.Evaluator.Evaluate(c, "§", 0);
                double sigmaN = (n.Numerator & 1) == 1 ? sigma : 1;
                double limit = Math.Pow(sigma, (up - n).Value) * Math.Pow(-cValue * sigmaN, 1 - s.Value) * SpecialFunctions.Gamma(s.Value) / (n.Value * cValue);
                if (double.IsNaN(limit) || double.IsInfinity(limit)) return null;
                // Near t = 0 (z ≥ −1) the growing form holds too and is regular there; the decaying one is 0·∞ at t = 0.
                return Conditional(Compare(ComparisonOperator.GreaterOrEqual, z, MinusOne), growing, Subtract(decaying, Multiply(Exp(shift), Num(limit))));
            }
            // A non-integer m has t &gt; 0 only.
            if (!m.IsInteger) return Side(1);
            if (Side(1) is not { } right || Side(-1) is not { } left) return null;
            return right.Equals(left) ? right : Conditional(Compare(ComparisonOperator.GreaterOrEqual, t, Zero), right, left);
        }

        /// <summary>
        /// P(x)·T/(c·x + d)^n with T an exponential, sine, cosine or hyperbolic function of a linear argument: P written in
        /// powers of s = c·x + d (x = (s − d)/c) splits the integrand into s^k·T terms, tabular for k ≥ 0 and Ei, Si, Ci
        /// (Shi, Chi) by parts for k &lt; 0, instead of parts through the special functions.
        /// </summary>
        private Derivation? PolynomialOverLinearPower(Expr f, string x)
        {
            if (f is not ProductExpr product) return null;
            Expr? transcendental = null, s = null;
            long n = 0;
            var polynomial = new List<Expr>();
            foreach (var factor in product.Factors)
            {
                if (factor is CallExpr { Function: Function.Exp or Function.Sin or Function.Cos or Function.Sinh or Function.Cosh } c && Linear(c.Argument, x) is not null && transcendental is null)
                    transcendental = factor;
                else if (factor is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: true } k } } power && s is null && Linear(power.Base, x) is not null)
                {
                    s = power.Base;
                    n = -k.Numerator;
                }
                else if (IsPolynomialFactor(factor, x)) polynomial.Add(factor);
                else return null;
            }
            if (transcendental is null || s is null || polynomial.Count == 0 || n > 12) return null;
            var (c1, d1) = Linear(s, x)!.Value;
            return WithFreshVariable("s", name =>
            {
                var inverse = Divide(Subtract(Var(name), d1), c1);
                var inS = Rewrite.Expand(Rewrite.Substitute(Multiply(polynomial), x, inverse, _budget), _budget, 200);
                if (RationalFunction.TryFrom(inS, name, _budget) is not { IsPolynomial: true } q || q.Numerator.Degree > 24) return null;
                var terms = new List<Expr>();
                for (int k = 0; k <= q.Numerator.Degree; k++)
                {
                    var coefficient = q.Numerator[k];
                    if (coefficient.IsZero) continue;
                    terms.Add(Multiply(Num(coefficient.ToNumber()), Power(s, Num(k - n)), transcendental));
                }
                var split = Add(terms);
                if (split.Equals(f)) return null;
                var d = Integrate(split, x);
                return d is null ? null : new Derivation(d.Result, new Step("in powers of " + Show.Math(s) + ": " + Show.Integral(f, x) + " = " + Show.Integral(split, x), new[] { d.Step }));
            });
        }

        /// <summary>f = g(a·x + b)·(c·x + d)^(−n) with g the given function (or a sine, cosine, sinh, cosh): (g call, c·x + d, n, a, c).</summary>
        private (CallExpr Call, Expr S, long N, Expr A, Expr C)? SplitOverLinearPower(Expr f, string x, params Function[] functions)
        {
            if (f is not ProductExpr { Factors.Count: 2 } p) return null;
            CallExpr? call = null;
            Expr? s = null;
            long n = 0;
            foreach (var factor in p.Factors)
            {
                if (factor is CallExpr c && System.Array.IndexOf(functions, c.Function) >= 0) call = c;
                else if (factor is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true, IsNegative: true } k } } power && Linear(power.Base, x) is not null)
                {
                    s = power.Base;
                    n = -k.Numerator;
                }
            }
            if (call is null || s is null || n > 12) return null;
            if (Linear(call.Argument, x) is not { } inner || Linear(s, x) is not { } outer) return null;
            return (call, s, n, inner.A, outer.A);
        }

        /// <summary>sin, cos, sinh or cosh of (a·x + b) over (c·x + d): Si and Ci (Shi and Chi) after shifting the argument.</summary>
        private Derivation? TrigOverLinear(Expr f, string x)
        {
            if (SplitOverLinearPower(f, x, Function.Sin, Function.Cos, Function.Sinh, Function.Cosh) is not { } split) return null;
            var (call, s, n, a, c) = split;
            if (n > 1)
            {
                // ∫ g/s^n = −g/((n−1)c s^(n−1)) + 1/((n−1)c) ∫ g'/s^(n−1), g' = a·cos, −a·sin, a·cosh, a·sinh.
                var w = call.Argument;
                var derivative = call.Function switch
                {
                    Function.Sin => Multiply(a, Call(Function.Cos, w)),
                    Function.Cos => Negate(Multiply(a, Call(Function.Sin, w))),
                    Function.Sinh => Multiply(a, Call(Function.Cosh, w)),
                    _ => Multiply(a, Call(Function.Sinh, w)),
                };
                var scale = Multiply(Num(n - 1), c);
                var lower = Integrate(Divide(derivative, Multiply(scale, Power(s, Num(n - 1)))), x);
                if (lower is null) return null;
                var total = Add(Negate(Divide(call, Multiply(scale, Power(s, Num(n - 1))))), lower.Result);
                return new Derivation(total, new Step("by parts: " + Show.Integral(f, x) + " = " + Show.Math(total), new[] { lower.Step }));
            }
            // a·x + b = k·s + φ with k = a/c and φ free of x.
            var k = Divide(a, c);
            var phi = Rewrite.Expand(Subtract(call.Argument, Multiply(k, s)), _budget);
            if (Depends(phi, x)) return null;
            var ks = Multiply(k, s);
            bool hyperbolic = call.Function is Function.Sinh or Function.Cosh;
            var sinPhi = Call(hyperbolic ? Function.Sinh : Function.Sin, phi);
            var cosPhi = Call(hyperbolic ? Function.Cosh : Function.Cos, phi);
            var si = Call(hyperbolic ? Function.SinhIntegral : Function.SinIntegral, ks);
            var ci = Call(hyperbolic ? Function.CoshIntegral : Function.CosIntegral, ks);
            // sin(ks + φ) = sin(ks)cos φ + cos(ks) sin φ; cos(ks + φ) = cos(ks)cos φ − sin(ks) sin φ (sinh, cosh: + instead of −).
            Expr combination = call.Function switch
            {
                Function.Sin or Function.Sinh => Add(Multiply(cosPhi, si), Multiply(sinPhi, ci)),
                Function.Cos => Subtract(Multiply(cosPhi, ci), Multiply(sinPhi, si)),
                _ => Add(Multiply(cosPhi, ci), Multiply(sinPhi, si)),
            };
            var result = Divide(combination, c);
            return Leaf(f, x, result, hyperbolic ? "hyperbolic sine and cosine integrals" : "sine and cosine integrals");
        }

        /// <summary>sin(αx² + βx + γ) and cos(…): Fresnel integrals after completing the square.</summary>
        private Derivation? Fresnel(Expr f, string x)
        {
            if (f is not CallExpr { Function: Function.Sin or Function.Cos } call || Quadratic(call.Argument, x) is not { } q) return null;
            var (alpha, beta, gamma) = q;
            bool negative = IntervalAnalysis.IsNegative(alpha, _budget);
            if (!negative && !IntervalAnalysis.IsPositive(alpha, _budget)) return null;
            // α(x + p)² + φ with p = β/2α, φ = γ − β²/4α; for α > 0: sin(αy²) = sin(π/2 · z²) with z = y·√(2α/π).
            var magnitude = negative ? Negate(alpha) : alpha;
            var y = Add(Var(x), Divide(beta, Multiply(Num(2), alpha)));
            var phi = Subtract(gamma, Divide(Square(beta), Multiply(Num(4), alpha)));
            var z = Multiply(y, Sqrt(Divide(Multiply(Num(2), magnitude), Pi)));
            var scale = Sqrt(Divide(Pi, Multiply(Num(2), magnitude)));
            var s = Call(Function.FresnelS, z);
            var c = Call(Function.FresnelC, z);
            var sign = negative ? MinusOne : One; // sin(−a y²) = −sin(a y²)
            var sinPhi = Call(Function.Sin, phi);
            var cosPhi = Call(Function.Cos, phi);
            // sin(±a y² + φ) = ±sin(a y²) cos φ + cos(a y²) sin φ; cos(±a y² + φ) = cos(a y²) cos φ ∓ sin(a y²) sin φ.
            var combination = call.Function == Function.Sin
                ? Add(Multiply(sign, cosPhi, s), Multiply(sinPhi, c))
                : Subtract(Multiply(cosPhi, c), Multiply(sign, sinPhi, s));
            return Leaf(f, x, Multiply(scale, combination), "Fresnel integrals");
        }
    }
}
