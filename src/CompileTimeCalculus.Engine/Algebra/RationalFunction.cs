using System;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Algebra
{
    /// <summary>A quotient of polynomials with rational coefficients, in one variable.</summary>
    public sealed class RationalFunction
    {
        public RationalFunction(Polynomial numerator, Polynomial denominator)
        {
            Numerator = numerator;
            Denominator = denominator;
        }

        public Polynomial Numerator { get; }
        public Polynomial Denominator { get; }

        public bool IsPolynomial => Denominator.Degree == 0;

        public static RationalFunction Of(Polynomial p) => new(p, Polynomial.One);

        public static RationalFunction operator +(RationalFunction a, RationalFunction b)
        {
            if (a.Denominator.Equals(b.Denominator)) return new RationalFunction(a.Numerator + b.Numerator, a.Denominator).Reduced();
            var g = Polynomial.Gcd(a.Denominator, b.Denominator);
            var aCof = a.Denominator / g;
            var bCof = b.Denominator / g;
            return new RationalFunction(a.Numerator * bCof + b.Numerator * aCof, aCof * b.Denominator).Reduced();
        }

        public static RationalFunction operator *(RationalFunction a, RationalFunction b) =>
            new RationalFunction(a.Numerator * b.Numerator, a.Denominator * b.Denominator).Reduced();

        public RationalFunction Reciprocal() => new(Denominator, Numerator);

        public RationalFunction Pow(int n) =>
            n >= 0 ? new RationalFunction(Numerator.Pow(n), Denominator.Pow(n)) : new RationalFunction(Denominator.Pow(-n), Numerator.Pow(-n));

        /// <summary>Common factors cancelled, denominator monic.</summary>
        public RationalFunction Reduced()
        {
            if (Numerator.IsZero) return new RationalFunction(Polynomial.Zero, Polynomial.One);
            var g = Polynomial.Gcd(Numerator, Denominator);
            var num = Numerator / g;
            var den = Denominator / g;
            var lead = den.Leading;
            return new RationalFunction((BigRational.One / lead) * num, den.Monic());
        }

        public Expr ToExpr(Expr variable) => Expr.Divide(Numerator.ToExpr(variable), Denominator.ToExpr(variable));

        /// <summary>
        /// Reads <paramref name="e"/> as a rational function of <paramref name="variable"/> with exact rational
        /// coefficients; null if anything else occurs (another variable, π, a function, a fractional power).
        /// </summary>
        public static RationalFunction? TryFrom(Expr e, string variable, Budget budget)
        {
            try
            {
                return Convert(e, variable, budget);
            }
            catch (System.DivideByZeroException)
            {
                return null;
            }
        }

        /// <summary>Exact arithmetic costs about degree² × size of the coefficients: charged so big conversions end in the budget.</summary>
        private static int Cost(RationalFunction f)
        {
            long degree = Math.Max(f.Numerator.Degree, f.Denominator.Degree) + 1;
            long bits = Math.Max(f.Numerator.Bits, f.Denominator.Bits) / 64 + 1;
            return (int)Math.Min(100_000, degree * degree * bits);
        }

        private static RationalFunction? Convert(Expr e, string variable, Budget budget)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            budget.Charge();
            switch (e)
            {
                case NumberExpr n:
                    return BigRational.TryFromNumber(n.Value, out var value) ? Of(Polynomial.Constant(value)) : null;
                case VariableExpr v:
                    return v.Name == variable ? Of(Polynomial.X) : null;
                case SumExpr s:
                {
                    RationalFunction? total = null;
                    foreach (var t in s.Terms)
                    {
                        var r = Convert(t, variable, budget);
                        if (r is null) return null;
                        total = total is null ? r : total + r;
                        budget.Charge(Cost(total));
                        if (total.Denominator.Bits > 2000 || total.Numerator.Bits > 2000) return null;
                    }
                    return total;
                }
                case ProductExpr p:
                {
                    RationalFunction? total = null;
                    foreach (var f in p.Factors)
                    {
                        var r = Convert(f, variable, budget);
                        if (r is null) return null;
                        total = total is null ? r : total * r;
                        budget.Charge(Cost(total));
                        if (total.Denominator.Bits > 2000 || total.Numerator.Bits > 2000) return null;
                    }
                    return total;
                }
                case PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } k } } power when System.Math.Abs(k.Numerator) <= Polynomial.MaxDegree:
                {
                    var b = Convert(power.Base, variable, budget);
                    if (b is null) return null;
                    if (b.Numerator.IsZero && k.Numerator < 0) return null;
                    if ((long)System.Math.Max(b.Numerator.Degree, b.Denominator.Degree) * System.Math.Abs(k.Numerator) > Polynomial.MaxDegree) return null;
                    return b.Pow((int)k.Numerator).Reduced();
                }
                default:
                    return null;
            }
        }
    }
}
