using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>
    /// Rational functions whose coefficients are real constants but not rationals (√5, π, e^(−1/7)): they arise from
    /// substitutions with irrational scale factors. Partial fractions come from numeric roots; the multiplicities come from
    /// the expression's own factored form ((b + 2√a·t)² is a double root by construction, not by a numerical guess), so a
    /// repeated root never turns into two nearby poles with huge opposite residues.
    /// </summary>
    public static class NumericRationalIntegrator
    {
        private const int MaxDegree = 40;

        /// <summary>A polynomial with double coefficients (index = power), trimmed of leading zeros.</summary>
        private sealed class Poly
        {
            public Poly(double[] c)
            {
                int n = c.Length;
                while (n > 0 && c[n - 1] == 0) n--;
                if (n != c.Length) Array.Resize(ref c, n);
                C = c;
            }

            public double[] C { get; }
            public int Degree => C.Length - 1;
            public bool IsZero => C.Length == 0;
            public static Poly Constant(double v) => new(new[] { v });
            public static readonly Poly One = Constant(1);

            public static Poly operator +(Poly a, Poly b)
            {
                var r = new double[Math.Max(a.C.Length, b.C.Length)];
                for (int i = 0; i < r.Length; i++) r[i] = (i < a.C.Length ? a.C[i] : 0) + (i < b.C.Length ? b.C[i] : 0);
                return new Poly(r);
            }

            public static Poly operator *(Poly a, Poly b)
            {
                if (a.IsZero || b.IsZero) return new Poly(Array.Empty<double>());
                var r = new double[a.C.Length + b.C.Length - 1];
                for (int i = 0; i < a.C.Length; i++)
                    for (int j = 0; j < b.C.Length; j++) r[i + j] += a.C[i] * b.C[j];
                return new Poly(r);
            }

            public Poly Scale(double s)
            {
                var r = new double[C.Length];
                for (int i = 0; i < r.Length; i++) r[i] = C[i] * s;
                return new Poly(r);
            }

            public Poly Pow(int n)
            {
                var r = One;
                for (int i = 0; i < n; i++) r *= this;
                return r;
            }
        }

        /// <summary>A fraction N / (lead · Π baseᵢ^mᵢ) with monic bases.</summary>
        private sealed class Fraction
        {
            public Fraction(Poly numerator, List<(Poly Base, int Multiplicity)> factors)
            {
                Numerator = numerator;
                Factors = factors;
            }

            public Poly Numerator { get; }
            public List<(Poly Base, int Multiplicity)> Factors { get; }
        }

        /// <summary>∫ g dt, or null when g is not a rational function of t with constant real coefficients.</summary>
        public static Expr? Integrate(Expr g, string t, Budget budget)
        {
            try
            {
                var fraction = Convert(g, t, budget);
                if (fraction is null) return null;
                return Integrate(fraction, Var(t), budget);
            }
            catch (ArithmeticException)
            {
                return null;
            }
        }

        private static Fraction? Convert(Expr e, string t, Budget budget)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            budget.Charge();
            switch (e)
            {
                case VariableExpr v:
                    return v.Name == t ? new Fraction(new Poly(new[] { 0.0, 1.0 }), new List<(Poly, int)>()) : null;
                case SumExpr s:
                {
                    Fraction? total = null;
                    foreach (var term in s.Terms)
                    {
                        var f = Convert(term, t, budget);
                        if (f is null) return null;
                        total = total is null ? f : AddFractions(total, f);
                        budget.Charge(Cost(total));
                        if (total.Numerator.Degree > MaxDegree) return null;
                    }
                    return total;
                }
                case ProductExpr p:
                {
                    Fraction? total = null;
                    foreach (var factor in p.Factors)
                    {
                        var f = Convert(factor, t, budget);
                        if (f is null) return null;
                        total = total is null ? f : MultiplyFractions(total, f);
                        budget.Charge(Cost(total));
                        if (total.Numerator.Degree > MaxDegree) return null;
                    }
                    return total;
                }
                case PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } k } } power when Math.Abs(k.Numerator) <= 16 && power.Base.DependsOn(t):
                {
                    var b = Convert(power.Base, t, budget);
                    if (b is null) return null;
                    int n = (int)k.Numerator;
                    if (n >= 0)
                    {
                        var result = new Fraction(Poly.One, new List<(Poly, int)>());
                        for (int i = 0; i < n; i++) result = MultiplyFractions(result, b);
                        return result;
                    }
                    // (N/D)^(−m) = D^m / N^m: N becomes a factor of the denominator, D's factors move up.
                    if (b.Numerator.Degree < 0) return null;
                    var (lead, monic) = MonicOf(b.Numerator);
                    if (lead == 0) return null;
                    var up = Poly.Constant(Math.Pow(lead, n));
                    foreach (var (baseB, mB) in b.Factors) up *= baseB.Pow(mB * -n);
                    return new Fraction(up, monic.Degree > 0 ? new List<(Poly, int)> { (monic, -n) } : new List<(Poly, int)>());
                }
                default:
                {
                    if (e.DependsOn(t) || e.HasVariables) return null;
                    double value = Evaluator.Evaluate(e, new Dictionary<string, double>());
                    if (double.IsNaN(value) || double.IsInfinity(value)) return null;
                    return new Fraction(Poly.Constant(value), new List<(Poly, int)>());
                }
            }
        }

        private static int Cost(Fraction f)
        {
            int degree = f.Numerator.Degree + 1;
            foreach (var (b, m) in f.Factors) degree += b.Degree * m;
            return 1 + degree * degree;
        }

        private static (double Lead, Poly Monic) MonicOf(Poly p)
        {
            if (p.IsZero) return (0, p);
            double lead = p.C[p.Degree];
            return (lead, p.Scale(1 / lead));
        }

        private static bool SameBase(Poly a, Poly b)
        {
            if (a.Degree != b.Degree) return false;
            for (int i = 0; i < a.C.Length; i++)
            {
                if (Math.Abs(a.C[i] - b.C[i]) > 1e-12 * Math.Max(1, Math.Max(Math.Abs(a.C[i]), Math.Abs(b.C[i])))) return false;
            }
            return true;
        }

        private static Fraction MultiplyFractions(Fraction a, Fraction b)
        {
            var factors = new List<(Poly Base, int Multiplicity)>(a.Factors);
            foreach (var (baseB, mB) in b.Factors)
            {
                int at = factors.FindIndex(f => SameBase(f.Base, baseB));
                if (at >= 0) factors[at] = (factors[at].Base, factors[at].Multiplicity + mB);
                else factors.Add((baseB, mB));
            }
            return new Fraction(a.Numerator * b.Numerator, factors);
        }

        private static Fraction AddFractions(Fraction a, Fraction b)
        {
            // Common denominator: every base at its larger multiplicity; each numerator takes the factors it lacks.
            var factors = new List<(Poly Base, int Multiplicity)>(a.Factors);
            foreach (var (baseB, mB) in b.Factors)
            {
                int at = factors.FindIndex(f => SameBase(f.Base, baseB));
                if (at >= 0) factors[at] = (factors[at].Base, Math.Max(factors[at].Multiplicity, mB));
                else factors.Add((baseB, mB));
            }
            Poly Lift(Fraction f)
            {
                var n = f.Numerator;
                foreach (var (baseC, mC) in factors)
                {
                    int have = 0;
                    foreach (var (baseF, mF) in f.Factors) if (SameBase(baseF, baseC)) have = mF;
                    n *= baseC.Pow(mC - have);
                }
                return n;
            }
            return new Fraction(Lift(a) + Lift(b), factors);
        }

        private static Expr? Integrate(Fraction fraction, Expr t, Budget budget)
        {
            // Roots of every base, with the base's multiplicity; roots shared between bases are merged.
            var roots = new List<(Complex Root, int Multiplicity)>();
            var denominator = Poly.One;
            foreach (var (baseP, m) in fraction.Factors)
            {
                if (m <= 0) continue;
                denominator *= baseP.Pow(m);
                if (denominator.Degree > MaxDegree) return null;
                var exact = Polynomial.FromCoefficients(Array.ConvertAll(baseP.C, BigRational.FromDouble));
                var found = RootFinder.Roots(exact, budget);
                if (found is null) return null;
                foreach (var r in found)
                {
                    int at = roots.FindIndex(x => Complex.Abs(x.Root - r) <= 1e-9 * Math.Max(1, Complex.Abs(r)));
                    if (at >= 0) roots[at] = (roots[at].Root, roots[at].Multiplicity + m);
                    else roots.Add((r, m));
                }
            }

            // Polynomial part: N = q·D + R.
            var (quotient, remainder) = DivRem(fraction.Numerator, denominator);
            var terms = new List<Expr>();
            for (int k = 0; k < quotient.C.Length; k++)
            {
                if (quotient.C[k] != 0) terms.Add(Multiply(Number(quotient.C[k] / (k + 1)), Power(t, Num(k + 1))));
            }
            if (remainder.IsZero) return Add(terms);

            foreach (var (r, m) in roots)
            {
                budget.Charge(m * roots.Count + 1);
                if (r.Imaginary < 0) continue; // taken with its conjugate
                var laurent = Laurent(remainder, roots, r, m);
                if (laurent is null) return null;
                bool real = r.Imaginary == 0;
                double a = r.Real, b = r.Imaginary;
                var shifted = Subtract(t, Number(a));
                for (int j = 1; j <= m; j++)
                {
                    var c = laurent[m - j]; // coefficient of (t − r)^(−j)
                    if (real)
                    {
                        if (j == 1) terms.Add(Multiply(Number(c.Real), Log(Call(Function.Abs, shifted))));
                        else terms.Add(Divide(Number(-c.Real / (j - 1)), Power(shifted, Num(j - 1))));
                        continue;
                    }
                    var quadratic = Add(Square(shifted), Number(b * b));
                    if (j == 1)
                    {
                        // 2·Re[c ln(t − r)] = Re c · ln((t − a)² + b²) − 2 Im c · arctan((t − a)/b).
                        terms.Add(Multiply(Number(c.Real), Log(quadratic)));
                        terms.Add(Multiply(Number(-2 * c.Imaginary), Call(Function.Atan, Divide(shifted, Number(b)))));
                    }
                    else
                    {
                        // 2·Re[−c/((j−1)(t − r)^(j−1))] = −2·Re[c·(t − r̄)^(j−1)] / ((j−1)·((t − a)² + b²)^(j−1)).
                        var conj = Complex.Conjugate(r);
                        var coefficients = new Complex[j];
                        for (int k = 0; k < j; k++) coefficients[k] = c * Binomial(j - 1, k) * Complex.Pow(-conj, j - 1 - k);
                        var numerator = new List<Expr>();
                        for (int k = 0; k < j; k++)
                        {
                            if (coefficients[k].Real != 0) numerator.Add(Multiply(Number(coefficients[k].Real), Power(t, Num(k))));
                        }
                        terms.Add(Divide(Multiply(Number(-2.0 / (j - 1)), Add(numerator)), Power(quadratic, Num(j - 1))));
                    }
                }
            }
            return Add(terms);
        }

        /// <summary>The first m Laurent coefficients of R/D at the root r of multiplicity m: (R/H)(r + s) as a series, H = D/(t − r)^m.</summary>
        private static Complex[]? Laurent(Poly remainder, List<(Complex Root, int Multiplicity)> roots, Complex r, int m)
        {
            // Numerator as a series in s = t − r.
            var a = new Complex[m];
            for (int k = 0; k < m; k++) a[k] = TaylorCoefficient(remainder, r, k);
            // H(r + s) = Π over the other roots ρ of (r − ρ + s)^(mult ρ), truncated to m terms.
            var h = new Complex[m];
            h[0] = Complex.One;
            foreach (var (rho, mult) in roots)
            {
                if (rho == r) continue;
                for (int rep = 0; rep < mult; rep++)
                {
                    var d = r - rho;
                    for (int k = m - 1; k >= 0; k--) h[k] = h[k] * d + (k > 0 ? h[k - 1] : Complex.Zero);
                }
            }
            if (h[0] == Complex.Zero) return null;
            var q = new Complex[m];
            for (int k = 0; k < m; k++)
            {
                var sum = a[k];
                for (int i = 1; i <= k; i++) sum -= h[i] * q[k - i];
                q[k] = sum / h[0];
                if (double.IsNaN(q[k].Real) || double.IsInfinity(q[k].Real)) return null;
            }
            return q;
        }

        /// <summary>p^(k)(r)/k!.</summary>
        private static Complex TaylorCoefficient(Poly p, Complex r, int k)
        {
            var sum = Complex.Zero;
            for (int i = p.C.Length - 1; i >= k; i--) sum = sum * r + p.C[i] * Binomial(i, k);
            return sum;
        }

        private static double Binomial(int n, int k)
        {
            double result = 1;
            for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
            return result;
        }

        private static (Poly Quotient, Poly Remainder) DivRem(Poly n, Poly d)
        {
            if (n.Degree < d.Degree) return (new Poly(Array.Empty<double>()), n);
            var r = (double[])n.C.Clone();
            var q = new double[n.Degree - d.Degree + 1];
            double lead = d.C[d.Degree];
            for (int k = q.Length - 1; k >= 0; k--)
            {
                double c = r[k + d.Degree] / lead;
                q[k] = c;
                for (int j = 0; j <= d.Degree; j++) r[k + j] -= c * d.C[j];
            }
            Array.Resize(ref r, Math.Max(0, d.Degree));
            return (new Poly(q), new Poly(r));
        }

        private static Expr Number(double v) => Num(Ir.Number.Inexact(v));
    }
}
