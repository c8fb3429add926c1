using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Polynomials times rational functions of an exponential (tanh, 1/(1 + eˣ), cosh²/(a + b sinh), …): polylogarithms.
    public sealed partial class Integrator
    {
        /// <summary>The highest polylogarithm the runtime library has: Li₄, so polynomials up to degree 3.</summary>
        private const int MaxPolylogarithmDegree = 3;

        /// <summary>
        /// P(x)·R(e^w), P a polynomial of degree 1–3, R rational, w = g·x + h (hyperbolic functions of multiples of w
        /// included). Partial fractions in t = e^w over real simple roots r (and powers of t): the terms P·tᵏ are polynomial
        /// × exponential integrals, and each P/(t − r) integrates by repeated parts into polylogarithms,
        /// ∫ P·z/(1 − z) dx = Σⱼ (−1)ʲ P⁽ʲ⁾·Li_(j+1)(z)/g^(j+1) with z = t/r, since z′ = g·z and Li_k(z)′ = g·Li_(k−1)(z)
        /// (Li₁(z) = −ln(1 − z), Li₀(z) = z/(1 − z)). Real where z &lt; 1: always for r &lt; 0; past a positive root the same
        /// sum in y = r/t &lt; 1 holds, so the answer takes one form on each side of the pole. A repeated rational pole
        /// (1/(1 + eˣ)², the logistic density) reduces to simple ones by parts.
        /// </summary>
        private Derivation? PolynomialTimesExponentialRational(Expr f, string x)
        {
            if (PolynomialPart(AsExponentials(f, x), x) is not var (polynomial, remainder)) return null;
            var arguments = new List<Expr>();
            foreach (var node in Rewrite.Subtrees(remainder, _budget))
            {
                if (node is CallExpr { Function: Function.Exp } e && Depends(e, x)) arguments.Add(e.Argument);
            }
            if (arguments.Count == 0 || Commensurate(arguments, x, requireShift: false) is not { } unit) return null;

            return WithFreshVariable("t", name =>
            {
                var replaced = Rewrite.Replace(remainder, node =>
                    node is CallExpr { Function: Function.Exp } e && Depends(e, x) && unit.MultipleWithRest(e.Argument) is { } m
                        ? Multiply(Power(Var(name), Num(m.K)), Exp(m.Constant)) : null, _budget);
                if (Depends(replaced, x) || RationalFunction.TryFrom(replaced, name, _budget)?.Reduced() is not { } rational) return null;
                // A function of tᵏ only (tanh w = (t² − 1)/(t² + 1)) is rational in s = tᵏ = e^(k·w), whose poles may be real
                // where t's are not.
                int k = PowerGcd(rational.Numerator, PowerGcd(rational.Denominator, 0));
                if (k > 1)
                {
                    rational = new RationalFunction(Compress(rational.Numerator, k), Compress(rational.Denominator, k));
                    unit = new Unit(this, x, Multiply(Num(k), unit.Scale), Multiply(Num(k), unit.Shift));
                }
                return PolylogarithmTerms(f, x, polynomial, rational, unit);
            });
        }

        /// <summary>
        /// f = P(x)·R with P a polynomial of degree 1 … <see cref="MaxPolylogarithmDegree"/> (the factors of f that are
        /// polynomials in x) and R the remainder, which depends on x; null otherwise.
        /// </summary>
        private (Polynomial Polynomial, Expr Remainder)? PolynomialPart(Expr f, string x)
        {
            var polynomialFactors = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var factor in Rewrite.Factors(f))
            {
                if (Depends(factor, x) && IsPolynomialFactor(factor, x)) polynomialFactors.Add(factor);
                else rest.Add(factor);
            }
            if (polynomialFactors.Count == 0 || rest.Count == 0) return null;
            if (RationalFunction.TryFrom(Multiply(polynomialFactors), x, _budget) is not { IsPolynomial: true } asPolynomial) return null;
            var polynomial = asPolynomial.Numerator;
            if (polynomial.Degree is < 1 or > MaxPolylogarithmDegree) return null;
            var remainder = Multiply(rest);
            return Depends(remainder, x) ? (polynomial, remainder) : null;
        }

        private Derivation? PolylogarithmTerms(Expr f, string x, Polynomial polynomial, RationalFunction rational, Unit unit)
        {
            var numerator = rational.Numerator;
            var denominator = rational.Denominator;
            // t^m·D₁ with D₁(0) ≠ 0, square-free, of small degree: its roots are the poles in t.
            int m = 0;
            while (m < denominator.Degree && denominator[m].IsZero) m++;
            var d1 = denominator / Polynomial.Monomial(BigRational.One, m);
            if (d1.Degree is < 1 or > 4) return null;
            // Simple roots (exact, rational or surds) and repeated rational roots (σ′ = eˣ/(1 + eˣ)² has −1 twice).
            var roots = new List<Expr>();
            var repeated = new List<(BigRational Root, int Multiplicity)>();
            var squareFree = d1.SquareFree();
            for (int i = 1; i <= squareFree.Count; i++)
            {
                var factor = squareFree[i - 1];
                if (factor.Degree < 1) continue;
                if (i == 1)
                {
                    if (RealRoots(factor) is not { } simple) return ComplexPoleTerms(f, x, polynomial, rational, unit);
                    roots.AddRange(simple);
                    continue;
                }
                var (rationals, quadratics, remaining) = RootFinder.FactorOverRationals(factor.Monic(), _budget);
                if (quadratics.Count > 0 || remaining.Degree >= 1) return ComplexPoleTerms(f, x, polynomial, rational, unit);
                repeated.AddRange(rationals.Select(r => (r, i)));
            }

            var (quotient, proper) = numerator.DivRem(denominator);
            var w = unit.Argument;
            var xv = Var(x);
            var p = polynomial.ToExpr(xv);
            // P·(q(t) + Σ cⱼ t^(−j)): polynomial × exponential integrals, left to the other rules.
            var exponentialTerms = new List<Expr>();
            for (int k = 0; k <= quotient.Degree; k++)
            {
                if (!quotient[k].IsZero) exponentialTerms.Add(Multiply(Num(quotient[k].ToNumber()), Exp(Multiply(Num(k), w))));
            }
            // proper/(t^m·D₁) = Σⱼ cⱼ t^(−j) + Σᵢ Aᵢ/(t − rᵢ): the cⱼ from the series of proper/D₁ about t = 0.
            var series = new BigRational[m];
            for (int i = 0; i < m; i++)
            {
                var s = proper[i];
                for (int l = 1; l <= i; l++) s -= d1[l] * series[i - l];
                series[i] = s / d1[0];
            }
            for (int j = 1; j <= m; j++)
            {
                if (!series[m - j].IsZero) exponentialTerms.Add(Multiply(Num(series[m - j].ToNumber()), Exp(Multiply(Num(-j), w))));
            }
            var steps = new List<Step>();
            var terms = new List<Expr>();
            if (exponentialTerms.Count > 0)
            {
                var integrand = Rewrite.Expand(Multiply(p, Add(exponentialTerms)), _budget);
                var d = Integrate(integrand, x);
                if (d is null) return null;
                terms.Add(d.Result);
                steps.Add(d.Step);
            }
            var derivative = denominator.Derivative();
            foreach (var root in roots)
            {
                // A simple pole's coefficient: proper(r)/D′(r).
                var residue = Divide(proper.ToExpr(root), derivative.ToExpr(root));
                terms.Add(Multiply(residue, OverExponentialMinusRoot(polynomial, x, root, unit)));
            }
            foreach (var (root, multiplicity) in repeated)
            {
                // cⱼ of 1/(t − r)ʲ: the Taylor coefficients of proper/(D/(t − r)ᵏ) about r, by series division in s = t − r.
                var linear = Polynomial.Linear(BigRational.One, -root);
                var rest = denominator / linear.Pow(multiplicity);
                var shift = Polynomial.Linear(BigRational.One, root);
                var top = proper.Compose(shift);
                var bottom = rest.Compose(shift);
                var taylor = new BigRational[multiplicity];
                for (int i = 0; i < multiplicity; i++)
                {
                    var c = top[i];
                    for (int l = 1; l <= i; l++) c -= bottom[l] * taylor[i - l];
                    taylor[i] = c / bottom[0];
                }
                var cache = new Dictionary<(Polynomial, int), Expr>();
                for (int j = 1; j <= multiplicity; j++)
                {
                    var coefficient = taylor[multiplicity - j];
                    if (!coefficient.IsZero) terms.Add(Multiply(Num(coefficient.ToNumber()), OverExponentialMinusRootPower(polynomial, x, root, j, unit, cache)));
                }
            }
            var result = Add(terms);
            var step = new Step(Show.Integral(f, x) + " = " + Show.Math(result) + " (partial fractions in t = " + Show.Math(Exp(w)) +
                "; P/(t − r) by parts into polylogarithms)", steps);
            return new Derivation(result, step);
        }

        /// <summary>
        /// P·R(t) for t = e^w when R has complex poles (1/(2 + 3t²)², sech w·csch w/(2 + 3 sinh w)): partial fractions over
        /// the complex numbers (<see cref="ComplexPartialFractions"/>), real poles as in <see cref="OverExponentialMinusRoot"/>,
        /// and for a complex pole τ the same two decaying forms in z = t/τ and y = τ/t, Li_k at modulus e^(±(w − ln|τ|)) and a
        /// fixed angle ∓arg τ, which never meet the cut of Li_k; the answer is the real part.
        /// </summary>
        private Derivation? ComplexPoleTerms(Expr f, string x, Polynomial polynomial, RationalFunction rational, Unit unit)
        {
            if (unit.Scale is not NumberExpr { Value: { IsFinite: true, IsZero: false } scaleValue } || unit.Shift.HasVariables) return null;
            double g = scaleValue.Value;
            double h = Evaluator.Evaluate(unit.Shift, x, 0);
            if (double.IsNaN(h) || double.IsInfinity(h)) return null;
            var numerator = rational.Numerator;
            var denominator = rational.Denominator;
            int m = 0;
            while (m < denominator.Degree && denominator[m].IsZero) m++;
            var poles = new List<(System.Numerics.Complex Tau, int Order)>();
            if (m > 0) poles.Add((System.Numerics.Complex.Zero, m));
            var squareFree = (denominator / Polynomial.Monomial(BigRational.One, m)).SquareFree();
            for (int order = 1; order <= squareFree.Count; order++)
            {
                var factor = squareFree[order - 1];
                if (factor.Degree < 1) continue;
                if (order > 6 || RootFinder.Roots(factor, _budget) is not { } roots) return null;
                foreach (var root in roots) poles.Add((Cleaned(root, System.Numerics.Complex.Abs(root)), order));
            }
            var top = Enumerable.Range(0, numerator.Degree + 1).Select(k => new System.Numerics.Complex(numerator[k].ToDouble(), 0)).ToArray();
            var constant = new System.Numerics.Complex(denominator[denominator.Degree].ToDouble(), 0);
            if (ComplexPartialFractions(top, constant, poles, t => RootFinder.Evaluate(numerator, t) / RootFinder.Evaluate(denominator, t)) is not { } fractions) return null;

            var xv = Var(x);
            var w = unit.Argument;
            var steps = new List<Step>();
            var real = new List<Expr>();
            var exponentials = new List<Expr>();
            foreach (var pair in fractions.Laurent)
            {
                if (pair.Value.Imaginary != 0) return null;
                exponentials.Add(Multiply(Num(pair.Value.Real), Exp(Multiply(Num(pair.Key), w))));
            }
            if (exponentials.Count > 0)
            {
                var d = Integrate(Rewrite.Expand(Multiply(polynomial.ToExpr(xv), Add(exponentials)), _budget), x);
                if (d is null) return null;
                real.Add(d.Result);
                steps.Add(d.Step);
            }
            // Simple complex poles of one modulus whose coefficients sum to 0 (R = O(t⁻²) as t → ∞): the first terms y of their
            // polylogarithms beyond the meeting point cancel between them, so there each takes Li_k(y) − y, which keeps the
            // digits of what is left (x/(2 + 5eˣ + 7e^(2x)) far right, where the integrand is e^(−2x) next to terms of e^(−x)).
            var moduli = fractions.Poles.Select(p => System.Numerics.Complex.Abs(p.Pole)).ToList();
            double coefficientSize = fractions.Poles.Sum(p => p.Coefficients.Skip(1).Sum(System.Numerics.Complex.Abs));
            var coefficientSum = fractions.Poles.Aggregate(System.Numerics.Complex.Zero, (sum, p) => sum + (p.Coefficients.Length > 1 ? p.Coefficients[1] : 0));
            bool tailsAbove = fractions.Poles.Count > 1 && fractions.Poles.All(p => p.Coefficients.Length == 2 && p.Pole.Imaginary != 0)
                && moduli.All(m => System.Math.Abs(m - moduli[0]) <= 1e-12 * moduli[0]) && System.Numerics.Complex.Abs(coefficientSum) <= 1e-12 * coefficientSize;
            var complex = ComplexExpr.Zero;
            foreach (var (tau, coefficients) in fractions.Poles)
            {
                var cache = new Dictionary<(Polynomial, int), ComplexExpr>();
                for (int l = 1; l < coefficients.Length; l++)
                {
                    _budget.Charge();
                    if (coefficients[l] == System.Numerics.Complex.Zero) continue;
                    if (tau.Imaginary == 0)
                    {
                        // A real pole: simple, with a real coefficient (repeated irrational real poles are left to other rules).
                        if (coefficients.Length > 2 || coefficients[l].Imaginary != 0) return null;
                        real.Add(Multiply(Num(coefficients[l].Real), OverExponentialMinusRoot(polynomial, x, Num(tau.Real), unit)));
                        continue;
                    }
                    complex += ComplexExpr.Constant(coefficients[l]) * OverExponentialMinusComplexPole(polynomial, x, g, h, w, tau, l, cache, tailsAbove);
                }
            }
            // Multiplied out, the polynomial parts of poles of one modulus meet as like terms and cancel where they should.
            real.Add(Rewrite.Expand(complex.Re, _budget));
            var result = Tidied(Add(real));
            var step = new Step(Show.Integral(f, x) + " = " + Show.Math(result) + " (partial fractions in t = " + Show.Math(Exp(w)) +
                " over the complex numbers; P/(t − τ) by parts into polylogarithms, real part)", steps);
            return new Derivation(result, step);
        }

        /// <summary>∫ P/(t − τ)ˡ dx for t = e^w (w = g·x + h) and a complex τ: by parts down to l = 1, then two decaying forms joined continuously.</summary>
        private ComplexExpr OverExponentialMinusComplexPole(Polynomial polynomial, string x, double g, double h, Expr w, System.Numerics.Complex tau, int power,
            Dictionary<(Polynomial, int), ComplexExpr> cache, bool tailsAbove = false)
        {
            if (polynomial.IsZero) return ComplexExpr.Zero;
            if (cache.TryGetValue((polynomial, power), out var known)) return known;
            _budget.Charge();
            var xv = Var(x);
            ComplexExpr result;
            if (power > 1)
            {
                double scale = (power - 1) * g;
                // (t − τ)^(−n) = (t − τ̄)ⁿ/((t − Re τ)² + (Im τ)²)ⁿ, the numerator's real and imaginary parts polynomials in
                // t: no angle (cos nψ near ψ = ±π/2 keeps an absolute error of 10⁻¹⁶ where the value is e^(−100)).
                int n = power - 1;
                var t = Exp(w);
                var re = new List<Expr>();
                var im = new List<Expr>();
                double binomial = 1;
                for (int k = 0; k <= n; k++)
                {
                    var c = binomial * System.Numerics.Complex.Pow(-System.Numerics.Complex.Conjugate(tau), n - k);
                    var tk = k == 0 ? One : Power(t, Num(k));
                    if (c.Real != 0) re.Add(Multiply(Num(c.Real), tk));
                    if (c.Imaginary != 0) im.Add(Multiply(Num(c.Imaginary), tk));
                    binomial = binomial * (n - k) / (k + 1);
                }
                var denominator = Power(Add(Square(Subtract(t, Num(tau.Real))), Num(tau.Imaginary * tau.Imaginary)), Num(-n));
                var inversePower = new ComplexExpr(Multiply(Add(re), denominator), Multiply(Add(im), denominator));
                var boundary = ComplexExpr.Constant(1 / (scale * tau)) * ComplexExpr.Real(polynomial.ToExpr(xv)) * inversePower;
                result = ComplexExpr.Zero - boundary
                    + ComplexExpr.Constant(1 / (scale * tau)) * OverExponentialMinusComplexPole(polynomial.Derivative(), x, g, h, w, tau, power - 1, cache)
                    - ComplexExpr.Constant(1 / tau) * OverExponentialMinusComplexPole(polynomial, x, g, h, w, tau, power - 1, cache);
            }
            else
            {
                double logModulus = System.Math.Log(System.Numerics.Complex.Abs(tau)), angle = System.Math.Atan2(tau.Imaginary, tau.Real);
                var shifted = Subtract(w, Num(logModulus));
                ComplexExpr Form(bool below)
                {
                    // below: z = t/τ = e^(w − ln|τ|)·e^(−i arg τ); above: y = τ/t = e^(ln|τ| − w)·e^(i arg τ).
                    var rho = Exp(below ? shifted : Negate(shifted));
                    var phi = Num(below ? -angle : angle);
                    var gz = below ? g : -g;
                    var sum = ComplexExpr.Zero;
                    var derivative = polynomial;
                    for (int j = 0; !derivative.IsZero; j++)
                    {
                        var (re, im) = !below && tailsAbove ? PolarPolylogarithm.TailOf(j + 1, rho, phi) : PolarPolylogarithm.Of(j + 1, rho, phi);
                        sum += ComplexExpr.Constant((j % 2 == 0 ? 1 : -1) / System.Math.Pow(gz, j + 1) / tau) * ComplexExpr.Real(derivative.ToExpr(xv)) * new ComplexExpr(re, im);
                        derivative = derivative.Derivative();
                    }
                    return below ? ComplexExpr.Zero - sum : sum;
                }
                // Below, also −(1/τ)·∫P: kept out of the branches as −(1/τ)·∫P·(w &lt; ln|τ| ? 1 : 0), so that multiplied out,
                // the parts of poles of one modulus (conjugates, and the steps of a repeated pole), which cancel, are like terms.
                var below = Compare(ComparisonOperator.Less, shifted, Zero);
                var polynomialPart = ComplexExpr.Constant(-1 / tau) * ComplexExpr.Real(Multiply(polynomial.Integral().ToExpr(xv), Conditional(below, One, Zero)));
                var lower = Form(true);
                var upper = Form(false);
                // Where the forms meet, t = |τ|: the constant that makes the answer continuous.
                double meeting = (logModulus - h) / g;
                var integralThere = -1 / tau * Evaluator.Evaluate(polynomial.Integral().ToExpr(xv), x, meeting);
                double jumpRe = Evaluator.Evaluate(lower.Re, x, meeting) + integralThere.Real - Evaluator.Evaluate(upper.Re, x, meeting);
                double jumpIm = Evaluator.Evaluate(lower.Im, x, meeting) + integralThere.Imaginary - Evaluator.Evaluate(upper.Im, x, meeting);
                result = polynomialPart + new ComplexExpr(Conditional(below, lower.Re, Add(upper.Re, Num(jumpRe))), Conditional(below, lower.Im, Add(upper.Im, Num(jumpIm))));
            }
            cache[(polynomial, power)] = result;
            return result;
        }

        /// <summary>
        /// ∫ P/(t − r)ʲ dx for t = e^w, w′ = g: 1/(t − r)ʲ = (t/(t − r)ʲ − 1/(t − r)^(j−1))/r and
        /// t/(t − r)ʲ = −(1/((j − 1)·g))·(1/(t − r)^(j−1))′, so by parts
        /// Iⱼ(P) = (−P/((j − 1)·g·(t − r)^(j−1)) + I_(j−1)(P′)/((j − 1)·g) − I_(j−1)(P))/r, down to I₁ (polylogarithms).
        /// </summary>
        private Expr OverExponentialMinusRootPower(Polynomial polynomial, string x, BigRational root, int power, Unit unit,
            Dictionary<(Polynomial, int), Expr> cache)
        {
            if (polynomial.IsZero) return Zero;
            if (cache.TryGetValue((polynomial, power), out var known)) return known;
            var r = Num(root.ToNumber());
            Expr result;
            if (power == 1)
            {
                result = OverExponentialMinusRoot(polynomial, x, r, unit);
            }
            else
            {
                var scale = Multiply(Num(power - 1), unit.Scale);
                var t = Exp(unit.Argument);
                var boundary = Divide(polynomial.ToExpr(Var(x)), Multiply(scale, Power(Subtract(t, r), Num(power - 1))));
                result = Divide(Add(
                    Negate(boundary),
                    Divide(OverExponentialMinusRootPower(polynomial.Derivative(), x, root, power - 1, unit, cache), scale),
                    Negate(OverExponentialMinusRootPower(polynomial, x, root, power - 1, unit, cache))), r);
            }
            cache[(polynomial, power)] = result;
            return result;
        }

        private static int PowerGcd(Polynomial p, int gcd)
        {
            for (int i = 1; i <= p.Degree; i++)
            {
                if (!p[i].IsZero) gcd = (int)System.Numerics.BigInteger.GreatestCommonDivisor(gcd, i);
            }
            return gcd;
        }

        /// <summary>p(t) = q(tᵏ) as q.</summary>
        private static Polynomial Compress(Polynomial p, int k)
        {
            var coefficients = new BigRational[p.Degree / k + 1];
            for (int i = 0; i < coefficients.Length; i++) coefficients[i] = p[i * k];
            return Polynomial.FromCoefficients(coefficients);
        }

        /// <summary>The real roots of a square-free polynomial with rational coefficients, exact (rational or quadratic surds); null if any is complex or of higher degree.</summary>
        private List<Expr>? RealRoots(Polynomial d)
        {
            var (rationals, quadratics, remaining) = RootFinder.FactorOverRationals(d.Monic(), _budget);
            if (remaining.Degree >= 1) return null;
            var roots = rationals.Select(r => Num(r.ToNumber())).ToList();
            foreach (var q in quadratics)
            {
                // x² + b·x + c (monic): (−b ± √(b² − 4c))/2.
                var b = q[1] / q[2];
                var c = q[0] / q[2];
                var discriminant = b * b - BigRational.FromInteger(4) * c;
                if (discriminant.Sign <= 0) return null;
                var root = Sqrt(Num(discriminant.ToNumber()));
                var half = Num((-b / BigRational.FromInteger(2)).ToNumber());
                roots.Add(Add(half, Multiply(Half, root)));
                roots.Add(Subtract(half, Multiply(Half, root)));
            }
            return roots;
        }

        /// <summary>
        /// ∫ P(x)/(e^w − r) dx in two forms, each a sum of terms that vanish far out on its side, so neither cancels
        /// digits: for w &lt; ln|r| in z = t/r (1/(t − r) = −(1/r)(1 + Li₀(z))), for w &gt; ln|r| in y = r/t
        /// (1/(t − r) = Li₀(y)/r). For r &lt; 0 both hold everywhere (z, y &lt; 0) and differ by a constant, taken at
        /// t = |r| (z = y = −1) so the answer is continuous. For r &gt; 0 they meet at the pole, each A·ln|x − x₀| + B±
        /// there; the constant B₋ − B₊ makes the answer the real part of one analytic continuation, so F(b) − F(a) is the
        /// principal value.
        /// </summary>
        private Expr OverExponentialMinusRoot(Polynomial polynomial, string x, Expr root, Unit unit)
        {
            var xv = Var(x);
            var g = unit.Scale;
            bool negative = IntervalAnalysis.IsNegative(root, _budget);
            var magnitude = negative ? Negate(root) : root;
            var shifted = Subtract(unit.Argument, Log(magnitude));
            var sign = negative ? MinusOne : One;
            Expr Below(Expr at, Expr? z) => Multiply(Negate(Reciprocal(root)), Add(polynomial.Integral().ToExpr(at), PolylogarithmSum(polynomial, at, z, g)));
            Expr Above(Expr at, Expr? y) => Multiply(Reciprocal(root), PolylogarithmSum(polynomial, at, y, Negate(g)));
            var below = Below(xv, Multiply(sign, Exp(shifted)));
            var above = Above(xv, Multiply(sign, Exp(Negate(shifted))));
            // Where the forms meet: t = |r|, x₀ = (ln|r| − h)/g.
            var meeting = Divide(Subtract(Log(magnitude), unit.Shift), g);
            var constant = Subtract(Below(meeting, null), Above(meeting, null));
            if (negative) constant = Subtract(Below(meeting, MinusOne), Above(meeting, MinusOne));
            return Conditional(Compare(ComparisonOperator.Less, shifted, Zero), below, Add(above, constant));
        }

        /// <summary>
        /// ∫ P·Li₀(z) dx = Σⱼ (−1)ʲ P⁽ʲ⁾·Li_(j+1)(z)/g^(j+1) for z′ = g·z. With z null: the value at z = 1 without the
        /// logarithmic singularity of Li₁ (Li_k(1) = ζ(k) for k ≥ 2); z = −1 gives Li_k(−1) = −(1 − 2^(1−k))·ζ(k), Li₁(−1) = −ln 2.
        /// </summary>
        private static Expr PolylogarithmSum(Polynomial polynomial, Expr x, Expr? z, Expr g)
        {
            var terms = new List<Expr>();
            var derivative = polynomial;
            bool minusOne = z is NumberExpr { Value.IsMinusOne: true };
            for (int j = 0; !derivative.IsZero; j++)
            {
                var li = z is null || minusOne ? Zeta(j + 1, minusOne) : j switch
                {
                    0 => Negate(Log(Subtract(One, z))),
                    1 => Call(Function.Dilogarithm, z),
                    2 => Call(Function.Trilogarithm, z),
                    _ => Call(Function.Tetralogarithm, z),
                };
                var sign = j % 2 == 0 ? One : MinusOne;
                terms.Add(Multiply(new[] { sign, derivative.ToExpr(x), li, Power(g, Num(-(j + 1))) }));
                derivative = derivative.Derivative();
            }
            return Add(terms);
        }

        /// <summary>Li_k(1) (ζ(k), and 0 for the regular part of Li₁) or Li_k(−1).</summary>
        private static Expr Zeta(int k, bool atMinusOne)
        {
            var zeta = k switch
            {
                1 => Zero,
                2 => Divide(Square(Pi), Num(6)),
                3 => Num(1.2020569031595942854),
                _ => Divide(Power(Pi, Num(4)), Num(90)),
            };
            if (!atMinusOne) return zeta;
            return k == 1 ? Negate(Log(Num(2))) : Multiply(Num(-(1 - System.Math.Pow(2, 1 - k))), zeta);
        }
    }
}
