using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>
    /// Exact identities of the logistic function σ(u) = 1/(1 + e^(−u)), applied to a function before it is differentiated,
    /// so that its derivatives come out in the logistic family that <see cref="StableForms"/> evaluates well:
    /// <list type="bullet">
    /// <item>1 − σ(u) = σ(−u): no cancellation when σ(u) rounds to 1.</item>
    /// <item>ln σ(u) = −ln(1 + e^(−u)): the log-sigmoid, a softplus; no ln(0) when σ(u) rounds to 0.</item>
    /// </list>
    /// With both, a log loss written with p = σ(z) and ln(1 − p) has the gradient σ(z) − y everywhere instead of ∞ · 0.
    /// </summary>
    public static class LogisticIdentities
    {
        public static Expr Rewrite(Expr e, Budget budget) => Algebra.Rewrite.BottomUp(e, Apply, budget);

        private static Expr Apply(Expr e)
        {
            switch (e)
            {
                case SumExpr sum:
                {
                    int one = -1, negated = -1;
                    Expr? u = null;
                    for (int i = 0; i < sum.Terms.Count; i++)
                    {
                        var t = sum.Terms[i];
                        if (one < 0 && t.Equals(One)) one = i;
                        else if (negated < 0 && t is ProductExpr p && p.Factors[0] is NumberExpr { Value.IsMinusOne: true } && IsLogistic(Multiply(Rest(p.Factors)), out var argument))
                        {
                            negated = i;
                            u = argument;
                        }
                    }
                    if (one < 0 || negated < 0) return e;
                    var terms = new List<Expr>();
                    for (int i = 0; i < sum.Terms.Count; i++) if (i != one && i != negated) terms.Add(sum.Terms[i]);
                    terms.Add(Logistic(Negate(u!)));
                    return Add(terms.ToArray());
                }
                case CallExpr { Function: Function.Log } log when IsLogistic(log.Argument, out var u):
                    return Negate(Log(Add(One, Exp(Negate(u)))));
                default:
                    return e;
            }
        }

        private static Expr[] Rest(IReadOnlyList<Expr> factors)
        {
            var rest = new Expr[factors.Count - 1];
            for (int i = 1; i < factors.Count; i++) rest[i - 1] = factors[i];
            return rest;
        }

        private static Expr Logistic(Expr u) => Power(Add(One, Exp(Negate(u))), Num(-1));

        /// <summary>σ(u) as 1/(1 + e^v) (u = −v) or e^v/(1 + e^v) (u = v).</summary>
        private static bool IsLogistic(Expr e, out Expr u)
        {
            u = Zero;
            if (e is PowerExpr { Exponent: NumberExpr { Value.IsMinusOne: true } } p && OnePlusExp(p.Base) is { } v)
            {
                u = Negate(v);
                return true;
            }
            if (e is ProductExpr { Factors.Count: 2 } product)
            {
                for (int i = 0; i < 2; i++)
                {
                    if (product.Factors[i] is CallExpr { Function: Function.Exp } exp
                        && product.Factors[1 - i] is PowerExpr { Exponent: NumberExpr { Value.IsMinusOne: true } } q
                        && OnePlusExp(q.Base) is { } w && w.Equals(exp.Argument))
                    {
                        u = w;
                        return true;
                    }
                }
            }
            return false;
        }

        private static Expr? OnePlusExp(Expr e) =>
            e is SumExpr { Terms.Count: 2 } sum && sum.Terms[0] is NumberExpr { Value.IsOne: true } && sum.Terms[1] is CallExpr { Function: Function.Exp } exp ? exp.Argument : null;
    }
}
