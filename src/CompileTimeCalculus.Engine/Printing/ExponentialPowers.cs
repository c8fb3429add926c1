using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>
    /// A printing-only rewrite: where both e^u and e^(k·u) (k = 2, 3, 4) occur, e^(k·u) becomes (e^u)^k, so the emitted
    /// code computes one exponential and multiplies (the sigmoid's second derivative needs one Math.Exp, not two).
    /// The canonical IR folds powers of exponentials the other way, so the rewritten nodes are built raw.
    /// </summary>
    internal sealed class ExponentialPowers
    {
        private readonly HashSet<Expr> _exponentials = new();
        private readonly Budget _budget;

        private ExponentialPowers(Budget budget) => _budget = budget;

        public static IReadOnlyList<Expr> Rewrite(IReadOnlyList<Expr> roots, Budget budget)
        {
            var rewriter = new ExponentialPowers(budget);
            var visited = new HashSet<Expr>();
            foreach (var r in roots) rewriter.Collect(r, visited);
            if (rewriter._exponentials.Count < 2) return roots;
            var memo = new Dictionary<Expr, Expr>();
            var result = new Expr[roots.Count];
            for (int i = 0; i < result.Length; i++) result[i] = Algebra.Rewrite.BottomUp(roots[i], rewriter.AsPower, budget, rebuild: Rebuild, memo: memo);
            return result;
        }

        private void Collect(Expr e, HashSet<Expr> visited)
        {
            if (!visited.Add(e)) return;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            if (e is CallExpr { Function: Function.Exp } && !e.Equals(Expr.E)) _exponentials.Add(e);
            foreach (var c in e.Children) Collect(c, visited);
        }

        private Expr AsPower(Expr rebuilt)
        {
            if (rebuilt is not CallExpr { Function: Function.Exp } exp) return rebuilt;
            for (int k = 2; k <= 4; k++)
            {
                var root = Expr.Exp(Expr.Multiply(exp.Argument, Expr.Rational(1, k)));
                if (_exponentials.Contains(root)) return new PowerExpr(root, Expr.Num(k));
            }
            return rebuilt;
        }

        private static Expr Rebuild(Expr e, Expr[] children) => e switch
        {
            SumExpr => new SumExpr(children),
            ProductExpr => new ProductExpr(children),
            PowerExpr => new PowerExpr(children[0], children[1]),
            CallExpr c => new CallExpr(c.Function, children),
            UserCallExpr u => Expr.UserCall(u.Function, u.Index, children),
            ConditionalExpr => new ConditionalExpr(children[0], children[1], children[2]),
            ComparisonExpr c => new ComparisonExpr(c.Operator, children[0], children[1]),
            LogicalExpr l => new LogicalExpr(l.Operator, children),
            _ => e,
        };
    }
}
