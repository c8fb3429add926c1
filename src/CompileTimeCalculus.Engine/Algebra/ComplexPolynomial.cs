using System;
using System.Numerics;

namespace CompileTimeCalculus.Engine.Algebra
{
    /// <summary>Polynomials with complex floating-point coefficients as arrays, index = power: what numeric partial fractions need.</summary>
    internal static class ComplexPolynomial
    {
        public static Complex[] Add(Complex[] a, Complex[] b)
        {
            var sum = new Complex[Math.Max(a.Length, b.Length)];
            for (int i = 0; i < sum.Length; i++) sum[i] = (i < a.Length ? a[i] : Complex.Zero) + (i < b.Length ? b[i] : Complex.Zero);
            return sum;
        }

        public static Complex[] Multiply(Complex[] a, Complex[] b)
        {
            var product = new Complex[a.Length + b.Length - 1];
            for (int i = 0; i < a.Length; i++)
            {
                for (int j = 0; j < b.Length; j++) product[i + j] += a[i] * b[j];
            }
            return product;
        }

        public static Complex[] Power(Complex[] a, int n)
        {
            var result = new[] { Complex.One };
            for (int i = 0; i < n; i++) result = Multiply(result, a);
            return result;
        }

        public static Complex[] Truncate(Complex[] a, int length)
        {
            var result = new Complex[Math.Min(length, a.Length)];
            Array.Copy(a, result, result.Length);
            return result;
        }

        /// <summary>The first <paramref name="count"/> coefficients of p(τ + s) in s (repeated synthetic division by s − τ).</summary>
        public static Complex[] TaylorShift(Complex[] p, Complex tau, int count)
        {
            var work = (Complex[])p.Clone();
            var result = new Complex[count];
            int degree = work.Length - 1;
            for (int k = 0; k < count && degree - k >= 0; k++)
            {
                // Horner from the top: afterwards work[k] is the k-th Taylor coefficient.
                for (int i = degree - 1; i >= k; i--) work[i] += tau * work[i + 1];
                result[k] = work[k];
            }
            return result;
        }

        /// <summary>The quotient of a by b (b's leading coefficient not zero).</summary>
        public static Complex[] Quotient(Complex[] a, Complex[] b)
        {
            int n = a.Length - 1, m = b.Length - 1;
            if (n < m) return Array.Empty<Complex>();
            var remainder = (Complex[])a.Clone();
            var quotient = new Complex[n - m + 1];
            for (int k = n - m; k >= 0; k--)
            {
                var c = remainder[k + m] / b[m];
                quotient[k] = c;
                for (int j = 0; j <= m; j++) remainder[k + j] -= c * b[j];
            }
            return quotient;
        }
    }
}
