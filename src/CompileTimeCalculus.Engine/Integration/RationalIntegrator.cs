using System.Collections.Generic;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>
    /// Integrates any rational function with rational coefficients: polynomial division, Hermite reduction for the
    /// rational part (exact), then partial fractions of the square-free rest. Linear and quadratic factors over the
    /// rationals give exact ln and arctan terms; a factor that does not split over the rationals gives its roots
    /// numerically, as decimal coefficients of ln and arctan terms.
    /// </summary>
    public static class RationalIntegrator
    {
        /// <summary>Denominators above this degree are not attempted (partial fractions and roots get expensive).</summary>
        public const int MaxDenominatorDegree = 48;

        public sealed class Result
        {
            public Result(Expr antiderivative, bool exact, string method)
            {
                Antiderivative = antiderivative;
                Exact = exact;
                Method = method;
            }

            public Expr Antiderivative { get; }

            /// <summary>False when some coefficients come from numeric roots.</summary>
            public bool Exact { get; }

            public string Method { get; }
        }

        public static Result? Integrate(RationalFunction f, Expr x, Budget budget)
        {
            var reduced = f.Reduced();
            var numerator = reduced.Numerator;
            var denominator = reduced.Denominator;
            if (denominator.Degree > MaxDenominatorDegree) return null;
            budget.Charge(1 + denominator.Degree * denominator.Degree + numerator.Degree);

            var (polynomialPart, remainder) = numerator.DivRem(denominator);
            var terms = new List<Expr> { polynomialPart.Integral().ToExpr(x) };
            if (remainder.IsZero) return new Result(Add(terms), true, "polynomial");

            // Hermite reduction (Bronstein's quadratic version): A/D = (g)' + A*/D* with D* square-free.
            var factors = denominator.SquareFree();
            var a = remainder;
            var d = denominator;
            bool hermite = false;
            for (int i = 2; i <= factors.Count; i++)
            {
                var v = factors[i - 1];
                if (v.Degree < 1) continue;
                hermite = true;
                var u = d / v.Pow(i);
                for (int j = i - 1; j >= 1; j--)
                {
                    budget.Charge(v.Degree * u.Degree + 1);
                    var (b, c) = Polynomial.SolveDiophantine(u * v.Derivative(), v, (BigRational.FromInteger(-1) / BigRational.FromInteger(j)) * a);
                    terms.Add(Multiply(b.ToExpr(x), Power(v.ToExpr(x), Num(-j))));
                    a = BigRational.FromInteger(-j) * c - u * b.Derivative();
                }
                d = u * v;
            }
            // A*/D* with D* square-free; keep it proper.
            var (extra, a2) = a.DivRem(d);
            if (!extra.IsZero) terms.Add(extra.Integral().ToExpr(x));
            if (a2.IsZero) return new Result(Add(terms), true, hermite ? "Hermite reduction" : "polynomial");

            var logPart = LogPart(a2, d, x, budget, out bool exact);
            if (logPart is null) return null;
            terms.Add(logPart);
            return new Result(Add(terms), exact, hermite ? "Hermite reduction and partial fractions" : "partial fractions");
        }

        /// <summary>∫ A/D for square-free D and deg A &lt; deg D.</summary>
        private static Expr? LogPart(Polynomial a, Polynomial d, Expr x, Budget budget, out bool exact)
        {
            exact = true;
            var lead = d.Leading;
            var monic = d.Monic();
            a = (BigRational.One / lead) * a;
            var (roots, quadratics, rest) = RootFinder.FactorOverRationals(monic, budget);
            var pieces = new List<Polynomial>();
            foreach (var r in roots) pieces.Add(Polynomial.Linear(BigRational.One, -r));
            pieces.AddRange(quadratics);
            if (rest.Degree >= 1) pieces.Add(rest);

            var terms = new List<Expr>();
            foreach (var piece in pieces)
            {
                budget.Charge(piece.Degree * monic.Degree + 1);
                // The partial-fraction numerator over this factor: A · (D/P)⁻¹ mod P.
                var cofactor = monic / piece;
                var (g, s, _) = Polynomial.ExtendedGcd(cofactor, piece);
                if (g.Degree != 0) return null;
                var n = (a * s) % piece;
                if (n.IsZero) continue;
                if (piece.Degree == 1)
                {
                    terms.Add(Multiply(Num(n[0].ToNumber()), LogAbs(Add(x, Num((piece[0]).ToNumber())), budget)));
                }
                else if (piece.Degree == 2)
                {
                    terms.Add(Quadratic(n, piece, x, budget));
                }
                else
                {
                    var numeric = NumericLogPart(n, piece, x, budget);
                    if (numeric is null) return null;
                    exact = false;
                    terms.Add(numeric);
                }
            }
            return Add(terms);
        }

        /// <summary>∫ (B·x + C)/(x² + p·x + q) with x² + p·x + q irreducible over Q or with irrational roots.</summary>
        private static Expr Quadratic(Polynomial n, Polynomial q, Expr x, Budget budget)
        {
            var bCoef = n[1];
            var cCoef = n[0];
            var p = q[1];
            var s = q[0];
            var quadratic = q.ToExpr(x);
            var terms = new List<Expr>();
            if (!bCoef.IsZero) terms.Add(Multiply(Num((bCoef / BigRational.FromInteger(2)).ToNumber()), LogAbs(quadratic, budget)));
            var rest = cCoef - bCoef * p / BigRational.FromInteger(2);
            if (!rest.IsZero)
            {
                var discriminant = p * p - BigRational.FromInteger(4) * s;
                var linear = Add(Multiply(Num(2), x), Num(p.ToNumber()));
                if (discriminant.Sign < 0)
                {
                    var k = Sqrt(Num((-discriminant).ToNumber()));
                    terms.Add(Multiply(Num((BigRational.FromInteger(2) * rest).ToNumber()), Reciprocal(k), Call(Function.Atan, Divide(linear, k))));
                }
                else
                {
                    var k = Sqrt(Num(discriminant.ToNumber()));
                    var ratio = Divide(Subtract(linear, k), Add(linear, k));
                    terms.Add(Multiply(Num(rest.ToNumber()), Reciprocal(k), Log(Call(Function.Abs, ratio))));
                }
            }
            return Add(terms);
        }

        /// <summary>∫ N/P over the numeric roots of P: real roots give c·ln|x − r|, conjugate pairs ln and arctan terms.</summary>
        private static Expr? NumericLogPart(Polynomial n, Polynomial p, Expr x, Budget budget)
        {
            var roots = RootFinder.Roots(p, budget);
            if (roots is null) return null;
            var dp = p.Derivative();
            var terms = new List<Expr>();
            foreach (var r in roots)
            {
                var residue = RootFinder.Evaluate(n, r) / RootFinder.Evaluate(dp, r);
                if (double.IsNaN(residue.Real) || double.IsInfinity(residue.Real)) return null;
                if (r.Imaginary == 0)
                {
                    terms.Add(Multiply(Number(residue.Real), Log(Call(Function.Abs, Subtract(x, Number(r.Real))))));
                }
                else if (r.Imaginary > 0)
                {
                    // 2·Re[ρ ln(x − r)] = Re ρ · ln((x − a)² + b²) − 2 Im ρ · arctan((x − a)/b).
                    double aRe = r.Real, b = r.Imaginary;
                    var shifted = Subtract(x, Number(aRe));
                    terms.Add(Multiply(Number(residue.Real), Log(Add(Square(shifted), Number(b * b)))));
                    terms.Add(Multiply(Number(-2 * residue.Imaginary), Call(Function.Atan, Divide(shifted, Number(b)))));
                }
            }
            return Add(terms);
        }

        private static Expr Number(double v) => Num(Ir.Number.Inexact(v));

        private static Expr LogAbs(Expr u, Budget budget) => IntervalAnalysis.IsPositive(u, budget) ? Log(u) : Log(Call(Function.Abs, u));
    }
}
