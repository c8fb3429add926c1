using System;
using System.Globalization;
using System.Numerics;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Algebra
{
    /// <summary>
    /// An exact rational with unbounded numerator and denominator, for polynomial arithmetic (division, gcd, Hermite
    /// reduction), where 64-bit rationals overflow after a few steps.
    /// </summary>
    public readonly struct BigRational : IEquatable<BigRational>, IComparable<BigRational>
    {
        private readonly BigInteger _numerator;
        private readonly BigInteger _denominator; // > 0 once constructed; default(BigRational) reads as 0

        private BigRational(BigInteger numerator, BigInteger denominator)
        {
            _numerator = numerator;
            _denominator = denominator;
        }

        public static readonly BigRational Zero = new(BigInteger.Zero, BigInteger.One);
        public static readonly BigRational One = new(BigInteger.One, BigInteger.One);

        public BigInteger Numerator => _numerator;
        public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;
        public bool IsZero => _numerator.IsZero;
        public bool IsOne => _numerator.IsOne && Denominator.IsOne;
        public bool IsInteger => Denominator.IsOne;
        public int Sign => _numerator.Sign;

        public static BigRational Create(BigInteger numerator, BigInteger denominator)
        {
            if (denominator.IsZero) throw new DivideByZeroException();
            if (denominator.Sign < 0)
            {
                numerator = -numerator;
                denominator = -denominator;
            }
            var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
            if (!g.IsOne && !g.IsZero)
            {
                numerator /= g;
                denominator /= g;
            }
            return new BigRational(numerator, denominator);
        }

        public static BigRational FromInteger(BigInteger value) => new(value, BigInteger.One);

        /// <summary>The exact value of a finite double (its binary fraction).</summary>
        public static BigRational FromDouble(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value));
            if (value == 0) return Zero;
            long bits = BitConverter.DoubleToInt64Bits(value);
            bool negative = bits < 0;
            int exponent = (int)((bits >> 52) & 0x7FF);
            long mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent == 0) exponent++;
            else mantissa |= 1L << 52;
            exponent -= 1075;
            BigInteger num = mantissa;
            BigInteger den = BigInteger.One;
            if (exponent > 0) num <<= exponent;
            else den <<= -exponent;
            return Create(negative ? -num : num, den);
        }

        /// <summary>The IR number as an exact rational; false for an inexact (floating-point) number.</summary>
        public static bool TryFromNumber(Number n, out BigRational value)
        {
            if (!n.IsExact)
            {
                value = Zero;
                return false;
            }
            value = Create(n.Numerator, n.Denominator);
            return true;
        }

        /// <summary>The IR number: exact when numerator and denominator fit in 64 bits, else the nearest double.</summary>
        public Number ToNumber()
        {
            var den = Denominator;
            if (_numerator >= long.MinValue + 1 && _numerator <= long.MaxValue && den <= long.MaxValue)
                return Number.Rational((long)_numerator, (long)den);
            return Number.Inexact(ToDouble());
        }

        public double ToDouble()
        {
            var den = Denominator;
            if (_numerator.IsZero) return 0;
            // Scale so the quotient keeps 64 significant bits, then convert once.
            long shift = (long)(BigLog2(BigInteger.Abs(_numerator)) - BigLog2(den)) - 64;
            BigInteger num = _numerator;
            BigInteger d = den;
            if (shift > 0) d <<= (int)Math.Min(shift, int.MaxValue);
            else num <<= (int)Math.Min(-shift, int.MaxValue);
            double q = (double)BigInteger.Divide(num, d);
            return ScaleB(q, (int)shift);
        }

        private static double ScaleB(double x, int n)
        {
            while (n > 1000) { x *= Math.Pow(2, 1000); n -= 1000; }
            while (n < -1000) { x *= Math.Pow(2, -1000); n += 1000; }
            return x * Math.Pow(2, n);
        }

        private static double BigLog2(BigInteger v) => v.IsZero ? 0 : BigInteger.Log(v, 2);

        public static BigRational operator +(BigRational a, BigRational b) =>
            a.Denominator == b.Denominator ? Create(a._numerator + b._numerator, a.Denominator)
                : Create(a._numerator * b.Denominator + b._numerator * a.Denominator, a.Denominator * b.Denominator);

        public static BigRational operator -(BigRational a) => new(-a._numerator, a.Denominator);
        public static BigRational operator -(BigRational a, BigRational b) => a + -b;
        public static BigRational operator *(BigRational a, BigRational b) => Create(a._numerator * b._numerator, a.Denominator * b.Denominator);

        public static BigRational operator /(BigRational a, BigRational b)
        {
            if (b.IsZero) throw new DivideByZeroException();
            return Create(a._numerator * b.Denominator, a.Denominator * b._numerator);
        }

        public static BigRational Pow(BigRational a, int n)
        {
            if (n < 0) return One / Pow(a, -n);
            return Create(BigInteger.Pow(a._numerator, n), BigInteger.Pow(a.Denominator, n));
        }

        /// <summary>Bits of the larger of numerator and denominator: how expensive further arithmetic will be.</summary>
        public long Bits => (long)Math.Max(BigLog2(BigInteger.Abs(_numerator)), BigLog2(Denominator)) + 1;

        public bool Equals(BigRational other) => _numerator == other._numerator && Denominator == other.Denominator;
        public override bool Equals(object? obj) => obj is BigRational r && Equals(r);
        public override int GetHashCode() => _numerator.GetHashCode() * 31 + Denominator.GetHashCode();
        public int CompareTo(BigRational other) => (_numerator * other.Denominator).CompareTo(other._numerator * Denominator);

        public static bool operator ==(BigRational a, BigRational b) => a.Equals(b);
        public static bool operator !=(BigRational a, BigRational b) => !a.Equals(b);

        public override string ToString() =>
            Denominator.IsOne ? _numerator.ToString(CultureInfo.InvariantCulture)
                : _numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);
    }
}
