using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    public sealed partial class Integrator
    {
        /// <summary>
        /// Integrands with a kink or a branch at one point: |L|, sign(L), max(u, v), min(u, v) with a linear switch, and
        /// conditionals (ReLU, Huber, ELU). Each side is integrated on its own, and each side's antiderivative is shifted
        /// to vanish at the switch point x₀, so the piecewise result F = (s ≥ 0 ? G₊ − G₊(x₀) : G₋ − G₋(x₀)) is continuous.
        /// </summary>
        private Derivation? Piecewise(Expr f, string x)
        {
            if (FindKink(f, x) is not { } kink) return null;
            var (node, test, whenTrue, whenFalse, switchExpr) = kink;
            if (Linear(switchExpr, x) is not { } line) return null;
            var root = Rewrite.Expand(Negate(Divide(line.B, line.A)), _budget);
            var positive = Rewrite.ReplaceAll(f, node, whenTrue, _budget);
            var negative = Rewrite.ReplaceAll(f, node, whenFalse, _budget);
            var plus = Integrate(positive, x);
            if (plus is null) return null;
            var minus = Integrate(negative, x);
            if (minus is null) return null;
            var plusAtRoot = Limits.Folded(Rewrite.Substitute(plus.Result, x, root, _budget), _budget);
            var minusAtRoot = Limits.Folded(Rewrite.Substitute(minus.Result, x, root, _budget), _budget);
            if (!FiniteAtParameters(plusAtRoot) || !FiniteAtParameters(minusAtRoot))
            {
                // A pole at the switch (1/|x| at 0): there is no continuity to keep, each side is an antiderivative on its own.
                if (!PoleAt(f, x, root)) return null;
                var split = Conditional(test, plus.Result, minus.Result);
                return new Derivation(split, new Step("split at the pole " + x + " = " + Show.Math(root) + ": " + Show.Integral(f, x) + " = " + Show.Math(split),
                    new[] { plus.Step, minus.Step }));
            }
            var result = Conditional(test, Subtract(plus.Result, plusAtRoot), Subtract(minus.Result, minusAtRoot));
            var step = new Step(
                "split at " + x + " = " + Show.Math(root) + " where " + Show.Math(test) + " switches; each piece vanishes there, so the result is continuous: " +
                Show.Integral(f, x) + " = " + Show.Math(result),
                new[] { plus.Step, minus.Step });
            return new Derivation(result, step);
        }

        /// <summary>True when f (of x alone) grows without bound on both sides of the numeric point <paramref name="root"/>.</summary>
        private bool PoleAt(Expr f, string x, Expr root)
        {
            if (root is not NumberExpr { Value: var r }) return false;
            foreach (var v in Rewrite.Subtrees(f, _budget))
                if (v is VariableExpr other && other.Name != x) return false;
            double at = r.Value, far = Math.Max(Math.Abs(Evaluator.Evaluate(f, x, at + 1)), Math.Abs(Evaluator.Evaluate(f, x, at - 1)));
            foreach (double side in new[] { 1.0, -1.0 })
            {
                double near = Math.Abs(Evaluator.Evaluate(f, x, at + side * 1e-9 * (1 + Math.Abs(at))));
                if (!(near > 1e6 * Math.Max(far, 1e-300))) return false;
            }
            return true;
        }

        /// <summary>The first kink of f: (node, test, value when true, value when false, the expression whose sign switches).</summary>
        private (Expr Node, Expr Test, Expr WhenTrue, Expr WhenFalse, Expr Switch)? FindKink(Expr f, string x)
        {
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (!Depends(node, x)) continue;
                switch (node)
                {
                    case CallExpr { Function: Function.Abs } abs when Linear(abs.Argument, x) is not null:
                        return (node, Compare(ComparisonOperator.GreaterOrEqual, abs.Argument, Zero), abs.Argument, Negate(abs.Argument), abs.Argument);
                    case CallExpr { Function: Function.Abs } abs when SignOf(abs.Argument, x) is { } line:
                        // |g(L)| for g odd and increasing (sinh, tanh, arctan, L³, ...): g(L) has L's sign.
                        return (node, Compare(ComparisonOperator.GreaterOrEqual, line, Zero), abs.Argument, Negate(abs.Argument), line);
                    case CallExpr { Function: Function.Sign } sign when Linear(sign.Argument, x) is not null:
                        return (node, Compare(ComparisonOperator.GreaterOrEqual, sign.Argument, Zero), One, MinusOne, sign.Argument);
                    case CallExpr { Function: Function.Max or Function.Min } m:
                    {
                        var a = m.Arguments[0];
                        var b = m.Arguments[1];
                        var difference = Rewrite.Expand(Subtract(a, b), _budget);
                        if (Linear(difference, x) is null) break;
                        bool max = m.Function == Function.Max;
                        return (node, Compare(ComparisonOperator.GreaterOrEqual, a, b), max ? a : b, max ? b : a, difference);
                    }
                    case ConditionalExpr { Test: ComparisonExpr c } conditional:
                    {
                        var difference = Rewrite.Expand(Subtract(c.Left, c.Right), _budget);
                        if (Linear(difference, x) is null) break;
                        return (node, conditional.Test, conditional.WhenTrue, conditional.WhenFalse, difference);
                    }
                    case ConditionalExpr { Test: LogicalExpr logical } conditional when LogicalSplit(logical, conditional.WhenTrue, conditional.WhenFalse, x) is { } split:
                        return (node, split.Test, split.WhenTrue, split.WhenFalse, split.Switch);
                }
            }
            return null;
        }

        /// <summary>
        /// A conditional on &amp;&amp;, || or ! (a uniform density a ≤ x &amp;&amp; x ≤ b ? 1/(b − a) : 0) split on one comparison
        /// that is linear in x, the rest left as a conditional in each piece: (p &amp;&amp; q ? t : f) is (p ? (q ? t : f) : f),
        /// (p || q ? t : f) is (p ? t : (q ? t : f)), (!p ? t : f) is (p ? f : t), exactly, NaN comparisons included.
        /// </summary>
        private (Expr Test, Expr WhenTrue, Expr WhenFalse, Expr Switch)? LogicalSplit(LogicalExpr logical, Expr whenTrue, Expr whenFalse, string x)
        {
            for (int k = 0; k < logical.Operands.Count; k++)
            {
                if (logical.Operands[k] is not ComparisonExpr c) continue;
                var difference = Rewrite.Expand(Subtract(c.Left, c.Right), _budget);
                if (Linear(difference, x) is null) continue;
                var other = logical.Operator == LogicalOperator.Not ? null : logical.Operands[1 - k];
                return logical.Operator switch
                {
                    LogicalOperator.And => (c, Conditional(other!, whenTrue, whenFalse), whenFalse, difference),
                    LogicalOperator.Or => (c, whenTrue, Conditional(other!, whenTrue, whenFalse), difference),
                    _ => (c, whenFalse, whenTrue, difference),
                };
            }
            return null;
        }

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
                var radicand = Divide(Rewrite.Expand(Multiply(numerator), _budget), Rewrite.Expand(Multiply(denominator), _budget));
                var factors = new List<Expr> { Power(radicand, Num(magnitude)) };
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

        /// <summary>L when e = g(L) with L linear and g odd and strictly increasing, so e has L's sign; else null.</summary>
        private Expr? SignOf(Expr e, string x) => e switch
        {
            CallExpr { Function: Function.Sinh or Function.Tanh or Function.Asinh or Function.Atan or Function.Atanh or Function.Asin or Function.Cbrt or Function.Erf } c
                when Linear(c.Argument, x) is not null => c.Argument,
            PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } n } } p when n.Numerator > 0 && n.Numerator % 2 == 1 && Linear(p.Base, x) is not null => p.Base,
            _ => null,
        };

        /// <summary>
        /// |sin u| or |cos u| (u = αx + β) in an integrand that repeats with u's period π (the rectified sine |sin ωt|):
        /// on one period the absolute value is the plain function; with k = ⌊(x − x₀)/P⌋ whole periods behind x,
        /// F(x) = A(x − kP) − A(x₀) + k·(A(x₀ + P) − A(x₀)). The reduced argument x − kP and k come from one floor, so F
        /// stays continuous in floating point too.
        /// </summary>
        private Derivation? PeriodicAbsolute(Expr f, string x)
        {
            CallExpr? abs = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is not CallExpr { Function: Function.Abs } a || !Depends(a, x)) continue;
                if (abs is not null && !abs.Equals(a)) return null;
                abs = a;
            }
            if (abs?.Argument is not CallExpr { Function: Function.Sin or Function.Cos } wave || Linear(wave.Argument, x) is not { } line) return null;
            if (line.A is not NumberExpr { Value: var alpha } || !alpha.IsFinite || alpha.IsZero) return null;
            if (Rewrite.HasOtherVariables(f, x) || !RepeatsWithPeriod(f, x, Math.PI / Math.Abs(alpha.Value))) return null;
            // u₀: where the function turns positive for a period of π (0 for sin, −π/2 for cos).
            var u0 = wave.Function == Function.Sin ? Zero : Multiply(Rational(-1, 2), Pi);
            var piece = Rewrite.ReplaceAll(f, abs, wave, _budget);
            var inner = Integrate(piece, x);
            if (inner is null) return null;
            var start = Divide(Subtract(u0, line.B), line.A);
            var period = Divide(Pi, line.A);
            var atStart = Rewrite.Substitute(inner.Result, x, start, _budget);
            var atEnd = Rewrite.Substitute(inner.Result, x, Add(start, period), _budget);
            if (!FiniteAtParameters(atStart) || !FiniteAtParameters(atEnd)) return null;
            var k = Call(Function.Floor, Divide(Subtract(Var(x), start), period));
            var reduced = Subtract(Var(x), Multiply(k, period));
            var result = Add(Subtract(Rewrite.Substitute(inner.Result, x, reduced, _budget), atStart), Multiply(k, Subtract(atEnd, atStart)));
            var step = new Step(
                "one period at a time: on " + Show.Math(start) + " ≤ " + x + " < " + Show.Math(Add(start, period)) + " " + Show.Math(abs) + " = " + Show.Math(wave) +
                "; with k = " + Show.Math(k) + " whole periods before " + x + ": " + Show.Integral(f, x) + " = " + Show.Math(result),
                new[] { inner.Step });
            return new Derivation(result, step);
        }

        /// <summary>Whether f(x + P) = f(x) at a few points (f of x alone): the gate for <see cref="PeriodicAbsolute"/>.</summary>
        private static bool RepeatsWithPeriod(Expr f, string x, double period)
        {
            int compared = 0;
            foreach (double t in new[] { -2.3, -0.7, 0.3, 1.1, 2.9, 4.4 })
            {
                double here = Evaluator.Evaluate(f, x, t), later = Evaluator.Evaluate(f, x, t + period);
                if (double.IsNaN(here) || double.IsInfinity(here) || double.IsNaN(later) || double.IsInfinity(later)) continue;
                if (Math.Abs(here - later) > 1e-9 * Math.Max(1, Math.Abs(here))) return false;
                compared++;
            }
            return compared >= 4;
        }

        /// <summary>True when e (free of the variable) evaluates to a finite number, trying typical parameter values.</summary>
        private static bool FiniteAtParameters(Expr e)
        {
            var values = new Dictionary<string, double>();
            double next = 0.75;
            foreach (var v in Rewrite.Subtrees(e, new Budget(default)))
            {
                if (v is VariableExpr variable && !values.ContainsKey(variable.Name))
                {
                    values[variable.Name] = next;
                    next += 0.5;
                }
            }
            double value = Evaluator.Evaluate(e, values);
            return !double.IsNaN(value) && !double.IsInfinity(value);
        }
    }
}
