using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Algebra
{
    /// <summary>Structural rewrites over the IR; every rebuilt node goes through the simplifying factories.</summary>
    public static class Rewrite
    {
        /// <summary>
        /// The one memoized bottom-up rewrite every pass is built on. Each distinct node is rewritten once: where
        /// <paramref name="pre"/> returns a node, that node replaces the subtree as it is; otherwise a leaf stays, and an
        /// inner node gets its children rewritten, is rebuilt when one changed (through the simplifying factories, or
        /// <paramref name="rebuild"/>) and is then offered to <paramref name="post"/>. Each visit is charged to the budget
        /// (when there is one) and deep trees are guarded. Passes over several roots share work through <paramref name="memo"/>.
        /// Where <paramref name="before"/> returns a node, that node's children are rewritten in place of the original's
        /// (a rule that must see a whole node before its parts change); the original met again inside it is left as it is.
        /// </summary>
        public static Expr BottomUp(Expr e, Func<Expr, Expr>? post, Budget? budget, Func<Expr, Expr?>? pre = null,
            Func<Expr, Expr[], Expr>? rebuild = null, Dictionary<Expr, Expr>? memo = null, Func<Expr, Expr?>? before = null)
        {
            memo ??= new Dictionary<Expr, Expr>();
            return Visit(e);

            Expr Visit(Expr node)
            {
                if (memo.TryGetValue(node, out var done)) return done;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                budget?.Charge();
                Expr result;
                if (pre?.Invoke(node) is { } replaced)
                {
                    result = replaced;
                }
                else if (node.Children.Count == 0)
                {
                    result = node;
                }
                else
                {
                    var target = node;
                    if (before is not null)
                    {
                        memo[node] = node;
                        target = before(node) ?? node;
                    }
                    var children = new Expr[target.Children.Count];
                    bool changed = false;
                    for (int i = 0; i < children.Length; i++)
                    {
                        children[i] = Visit(target.Children[i]);
                        changed |= !ReferenceEquals(children[i], target.Children[i]);
                    }
                    result = changed ? (rebuild ?? Rebuild)(target, children) : target;
                    if (post is not null) result = post(result);
                }
                memo[node] = result;
                return result;
            }
        }

        /// <summary>Top-down replacement: where <paramref name="map"/> returns a node, that node replaces the subtree (and is not visited again).</summary>
        public static Expr Replace(Expr e, Func<Expr, Expr?> map, Budget budget) => BottomUp(e, null, budget, pre: map);

        /// <summary>Every occurrence of the variable replaced by <paramref name="value"/>.</summary>
        public static Expr Substitute(Expr e, string variable, Expr value, Budget budget) =>
            Replace(e, node => node is VariableExpr v && v.Name == variable ? value : null, budget);

        /// <summary>Every occurrence of <paramref name="target"/> replaced by <paramref name="value"/>.</summary>
        public static Expr ReplaceAll(Expr e, Expr target, Expr value, Budget budget) =>
            Replace(e, node => node.Equals(target) ? value : null, budget);

        /// <summary>
        /// Products distributed over sums and small integer powers of sums multiplied out, up to a size bound. Arguments of
        /// functions are left alone: ln(5·(7 + x)³) is an atom here, not a logarithm of a cubic.
        /// </summary>
        public static Expr Expand(Expr e, Budget budget, int maxTerms = 600)
        {
            var memo = new Dictionary<Expr, Expr>();
            return Visit(e);

            Expr Visit(Expr node)
            {
                if (node.Children.Count == 0 || node is not (SumExpr or ProductExpr or PowerExpr)) return node;
                if (memo.TryGetValue(node, out var done)) return done;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                budget.Charge();
                var children = new Expr[node.Children.Count];
                for (int i = 0; i < children.Length; i++) children[i] = Visit(node.Children[i]);
                Expr result = node switch
                {
                    ProductExpr => Distribute(children, budget, maxTerms),
                    PowerExpr when children[0] is SumExpr sum && children[1] is NumberExpr { Value: { IsInteger: true } n } && n.Numerator is >= 2 and <= 24
                        => PowerOfSum(sum, (int)n.Numerator, budget, maxTerms),
                    _ => Rebuild(node, children),
                };
                memo[node] = result;
                return result;
            }
        }

        private static Expr PowerOfSum(SumExpr sum, int n, Budget budget, int maxTerms)
        {
            Expr result = sum;
            for (int i = 1; i < n; i++)
            {
                result = Distribute(new[] { result, sum }, budget, maxTerms);
            }
            return result;
        }

        private static Expr Distribute(IReadOnlyList<Expr> factors, Budget budget, int maxTerms)
        {
            var terms = new List<Expr> { One };
            var rest = new List<Expr>();
            foreach (var f in factors)
            {
                var expanded = f is PowerExpr { Base: SumExpr s, Exponent: NumberExpr { Value: { IsInteger: true } n } } && n.Numerator is >= 2 and <= 24
                    ? PowerOfSum(s, (int)n.Numerator, budget, maxTerms)
                    : f;
                if (expanded is SumExpr sum)
                {
                    if ((long)terms.Count * sum.Terms.Count > maxTerms) return Multiply(factors);
                    var next = new List<Expr>(terms.Count * sum.Terms.Count);
                    foreach (var a in terms)
                    {
                        foreach (var b in sum.Terms)
                        {
                            budget.Charge();
                            next.Add(Multiply(a, b));
                        }
                    }
                    terms = next;
                }
                else
                {
                    rest.Add(expanded);
                }
            }
            if (rest.Count > 0)
            {
                var common = Multiply(rest);
                for (int i = 0; i < terms.Count; i++) terms[i] = Multiply(terms[i], common);
            }
            return Add(terms);
        }

        /// <summary><paramref name="u"/> = a·x + b with a ≠ 0 and a, b free of x; null otherwise.</summary>
        public static (Expr A, Expr B)? Linear(Expr u, string x, Budget budget)
        {
            if (!u.DependsOn(x)) return null;
            if (u is VariableExpr) return (One, Zero);
            var a = Differentiator.Differentiate(u, x, budget);
            if (a.DependsOn(x) || a.Equals(Zero)) return null;
            var b = Subtract(u, Multiply(a, Var(x)));
            if (b.DependsOn(x)) b = Expand(b, budget);
            if (b.DependsOn(x)) return null;
            return (a, b);
        }

        /// <summary>Splits a product into the factors free of x (as one constant) and the rest.</summary>
        public static (Expr Constant, Expr Remainder) SplitConstant(Expr f, string x)
        {
            if (!f.DependsOn(x)) return (f, One);
            if (f is not ProductExpr p) return (One, f);
            var constant = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var factor in p.Factors) (factor.DependsOn(x) ? rest : constant).Add(factor);
            return (Multiply(constant), Multiply(rest));
        }

        /// <summary>Whether e has a variable other than x (a parameter).</summary>
        public static bool HasOtherVariables(Expr e, string x) => e.Variables.Count > (e.DependsOn(x) ? 1 : 0);

        /// <summary>Splits a sum into the terms free of x (as one constant) and the rest.</summary>
        public static (Expr Constant, Expr Remainder) SplitConstantTerm(Expr f, string x)
        {
            if (!f.DependsOn(x)) return (f, Zero);
            if (f is not SumExpr s) return (Zero, f);
            var constant = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var term in s.Terms) (term.DependsOn(x) ? rest : constant).Add(term);
            return (Add(constant), Add(rest));
        }

        /// <summary>The factors of a product (a non-product is its own single factor).</summary>
        public static IReadOnlyList<Expr> Factors(Expr e) => e is ProductExpr p ? p.Factors : new[] { e };

        /// <summary>The terms of a sum (a non-sum is its own single term).</summary>
        public static IReadOnlyList<Expr> Terms(Expr e) => e is SumExpr s ? s.Terms : new[] { e };

        /// <summary>Distinct subtrees, children before parents.</summary>
        public static List<Expr> Subtrees(Expr e, Budget budget)
        {
            var seen = new HashSet<Expr>();
            var order = new List<Expr>();
            Walk(e);
            return order;

            void Walk(Expr node)
            {
                if (!seen.Add(node)) return;
                RuntimeHelpers.EnsureSufficientExecutionStack();
                budget.Charge();
                foreach (var c in node.Children) Walk(c);
                order.Add(node);
            }
        }
    }
}
