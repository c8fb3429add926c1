using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>
    /// Where an integrand's mass and breaks are, as expressions of its parameters, so a numerical antiderivative can split
    /// its range there at run time: adaptive quadrature over (−∞, 30] with the whole of a normal density near 0 sees 15
    /// points of which none lands in the bump, and reports 0 with a tiny error. The landmarks:
    /// <list type="bullet">
    /// <item>the vertex of a quadratic in x inside exp or under a negative power (a normal or Cauchy density's centre),
    /// with points at 1, 4, 16 and 64 widths either side (1/√|A| for e^(A x² + …), the half-width for 1/(A x² + …));</item>
    /// <item>the same for a quadratic in ln x (a log-normal density), on the log scale;</item>
    /// <item>where a linear argument a·x + b of a comparison, abs, max, min, a logarithm, a root or a negative power is 0
    /// (the corners of a uniform or triangular density, a pole, the end of a domain), with points at 1, 4, 16 and 64 of
    /// its units 1/|a| either side.</item>
    /// </list>
    /// </summary>
    public static class NumericLandmarks
    {
        /// <summary>Split points of more than this are not worth their cost (each costs at least 15 evaluations per call).</summary>
        public const int MaxLandmarks = 48;

        private static readonly int[] Widths = { -64, -16, -4, -1, 0, 1, 4, 16, 64 };

        public static IReadOnlyList<Expr> Of(Expr f, string x, Budget budget)
        {
            var found = new List<Expr>();
            var seen = new HashSet<Expr>();
            void Keep(Expr landmark)
            {
                if (found.Count < MaxLandmarks && !landmark.DependsOn(x) && seen.Add(landmark)) found.Add(landmark);
            }
            // Where a·x + b is 0, and 1, 4, 16 and 64 of its units 1/|a| either side: the scale the argument sets
            // (e^(−|x − μ|^1.5/s) has its mass within a few s of μ, which no quadratic shows).
            void Zero(Expr u)
            {
                // k·|a·x + b| changes by 1 over 1/|k·a| as well (e^(−|x − μ|/b), |x − μ|^1.5/s).
                var (k, rest) = Rewrite.SplitConstant(u, x);
                if (rest is CallExpr { Function: Function.Abs } abs) u = abs.Argument;
                else k = One;
                if (Rewrite.Linear(u, x, budget) is not { } line) return;
                var zero = Negate(Divide(line.B, line.A));
                var unit = Call(Function.Abs, Reciprocal(Multiply(k, line.A)));
                foreach (int w in Widths) Keep(w == 0 ? zero : Add(zero, Multiply(Num(w), unit)));
            }
            void Bump(Expr argument, bool exponent)
            {
                foreach (bool logScale in new[] { false, true })
                {
                    var q = Quadratic(argument, logScale ? Log(Var(x)) : Var(x), x, budget);
                    if (q is not var (a, b, c)) continue;
                    var vertex = Negate(Divide(b, Multiply(Num(2), a)));
                    // e^(A(u − v)² + …) falls by e per 1/√|A|; 1/(A(u − v)² + D) halves at √|D/A|.
                    var width = exponent
                        ? Power(Call(Function.Abs, a), Rational(-1, 2))
                        : Sqrt(Call(Function.Abs, Divide(Subtract(c, Divide(Square(b), Multiply(Num(4), a))), a)));
                    foreach (int k in Widths)
                    {
                        var u = Add(vertex, Multiply(Num(k), width));
                        Keep(logScale ? Exp(u) : u);
                    }
                }
            }

            foreach (var node in Rewrite.Subtrees(f, budget))
            {
                switch (node)
                {
                    case ComparisonExpr cmp:
                        Zero(Subtract(cmp.Left, cmp.Right));
                        break;
                    case CallExpr { Function: Function.Abs or Function.Sign or Function.Log or Function.Floor or Function.Ceiling or Function.Round or Function.Truncate } call:
                        Zero(call.Argument);
                        break;
                    case CallExpr { Function: Function.Max or Function.Min } pair:
                        Zero(Subtract(pair.Arguments[0], pair.Arguments[1]));
                        break;
                    case CallExpr { Function: Function.Exp } exp:
                        Bump(exp.Argument, exponent: true);
                        Zero(exp.Argument);
                        break;
                    case CallExpr call:
                        // Any other function changes over the units of a linear argument (tanh((x − μ)/s)).
                        foreach (var argument in call.Arguments) Zero(argument);
                        break;
                    case PowerExpr { Exponent: NumberExpr { Value: var k } } power when k.IsNegative:
                        Bump(power.Base, exponent: false);
                        Zero(power.Base);
                        break;
                    case PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } } root:
                        Zero(root.Base);
                        break;
                }
            }
            return found;
        }

        /// <summary>
        /// <paramref name="e"/> = A·u² + B·u + C with u = <paramref name="u"/> (x or ln x), A ≠ 0 and A, B, C free of x;
        /// null otherwise. Read by replacing u with a fresh variable t.
        /// </summary>
        private static (Expr A, Expr B, Expr C)? Quadratic(Expr e, Expr u, string x, Budget budget)
        {
            const string t = "$t";
            var inT = u is VariableExpr ? Rewrite.Substitute(e, x, Var(t), budget) : Rewrite.ReplaceAll(e, u, Var(t), budget);
            if (inT.DependsOn(x) || !inT.DependsOn(t)) return null;
            var first = Differentiator.Differentiate(inT, t, budget);
            var second = Differentiator.Differentiate(first, t, budget);
            if (second.DependsOn(t) || second.Equals(Expr.Zero)) return null;
            var a = Divide(second, Num(2));
            var b = Rewrite.Substitute(first, t, Expr.Zero, budget);
            var c = Rewrite.Substitute(inT, t, Expr.Zero, budget);
            if (b.DependsOn(t) || c.DependsOn(t)) return null;
            return (a, b, c);
        }
    }
}
