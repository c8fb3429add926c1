using System.Collections.Generic;
using System.Linq;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Half-integer powers of cos and sin (and sec, csc) with polynomials in them: incomplete elliptic integrals.
    public sealed partial class Integrator
    {
        /// <summary>
        /// Half-integer powers of w = a + b·cos v times polynomials in cos v and sin²v (v = u, or u − π/2 for sin u; sec as
        /// 1/cos and positive constants under a fractional power taken out, so (5/cos u)^(7/2) is 5^(7/2)·cos^(−7/2) u). With
        /// w = s², the integrand is a Laurent polynomial in s: its even powers are integer powers of w, left to the other
        /// rules, and each odd one is I(n) = ∫ wⁿ dv for a half-integer n, by
        /// n·I(n) = b·sin v·w^(n−1) + (2n − 1)·a·I(n − 1) − (n − 1)(a² − b²)·I(n − 2) (run backwards for n &lt; −1) down to
        /// I(½) = 2√(a + b)·E(v/2|m) and I(−½) = 2F(v/2|m)/√(a + b), m = 2b/(a + b) (in v + π with −b when a + b ≤ 0). Where
        /// m &gt; 1, w is real only on intervals about v = 0 mod 2π: v/2 is taken to [−π/2, π/2] by whole turns there.
        /// </summary>
        private Derivation? HalfIntegerTrigPowers(Expr f, string x)
        {
            // The one linear argument u.
            Expr? argument = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is not CallExpr { Function: Function.Sin or Function.Cos or Function.Tan } trig || !Depends(trig.Argument, x)) continue;
                if (trig.Function == Function.Tan || argument is not null && !argument.Equals(trig.Argument)) return null;
                argument = trig.Argument;
            }
            if (argument is null || Linear(argument, x) is not { } line) return null;

            return WithFreshVariable("s", name => WithFreshVariable("q", q => HalfIntegerTrigPowers(f, x, argument, line, name, q)));
        }

        private Derivation? HalfIntegerTrigPowers(Expr f, string x, Expr argument, (Expr A, Expr B) line, string name, string q)
        {
            var s = Var(name);
            // Positive constants out of fractional powers, (trigᵏ)^e = trig^(k·e) for odd k (both real exactly where trig > 0).
            bool even = false;
            var split = Rewrite.Replace(f, node => node is PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } exponent, Base: ProductExpr product }
                && product.Factors.All(factor => !Depends(factor, x) ? IntervalAnalysis.IsPositive(factor, _budget) : true)
                && product.Factors.Any(factor => !Depends(factor, x))
                    ? Multiply(product.Factors.Select(factor => Power(factor, exponent)).ToArray()) : null, _budget);
            split = Rewrite.Replace(split, node =>
            {
                if (node is not PowerExpr { Base: PowerExpr { Base: CallExpr inner, Exponent: NumberExpr { Value: { IsInteger: true } k } }, Exponent: NumberExpr { Value: var e } }
                    || !inner.Argument.Equals(argument) || e.IsInteger) return null;
                if (!(k / Number.FromInteger(2)).IsInteger) return Power(inner, Num(k * e));
                even = true;
                return null;
            }, _budget);
            if (even) return null;

            // The base a + b·T(u) of every half-integer power, one and the same.
            (Function T, BigRational A, BigRational B)? root = null;
            foreach (var node in Rewrite.Subtrees(split, _budget))
            {
                if (node is not PowerExpr { Exponent: NumberExpr { Value: var e } } power || e.IsInteger || !(e * Number.FromInteger(2)).IsInteger || !Depends(power.Base, x)) continue;
                var found = AffineInTrig(power.Base, argument, q);
                if (found is null || root is not null && !root.Equals(found)) return null;
                root = found;
            }
            if (root is not { } r) return null;
            var (t, a, b) = r;
            // a = ±b: √(a ± a·cos u) = √(2a)·|cos(u/2)| or |sin(u/2)|, elementary, and m = 1 there: left to the other rules.
            if ((a * a - b * b).IsZero) return null;
            var partner = t == Function.Cos ? Function.Sin : Function.Cos;
            // T(u) = (s² − a)/b; the partner squared is 1 − T(u)².
            var trigOfS = Divide(Subtract(Square(s), Num(a.ToNumber())), Num(b.ToNumber()));
            bool odd = false;
            var replaced = Rewrite.Replace(split, node =>
            {
                switch (node)
                {
                    case PowerExpr { Exponent: NumberExpr { Value: var e } } power when !e.IsInteger && AffineInTrig(power.Base, argument, q) is { } here && here.Equals(r):
                        return Power(s, Num(e * Number.FromInteger(2)));
                    case PowerExpr { Base: CallExpr c, Exponent: NumberExpr { Value: var e } } when c.Argument.Equals(argument) && c.Function == partner:
                        if (!e.IsInteger || !(e / Number.FromInteger(2)).IsInteger) { odd = true; return null; }
                        return Power(Subtract(One, Square(trigOfS)), Num(e / Number.FromInteger(2)));
                    case CallExpr c when c.Argument.Equals(argument) && c.Function == t:
                        return trigOfS;
                    case CallExpr c when c.Argument.Equals(argument) && c.Function == partner:
                        odd = true;
                        return null;
                    default:
                        return null;
                }
            }, _budget);
            if (odd || Depends(replaced, x)) return null;
            if (RationalFunction.TryFrom(Rewrite.Expand(replaced, _budget), name, _budget)?.Reduced() is not { } laurent) return null;
            // A Laurent polynomial: the denominator a power of s.
            var denominator = laurent.Denominator;
            int m = denominator.Degree;
            for (int i = 0; i < m; i++) if (!denominator[i].IsZero) return null;
            var numerator = laurent.Numerator;
            var scale = denominator[m];

            var v = t == Function.Cos ? argument : Subtract(argument, Multiply(Half, Pi));
            var w = Add(Num(a.ToNumber()), Multiply(Num(b.ToNumber()), Call(t, argument)));
            var shape = new HalfPowerShape(a, b, v, w, t == Function.Cos ? Call(Function.Sin, argument) : Negate(Call(Function.Cos, argument)));
            if (!shape.HasRealBase) return null;
            var elementary = new List<Expr>();
            var special = new List<Expr>();
            var done = new Dictionary<int, Expr>();
            for (int j = 0; j <= numerator.Degree; j++)
            {
                if (numerator[j].IsZero) continue;
                var coefficient = Num((numerator[j] / scale).ToNumber());
                int doubled = j - m; // the power of w, times 2
                if (doubled is > 41 or < -41) return null;
                if (doubled % 2 == 0) elementary.Add(Multiply(coefficient, Power(w, Num(doubled / 2))));
                else if (HalfPower(doubled, shape, done) is { } integral) special.Add(Multiply(coefficient, integral));
                else return null;
            }
            if (special.Count == 0) return null;
            var steps = new List<Step>();
            var terms = new List<Expr> { Divide(Add(special), line.A) };
            if (elementary.Count > 0)
            {
                var d = Integrate(Add(elementary), x);
                if (d is null) return null;
                terms.Add(d.Result);
                steps.Add(d.Step);
            }
            var result = Add(terms);
            return new Derivation(result, new Step(Show.Integral(f, x) + " = " + Show.Math(result) +
                " (half-integer powers of " + Show.Math(w) + ", reduced to the elliptic integrals E and F)", steps));
        }

        /// <summary>
        /// Half-integer powers of cosh u (and sech u) times polynomials in cosh u and sinh²u, by the Gudermannian θ = gd u
        /// (cosh u = sec θ, sinh²u = tan²θ, du = sec θ dθ, θ in (−π/2, π/2)): a Laurent polynomial in √cos θ, which
        /// <see cref="HalfIntegerTrigPowers(Expr, string)"/> integrates; sin θ = tanh u and cos θ = sech u on the way back.
        /// </summary>
        private Derivation? HalfIntegerHyperbolicPowers(Expr f, string x)
        {
            Expr? argument = null;
            bool half = false;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is CallExpr { Function: Function.Sinh or Function.Cosh or Function.Tanh or Function.Sin or Function.Cos or Function.Tan } call && Depends(call.Argument, x))
                {
                    if (call.Function is not (Function.Sinh or Function.Cosh) || argument is not null && !argument.Equals(call.Argument)) return null;
                    argument = call.Argument;
                }
                if (node is PowerExpr { Exponent: NumberExpr { Value: var e } } power && !e.IsInteger && (e * Number.FromInteger(2)).IsInteger
                    && Rewrite.Subtrees(power.Base, _budget).Any(n => n is CallExpr { Function: Function.Cosh })) half = true;
            }
            if (argument is null || !half || Linear(argument, x) is not { } line) return null;
            return WithFreshVariable("θ", name =>
            {
                var theta = Var(name);
                var secant = Reciprocal(Call(Function.Cos, theta));
                bool odd = false;
                var replaced = Rewrite.Replace(f, node =>
                {
                    switch (node)
                    {
                        case PowerExpr { Base: CallExpr { Function: Function.Sinh } sh, Exponent: NumberExpr { Value: var e } } when sh.Argument.Equals(argument):
                            if (!e.IsInteger || !(e / Number.FromInteger(2)).IsInteger) { odd = true; return null; }
                            return Power(Subtract(Square(secant), One), Num(e / Number.FromInteger(2)));
                        case CallExpr { Function: Function.Sinh } sh when sh.Argument.Equals(argument):
                            odd = true;
                            return null;
                        case CallExpr { Function: Function.Cosh } ch when ch.Argument.Equals(argument):
                            return secant;
                        default:
                            return null;
                    }
                }, _budget);
                if (odd || Depends(replaced, x)) return null;
                var back = Multiply(Num(2), Call(Function.Atan, Call(Function.Tanh, Multiply(Half, argument))));
                var change = new ChangeOfVariable("substitute " + name + " = gd(" + Show.Math(argument) + "), d" + x + " = sec " + name + " d" + name + " / " +
                    Show.Math(line.A), Multiply(replaced, secant), back)
                {
                    Factor = Reciprocal(line.A),
                    Inner = (g, t) => HalfIntegerTrigPowers(g, t),
                    // sin θ = tanh u and cos θ = sech u: only the elliptic integrals keep θ itself.
                    BeforeBack = g => Rewrite.Replace(g, node => node switch
                    {
                        CallExpr { Function: Function.Sin } s when s.Argument.Equals(theta) => Call(Function.Tanh, argument),
                        CallExpr { Function: Function.Cos } c when c.Argument.Equals(theta) => Reciprocal(Call(Function.Cosh, argument)),
                        _ => null,
                    }, _budget),
                };
                return ChangeVariable(change, name, f, x);
            });
        }

        /// <summary>(T, a, b) with <paramref name="e"/> = a + b·T(u) for T = sin or cos, numbers a, b ≠ 0; T^(−1) as a = 0 is not this.</summary>
        private (Function T, BigRational A, BigRational B)? AffineInTrig(Expr e, Expr argument, string fresh)
        {
            foreach (var t in new[] { Function.Cos, Function.Sin })
            {
                var q = Var(fresh);
                var replaced = Rewrite.Replace(e, node => node is CallExpr c && c.Function == t && c.Argument.Equals(argument) ? q : null, _budget);
                if (replaced.Equals(e) || !Depends(replaced, fresh)) continue;
                if (Rewrite.Subtrees(replaced, _budget).Any(n => n is CallExpr c && c.Argument.Equals(argument))) continue;
                if (RationalFunction.TryFrom(replaced, fresh, _budget) is { IsPolynomial: true } rf && rf.Numerator.Degree == 1 && !rf.Numerator[1].IsZero)
                {
                    var lead = rf.Denominator[0];
                    return (t, rf.Numerator[0] / lead, rf.Numerator[1] / lead);
                }
            }
            return null;
        }

        /// <summary>What the reduction of ∫ wⁿ dv needs: w = a + b·cos v, sin v, and whether w is positive anywhere.</summary>
        private sealed class HalfPowerShape
        {
            public HalfPowerShape(BigRational a, BigRational b, Expr v, Expr w, Expr sinV)
            {
                A = a;
                B = b;
                V = v;
                W = w;
                SinV = sinV;
            }

            public BigRational A { get; }
            public BigRational B { get; }
            public Expr V { get; }
            public Expr W { get; }
            public Expr SinV { get; }

            /// <summary>a + |b| &gt; 0: w is positive somewhere.</summary>
            public bool HasRealBase => (A + (B.Sign < 0 ? -B : B)).Sign > 0;
        }

        /// <summary>I(d/2) = ∫ w^(d/2) dv for odd d (memoized in <paramref name="done"/>); null where the recurrence divides by 0.</summary>
        private Expr? HalfPower(int doubled, HalfPowerShape shape, Dictionary<int, Expr> done)
        {
            if (done.TryGetValue(doubled, out var known)) return known;
            _budget.Charge();
            var a = Num(shape.A.ToNumber());
            var b = Num(shape.B.ToNumber());
            var difference = shape.A * shape.A - shape.B * shape.B; // a² − b²
            Expr? result;
            if (doubled is 1 or -1)
            {
                result = HalfPowerBase(doubled, shape);
            }
            else if (doubled > 1)
            {
                // n·I(n) = b·sin v·w^(n−1) + (2n − 1)·a·I(n − 1) − (n − 1)(a² − b²)·I(n − 2).
                var n = Rational(doubled, 2);
                var terms = new List<Expr> { Multiply(b, shape.SinV, Power(shape.W, Rational(doubled - 2, 2))) };
                if (!shape.A.IsZero)
                {
                    if (HalfPower(doubled - 2, shape, done) is not { } previous) return null;
                    terms.Add(Multiply(Num(doubled - 1), a, previous));
                }
                if (!difference.IsZero)
                {
                    if (HalfPower(doubled - 4, shape, done) is not { } before) return null;
                    terms.Add(Multiply(Negate(Rational(doubled - 2, 2)), Num(difference.ToNumber()), before));
                }
                result = Divide(Add(terms), n);
            }
            else
            {
                // The same with n = d/2 + 2, solved for I(n − 2).
                if (difference.IsZero) return null;
                int up = doubled + 4;
                var n = Rational(up, 2);
                var terms = new List<Expr> { Multiply(b, shape.SinV, Power(shape.W, Rational(up - 2, 2))) };
                if (!shape.A.IsZero)
                {
                    if (HalfPower(up - 2, shape, done) is not { } previous) return null;
                    terms.Add(Multiply(Num(up - 1), a, previous));
                }
                if (HalfPower(up, shape, done) is not { } upper) return null;
                terms.Add(Negate(Multiply(n, upper)));
                result = Divide(Add(terms), Multiply(Rational(up - 2, 2), Num(difference.ToNumber())));
            }
            if (result is not null) done[doubled] = result;
            return result;
        }

        /// <summary>
        /// I(½) = 2√(a + b)·E(v/2|m), I(−½) = 2F(v/2|m)/√(a + b), m = 2b/(a + b); in v + π with −b where a + b ≤ 0.
        /// </summary>
        private static Expr? HalfPowerBase(int doubled, HalfPowerShape shape)
        {
            var a = shape.A;
            var b = shape.B;
            var v = shape.V;
            if ((a + b).Sign <= 0)
            {
                // a + b·cos v = a − b·cos(v + π).
                b = -b;
                v = Add(v, Pi);
            }
            if ((a + b).Sign <= 0) return null;
            var sum = a + b;
            var m = BigRational.FromInteger(2) * b / sum;
            var half = Multiply(Half, v);
            var root = Sqrt(Num(sum.ToNumber()));
            if ((m - BigRational.One).Sign <= 0)
            {
                // m ≤ 1: real for every v, and F, E are quasi-periodic in φ = v/2.
                return doubled == 1
                    ? Multiply(Num(2), root, Call(Function.EllipticE, half, Num(m.ToNumber())))
                    : Multiply(Num(2), Reciprocal(root), Call(Function.EllipticF, half, Num(m.ToNumber())));
            }
            // m > 1: w is real only about v = 0 mod 2π, where φ₀ = v/2 − π·round(v/2π). Reciprocal modulus (DLMF 19.7.4):
            // F(φ₀|m) = F(β|1/m)/√m, E(φ₀|m) = √m·E(β|1/m) − (m − 1)/√m·F(β|1/m), with sin β = √m·sin φ₀ and
            // cos β = √(1 − m·sin²φ₀) = √(w/(a + b)): β from w itself keeps its digits at the ends of each interval, where
            // 1 − m·sin²φ₀ would cancel.
            var phi = Subtract(half, Multiply(Pi, Call(Function.Round, Divide(v, Multiply(Num(2), Pi)))));
            var sqrtM = Sqrt(Num(m.ToNumber()));
            var beta = Call(Function.Atan2, Multiply(sqrtM, Call(Function.Sin, phi)), Sqrt(Divide(shape.W, Num(sum.ToNumber()))));
            var reciprocal = Num((BigRational.One / m).ToNumber());
            var f = Call(Function.EllipticF, beta, reciprocal);
            if (doubled == -1) return Multiply(Num(2), Reciprocal(Multiply(root, sqrtM)), f);
            var e = Call(Function.EllipticE, beta, reciprocal);
            return Multiply(Num(2), root, Subtract(Multiply(sqrtM, e), Multiply(Num((m - BigRational.One).ToNumber()), Reciprocal(sqrtM), f)));
        }
    }
}
