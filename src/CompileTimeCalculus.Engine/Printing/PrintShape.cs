using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>How sums and products are laid out in text, shared by the C# emitter and the math printer.</summary>
    internal static class PrintShape
    {
        /// <summary>Positive terms first (in canonical order), then the negated ones as their positive parts: x - 1, not -1 + x.</summary>
        public static (List<Expr> Positive, List<Expr> Subtracted) PartitionTerms(SumExpr sum)
        {
            var positive = new List<Expr>();
            var subtracted = new List<Expr>();
            foreach (var t in sum.Terms)
            {
                if (Expr.IsNegated(t, out var p)) subtracted.Add(p);
                else positive.Add(t);
            }
            return (positive, subtracted);
        }

        /// <summary>Splits a product into sign, numerator and denominator; factors with negative exponents go below the line.</summary>
        public static ProductParts SplitProduct(ProductExpr product)
        {
            var numerator = new List<Expr>();
            var denominator = new List<Expr>();
            var coefficient = Number.One;
            foreach (var f in product.Factors)
            {
                if (f is NumberExpr n)
                {
                    coefficient = n.Value;
                }
                else if (f is PowerExpr { Exponent: NumberExpr { Value.IsNegative: true } e } p)
                {
                    denominator.Add(Expr.Power(p.Base, Expr.Num(-e.Value)));
                }
                else
                {
                    numerator.Add(f);
                }
            }
            bool negative = coefficient.IsNegative;
            if (negative) coefficient = -coefficient;
            return new ProductParts(negative, coefficient, numerator, denominator);
        }
    }

    internal readonly struct ProductParts
    {
        public ProductParts(bool negative, Number coefficient, List<Expr> numerator, List<Expr> denominator)
        {
            Negative = negative;
            Coefficient = coefficient;
            Numerator = numerator;
            Denominator = denominator;
        }

        public bool Negative { get; }
        /// <summary>The absolute value of the numeric coefficient.</summary>
        public Number Coefficient { get; }
        public List<Expr> Numerator { get; }
        public List<Expr> Denominator { get; }
    }
}
