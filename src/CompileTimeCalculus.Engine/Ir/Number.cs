using System;
using System.Globalization;

namespace CompileTimeCalculus.Engine.Ir
{
    /// <summary>
    /// A numeric constant: an exact rational while it fits in 64-bit integers, otherwise a double.
    /// Exactness keeps coefficients such as 1/3 readable and lets the simplifier fold without rounding.
    /// </summary>
    public readonly struct Number : IEquatable<Number>, IComparable<Number>
    {
        private readonly long _numerator;
        private readonly long _denominator; // > 0 when exact, 0 when inexact
        private readonly double _value;

        private Number(long numerator, long denominator)
        {
            _numerator = numerator;
            _denominator = denominator;
            _value = (double)numerator / denominator;
        }

        private Number(double value)
        {
            _numerator = 0;
            _denominator = 0;
            _value = value == 0 ? 0.0 : value; // no negative zero in the IR
        }

        public static readonly Number Zero = new(0, 1);
        public static readonly Number One = new(1, 1);
        public static readonly Number MinusOne = new(-1, 1);
        public static readonly Number Half = new(1, 2);

        public bool IsExact => _denominator != 0;
        public double Value => _value;
        public long Numerator => _numerator;
        public long Denominator => _denominator;
        public bool IsInteger => IsExact && _denominator == 1;
        public bool IsZero => _value == 0;
        public bool IsOne => IsExact ? _numerator == 1 && _denominator == 1 : _value == 1;
        public bool IsMinusOne => IsExact ? _numerator == -1 && _denominator == 1 : _value == -1;
        public bool IsNegative => _value < 0;
        public bool IsFinite => !double.IsNaN(_value) && !double.IsInfinity(_value);

        public static Number FromInteger(long value) => new(value, 1);

        public static Number Rational(long numerator, long denominator)
        {
            if (denominator == 0) return FromDouble(numerator / 0.0);
            if (denominator < 0)
            {
                if (numerator == long.MinValue || denominator == long.MinValue) return FromDouble((double)numerator / denominator);
                numerator = -numerator;
                denominator = -denominator;
            }
            long g = Gcd(Math.Abs(numerator), denominator);
            return new Number(numerator / g, denominator / g);
        }

        /// <summary>
        /// Converts a double to an exact rational when its shortest round-trip decimal form is short
        /// (0.1 is read as 1/10, as the person who wrote it meant), otherwise keeps the double.
        /// </summary>
        public static Number FromDouble(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) return new Number(value);
            if (value == Math.Floor(value) && Math.Abs(value) < 1e15) return new Number((long)value, 1);
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOf('E') >= 0) return new Number(value);
            int dot = text.IndexOf('.');
            if (dot < 0) return new Number(value);
            string digits = text.Remove(dot, 1);
            int scale = text.Length - dot - 1;
            // Only short decimals are taken as exact: 0.044715 is what someone typed, 6.283185307179586 is a rounded 2π.
            if (scale > 15 || digits.TrimStart('-').TrimStart('0').Length > 9) return new Number(value);
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long numerator)) return new Number(value);
            long denominator = 1;
            for (int i = 0; i < scale; i++) denominator *= 10;
            var exact = Rational(numerator, denominator);
            return exact.Value == value ? exact : new Number(value);
        }

        public static Number Inexact(double value) => new(value);

        public static Number operator +(Number a, Number b)
        {
            if (a.IsExact && b.IsExact)
            {
                try
                {
                    checked
                    {
                        long g = Gcd(a._denominator, b._denominator);
                        long den = a._denominator / g * b._denominator;
                        long num = a._numerator * (den / a._denominator) + b._numerator * (den / b._denominator);
                        return Rational(num, den);
                    }
                }
                catch (OverflowException) { }
            }
            double sum = a._value + b._value;
            if (double.IsInfinity(sum) && !double.IsInfinity(a._value) && !double.IsInfinity(b._value) && !double.IsNaN(a._value) && !double.IsNaN(b._value))
                throw new ExpressionLimitException(string.Format(CultureInfo.InvariantCulture,
                    "rewriting it would need the constant {0:R} + {1:R}, which is outside the range of double; group the constants differently", a._value, b._value));
            return new Number(sum);
        }

        public static Number operator -(Number a) => a.IsExact && a._numerator != long.MinValue ? new Number(-a._numerator, a._denominator) : new Number(-a._value);
        public static Number operator -(Number a, Number b) => a + -b;

        public static Number operator *(Number a, Number b)
        {
            if (a.IsExact && b.IsExact)
            {
                try
                {
                    checked
                    {
                        long g1 = Gcd(Math.Abs(a._numerator), b._denominator);
                        long g2 = Gcd(Math.Abs(b._numerator), a._denominator);
                        return Rational((a._numerator / g1) * (b._numerator / g2), (a._denominator / g2) * (b._denominator / g1));
                    }
                }
                catch (OverflowException) { }
            }
            return InRange(a._value * b._value, a, b);
        }

        public Number Reciprocal()
        {
            if (IsExact && _numerator != 0) return Rational(_denominator, _numerator);
            return InRange(1.0 / _value, this, One);
        }

        /// <summary>
        /// A folded constant, unless folding left double's range where its inputs were inside it (1e-300 · 1e-300 is 0,
        /// 1e300 · 1e300 is ∞): C# computes the user's grouping without that constant, so the rewriting must not create it.
        /// </summary>
        private static Number InRange(double result, Number a, Number b)
        {
            bool inputsNormal = IsNormal(a._value) && IsNormal(b._value);
            if (inputsNormal && !IsNormal(result))
                throw new ExpressionLimitException(string.Format(CultureInfo.InvariantCulture,
                    "rewriting it would need the constant {0:R}·{1:R}, which is outside the range of double; group the constants differently", a._value, b._value));
            return new Number(result);
        }

        /// <summary>Finite, nonzero and not subnormal (a subnormal has lost digits).</summary>
        private static bool IsNormal(double v) => !double.IsNaN(v) && !double.IsInfinity(v) && Math.Abs(v) >= 2.2250738585072014E-308;

        public static Number operator /(Number a, Number b) => a * b.Reciprocal();

        /// <summary>Exact integer power when possible; <see langword="null"/> when the result would not be exact and both inputs are.</summary>
        public static Number? Power(Number baseValue, Number exponent)
        {
            if (exponent.IsInteger && baseValue.IsExact && Math.Abs(exponent._numerator) <= 64)
            {
                if (baseValue.IsZero && exponent._numerator < 0) return new Number(double.PositiveInfinity);
                Number result = One;
                for (long i = 0; i < Math.Abs(exponent._numerator); i++) result *= baseValue;
                return exponent._numerator < 0 ? result.Reciprocal() : result;
            }
            if (baseValue.IsExact && exponent.IsExact)
            {
                if (baseValue.IsOne || baseValue.IsZero && exponent._numerator > 0) return baseValue;
                // Perfect roots of small rationals stay exact ((9/4)^(1/2) = 3/2); anything else stays symbolic.
                if (exponent._denominator is > 1 and <= 4 && Math.Abs(exponent._numerator) <= 64 && baseValue._value > 0)
                {
                    double approximateRoot = Math.Pow(baseValue._value, 1.0 / exponent._denominator);
                    var root = FromDouble(Math.Round(approximateRoot * 1e6) / 1e6);
                    if (root.IsExact && Power(root, FromInteger(exponent._denominator)) is { IsExact: true } back && back.Equals(baseValue))
                        return Power(root, FromInteger(exponent._numerator));
                }
                return null;
            }
            // Inexact: fold only what is deterministic on every machine (multiplication and the correctly rounded square root).
            if (exponent.IsInteger && Math.Abs(exponent._numerator) <= 64)
            {
                Number result = One;
                for (long i = 0; i < Math.Abs(exponent._numerator); i++) result *= baseValue;
                return exponent._numerator < 0 ? result.Reciprocal() : result;
            }
            if (exponent.IsExact && exponent._denominator == 2 && Math.Abs(exponent._numerator) == 1)
                return new Number(exponent._numerator > 0 ? Math.Sqrt(baseValue._value) : 1 / Math.Sqrt(baseValue._value));
            return null;
        }

        private static long Gcd(long a, long b)
        {
            while (b != 0) { long t = a % b; a = b; b = t; }
            return a == 0 ? 1 : a;
        }

        public bool Equals(Number other) =>
            IsExact == other.IsExact && (IsExact ? _numerator == other._numerator && _denominator == other._denominator : _value.Equals(other._value));

        public override bool Equals(object? obj) => obj is Number n && Equals(n);
        public override int GetHashCode() => IsExact ? unchecked((int)(_numerator * 31 + _denominator)) : _value.GetHashCode();

        public int CompareTo(Number other)
        {
            int byValue = _value.CompareTo(other._value);
            if (byValue != 0) return byValue;
            return IsExact.CompareTo(other.IsExact);
        }

        public override string ToString() =>
            IsExact ? (_denominator == 1 ? _numerator.ToString(CultureInfo.InvariantCulture) :
                _numerator.ToString(CultureInfo.InvariantCulture) + "/" + _denominator.ToString(CultureInfo.InvariantCulture))
                    : _value.ToString("R", CultureInfo.InvariantCulture);
    }
}
