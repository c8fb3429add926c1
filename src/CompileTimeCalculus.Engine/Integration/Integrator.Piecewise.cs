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
