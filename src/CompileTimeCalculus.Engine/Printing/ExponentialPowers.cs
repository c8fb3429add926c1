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
        private readonly Dictionary<Expr, Expr> _memo = new();
        private readonly Budget _budget;

        private ExponentialPowers(Budget budget) => _budget = budget;

        public static IReadOnlyList<Expr> Rewrite(IReadOnlyList<Expr> roots, Budget budget)
        {
            var rewriter = new ExponentialPowers(budget);
            var visited = new HashSet<Expr>();
            foreach (var r in roots) rewriter.Collect(r, visited);
            if (rewriter._exponentials.Count < 2) return roots;
            var result = new Expr[roots.Count];
            for (int i = 0; i < result.Length; i++) result[i] = rewriter.Visit(roots[i]);
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

        private Expr Visit(Expr e)
        {
            if (e.Children.Count == 0) return e;
            if (_memo.TryGetValue(e, out var done)) return done;
            RuntimeHelpers.EnsureSufficientExecutionStack();
            _budget.Charge();
            var children = new Expr[e.Children.Count];
            bool changed = false;
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = Visit(e.Children[i]);
                changed |= !ReferenceEquals(children[i], e.Children[i]);
            }
            var rebuilt = changed ? Rebuild(e, children) : e;
            if (rebuilt is CallExpr { Function: Function.Exp } exp)
            {
                for (int k = 2; k <= 4; k++)
                {
                    var root = Expr.Exp(Expr.Multiply(exp.Argument, Expr.Rational(1, k)));
                    if (_exponentials.Contains(root))
                    {
                        rebuilt = new PowerExpr(root, Expr.Num(k));
                        break;
                    }
                }
            }
            _memo[e] = rebuilt;
            return rebuilt;
        }

        private static Expr Rebuild(Expr e, Expr[] children) => e switch
        {
            SumExpr => new SumExpr(children),
            ProductExpr => new ProductExpr(children),
            PowerExpr => new PowerExpr(children[0], children[1]),
            CallExpr c => new CallExpr(c.Function, children),
            ConditionalExpr => new ConditionalExpr(children[0], children[1], children[2]),
            ComparisonExpr c => new ComparisonExpr(c.Operator, children[0], children[1]),
            LogicalExpr l => new LogicalExpr(l.Operator, children),
            _ => e,
        };
    }
}
