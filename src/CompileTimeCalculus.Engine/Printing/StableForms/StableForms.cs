using System;
using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Verification;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>
    /// Rewrites a result into forms that evaluate well in floating point before it is emitted; the caller proves every
    /// rewritten tree equal to the original (by probing) and keeps the original otherwise.
    /// <list type="bullet">
    /// <item>e^(ku)·(1 + e^u)^(−n), 0 ≤ k ≤ n: the logistic family (sigmoid, its derivatives, softplus', swish', the logistic
    /// density) as w^k or w^(n−k) over (1 + w)^n with w = e^(−|u|), which never overflows.</item>
    /// <item>ln(1 + e^u) → max(u, 0) + log1p(e^(−|u|)) (softplus); ln(1 + v) → log1p(v); e^u − 1 → expm1(u).</item>
    /// <item>1 − tanh²u → cosh(u)^(−2), which keeps its digits where tanh rounds to ±1.</item>
    /// <item>(a² + b²)^(k/2) → hypot(a, b)^k, which does not overflow in the squares.</item>
    /// <item>a product of a factor that can underflow to 0 (e^…, cosh^(−n)) and factors that can overflow (x², x³) is 0
    /// when the former is 0, instead of ∞ · 0 = NaN.</item>
    /// <item>c ± c·erf(u) → c·erfc(∓u); ln cosh u, ln(1 + u^(2k)), ln|1 + v| in two branches; differences of logarithms
    /// and of arctangents whose arguments differ by a constant, through log1p and the arctangent subtraction formula.</item>
    /// </list>
    /// The rules are ordered lists, tried first to last at each stage (logarithms as found, a node before its children,
    /// after them, the whole result); the families live in the files beside this one.
    /// </summary>
    public static partial class StableForms
    {
        /// <summary>
        /// The stable form of <paramref name="e"/> when it computes what e computes at the checker's probe points, else e: the
        /// one acceptance rule of the engines. <paramref name="variables"/> null: every variable of either form.
        /// <paramref name="mostPoints"/>: agreeing at most points is enough, for an antiderivative that is verified against
        /// its integrand afterwards (the textbook form is what cancels badly at the others: ln|6 + 6·coth u| for large |u|).
        /// </summary>
        public static Expr WhereEqual(Expr e, IReadOnlyList<string>? variables, Budget budget, bool mostPoints = false)
        {
            var stable = Rewrite(e, budget);
            if (stable.Equals(e)) return e;
            if (variables is null)
            {
                var names = ExprVariables.Of(e);
                names.UnionWith(ExprVariables.Of(stable));
                variables = names.OrderBy(v => v, StringComparer.Ordinal).ToList();
            }
            return CalculusChecker.Compare(stable, e, variables, budget).Verdict == CheckVerdict.Correct
                || mostPoints && CalculusChecker.AgreesAtMostPoints(stable, e, variables, budget) ? stable : e;
        }

        // The rules, in the order they are tried: each returns its rewrite, or null to decline.

        // First, on every logarithm as the integrator left it: visited bottom-up, 1 + tanh u would already be 2σ(2u) and
        // 2/(1 + e^u) a logistic form that underflows to 0, and the differences rule would merge two such logarithms.
        private static readonly Func<CallExpr, Expr?>[] LogarithmsAsFound =
        {
            OnLog(LogOfHyperbolicSum), OnLog(LogOfRootMinusConstant), OnLog(LogOfSechSquared), OnLog(LogOfPositiveProduct),
        };

        // On a node before its children are rewritten: the logistic rules look at a whole quotient (numerator and
        // denominator together); artanh's argument before its radicand becomes a hypot, which the pattern would not see.
        private static readonly Func<SumExpr, Expr?>[] WholeSums = { LogisticSum, Differences, SoftplusWithItsLinearPart };
        private static readonly Func<Expr, Expr?>[] WholeProducts = { Logistic, ExponentialRatio, ScaledReciprocal, ExponentialShare, HyperbolicRatio, MillsRatio };
        private static readonly Func<CallExpr, Expr?>[] WholeCalls = { c => c.Function == Function.Atanh ? AsinhForm(c.Argument) : null };

        // On a node after its children (a product is then guarded against ∞·0, whatever form it has).
        private static readonly Func<PowerExpr, Expr?>[] Powers = { Hypotenuse, DifferenceOfSquares };
        private static readonly Func<CallExpr, Expr?>[] Calls =
        {
            OnLog(LogOfShiftedExponential), OnLog(LogOfRatio), OnLog(LogOfShiftedCoshPower), DilogarithmOfNegatedExponential,
            OnLog(LogOfOnePlus), OnLog(LogAbsOfOnePlus), OnLog(LogSumExpOfTwo), OnLog(LogOfCosh), OnLog(LogAbsOfSinh),
        };
        private static readonly Func<SumExpr, Expr?>[] Sums =
        {
            ExpMinusOne, Gudermannian, ArctanComplement, OneMinusTanhSquared, OnePlusSinhSquared, OnePlusTanh, ErfComplement, LogisticComplement, RootDifference,
        };

        // Last, on the whole result, so the rules above see rational parts as they are (arcsinh recognized inside artanh).
        private static readonly Func<Expr, Budget, Expr?>[] WholeResult = { RationalInReciprocal, RootInReciprocal };

        private static Func<CallExpr, Expr?> OnLog(Func<CallExpr, Expr?> rule) => c => c.Function == Function.Log ? rule(c) : null;

        private static Expr? First<T>(IEnumerable<Func<T, Expr?>> rules, T e)
        {
            foreach (var rule in rules)
            {
                if (rule(e) is { } rewritten) return rewritten;
            }
            return null;
        }

        public static Expr Rewrite(Expr e, Budget budget)
        {
            var prepared = Algebra.Rewrite.Replace(e, node => node is CallExpr call ? First(LogarithmsAsFound, call) : null, budget);
            // A constant is computed once, so it needs no stable form (and conditionals on constants would not fold).
            var stable = Algebra.Rewrite.BottomUp(prepared, Apply, budget, pre: node => node.HasVariables ? null : node, before: Before);
            return Algebra.Rewrite.Replace(stable, node => node is SumExpr or ProductExpr ? First(WholeResult.Select(r => (Func<Expr, Expr?>)(x => r(x, budget))), node) : null, budget);
        }

        /// <summary>The rules that see a whole node before its children are rewritten.</summary>
        private static Expr? Before(Expr e) => e switch
        {
            SumExpr sum => First(WholeSums, sum),
            ProductExpr or PowerExpr => First(WholeProducts, e),
            CallExpr call => First(WholeCalls, call),
            _ => null,
        };

        /// <summary>The rules that run on a node once its children are rewritten.</summary>
        private static Expr Apply(Expr e) => e switch
        {
            ProductExpr p => GuardUnderflow(p),
            PowerExpr p => First(Powers, p),
            CallExpr c => First(Calls, c),
            SumExpr sum => First(Sums, sum),
            _ => null,
        } ?? e;
    }
}
