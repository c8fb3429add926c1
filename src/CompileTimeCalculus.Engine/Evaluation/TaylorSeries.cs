using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Evaluation
{
    /// <summary>
    /// The Taylor coefficients of an expression about a point, in floating point, by arithmetic on truncated power series
    /// (automatic differentiation of every order at once): f(x₀ + h) = Σ cₙ·hⁿ. Null where a function has no series here (a
    /// branch point, a symbol other than x, a function the series arithmetic does not know).
    /// </summary>
    public static class TaylorSeries
    {
        public static double[]? Of(Expr f, string x, double x0, int order, Budget budget)
        {
            try
            {
                return new Expansion(x, x0, order + 1, budget).Series(f);
            }
            catch (ArithmeticException)
            {
                return null;
            }
        }

        private sealed class Expansion
        {
            private readonly string _x;
            private readonly double _x0;
            private readonly int _n;
            private readonly Budget _budget;
            private readonly Dictionary<Expr, double[]?> _memo = new();

            public Expansion(string x, double x0, int n, Budget budget)
            {
                _x = x;
                _x0 = x0;
                _n = n;
                _budget = budget;
            }

            public double[]? Series(Expr e)
            {
                if (_memo.TryGetValue(e, out var known)) return known;
                _budget.Charge(_n);
                var result = Compute(e);
                if (result is not null)
                {
                    foreach (double c in result)
                    {
                        if (double.IsNaN(c) || double.IsInfinity(c)) result = null;
                        if (result is null) break;
                    }
                }
                _memo[e] = result;
                return result;
            }

            private double[] Constant(double value)
            {
                var s = new double[_n];
                s[0] = value;
                return s;
            }

            private double[]? Compute(Expr e)
            {
                switch (e)
                {
                    case NumberExpr n:
                        return Constant(n.Value.Value);
                    case VariableExpr v:
                    {
                        if (v.Name != _x) return null;
                        var s = Constant(_x0);
                        if (_n > 1) s[1] = 1;
                        return s;
                    }
                    case SumExpr sum:
                    {
                        var total = new double[_n];
                        foreach (var term in sum.Terms)
                        {
                            if (Series(term) is not { } t) return null;
                            for (int i = 0; i < _n; i++) total[i] += t[i];
                        }
                        return total;
                    }
                    case ProductExpr product:
                    {
                        var total = Constant(1);
                        foreach (var factor in product.Factors)
                        {
                            if (Series(factor) is not { } t) return null;
                            total = Multiply(total, t);
                        }
                        return total;
                    }
                    case PowerExpr power:
                    {
                        if (Series(power.Base) is not { } a) return null;
                        if (power.Exponent is NumberExpr { Value: var p })
                        {
                            if (p.IsInteger && Math.Abs(p.Numerator) <= 64) return IntegerPower(a, (int)p.Numerator);
                            return a[0] > 0 ? RealPower(a, p.Value) : null;
                        }
                        // a^b = e^(b·ln a).
                        if (Series(power.Exponent) is not { } b || a[0] <= 0) return null;
                        return Exp(Multiply(b, Log(a)));
                    }
                    case CallExpr call when call.Arguments.Count == 1:
                    {
                        if (Series(call.Argument) is not { } a) return null;
                        return call.Function switch
                        {
                            Function.Exp => Exp(a),
                            Function.Log => a[0] > 0 ? Log(a) : null,
                            Function.Sin => SineCosine(a, hyperbolic: false).Sin,
                            Function.Cos => SineCosine(a, hyperbolic: false).Cos,
                            Function.Tan => Quotient(SineCosine(a, hyperbolic: false)),
                            Function.Sinh => SineCosine(a, hyperbolic: true).Sin,
                            Function.Cosh => SineCosine(a, hyperbolic: true).Cos,
                            Function.Tanh => Quotient(SineCosine(a, hyperbolic: true)),
                            // Inverse functions by their derivatives: b′ = a′·g(a).
                            Function.Atan => Integrated(Math.Atan(a[0]), a, Reciprocal(Add(Constant(1), Multiply(a, a)))),
                            Function.Asin => Math.Abs(a[0]) < 1 ? Integrated(Math.Asin(a[0]), a, RealPower(Subtract(Constant(1), Multiply(a, a)), -0.5)) : null,
                            Function.Acos => Math.Abs(a[0]) < 1 ? Integrated(Math.Acos(a[0]), a, Negated(RealPower(Subtract(Constant(1), Multiply(a, a)), -0.5))) : null,
                            Function.Asinh => Integrated(Evaluator.Asinh(a[0]), a, RealPower(Add(Constant(1), Multiply(a, a)), -0.5)),
                            Function.Atanh => Math.Abs(a[0]) < 1 ? Integrated(Evaluator.Atanh(a[0]), a, Reciprocal(Subtract(Constant(1), Multiply(a, a)))) : null,
                            Function.Abs => a[0] > 0 ? a : a[0] < 0 ? Negated(a) : null,
                            _ => null,
                        };
                    }
                    default:
                        return null;
                }
            }

            private double[] Multiply(double[] a, double[] b)
            {
                var c = new double[_n];
                for (int i = 0; i < _n; i++)
                {
                    if (a[i] == 0) continue;
                    for (int j = 0; i + j < _n; j++) c[i + j] += a[i] * b[j];
                }
                return c;
            }

            private double[] Add(double[] a, double[] b)
            {
                var c = new double[_n];
                for (int i = 0; i < _n; i++) c[i] = a[i] + b[i];
                return c;
            }

            private double[] Subtract(double[] a, double[] b)
            {
                var c = new double[_n];
                for (int i = 0; i < _n; i++) c[i] = a[i] - b[i];
                return c;
            }

            private static double[] Negated(double[]? a)
            {
                if (a is null) throw new ArithmeticException("no series");
                var c = new double[a.Length];
                for (int i = 0; i < a.Length; i++) c[i] = -a[i];
                return c;
            }

            private double[] Reciprocal(double[] a)
            {
                if (a[0] == 0) throw new ArithmeticException("a pole");
                var b = new double[_n];
                b[0] = 1 / a[0];
                for (int n = 1; n < _n; n++)
                {
                    double s = 0;
                    for (int k = 1; k <= n; k++) s += a[k] * b[n - k];
                    b[n] = -s / a[0];
                }
                return b;
            }

            private double[] Quotient((double[] Sin, double[] Cos) pair) => Multiply(pair.Sin, Reciprocal(pair.Cos));

            private double[] IntegerPower(double[] a, int p)
            {
                if (p < 0) return Reciprocal(IntegerPower(a, -p));
                var result = Constant(1);
                var square = a;
                while (p > 0)
                {
                    if ((p & 1) == 1) result = Multiply(result, square);
                    p >>= 1;
                    if (p > 0) square = Multiply(square, square);
                }
                return result;
            }

            /// <summary>b = a^p for a₀ &gt; 0: n·a₀·bₙ = Σₖ (p·k − (n − k))·aₖ·b₍ₙ₋ₖ₎.</summary>
            private double[] RealPower(double[] a, double p)
            {
                if (!(a[0] > 0)) throw new ArithmeticException("a branch point");
                var b = new double[_n];
                b[0] = Math.Pow(a[0], p);
                for (int n = 1; n < _n; n++)
                {
                    double s = 0;
                    for (int k = 1; k <= n; k++) s += (p * k - (n - k)) * a[k] * b[n - k];
                    b[n] = s / (n * a[0]);
                }
                return b;
            }

            /// <summary>b = e^a: n·bₙ = Σₖ k·aₖ·b₍ₙ₋ₖ₎.</summary>
            private double[] Exp(double[] a)
            {
                var b = new double[_n];
                b[0] = Math.Exp(a[0]);
                for (int n = 1; n < _n; n++)
                {
                    double s = 0;
                    for (int k = 1; k <= n; k++) s += k * a[k] * b[n - k];
                    b[n] = s / n;
                }
                return b;
            }

            /// <summary>b = ln a for a₀ &gt; 0: a₀·n·bₙ = n·aₙ − Σₖ₌₁ⁿ⁻¹ k·bₖ·a₍ₙ₋ₖ₎.</summary>
            private double[] Log(double[] a)
            {
                var b = new double[_n];
                b[0] = Math.Log(a[0]);
                for (int n = 1; n < _n; n++)
                {
                    double s = n * a[n];
                    for (int k = 1; k < n; k++) s -= k * b[k] * a[n - k];
                    b[n] = s / (n * a[0]);
                }
                return b;
            }

            /// <summary>sin a and cos a (or sinh, cosh) together: n·sₙ = Σ k·aₖ·c₍ₙ₋ₖ₎, n·cₙ = ∓Σ k·aₖ·s₍ₙ₋ₖ₎.</summary>
            private (double[] Sin, double[] Cos) SineCosine(double[] a, bool hyperbolic)
            {
                var s = new double[_n];
                var c = new double[_n];
                s[0] = hyperbolic ? Math.Sinh(a[0]) : Math.Sin(a[0]);
                c[0] = hyperbolic ? Math.Cosh(a[0]) : Math.Cos(a[0]);
                for (int n = 1; n < _n; n++)
                {
                    double ss = 0, cc = 0;
                    for (int k = 1; k <= n; k++)
                    {
                        ss += k * a[k] * c[n - k];
                        cc += k * a[k] * s[n - k];
                    }
                    s[n] = ss / n;
                    c[n] = (hyperbolic ? cc : -cc) / n;
                }
                return (s, c);
            }

            /// <summary>b with b₀ given and b′ = a′·g: n·bₙ = Σₖ k·aₖ·g₍ₙ₋ₖ₎.</summary>
            private double[] Integrated(double b0, double[] a, double[] g)
            {
                var b = new double[_n];
                b[0] = b0;
                for (int n = 1; n < _n; n++)
                {
                    double s = 0;
                    for (int k = 1; k <= n; k++) s += k * a[k] * g[n - k];
                    b[n] = s / n;
                }
                return b;
            }
        }
    }
}
