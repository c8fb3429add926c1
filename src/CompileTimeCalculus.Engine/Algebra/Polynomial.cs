using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Algebra
{
    /// <summary>An immutable univariate polynomial with exact rational coefficients (index = power).</summary>
    public sealed class Polynomial : IEquatable<Polynomial>
    {
        /// <summary>No polynomial of higher degree is built: keeps every algorithm over it bounded.</summary>
        public const int MaxDegree = 400;

        private readonly BigRational[] _c;

        private Polynomial(BigRational[] coefficients)
        {
            int n = coefficients.Length;
            while (n > 0 && coefficients[n - 1].IsZero) n--;
            if (n - 1 > MaxDegree) throw new ExpressionLimitException($"a polynomial of degree {n - 1} is above the limit of {MaxDegree}");
            if (n != coefficients.Length) Array.Resize(ref coefficients, n);
            _c = coefficients;
        }

        public static readonly Polynomial Zero = new(Array.Empty<BigRational>());
        public static readonly Polynomial One = Constant(BigRational.One);
        public static readonly Polynomial X = new(new[] { BigRational.Zero, BigRational.One });

        public static Polynomial Constant(BigRational c) => new(new[] { c });
        public static Polynomial FromCoefficients(params BigRational[] coefficients) => new((BigRational[])coefficients.Clone());

        /// <summary>a·x + b.</summary>
        public static Polynomial Linear(BigRational a, BigRational b) => new(new[] { b, a });

        public static Polynomial Monomial(BigRational c, int degree)
        {
            if (degree > MaxDegree) throw new ExpressionLimitException($"a polynomial of degree {degree} is above the limit of {MaxDegree}");
            var coefficients = new BigRational[degree + 1];
            for (int i = 0; i < degree; i++) coefficients[i] = BigRational.Zero;
            coefficients[degree] = c;
            return new Polynomial(coefficients);
        }

        /// <summary>−1 for the zero polynomial.</summary>
        public int Degree => _c.Length - 1;
        public bool IsZero => _c.Length == 0;
        public bool IsConstant => _c.Length <= 1;
        public BigRational this[int power] => power < _c.Length && power >= 0 ? _c[power] : BigRational.Zero;
        public BigRational Leading => _c.Length == 0 ? BigRational.Zero : _c[_c.Length - 1];

        public static Polynomial operator +(Polynomial a, Polynomial b)
        {
            var r = new BigRational[Math.Max(a._c.Length, b._c.Length)];
            for (int i = 0; i < r.Length; i++) r[i] = a[i] + b[i];
            return new Polynomial(r);
        }

        public static Polynomial operator -(Polynomial a)
        {
            var r = new BigRational[a._c.Length];
            for (int i = 0; i < r.Length; i++) r[i] = -a._c[i];
            return new Polynomial(r);
        }

        public static Polynomial operator -(Polynomial a, Polynomial b) => a + -b;

        public static Polynomial operator *(Polynomial a, Polynomial b)
        {
            if (a.IsZero || b.IsZero) return Zero;
            if (a.Degree + b.Degree > MaxDegree) throw new ExpressionLimitException($"a polynomial of degree {a.Degree + b.Degree} is above the limit of {MaxDegree}");
            var r = new BigRational[a._c.Length + b._c.Length - 1];
            for (int i = 0; i < r.Length; i++) r[i] = BigRational.Zero;
            for (int i = 0; i < a._c.Length; i++)
            {
                if (a._c[i].IsZero) continue;
                for (int j = 0; j < b._c.Length; j++) r[i + j] += a._c[i] * b._c[j];
            }
            return new Polynomial(r);
        }

        public static Polynomial operator *(BigRational s, Polynomial a)
        {
            if (s.IsZero) return Zero;
            var r = new BigRational[a._c.Length];
            for (int i = 0; i < r.Length; i++) r[i] = s * a._c[i];
            return new Polynomial(r);
        }

        public Polynomial Pow(int n)
        {
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
            if ((long)Degree * n > MaxDegree) throw new ExpressionLimitException($"a polynomial of degree {(long)Degree * n} is above the limit of {MaxDegree}");
            var result = One;
            var b = this;
            while (n > 0)
            {
                if ((n & 1) == 1) result *= b;
                n >>= 1;
                if (n > 0) b *= b;
            }
            return result;
        }

        /// <summary>Euclidean division: this = q·d + r with deg r &lt; deg d.</summary>
        public (Polynomial Quotient, Polynomial Remainder) DivRem(Polynomial d)
        {
            if (d.IsZero) throw new DivideByZeroException();
            if (Degree < d.Degree) return (Zero, this);
            var r = (BigRational[])_c.Clone();
            var q = new BigRational[Degree - d.Degree + 1];
            var lead = d.Leading;
            for (int k = q.Length - 1; k >= 0; k--)
            {
                var c = r[k + d.Degree] / lead;
                q[k] = c;
                if (c.IsZero) continue;
                for (int j = 0; j <= d.Degree; j++) r[k + j] -= c * d._c[j];
            }
            Array.Resize(ref r, Math.Max(0, d.Degree));
            return (new Polynomial(q), new Polynomial(r));
        }

        public static Polynomial operator /(Polynomial a, Polynomial b) => a.DivRem(b).Quotient;
        public static Polynomial operator %(Polynomial a, Polynomial b) => a.DivRem(b).Remainder;

        public Polynomial Monic() => IsZero ? this : (BigRational.One / Leading) * this;

        public static Polynomial Gcd(Polynomial a, Polynomial b)
        {
            while (!b.IsZero)
            {
                var r = a % b;
                a = b;
                b = r.Monic();
            }
            return a.Monic();
        }

        /// <summary>s·a + t·b = g = gcd(a, b), g monic.</summary>
        public static (Polynomial G, Polynomial S, Polynomial T) ExtendedGcd(Polynomial a, Polynomial b)
        {
            Polynomial r0 = a, r1 = b, s0 = One, s1 = Zero, t0 = Zero, t1 = One;
            while (!r1.IsZero)
            {
                var (q, r) = r0.DivRem(r1);
                (r0, r1) = (r1, r);
                (s0, s1) = (s1, s0 - q * s1);
                (t0, t1) = (t1, t0 - q * t1);
            }
            if (r0.IsZero) return (r0, s0, t0);
            var inv = BigRational.One / r0.Leading;
            return (inv * r0, inv * s0, inv * t0);
        }

        /// <summary>
        /// Solves s·a + t·b = c for s, t with deg s &lt; deg b (a and b coprime): the diophantine step of Hermite reduction.
        /// </summary>
        public static (Polynomial S, Polynomial T) SolveDiophantine(Polynomial a, Polynomial b, Polynomial c)
        {
            var (g, s, t) = ExtendedGcd(a, b);
            if (g.Degree != 0) throw new InvalidOperationException("not coprime");
            var (q, sRem) = (s * c).DivRem(b);
            var tOut = t * c + q * a;
            return (sRem, tOut);
        }

        public Polynomial Derivative()
        {
            if (_c.Length <= 1) return Zero;
            var r = new BigRational[_c.Length - 1];
            for (int i = 1; i < _c.Length; i++) r[i - 1] = _c[i] * BigRational.FromInteger(i);
            return new Polynomial(r);
        }

        public Polynomial Integral()
        {
            var r = new BigRational[_c.Length + 1];
            r[0] = BigRational.Zero;
            for (int i = 0; i < _c.Length; i++) r[i + 1] = _c[i] / BigRational.FromInteger(i + 1);
            return new Polynomial(r);
        }

        /// <summary>Yun's square-free factorization: this = c · f1 · f2² · f3³ ..., each fi square-free and monic (index i-1).</summary>
        public List<Polynomial> SquareFree()
        {
            var factors = new List<Polynomial>();
            if (Degree < 1)
            {
                return factors;
            }
            var f = Monic();
            var d = f.Derivative();
            var a = Gcd(f, d);
            var b = f / a;
            var c = d / a;
            var e = c - b.Derivative();
            while (b.Degree > 0)
            {
                var g = Gcd(b, e);
                factors.Add(g);
                b /= g;
                c = e / g;
                e = c - b.Derivative();
            }
            return factors;
        }

        public BigRational Evaluate(BigRational x)
        {
            var r = BigRational.Zero;
            for (int i = _c.Length - 1; i >= 0; i--) r = r * x + _c[i];
            return r;
        }

        public double Evaluate(double x)
        {
            double r = 0;
            for (int i = _c.Length - 1; i >= 0; i--) r = r * x + _c[i].ToDouble();
            return r;
        }

        public double[] ToDoubles()
        {
            var r = new double[_c.Length];
            for (int i = 0; i < r.Length; i++) r[i] = _c[i].ToDouble();
            return r;
        }

        /// <summary>p(a·x + b).</summary>
        public Polynomial Compose(Polynomial inner)
        {
            var r = Zero;
            for (int i = _c.Length - 1; i >= 0; i--) r = r * inner + Constant(_c[i]);
            return r;
        }

        /// <summary>The same polynomial scaled to integer coefficients with gcd 1 and positive leading coefficient.</summary>
        public Polynomial Primitive()
        {
            if (IsZero) return this;
            BigInteger lcm = BigInteger.One;
            foreach (var c in _c) lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, c.Denominator) * c.Denominator;
            BigInteger g = BigInteger.Zero;
            foreach (var c in _c) g = BigInteger.GreatestCommonDivisor(g, c.Numerator * (lcm / c.Denominator));
            var scale = BigRational.Create(lcm, g.IsZero ? BigInteger.One : g);
            if ((scale * Leading).Sign < 0) scale = -scale;
            return scale * this;
        }

        /// <summary>Largest coefficient size in bits: a bound on the cost of further exact arithmetic.</summary>
        public long Bits
        {
            get
            {
                long b = 0;
                foreach (var c in _c) b = Math.Max(b, c.Bits);
                return b;
            }
        }

        /// <summary>The polynomial as IR in <paramref name="variable"/>, through the simplifying factories.</summary>
        public Expr ToExpr(Expr variable)
        {
            var terms = new List<Expr>(_c.Length);
            for (int i = 0; i < _c.Length; i++)
            {
                if (_c[i].IsZero) continue;
                terms.Add(Expr.Multiply(Expr.Num(_c[i].ToNumber()), Expr.Power(variable, Expr.Num(i))));
            }
            return Expr.Add(terms);
        }

        public bool Equals(Polynomial? other)
        {
            if (other is null || other._c.Length != _c.Length) return false;
            for (int i = 0; i < _c.Length; i++) if (_c[i] != other._c[i]) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is Polynomial p && Equals(p);

        public override int GetHashCode()
        {
            int h = _c.Length;
            foreach (var c in _c) h = h * 31 + c.GetHashCode();
            return h;
        }

        public override string ToString()
        {
            if (IsZero) return "0";
            var sb = new StringBuilder();
            for (int i = _c.Length - 1; i >= 0; i--)
            {
                if (_c[i].IsZero) continue;
                if (sb.Length > 0) sb.Append(" + ");
                sb.Append('(').Append(_c[i]).Append(')');
                if (i > 0) sb.Append("x^").Append(i);
            }
            return sb.ToString();
        }
    }
}
