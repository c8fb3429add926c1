using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Differentiation
{
    /// <summary>
    /// Symbolic differentiation over the IR. Shared subtrees are differentiated once (memoized), and the
    /// simplifying factories keep every intermediate canonical.
    /// </summary>
    /// <remarks>
    /// Convention at non-differentiable points (PyTorch's): d|u| = sign(u) du with sign(0) = 0; a conditional
    /// differentiates the branch it takes; Max/Min act as <c>a &gt; b ? a : b</c> / <c>a &lt; b ? a : b</c>, and at a tie
    /// they take the derivative of an argument that does not depend on the variable (so ReLU'(0) = 0 for
    /// <c>Max(x, 0)</c> and <c>Max(0, x)</c> alike), else of the second argument; floor, ceiling, round, truncate and sign have
    /// derivative 0. For a gradient, "depends" means on any of the inputs differentiated by (<c>active</c>), so every partial
    /// derivative takes the same side of a tie and the partials add up to a derivative along every direction.
    /// </remarks>
    public sealed class Differentiator
    {
        private readonly string _variable;
        private readonly Budget _budget;
        private readonly Dictionary<Expr, Expr> _memo = new();
        private readonly Func<string, bool>? _active;
        private readonly Dictionary<Expr, bool> _activeMemo = new();

        private Differentiator(string variable, Budget budget, Func<string, bool>? active = null)
        {
            _variable = variable;
            _budget = budget;
            _active = active;
        }

        public static Expr Differentiate(Expr e, string variable, Budget budget) => new Differentiator(variable, budget).D(e);

        /// <summary>A partial derivative of a gradient: ties of max and min are broken by dependence on any <paramref name="active"/> variable.</summary>
        public static Expr Differentiate(Expr e, string variable, Budget budget, Func<string, bool> active) => new Differentiator(variable, budget, active).D(e);

        private bool Depends(Expr e) => e.DependsOn(_variable);

        private bool DependsOnActive(Expr e)
        {
            switch (e)
            {
                case NumberExpr:
                case ConstantExpr:
                    return false;
                case VariableExpr v:
                    return _active!(v.Name);
            }
            if (_activeMemo.TryGetValue(e, out bool known)) return known;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            bool result = false;
            foreach (var c in e.Children)
            {
                if (DependsOnActive(c))
                {
                    result = true;
                    break;
                }
            }
            _activeMemo[e] = result;
            return result;
        }

        private Expr D(Expr e)
        {
            if (!Depends(e)) return Zero;
            if (e is VariableExpr) return One;
            if (_memo.TryGetValue(e, out var known)) return known;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            var result = e switch
            {
                SumExpr s => DSum(s),
                ProductExpr p => DProduct(p),
                PowerExpr p => DPower(p),
                CallExpr c => DCall(c),
                UserCallExpr u => DUserCall(u),
                ConditionalExpr c => Conditional(c.Test, D(c.WhenTrue), D(c.WhenFalse)),
                _ => throw new ExpressionLimitException($"a {e.Kind} expression has no derivative"),
            };
            _memo[e] = result;
            return result;
        }

        private Expr DSum(SumExpr s)
        {
            var terms = new List<Expr>(s.Terms.Count);
            foreach (var t in s.Terms) terms.Add(D(t));
            return Add(terms);
        }

        private Expr DProduct(ProductExpr p)
        {
            var terms = new List<Expr>();
            for (int i = 0; i < p.Factors.Count; i++)
            {
                var di = D(p.Factors[i]);
                if (di.Equals(Zero)) continue;
                var factors = new Expr[p.Factors.Count];
                for (int j = 0; j < factors.Length; j++) factors[j] = j == i ? di : p.Factors[j];
                terms.Add(Multiply(factors));
            }
            return Add(terms);
        }

        private Expr DPower(PowerExpr p)
        {
            var b = p.Base;
            var n = p.Exponent;
            if (!Depends(n)) return Multiply(n, Power(b, Subtract(n, One)), D(b));
            if (!Depends(b)) return Multiply(p, Log(b), D(n));
            // d(b^n) = b^n (n' ln b + n b'/b)
            return Multiply(p, Add(Multiply(D(n), Log(b)), Multiply(n, D(b), Reciprocal(b))));
        }

        private Expr DCall(CallExpr c)
        {
            var u = c.Argument;
            switch (c.Function)
            {
                case Function.Atan2:
                {
                    // atan2(y, x)' = (x y' - y x') / (x^2 + y^2)
                    var y = c.Arguments[0];
                    var x = c.Arguments[1];
                    return Divide(Subtract(Multiply(x, D(y)), Multiply(y, D(x))), Add(Square(x), Square(y)));
                }
                case Function.Max:
                case Function.Min:
                    return DMaxMin(c);
                case Function.EllipticF:
                case Function.EllipticE:
                {
                    // ∂F/∂φ = 1/√(1 − m sin²φ), ∂E/∂φ = √(1 − m sin²φ); the parameter m is a constant in every answer.
                    var phi = c.Arguments[0];
                    var m = c.Arguments[1];
                    if (Depends(m)) throw new ExpressionLimitException("the derivative of an elliptic integral in its parameter m is not implemented");
                    var delta = Subtract(One, Multiply(m, Square(Call(Function.Sin, phi))));
                    return Multiply(Power(delta, c.Function == Function.EllipticF ? Rational(-1, 2) : Half), D(phi));
                }
                case Function.DilogarithmRe:
                case Function.DilogarithmIm:
                case Function.TrilogarithmRe:
                case Function.TrilogarithmIm:
                case Function.TetralogarithmRe:
                case Function.TetralogarithmIm:
                case Function.LogarithmTailRe:
                case Function.LogarithmTailIm:
                case Function.DilogarithmTailRe:
                case Function.DilogarithmTailIm:
                case Function.TrilogarithmTailRe:
                case Function.TrilogarithmTailIm:
                case Function.TetralogarithmTailRe:
                case Function.TetralogarithmTailIm:
                {
                    // z = r·e^(iφ): ∂Li_k/∂r = Li_(k−1)(z)/r and ∂Li_k/∂φ = i·Li_(k−1)(z), so
                    // (Re Li_k)′ = Re Li_(k−1)·r′/r − Im Li_(k−1)·φ′ and (Im Li_k)′ = Im Li_(k−1)·r′/r + Re Li_(k−1)·φ′;
                    // the same holds for Li_k(z) − z with Li_(k−1)(z) − z, since z′ = z/r·r′ + iz·φ′.
                    var r = c.Arguments[0];
                    var phi = c.Arguments[1];
                    int order = PolarPolylogarithm.OrderOf(c.Function);
                    var (re, im) = PolarPolylogarithm.IsTail(c.Function) ? PolarPolylogarithm.TailOf(order - 1, r, phi) : PolarPolylogarithm.Of(order - 1, r, phi);
                    bool real = PolarPolylogarithm.IsRealPart(c.Function);
                    var radial = Multiply(real ? re : im, Divide(D(r), r));
                    var angular = Multiply(real ? Negate(im) : re, D(phi));
                    return Add(radial, angular);
                }
                case Function.ScaledKummerM:
                case Function.ScaledUpperGamma:
                {
                    // H = e^(−z)·M(s, s + 1, z): ∂H/∂z = s/(s + 1)·H(s + 1, z) − H (M′ = s/(s + 1)·M(s + 1, s + 2, z));
                    // ∂G(s, y)/∂y = G·(1 + (1 − s)/y) − 1. The order s is a constant in every answer.
                    var s = c.Arguments[0];
                    var z = c.Arguments[1];
                    if (Depends(s)) throw new ExpressionLimitException("the derivative of an incomplete gamma function in its order is not implemented");
                    var slope = c.Function == Function.ScaledKummerM
                        ? Subtract(Multiply(Divide(s, Add(s, One)), Call(Function.ScaledKummerM, Add(s, One), z)), c)
                        : Subtract(Multiply(c, Add(One, Divide(Subtract(One, s), z))), One);
                    return Multiply(slope, D(z));
                }
                case Function.FaddeevaRe:
                case Function.FaddeevaIm:
                {
                    // w′(z) = −2z·w(z) + 2i/√π, and by Cauchy–Riemann d(Re w) = Re w′·dx − Im w′·dy, d(Im w) = Im w′·dx + Re w′·dy.
                    var x = c.Arguments[0];
                    var y = c.Arguments[1];
                    var re = Call(Function.FaddeevaRe, x, y);
                    var im = Call(Function.FaddeevaIm, x, y);
                    var slopeRe = Multiply(Num(-2), Subtract(Multiply(x, re), Multiply(y, im)));
                    var slopeIm = Add(Multiply(Num(-2), Add(Multiply(x, im), Multiply(y, re))), Multiply(Num(2), Power(Pi, Rational(-1, 2))));
                    return c.Function == Function.FaddeevaRe
                        ? Subtract(Multiply(slopeRe, D(x)), Multiply(slopeIm, D(y)))
                        : Add(Multiply(slopeIm, D(x)), Multiply(slopeRe, D(y)));
                }
                case Function.LogAddExp:
                {
                    // ∂/∂a ln(eᵃ + eᵇ) = σ(a − b) = 1/(1 + e^(b − a)): 0 or 1 far from a = b, never ∞/∞.
                    var a = c.Arguments[0];
                    var b = c.Arguments[1];
                    return Add(Divide(D(a), Add(One, Exp(Subtract(b, a)))), Divide(D(b), Add(One, Exp(Subtract(a, b)))));
                }
                case Function.Hypot:
                {
                    var a = c.Arguments[0];
                    var b = c.Arguments[1];
                    return Divide(Add(Multiply(a, D(a)), Multiply(b, D(b))), c);
                }
            }
            // d/dx ln|u| = u'/u wherever it is defined (sign(u)/|u| = 1/u): the form integration by parts needs.
            if (c.Function == Function.Log && u is CallExpr { Function: Function.Abs } inside)
                return Divide(D(inside.Argument), inside.Argument);
            var facts = FunctionFacts.Of(c.Function);
            var derivative = facts.Derivative ?? throw new ExpressionLimitException($"{facts.Readable} has no derivative in the library");
            var outer = derivative(u, c);
            if (outer.Equals(Zero)) return Zero;
            return Multiply(outer, D(u));
        }

        /// <summary>The chain rule through a user function: Σ ∂F/∂uᵢ(u)·uᵢ′, each partial the method the user declared.</summary>
        private Expr DUserCall(UserCallExpr u)
        {
            var terms = new List<Expr>();
            for (int i = 0; i < u.Arguments.Count; i++)
            {
                var inner = D(u.Arguments[i]);
                if (inner.Equals(Zero)) continue;
                var index = new List<int>(u.Index) { i };
                if (u.Function.MethodFor(index) is null)
                    throw new MissingDerivativeException(u.Function, index);
                terms.Add(Multiply(UserCall(u.Function, index, Copy(u.Arguments)), inner));
            }
            return Add(terms);
        }

        private static Expr[] Copy(IReadOnlyList<Expr> list)
        {
            var array = new Expr[list.Count];
            for (int i = 0; i < array.Length; i++) array[i] = list[i];
            return array;
        }

        private Expr DMaxMin(CallExpr c)
        {
            var a = c.Arguments[0];
            var b = c.Arguments[1];
            bool max = c.Function == Function.Max;
            // a > b ? a : b (Max) or a < b ? a : b (Min); at a tie prefer the argument that is constant in the variable.
            var strict = max ? ComparisonOperator.Greater : ComparisonOperator.Less;
            var orEqual = max ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.LessOrEqual;
            var op = _active is null
                ? !Depends(a) && Depends(b) ? orEqual : strict
                : !DependsOnActive(a) && DependsOnActive(b) ? orEqual : strict;
            return Conditional(Compare(op, a, b), D(a), D(b));
        }
    }
}
