using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CompileTimeCalculus.Engine.Algebra;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    // Rationalizing substitutions: each turns a whole class of integrands into a rational function of t, which
    // RationalIntegrator always integrates, then substitutes back. They are the engine's most general rules.
    public sealed partial class Integrator
    {
        /// <summary>
        /// R(e^(k₁x), e^(k₂x), ...) with commensurate k (hyperbolic functions and c^x included): t = e^(g·x + h) makes
        /// it rational, dx = dt / (g·t).
        /// </summary>
        private Derivation? ExponentialClass(Expr f, string x)
        {
            var prepared = AsExponentials(f, x);

            var arguments = new List<Expr>();
            foreach (var node in Rewrite.Subtrees(prepared, _budget))
            {
                if (node is CallExpr { Function: Function.Exp } e && Depends(e, x)) arguments.Add(e.Argument);
            }
            if (arguments.Count == 0) return null;
            if (Commensurate(arguments, x, requireShift: false) is not { } unit) return null;

            return WithFreshVariable("t", name =>
            {
                var t = Var(name);
                // e^(k·w + c) = t^k · e^c: a constant factor where the arguments' constant terms are not in step.
                var replaced = Rewrite.Replace(prepared, node =>
                    node is CallExpr { Function: Function.Exp } e && Depends(e, x) && unit.MultipleWithRest(e.Argument) is { } m
                        ? Multiply(Power(t, Num(m.K)), Exp(m.Constant)) : null, _budget);
                if (Depends(replaced, x)) return null;
                var g = Rewrite.Expand(Divide(replaced, t), _budget);
                var kernel = Exp(unit.Argument);
                var change = new ChangeOfVariable("substitute " + name + " = " + Show.Math(kernel) + ", d" + x + " = d" + name + " / (" + Show.Math(Multiply(unit.Scale, t)) + ")", g, kernel)
                {
                    Factor = Reciprocal(unit.Scale),
                    Inner = RationalDerivation,
                };
                return ChangeVariable(change, name, f, x);
            });
        }

        /// <summary>
        /// c^u with c a positive constant (1.3^(2 + 3x²)) as e^(u·ln c), once the table and the rules that keep c^x have
        /// declined: the rules for e^u (erf, Ei, root substitution) then apply.
        /// </summary>
        private Derivation? ConstantBasePowers(Expr f, string x)
        {
            bool any = false;
            var rewritten = Rewrite.Replace(f, node =>
            {
                if (node is not PowerExpr p || Depends(p.Base, x) || !Depends(p.Exponent, x) || !IntervalAnalysis.IsPositive(p.Base, _budget)) return null;
                any = true;
                return Exp(Multiply(p.Exponent, Log(p.Base)));
            }, _budget);
            if (!any || rewritten.Equals(f)) return null;
            var d = Integrate(rewritten, x);
            return d is null ? null : new Derivation(d.Result, new Step("c^u = e^(u·ln c): " + Show.Integral(f, x) + " = " + Show.Integral(rewritten, x), new[] { d.Step }));
        }

        /// <summary>
        /// Exponentials and sinh, cosh of linear arguments times polynomials and powers of linear factors: multiplied out into
        /// a sum of c·P(x)·e^(ax+b) terms, each a table, tabular, Ei or erf integral. (e^(5+7x)·cosh(2+3x) needs no common
        /// unit; cosh³(2 + 3x)/(5 + 7x)² is four exponential integrals.)
        /// </summary>
        private Derivation? ExponentialExpansion(Expr f, string x)
        {
            // cosh(5 + 7x)/x⁵ alone is Chi and Shi by parts (TrigOverLinear), shorter than four exponential integrals each.
            if (SplitOverLinearPower(f, x, Function.Sinh, Function.Cosh) is not null) return null;
            bool hyperbolic = false;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is CallExpr { Function: Function.Sinh or Function.Cosh } c && Linear(c.Argument, x) is not null) hyperbolic = true;
                // Denominators and roots of a linear factor stay: e^(kx)/(5 + 7x)² is Ei by parts, e^(kx)/√(5 + 7x) erf.
                if (node is PowerExpr { Exponent: NumberExpr { Value: var k } } p && Depends(p.Base, x) && (k.IsNegative || !k.IsInteger) && Linear(p.Base, x) is null) return null;
                if (node is CallExpr { Function: not (Function.Exp or Function.Sinh or Function.Cosh or Function.Sin or Function.Cos) } other && Depends(other, x)) return null;
            }
            if (!hyperbolic) return null;
            var exponential = Rewrite.Replace(f, node => node is CallExpr { Function: Function.Sinh or Function.Cosh } c && Linear(c.Argument, x) is not null
                ? HyperbolicAsExponentials(c) : null, _budget);
            var expanded = Rewrite.Expand(exponential, _budget, 200);
            if (expanded is not SumExpr || expanded.Equals(f)) return null;
            var d = Integrate(expanded, x);
            return d is null ? null : new Derivation(d.Result, new Step("hyperbolic functions as exponentials: " + Show.Integral(f, x) + " = " + Show.Integral(expanded, x), new[] { d.Step }));
        }

        /// <summary>
        /// sinᵃ·cosᵇ (sinhᵃ·coshᵇ) of one argument with a fractional and a + b an integer: tanᵃ·cos^(a+b), so that u = tan w
        /// makes it a power of u times a rational function (sinh^(3/2)/cosh^(3/2) = tanh^(3/2)).
        /// </summary>
        private Derivation? TangentForm(Expr f, string x)
        {
            var factors = new List<Expr>(Rewrite.Factors(f));
            for (int i = 0; i < factors.Count; i++)
            {
                if (factors[i] is not PowerExpr { Base: CallExpr { Function: Function.Sin or Function.Sinh } s, Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } a } }) continue;
                var partner = s.Function == Function.Sin ? Function.Cos : Function.Cosh;
                var tangent = s.Function == Function.Sin ? Function.Tan : Function.Tanh;
                for (int j = 0; j < factors.Count; j++)
                {
                    if (factors[j] is not PowerExpr { Base: CallExpr c, Exponent: NumberExpr { Value: { IsExact: true } b } } || c.Function != partner || !c.Argument.Equals(s.Argument)) continue;
                    var sum = a + b;
                    if (!sum.IsInteger) continue;
                    var rewritten = new List<Expr>();
                    for (int k = 0; k < factors.Count; k++) if (k != i && k != j) rewritten.Add(factors[k]);
                    rewritten.Add(Power(Call(tangent, s.Argument), Num(a)));
                    rewritten.Add(Power(Call(partner, s.Argument), Num(sum)));
                    var g = Multiply(rewritten);
                    var d = Integrate(g, x);
                    string rewrite = "as a power of " + (tangent == Function.Tan ? "tan" : "tanh") + ": " + Show.Integral(f, x) + " = " + Show.Integral(g, x);
                    return d is null ? null : new Derivation(d.Result, new Step(rewrite, new[] { d.Step }));
                }
            }
            return null;
        }

        /// <summary>
        /// ∫ g dt for g rational in t: exactly when its coefficients are rational, else with numeric roots when they are
        /// real constants (√5, e^(−1/7)) and the exact integrator cannot represent them.
        /// </summary>
        private RationalIntegrator.Result? RationalIn(Expr g, string t)
        {
            if (RationalFunction.TryFrom(g, t, _budget) is { } rational) return RationalIntegrator.Integrate(rational, Var(t), _budget);
            return NumericRationalIntegrator.Integrate(g, t, _budget) is { } numeric
                ? new RationalIntegrator.Result(numeric, false, "partial fractions with numeric roots")
                : null;
        }

        /// <summary>sinh, cosh, tanh of x-dependent arguments and c^u (c &gt; 0) written with e^(…), as the exponential rules read them.</summary>
        private Expr AsExponentials(Expr f, string x) => Rewrite.Replace(f, node => node switch
        {
            CallExpr { Function: Function.Sinh or Function.Cosh or Function.Tanh } c when Depends(c.Argument, x) => HyperbolicAsExponentials(c),
            PowerExpr p when !Depends(p.Base, x) && Depends(p.Exponent, x) && IntervalAnalysis.IsPositive(p.Base, _budget) => Exp(Multiply(p.Exponent, Log(p.Base))),
            _ => null,
        }, _budget);

        private static Expr HyperbolicAsExponentials(CallExpr c)
        {
            var e = Exp(c.Argument);
            var inverse = Exp(Negate(c.Argument));
            return c.Function switch
            {
                Function.Sinh => Multiply(Half, Subtract(e, inverse)),
                Function.Cosh => Multiply(Half, Add(e, inverse)),
                _ => Divide(Subtract(e, inverse), Add(e, inverse)),
            };
        }

        /// <summary>A common unit w = g·x + h of linear arguments vᵢ = kᵢ·w with integer kᵢ.</summary>
        private sealed class Unit
        {
            private readonly Integrator _owner;
            private readonly string _x;

            public Unit(Integrator owner, string x, Expr scale, Expr shift)
            {
                _owner = owner;
                _x = x;
                Scale = scale;
                Shift = shift;
                Argument = Add(Multiply(scale, Var(x)), shift);
            }

            public Expr Scale { get; }
            public Expr Shift { get; }
            public Expr Argument { get; }

            /// <summary>k with v = k·w, or null.</summary>
            public long? Multiple(Expr v) => MultipleWithRest(v) is { } m && m.Constant.Equals(Zero) ? m.K : null;

            /// <summary>(k, c) with v = k·w + c, c free of x, or null.</summary>
            public (long K, Expr Constant)? MultipleWithRest(Expr v)
            {
                if (_owner.Linear(v, _x) is not { } l) return null;
                if (Divide(l.A, Scale) is not NumberExpr { Value: { IsInteger: true } k }) return null;
                var rest = Subtract(l.B, Multiply(Num(k), Shift));
                if (!rest.Equals(Zero)) rest = Rewrite.Expand(rest, _owner._budget);
                return (k.Numerator, rest);
            }
        }

        private Unit? Commensurate(List<Expr> arguments, string x, bool requireShift = true)
        {
            var slopes = new List<(Expr A, Expr B)>();
            foreach (var v in arguments)
            {
                if (Linear(v, x) is not { } l) return null;
                slopes.Add(l);
            }
            var a0 = slopes[0].A;
            BigInteger numeratorGcd = BigInteger.Zero, denominatorLcm = BigInteger.One;
            foreach (var (a, _) in slopes)
            {
                if (Divide(a, a0) is not NumberExpr { Value: { IsExact: true } r }) return null;
                numeratorGcd = BigInteger.GreatestCommonDivisor(numeratorGcd, r.Numerator);
                denominatorLcm = denominatorLcm / BigInteger.GreatestCommonDivisor(denominatorLcm, r.Denominator) * r.Denominator;
            }
            var ratio = BigRational.Create(numeratorGcd, denominatorLcm).ToNumber();
            if (!ratio.IsExact) return null;
            var scale = Multiply(a0, Num(ratio));
            // The shift h with bᵢ = kᵢ·h for every argument (0 when the arguments have no constant terms).
            var (firstA, firstB) = slopes[0];
            if (Divide(firstA, scale) is not NumberExpr { Value: { IsInteger: true } k0 }) return null;
            var shift = Divide(firstB, Num(k0));
            var unit = new Unit(this, x, scale, shift);
            foreach (var v in arguments)
            {
                if ((requireShift ? unit.Multiple(v) : unit.MultipleWithRest(v)?.K) is null) return null;
            }
            return unit;
        }

        /// <summary>
        /// R(sin w, cos w, tan w) over commensurate linear arguments: t = cos w when R is odd in sin, t = sin w when odd in
        /// cos, t = tan w when even in both, else the Weierstrass t = tan(w/2). Arctangent substitutions jump where the
        /// integrand does not, so a Floor term restores continuity across the jumps.
        /// </summary>
        private Derivation? TrigonometricClass(Expr f, string x)
        {
            var arguments = new List<Expr>();
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is CallExpr { Function: Function.Sin or Function.Cos or Function.Tan } c && Depends(c, x)) arguments.Add(c.Argument);
            }
            if (arguments.Count == 0) return null;
            if (Commensurate(arguments, x) is not { } unit) return null;

            // s and c stand for sin w and cos w while the integrand is rewritten; t is the substitution's variable.
            return WithFreshVariable("s", sName => WithFreshVariable("c", cName => WithFreshVariable("t", tName =>
            {
                if (InSinesAndCosines(f, x, unit, sName, cName, 12) is not { } r) return null;

                var parity = TrigParity(r, sName, cName);
                if (parity is null) return null;
                var t = Var(tName);
                var oneMinusT2 = Subtract(One, Square(t));
                var onePlusT2 = Add(One, Square(t));
                var w = unit.Argument;
                var options = new List<(string Label, Expr S, Expr C, Expr Jacobian, Expr Back, double Period)>();
                if (parity.Value.OddInSin) options.Add(("cos", Sqrt(oneMinusT2), t, Negate(Reciprocal(Sqrt(oneMinusT2))), Call(Function.Cos, w), 0));
                if (parity.Value.OddInCos) options.Add(("sin", t, Sqrt(oneMinusT2), Reciprocal(Sqrt(oneMinusT2)), Call(Function.Sin, w), 0));
                if (parity.Value.Even) options.Add(("tan", Divide(t, Sqrt(onePlusT2)), Reciprocal(Sqrt(onePlusT2)), Reciprocal(onePlusT2), Call(Function.Tan, w), Math.PI));
                options.Add(("tan half", Divide(Multiply(Num(2), t), onePlusT2), Divide(oneMinusT2, onePlusT2), Divide(Num(2), onePlusT2), Call(Function.Tan, Multiply(Half, w)), 2 * Math.PI));

                foreach (var option in options)
                {
                    _budget.Charge();
                    var g = Multiply(Rewrite.Substitute(Rewrite.Substitute(r, sName, option.S, _budget), cName, option.C, _budget), option.Jacobian);
                    g = Rewrite.Expand(g, _budget);
                    var change = new ChangeOfVariable("substitute " + tName + " = " + Show.Math(option.Back), g, option.Back)
                    {
                        Factor = Reciprocal(unit.Scale),
                        Inner = RationalDerivation,
                        AfterBack = option.Period > 0 ? (antiderivative, result) => AcrossPeriods(antiderivative, result, tName, w, option.Period) : null,
                    };
                    if (ChangeVariable(change, tName, f, x) is { } derivation) return derivation;
                }
                return null;
            })));
        }

        /// <summary>
        /// G(tan w) or G(tan(w/2)) made continuous across the periods where t runs from +∞ to −∞ (w = π/2 mod π, or w = π
        /// mod 2π), by adding G's jump there once per period crossed; null when G has no finite limits but the integrand
        /// is continuous there.
        /// </summary>
        private Expr? AcrossPeriods(Expr antiderivative, Expr result, string t, Expr w, double period)
        {
            var jump = JumpAtInfinity(antiderivative, t);
            // G grows without bound as t → ±∞: the integrand has a pole there that no antiderivative is continuous across
            // (1/(1 + cos w) at w = π), so G holds between the poles as it is.
            if (jump is null) return Diverges(antiderivative, t) ? result : null;
            if (jump.Equals(Zero)) return result;
            var turns = Call(Function.Floor, Add(Divide(w, Multiply(Num(period == Math.PI ? 1 : 2), Pi)), Half));
            return Add(result, Multiply(jump, turns));
        }

        /// <summary>
        /// <paramref name="f"/> with every sin, cos and tan of a multiple k·w of the unit (|k| ≤ <paramref name="maxMultiple"/>)
        /// written in s = sin w and c = cos w; null if another function of x is left.
        /// </summary>
        private Expr? InSinesAndCosines(Expr f, string x, Unit unit, string sName, string cName, int maxMultiple)
        {
            bool failed = false;
            var r = Rewrite.Replace(f, node =>
            {
                if (node is not CallExpr { Function: Function.Sin or Function.Cos or Function.Tan } call || !Depends(call, x)) return null;
                if (unit.Multiple(call.Argument) is not { } k || Math.Abs(k) > maxMultiple)
                {
                    failed = true;
                    return null;
                }
                var (sin, cos) = MultipleAngle((int)k, Var(sName), Var(cName));
                return call.Function switch { Function.Sin => sin, Function.Cos => cos, _ => Divide(sin, cos) };
            }, _budget);
            return failed || Depends(r, x) ? null : r;
        }

        /// <summary>sin(k·w) and cos(k·w) as polynomials in s = sin w and c = cos w.</summary>
        private static (Expr Sin, Expr Cos) MultipleAngle(int k, Expr s, Expr c)
        {
            if (k == 0) return (Zero, One);
            int n = Math.Abs(k);
            Expr sin = s, cos = c;
            for (int i = 1; i < n; i++)
            {
                var nextCos = Subtract(Multiply(cos, c), Multiply(sin, s));
                var nextSin = Add(Multiply(sin, c), Multiply(cos, s));
                sin = Rewrite.Expand(nextSin, new Budget(default));
                cos = Rewrite.Expand(nextCos, new Budget(default));
            }
            return k < 0 ? (Negate(sin), cos) : (sin, cos);
        }

        /// <summary>Symmetries of R(s, c) on the unit circle, decided numerically at a few angles.</summary>
        private static (bool OddInSin, bool OddInCos, bool Even)? TrigParity(Expr r, string s, string c)
        {
            bool oddS = true, oddC = true, even = true;
            int usable = 0;
            foreach (double theta in new[] { 0.31, 1.17, 2.03, 2.71, 3.9, 4.6, 5.5 })
            {
                double sv = Math.Sin(theta), cv = Math.Cos(theta);
                double v = Eval(sv, cv), vs = Eval(-sv, cv), vc = Eval(sv, -cv), vb = Eval(-sv, -cv);
                if (!IsFinite(v) || !IsFinite(vs) || !IsFinite(vc) || !IsFinite(vb)) continue;
                usable++;
                double tolerance = 1e-9 * (Math.Abs(v) + 1e-300) + 1e-12;
                oddS &= Math.Abs(vs + v) <= tolerance;
                oddC &= Math.Abs(vc + v) <= tolerance;
                even &= Math.Abs(vb - v) <= tolerance;
            }
            if (usable < 3) return null;
            return (oddS, oddC, even);

            double Eval(double sv, double cv)
            {
                try
                {
                    return Evaluator.Evaluate(r, new Dictionary<string, double> { [s] = sv, [c] = cv });
                }
                catch (KeyNotFoundException)
                {
                    return double.NaN;
                }
            }
        }

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        /// <summary>Whether G (of t alone) grows without bound toward t = +∞ or −∞, as a logarithm or faster.</summary>
        private static bool Diverges(Expr g, string t)
        {
            if (g.Variables.Any(v => v != t)) return false;
            double near = Math.Abs(Evaluator.Evaluate(g, t, 1e6)) + Math.Abs(Evaluator.Evaluate(g, t, -1e6));
            double far = Math.Abs(Evaluator.Evaluate(g, t, 1e8)) + Math.Abs(Evaluator.Evaluate(g, t, -1e8));
            return far > near + 1 || double.IsInfinity(far);
        }

        /// <summary>G(+∞) − G(−∞), recognized as a rational multiple of π where it is one; null when G diverges.</summary>
        private static Expr? JumpAtInfinity(Expr g, string t)
        {
            // Only a jump that is a number is recognized; one that depends on a parameter declines the rule.
            if (g.Variables.Any(v => v != t)) return null;
            double Difference(double big) => Evaluator.Evaluate(g, t, big) - Evaluator.Evaluate(g, t, -big);
            double j1 = Difference(1e6), j2 = Difference(1e8);
            if (!IsFinite(j1) || !IsFinite(j2) || Math.Abs(j2 - j1) > 1e-4 * (1 + Math.Abs(j2))) return null;
            double jump = (1e4 * j2 - 1e2 * j1) / (1e4 - 1e2);
            if (Math.Abs(jump) < 1e-13) return Zero;
            if (RootFinder.Rationalize(jump / Math.PI, 1000, 1e-11 * Math.Max(1, Math.Abs(jump))) is { } q) return Multiply(Num(q.ToNumber()), Pi);
            double squared = jump * jump / (Math.PI * Math.PI);
            if (RootFinder.Rationalize(squared, 10000, 1e-10 * Math.Max(1, squared)) is { } q2)
                return Multiply(Num(jump < 0 ? -1 : 1), Pi, Sqrt(Num(q2.ToNumber())));
            return Num(Number.Inexact(jump));
        }

        /// <summary>
        /// R(x, (a·x + b)^(p₁/q₁), (a·x + b)^(p₂/q₂), ...): root substitution t = (a·x + b)^(1/L), L the common
        /// denominator, x = (t^L − b)/a, makes it rational.
        /// </summary>
        private Derivation? RadicalClass(Expr f, string x)
        {
            Expr? radicand = null;
            long lcm = 1;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                Expr? b = null;
                long q = 1;
                if (node is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } e } } p && Depends(p.Base, x))
                {
                    b = p.Base;
                    q = e.Denominator;
                }
                else if (node is CallExpr { Function: Function.Cbrt } cb && Depends(cb, x))
                {
                    b = cb.Argument;
                    q = 3;
                }
                if (b is null) continue;
                if (radicand is null) radicand = b;
                else if (!radicand.Equals(b)) return null;
                lcm = lcm / Gcd(lcm, q) * q;
                if (lcm > 24) return null;
            }
            if (radicand is null || Linear(radicand, x) is not { } l) return null;

            return WithFreshVariable("t", name =>
            {
                var t = Var(name);
                var replaced = Rewrite.Replace(f, node => node switch
                {
                    PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } e } } p when p.Base.Equals(radicand) => Power(t, Num(e * Number.FromInteger(lcm))),
                    CallExpr { Function: Function.Cbrt } cb when cb.Argument.Equals(radicand) => Power(t, Num(lcm / 3)),
                    _ when node.Equals(radicand) => Power(t, Num(lcm)),
                    _ => null,
                }, _budget);
                var inverse = Divide(Subtract(Power(t, Num(lcm)), l.B), l.A);
                var g = Multiply(Rewrite.Substitute(replaced, x, inverse, _budget), D(inverse, name));
                g = Rewrite.Expand(g, _budget);
                if (Depends(g, x)) return null;
                var kernel = lcm == 3 ? Call(Function.Cbrt, radicand) : Power(radicand, Rational(1, lcm));
                var change = new ChangeOfVariable("root substitution " + name + " = " + Show.Math(kernel) + ", " + x + " = " + Show.Math(inverse), g, kernel)
                {
                    // e^(3x)/√(7 + 1.1x) becomes a Gaussian in t, x^(3/2)·e^x a polynomial times one: erf, erfi.
                    Inner = (integrand, variable) => RationalDerivation(integrand, variable)
                        ?? (!HasRadicalIn(integrand, variable) && integrand.Size <= 2 * f.Size + 10 ? Integrate(integrand, variable) : null),
                };
                return ChangeVariable(change, name, f, x);
            });
        }

        /// <summary>True when e has a fractional power of an expression in t (then the root substitution made no progress).</summary>
        private bool HasRadicalIn(Expr e, string t)
        {
            foreach (var node in Rewrite.Subtrees(e, _budget))
            {
                if (node is PowerExpr { Exponent: NumberExpr { Value.IsInteger: false } } p && Depends(p.Base, t)) return true;
                if (node is CallExpr { Function: Function.Cbrt } c && Depends(c, t)) return true;
            }
            return false;
        }

        private static long Gcd(long a, long b)
        {
            while (b != 0) (a, b) = (b, a % b);
            return Math.Abs(a);
        }

        /// <summary>
        /// R(x, √(a·x² + b·x + c)) with rational a, b, c: an Euler substitution chosen so every coefficient stays rational
        /// (√a or √c rational, or rational roots), makes it rational in t; back-substituted in a form without removable
        /// singularities.
        /// </summary>
        private Derivation? QuadraticRadicalClass(Expr f, string x)
        {
            Expr? radicand = null;
            foreach (var node in Rewrite.Subtrees(f, _budget))
            {
                if (node is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } e } } p && Depends(p.Base, x))
                {
                    if (e.Denominator != 2) return null;
                    if (radicand is null) radicand = p.Base;
                    else if (!radicand.Equals(p.Base)) return null;
                }
            }
            if (radicand is null) return null;
            if (RationalFunction.TryFrom(radicand, x, _budget) is not { IsPolynomial: true } rf || rf.Numerator.Degree != 2) return null;
            var q = rf.Numerator;
            var a = q[2];
            var b = q[1];
            var c = q[0];

            return WithFreshVariable("t", name =>
            {
                var t = Var(name);
                var xv = Var(x);
                foreach (var (inverse, y, back) in EulerSubstitutions(a, b, c, t, xv, radicand))
                {
                    _budget.Charge();
                    var replaced = Rewrite.Replace(f, node => node switch
                    {
                        PowerExpr { Exponent: NumberExpr { Value: { IsExact: true } e } } p when p.Base.Equals(radicand) && e.Denominator == 2 => Power(y, Num(e.Numerator)),
                        _ => null,
                    }, _budget);
                    var g = Multiply(Rewrite.Substitute(replaced, x, inverse, _budget), D(inverse, name));
                    g = Rewrite.Expand(g, _budget);
                    if (Depends(g, x)) continue;
                    var change = new ChangeOfVariable("Euler substitution " + name + " = " + Show.Math(back) + ", " + x + " = " + Show.Math(inverse), g, back) { Inner = RationalDerivation };
                    if (ChangeVariable(change, name, f, x) is { } derivation) return derivation;
                }
                return null;
            });
        }

        /// <summary>(x as a function of t, √Q as a function of t, t as a function of x) for each applicable Euler substitution.</summary>
        private IEnumerable<(Expr Inverse, Expr Root, Expr Back)> EulerSubstitutions(BigRational a, BigRational b, BigRational c, Expr t, Expr x, Expr radicand)
        {
            var root = Sqrt(radicand);
            // √Q = t − α·x with α = √a rational: x = (t² − c)/(b + 2αt).
            if (a.Sign > 0 && RationalSqrt(a) is { } alpha)
            {
                var al = Num(alpha.ToNumber());
                var inverse = Divide(Subtract(Square(t), Num(c.ToNumber())), Add(Num(b.ToNumber()), Multiply(Num(2), al, t)));
                yield return (inverse, Subtract(t, Multiply(al, inverse)), Add(root, Multiply(al, x)));
            }
            // √Q = x·t + γ with γ = √c rational: x = (2γt − b)/(a − t²); t = (√Q − γ)/x = (a·x + b)/(√Q + γ).
            if (c.Sign > 0 && RationalSqrt(c) is { } gamma)
            {
                var ga = Num(gamma.ToNumber());
                var inverse = Divide(Subtract(Multiply(Num(2), ga, t), Num(b.ToNumber())), Subtract(Num(a.ToNumber()), Square(t)));
                yield return (inverse, Add(Multiply(inverse, t), ga), Divide(Add(Multiply(Num(a.ToNumber()), x), Num(b.ToNumber())), Add(root, ga)));
            }
            // Real roots r₁, r₂: √Q = (x − r₁)·t, x = (a·r₂ − r₁·t²)/(a − t²).
            var discriminant = b * b - BigRational.FromInteger(4) * a * c;
            if (discriminant.Sign > 0)
            {
                var d = RationalSqrt(discriminant) is { } exact ? Num(exact.ToNumber()) : Sqrt(Num(discriminant.ToNumber()));
                var aE = Num(a.ToNumber());
                var r1 = Divide(Subtract(Num((-b).ToNumber()), d), Multiply(Num(2), aE));
                var r2 = Divide(Add(Num((-b).ToNumber()), d), Multiply(Num(2), aE));
                foreach (var (first, second) in new[] { (r1, r2), (r2, r1) })
                {
                    var inverse = Divide(Subtract(Multiply(aE, second), Multiply(first, Square(t))), Subtract(aE, Square(t)));
                    var shifted = Subtract(x, first);
                    yield return (inverse, Multiply(Subtract(inverse, first), t), Divide(root, shifted));
                }
            }
            // √a or √c irrational: the same substitutions, with coefficients the numeric partial fractions can carry.
            if (a.Sign > 0 && RationalSqrt(a) is null)
            {
                var al = Sqrt(Num(a.ToNumber()));
                var inverse = Divide(Subtract(Square(t), Num(c.ToNumber())), Add(Num(b.ToNumber()), Multiply(Num(2), al, t)));
                yield return (inverse, Subtract(t, Multiply(al, inverse)), Add(root, Multiply(al, x)));
            }
            if (c.Sign > 0 && RationalSqrt(c) is null)
            {
                var ga = Sqrt(Num(c.ToNumber()));
                var inverse = Divide(Subtract(Multiply(Num(2), ga, t), Num(b.ToNumber())), Subtract(Num(a.ToNumber()), Square(t)));
                yield return (inverse, Add(Multiply(inverse, t), ga), Divide(Add(Multiply(Num(a.ToNumber()), x), Num(b.ToNumber())), Add(root, ga)));
            }
        }

        private static BigRational? RationalSqrt(BigRational v)
        {
            if (v.Sign < 0) return null;
            var n = IntegerSqrt(v.Numerator);
            var d = IntegerSqrt(v.Denominator);
            if (n is null || d is null) return null;
            return BigRational.Create(n.Value, d.Value);
        }

        private static BigInteger? IntegerSqrt(BigInteger v)
        {
            if (v.Sign < 0) return null;
            if (v.IsZero) return BigInteger.Zero;
            var r = new BigInteger(Math.Sqrt((double)v));
            for (int i = 0; i < 4; i++)
            {
                if (r.IsZero) break;
                r = (r + v / r) / 2;
            }
            for (var k = r - 2; k <= r + 2; k++)
            {
                if (k.Sign >= 0 && k * k == v) return k;
            }
            return null;
        }
    }
}
