using System;
using System.Collections.Generic;

namespace CompileTimeCalculus.Engine.Ir
{
    // The simplifier: every node is built here, so every tree is canonical. Sums and products are flat and sorted,
    // numbers are folded exactly, like terms and like bases are collected, neutral elements vanish.
    // Rules that would change a value where the input is defined are not applied (no (x^2)^(1/2) -> x).
    public abstract partial class Expr
    {
        public static readonly Expr Zero = new NumberExpr(Number.Zero);
        public static readonly Expr One = new NumberExpr(Number.One);
        public static readonly Expr MinusOne = new NumberExpr(Number.MinusOne);
        public static readonly Expr Half = new NumberExpr(Number.Half);
        public static readonly Expr Pi = new ConstantExpr(NamedConstant.Pi);
        public static readonly Expr E = new CallExpr(Function.Exp, new[] { One });

        public static Expr Num(Number value) =>
            value.IsZero ? Zero : value.IsOne && value.IsExact ? One : value.IsMinusOne && value.IsExact ? MinusOne : new NumberExpr(value);

        public static Expr Num(long value) => Num(Number.FromInteger(value));
        public static Expr Num(double value) => Num(Number.FromDouble(value));
        public static Expr Rational(long numerator, long denominator) => Num(Number.Rational(numerator, denominator));
        public static Expr Var(string name) => new VariableExpr(name);

        public static Expr Add(Expr a, Expr b) => Add(new[] { a, b });
        public static Expr Add(Expr a, Expr b, Expr c) => Add(new[] { a, b, c });
        public static Expr Subtract(Expr a, Expr b) => Add(a, Negate(b));
        public static Expr Negate(Expr a) => Multiply(MinusOne, a);
        public static Expr Multiply(Expr a, Expr b) => Multiply(new[] { a, b });
        public static Expr Multiply(Expr a, Expr b, Expr c) => Multiply(new[] { a, b, c });
        public static Expr Divide(Expr a, Expr b) => Multiply(a, Power(b, MinusOne));
        public static Expr Reciprocal(Expr a) => Power(a, MinusOne);
        public static Expr Square(Expr a) => Power(a, Num(2));
        public static Expr Sqrt(Expr a) => Power(a, Half);
        public static Expr Exp(Expr a) => Call(Function.Exp, a);
        public static Expr Log(Expr a) => Call(Function.Log, a);

        public static Expr Add(IReadOnlyList<Expr> operands)
        {
            var constant = Number.Zero;
            var coefficients = new Dictionary<Expr, Number>();
            var order = new List<Expr>();
            foreach (var operand in operands)
            {
                if (operand is SumExpr inner)
                {
                    foreach (var t in inner.Terms) Collect(t);
                }
                else
                {
                    Collect(operand);
                }
            }

            // a·u + a·|u| = 2a·max(u, 0) and a·u − a·|u| = 2a·min(u, 0): one form for one function, so that ReLU written as
            // (x + |x|)/2 has the same derivative at 0 as Max(x, 0) and x > 0 ? x : 0.
            for (int i = 0; i < order.Count; i++)
            {
                if (order[i] is not CallExpr { Function: Function.Abs } abs || !coefficients.TryGetValue(abs.Argument, out var linear)) continue;
                var absolute = coefficients[order[i]];
                if (absolute.IsZero || linear.IsZero) continue;
                bool same = linear.Equals(absolute), opposite = linear.Equals(-absolute);
                if (!same && !opposite) continue;
                var extreme = Call(same ? Function.Max : Function.Min, abs.Argument, Zero);
                coefficients[order[i]] = Number.Zero;
                coefficients[abs.Argument] = Number.Zero;
                if (coefficients.TryGetValue(extreme, out var existing)) coefficients[extreme] = existing + linear * Number.FromInteger(2);
                else
                {
                    coefficients.Add(extreme, linear * Number.FromInteger(2));
                    order.Add(extreme);
                }
            }

            var terms = new List<Expr>(order.Count + 1);
            if (!constant.IsZero) terms.Add(Num(constant));
            foreach (var rest in order)
            {
                var c = coefficients[rest];
                if (c.IsZero) continue;
                terms.Add(WithCoefficient(c, rest));
            }

            if (terms.Count == 0) return Zero;
            if (terms.Count == 1) return terms[0];
            SortCanonically(terms);
            return new SumExpr(terms.ToArray());

            void Collect(Expr term)
            {
                if (term is NumberExpr n)
                {
                    constant += n.Value;
                    return;
                }
                var (c, rest) = SplitCoefficient(term);
                if (coefficients.TryGetValue(rest, out var existing))
                {
                    coefficients[rest] = existing + c;
                }
                else
                {
                    coefficients.Add(rest, c);
                    order.Add(rest);
                }
            }
        }

        /// <summary>
        /// Sorts operands into canonical order. List.Sort wraps a comparer's exception in InvalidOperationException; the
        /// comparison of very deep trees runs out of stack, and that must surface as the engine's own limit, which every
        /// entry point turns into a diagnostic.
        /// </summary>
        private static void SortCanonically(List<Expr> items)
        {
            try
            {
                items.Sort();
            }
            catch (InvalidOperationException e) when (e.InnerException is InsufficientExecutionStackException or ExpressionLimitException)
            {
                throw new ExpressionLimitException("the expression is nested too deeply to process safely");
            }
        }

        /// <summary>Splits <c>3*x*y</c> into (3, x*y) and <c>x</c> into (1, x).</summary>
        public static (Number Coefficient, Expr Term) SplitCoefficient(Expr term)
        {
            if (term is NumberExpr n) return (n.Value, One);
            if (term is ProductExpr p && p.Factors[0] is NumberExpr c)
            {
                if (p.Factors.Count == 2) return (c.Value, p.Factors[1]);
                var rest = new Expr[p.Factors.Count - 1];
                for (int i = 1; i < p.Factors.Count; i++) rest[i - 1] = p.Factors[i];
                return (c.Value, new ProductExpr(rest));
            }
            return (Number.One, term);
        }

        private static Expr WithCoefficient(Number c, Expr rest)
        {
            if (c.IsOne && c.IsExact) return rest;
            if (rest is ProductExpr p)
            {
                var factors = new Expr[p.Factors.Count + 1];
                factors[0] = Num(c);
                for (int i = 0; i < p.Factors.Count; i++) factors[i + 1] = p.Factors[i];
                return new ProductExpr(factors);
            }
            return rest is SumExpr ? Multiply(Num(c), rest) : new ProductExpr(new[] { Num(c), rest });
        }

        public static Expr Multiply(IReadOnlyList<Expr> operands)
        {
            var coefficient = Number.One;
            var exponents = new Dictionary<Expr, List<Expr>>();
            var order = new List<Expr>();
            var expArguments = new List<Expr>();
            foreach (var operand in operands)
            {
                if (operand is ProductExpr inner)
                {
                    foreach (var f in inner.Factors) Collect(f);
                }
                else
                {
                    Collect(operand);
                }
            }

            if (coefficient.IsZero && coefficient.IsExact) return Zero;
            MergeMultiplesOfSums();

            var factors = new List<Expr>(order.Count + 1);
            if (expArguments.Count > 0) AddFactor(Exp(Add(expArguments)));
            foreach (var b in order)
            {
                var list = exponents[b];
                AddFactor(Power(b, list.Count == 1 ? list[0] : Add(list)));
            }

            if (factors.Count == 0) return Num(coefficient);
            if (factors.Count == 1 && coefficient.IsOne && coefficient.IsExact) return factors[0];
            if (factors.Count == 1 && factors[0] is SumExpr sum)
            {
                // A number times a single sum is distributed, so like terms meet: 2(x + 1) - 2 -> 2x.
                var distributed = new Expr[sum.Terms.Count];
                for (int i = 0; i < distributed.Length; i++) distributed[i] = Multiply(Num(coefficient), sum.Terms[i]);
                return Add(distributed);
            }

            SortCanonically(factors);
            if (!(coefficient.IsOne && coefficient.IsExact)) factors.Insert(0, Num(coefficient));
            return new ProductExpr(factors.ToArray());

            void Collect(Expr factor)
            {
                switch (factor)
                {
                    case NumberExpr n:
                        coefficient *= n.Value;
                        return;
                    case CallExpr { Function: Function.Exp } e when !e.Equals(E):
                        expArguments.Add(e.Argument);
                        return;
                    case PowerExpr p:
                        Remember(p.Base, p.Exponent);
                        return;
                    default:
                        Remember(factor, One);
                        return;
                }
            }

            // (1 − ln x)/(2·ln x − 2) = −1/2: a sum under integer powers joins a multiple of itself, (r·S)^k = r^k·S^k.
            void MergeMultiplesOfSums()
            {
                int sums = 0;
                foreach (var b in order) if (b is SumExpr) sums++;
                // Quadratic in the number of sums: products of many sums (hostile input) are left as they are.
                if (sums < 2 || sums > 16) return;
                for (int i = 0; i < order.Count; i++)
                {
                    if (order[i] is not SumExpr a) continue;
                    for (int j = order.Count - 1; j > i; j--)
                    {
                        if (order[j] is not SumExpr b || b.Terms.Count != a.Terms.Count || !IntegerExponents(exponents[b], out long total)) continue;
                        if (MultipleOf(a, b) is not { } ratio || Number.Power(ratio, Number.FromInteger(total)) is not { IsExact: true } scale) continue;
                        coefficient *= scale;
                        exponents[a].AddRange(exponents[b]);
                        exponents.Remove(b);
                        order.RemoveAt(j);
                    }
                }
            }

            void Remember(Expr b, Expr exponent)
            {
                if (exponents.TryGetValue(b, out var list))
                {
                    list.Add(exponent);
                }
                else
                {
                    exponents.Add(b, new List<Expr> { exponent });
                    order.Add(b);
                }
            }

            void AddFactor(Expr f)
            {
                switch (f)
                {
                    case NumberExpr n:
                        coefficient *= n.Value;
                        break;
                    case ProductExpr p:
                        foreach (var g in p.Factors)
                        {
                            if (g is NumberExpr gn) coefficient *= gn.Value;
                            else factors.Add(g);
                        }
                        break;
                    default:
                        factors.Add(f);
                        break;
                }
            }
        }

        public static Expr Power(Expr b, Expr e)
        {
            if (e is NumberExpr en)
            {
                if (en.Value.IsZero) return One;
                if (en.Value.IsOne && en.Value.IsExact) return b;
            }

            if (b is NumberExpr bn)
            {
                if (bn.Value.IsOne && bn.Value.IsExact) return One;
                if (e is NumberExpr en2)
                {
                    var folded = Number.Power(bn.Value, en2.Value);
                    if (folded.HasValue) return Num(folded.Value);
                }
            }

            if (e is NumberExpr { Value.IsInteger: true } integer)
            {
                switch (b)
                {
                    case PowerExpr inner:
                        return Power(inner.Base, Multiply(inner.Exponent, e));
                    case ProductExpr product:
                        var raised = new Expr[product.Factors.Count];
                        for (int i = 0; i < raised.Length; i++) raised[i] = Power(product.Factors[i], e);
                        return Multiply(raised);
                }
                _ = integer;
            }

            if (b is CallExpr { Function: Function.Exp } exp && !exp.Equals(E)) return Exp(Multiply(exp.Argument, e));

            // A fractional power is only defined for a base ≥ 0 (as Math.Pow), where (y^a)^r = y^(a·r): √(y^(3/2))^… folds.
            if (e is NumberExpr { Value.IsExact: true } outer && b is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } a } } fractional)
                return Power(fractional.Base, Num(a * outer.Value));

            if (e is NumberExpr { Value.IsExact: true } rational)
            {
                // (p/q)^r = p^r · q^(−r): one canonical base per prime-ish integer, so √(1/2)·√2 = 1.
                if (b is NumberExpr { Value: { IsExact: true, IsInteger: false, IsNegative: false } fraction })
                    return Multiply(Power(Num(fraction.Numerator), e), Power(Num(fraction.Denominator), Num(-rational.Value)));
                // (c·u)^r = c^r · u^r for constant factors c > 0 (numbers, π): √(2π)·... combines with √π elsewhere.
                if (b is ProductExpr product && SplitPositiveConstants(product) is var (constants, others) && constants.Count > 0)
                {
                    var factors = new List<Expr>(constants.Count + 1);
                    foreach (var c in constants) factors.Add(Power(c, e));
                    factors.Add(Power(Multiply(others), e));
                    return Multiply(factors);
                }
            }
            return new PowerExpr(b, e);
        }

        private static (List<Expr> Constants, List<Expr> Others) SplitPositiveConstants(ProductExpr product)
        {
            var constants = new List<Expr>();
            var rest = new List<Expr>();
            foreach (var f in product.Factors)
            {
                bool positive = f is NumberExpr { Value: { IsNegative: false, IsZero: false } } || f is ConstantExpr
                    || f is PowerExpr { Base: ConstantExpr or NumberExpr { Value.IsNegative: false } };
                (positive ? constants : rest).Add(f);
            }
            return (constants, rest);
        }

        /// <summary>A user function (or its derivative with the multi-index <paramref name="index"/>) at the arguments.</summary>
        public static Expr UserCall(UserFunction function, IReadOnlyList<int> index, params Expr[] arguments)
        {
            if (arguments.Length != function.Arity) throw new ArgumentException($"{function.Display} takes {function.Arity} argument(s).");
            var sorted = new int[index.Count];
            for (int i = 0; i < sorted.Length; i++) sorted[i] = index[i];
            Array.Sort(sorted);
            return new UserCallExpr(function, sorted, arguments);
        }

        public static Expr Call(Function function, params Expr[] arguments)
        {
            if (arguments.Length != Arity(function)) throw new ArgumentException($"{function} takes {Arity(function)} argument(s).");
            var u = arguments[0];
            // Values at 0 and ±1 that a limit or a lower bound leaves behind (erf(0) from F(0), arcsin(1) from F(1)).
            if (u.Equals(Zero) && function == Function.Erfc) return One;
            if (function == Function.Asin && (u.Equals(One) || u.Equals(MinusOne))) return Multiply(Num(u.Equals(One) ? 1 : -1), Divide(Pi, Num(2)));
            if (function == Function.Acos && u.Equals(One)) return Zero;
            switch (function)
            {
                case Function.Exp:
                    if (u.Equals(Zero)) return One;
                    if (u is CallExpr { Function: Function.Log } log) return log.Argument;
                    if (InverseComposition(function, u) is { } expInverse) return expInverse;
                    break;
                case Function.Log:
                    if (u.Equals(One)) return Zero;
                    if (u is CallExpr { Function: Function.Exp } exp) return exp.Argument;
                    // ln 4 = 2·ln 2, so 4^x and 2^x are recognized as powers of one exponential.
                    if (u is NumberExpr { Value: { IsExact: true, IsInteger: true } whole } && whole.Denominator == 1 && PerfectPower(whole.Numerator) is { } perfect)
                        return Multiply(Num(perfect.Exponent), Call(function, Num(perfect.Base)));
                    break;
                case Function.Log1p:
                case Function.Expm1:
                    if (u.Equals(Zero)) return Zero;
                    break;
                case Function.Sin:
                case Function.Tan:
                case Function.Sinh:
                case Function.Tanh:
                    if (function == Function.Sin && QuarterTurns(u) is { } sinTurns) return Num(new[] { 0, 1, 0, -1 }[sinTurns]);
                    if (InverseComposition(function, u) is { } inverse) return inverse;
                    break;
                case Function.Cbrt:
                    // ∛(y^a) = y^(a/3) where y^a needs y ≥ 0 (a fractional).
                    if (u is PowerExpr { Exponent: NumberExpr { Value: { IsExact: true, IsInteger: false } cubed } } root)
                        return Power(root.Base, Num(cubed / Number.FromInteger(3)));
                    break;
                case Function.Cos:
                case Function.Cosh:
                    if (function == Function.Cos && QuarterTurns(u) is { } cosTurns) return Num(new[] { 1, 0, -1, 0 }[cosTurns]);
                    if (InverseComposition(function, u) is { } evenInverse) return evenInverse;
                    if (u.Equals(Zero)) return One;
                    break;
                case Function.Abs:
                    if (u is NumberExpr n) return Num(n.Value.IsNegative ? -n.Value : n.Value);
                    if (IsPositiveByForm(u, 4)) return u;
                    if (u is CallExpr { Function: Function.Abs }) return u;
                    break;
                case Function.Sign:
                    if (u is NumberExpr s) return Num(s.Value.IsZero ? 0 : s.Value.IsNegative ? -1 : 1);
                    // sign(x³) = sign(x): an odd integer power keeps the sign (and the zero) of its base.
                    if (u is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } odd } } oddPower && odd.Numerator % 2 != 0 && odd.Denominator == 1)
                        return Call(function, oddPower.Base);
                    break;
                case Function.Max:
                case Function.Min:
                    if (u.Equals(arguments[1])) return u;
                    // Absorption: max(a, min(a, b)) = a and min(a, max(a, b)) = a (the inner call's kink is no kink of the whole).
                    if (Absorbs(function, u, arguments[1])) return u;
                    if (Absorbs(function, arguments[1], u)) return arguments[1];
                    if (Repeats(function, u, arguments[1])) return arguments[1];
                    if (Repeats(function, arguments[1], u)) return u;
                    if (u is NumberExpr a && arguments[1] is NumberExpr b && a.Value.IsFinite && b.Value.IsFinite)
                        return (a.Value.CompareTo(b.Value) >= 0) == (function == Function.Max) ? u : arguments[1];
                    break;
            }
            // f(0) = 0 for an odd f; f(−u) = −f(u) or f(u) by parity, so a sign moves out of the call.
            var parity = FunctionFacts.Of(function).Parity;
            if (parity == Parity.Odd && u.Equals(Zero)) return Zero;
            if (parity != Parity.None && IsNegated(u, out var positive)) return parity == Parity.Odd ? Negate(Call(function, positive)) : Call(function, positive);
            return new CallExpr(function, arguments);
        }

        /// <summary>n mod 4 when u = n·π/2 exactly (π, π/2, −3π/2 ...), where sin and cos are 0 or ±1; else null.</summary>
        private static int? QuarterTurns(Expr u)
        {
            Number q;
            if (u.Equals(Pi)) q = Number.One;
            else if (u is ProductExpr { Factors.Count: 2 } p && p.Factors[0] is NumberExpr { Value: { IsExact: true } c } && p.Factors[1].Equals(Pi)) q = c;
            else return null;
            var twice = q * Number.FromInteger(2);
            if (!twice.IsExact || !twice.IsInteger || twice.Denominator != 1 || Math.Abs(twice.Numerator) > 1L << 40) return null;
            return (int)(((twice.Numerator % 4) + 4) % 4);
        }

        private static bool IntegerExponents(List<Expr> exponents, out long total)
        {
            total = 0;
            foreach (var e in exponents)
            {
                if (e is not NumberExpr { Value: { IsExact: true, IsInteger: true } k } || k.Denominator != 1) return false;
                total += k.Numerator;
            }
            return true;
        }

        /// <summary>
        /// The number r with b = r·a term by term (same number of terms, a few at most), or null. Compares coefficients
        /// and the remaining factors without building trees: this runs inside Multiply.
        /// </summary>
        private static Number? MultipleOf(SumExpr a, SumExpr b)
        {
            if (a.Terms.Count > 8) return null;
            Number? ratio = null;
            foreach (var u in b.Terms)
            {
                var (d, uFactors, uSkip) = Coefficient(u);
                bool found = false;
                foreach (var t in a.Terms)
                {
                    var (c, tFactors, tSkip) = Coefficient(t);
                    if (c.IsZero || !c.IsExact || !d.IsExact || !SameFactors(tFactors, tSkip, uFactors, uSkip)) continue;
                    var r = d / c;
                    if (ratio is { } known && !known.Equals(r)) return null;
                    ratio = r;
                    found = true;
                    break;
                }
                if (!found) return null;
            }
            return ratio;

            static (Number, IReadOnlyList<Expr>, int) Coefficient(Expr e) => e switch
            {
                NumberExpr n => (n.Value, Array.Empty<Expr>(), 0),
                ProductExpr p when p.Factors[0] is NumberExpr k => (k.Value, p.Factors, 1),
                ProductExpr p => (Number.One, p.Factors, 0),
                _ => (Number.One, new[] { e }, 0),
            };

            static bool SameFactors(IReadOnlyList<Expr> a, int aSkip, IReadOnlyList<Expr> b, int bSkip)
            {
                if (a.Count - aSkip != b.Count - bSkip) return false;
                for (int i = 0; i < a.Count - aSkip; i++) if (!a[i + aSkip].Equals(b[i + bSkip])) return false;
                return true;
            }
        }

        /// <summary>n = b^k with k ≥ 2 as large as possible (b smallest), for 4 ≤ n ≤ 2⁴⁰; else null.</summary>
        private static (long Base, long Exponent)? PerfectPower(long n)
        {
            if (n < 4 || n > 1L << 40) return null;
            for (int k = 40; k >= 2; k--)
            {
                long b = (long)Math.Round(Math.Pow(n, 1.0 / k));
                for (long c = Math.Max(2, b - 1); c <= b + 1; c++)
                {
                    long power = 1;
                    for (int i = 0; i < k && power <= n; i++) power *= c;
                    if (power == n) return (c, k);
                }
            }
            return null;
        }

        private static bool Absorbs(Function outer, Expr kept, Expr other) =>
            other is CallExpr { Function: Function.Max or Function.Min } inner && inner.Function != outer
            && (inner.Arguments[0].Equals(kept) || inner.Arguments[1].Equals(kept));

        /// <summary>max(a, max(a, b)) = max(a, b): the outer argument already inside the inner call of the same kind.</summary>
        private static bool Repeats(Function outer, Expr repeated, Expr other) =>
            other is CallExpr inner && inner.Function == outer && (inner.Arguments[0].Equals(repeated) || inner.Arguments[1].Equals(repeated));

        /// <summary>Positive for every input by its form alone (1 + e^x, x² + 1, cosh x): a cheap check for the factories.</summary>
        private static bool IsPositiveByForm(Expr e, int depth)
        {
            if (depth == 0) return false;
            switch (e)
            {
                case NumberExpr n: return n.Value.Value > 0;
                case ConstantExpr: return true;
                case CallExpr { Function: Function.Exp or Function.Cosh }: return true;
                case PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } k } } when k.Numerator % 2 == 0: return false; // x² is 0 at 0
                case PowerExpr p: return IsPositiveByForm(p.Base, depth - 1);
                case ProductExpr product:
                    foreach (var f in product.Factors) if (!IsPositiveByForm(f, depth - 1)) return false;
                    return true;
                case SumExpr sum:
                {
                    // Positive terms plus non-negative ones (even powers), at least one strictly positive.
                    bool strictly = false;
                    foreach (var t in sum.Terms)
                    {
                        if (IsPositiveByForm(t, depth - 1)) strictly = true;
                        else if (!IsNonNegativeByForm(t, depth - 1)) return false;
                    }
                    return strictly;
                }
                default: return false;
            }
        }

        private static bool IsNonNegativeByForm(Expr e, int depth) =>
            IsPositiveByForm(e, depth) || e is PowerExpr { Exponent: NumberExpr { Value: { IsInteger: true } k } } && k.Numerator % 2 == 0 && k.Numerator > 0
            || e is CallExpr { Function: Function.Abs }
            || e is ProductExpr { Factors: var fs } && fs.Count == 2 && fs[0] is NumberExpr { Value.IsNegative: false } && IsNonNegativeByForm(fs[1], depth - 1);

        /// <summary>
        /// f(g(y)) for g an inverse trigonometric or hyperbolic function, where it is algebraic in y on g's whole domain:
        /// sin(arcsin y) = y, cos(arcsin y) = √(1 − y²), e^(arsinh y) = y + √(y² + 1), ... (back-substitution after x = sin t).
        /// </summary>
        private static Expr? InverseComposition(Function f, Expr u)
        {
            if (u is not CallExpr { Arguments.Count: 1 } inner) return null;
            var y = inner.Argument;
            var oneMinus = Sqrt(Subtract(One, Square(y)));
            var onePlus = Sqrt(Add(Square(y), One));
            return (f, inner.Function) switch
            {
                (Function.Sin, Function.Asin) => y,
                (Function.Cos, Function.Asin) => oneMinus,
                (Function.Tan, Function.Asin) => Divide(y, oneMinus),
                (Function.Cos, Function.Acos) => y,
                (Function.Sin, Function.Acos) => oneMinus,
                (Function.Tan, Function.Acos) => Divide(oneMinus, y),
                (Function.Tan, Function.Atan) => y,
                (Function.Sin, Function.Atan) => Divide(y, onePlus),
                (Function.Cos, Function.Atan) => Reciprocal(onePlus),
                (Function.Sinh, Function.Asinh) => y,
                (Function.Cosh, Function.Asinh) => onePlus,
                (Function.Tanh, Function.Asinh) => Divide(y, onePlus),
                (Function.Exp, Function.Asinh) => Add(y, onePlus),
                (Function.Cosh, Function.Acosh) => y,
                (Function.Sinh, Function.Acosh) => Multiply(Sqrt(Subtract(y, One)), Sqrt(Add(y, One))),
                (Function.Exp, Function.Acosh) => Add(y, Multiply(Sqrt(Subtract(y, One)), Sqrt(Add(y, One)))),
                (Function.Tanh, Function.Atanh) => y,
                (Function.Cosh, Function.Atanh) => Power(Subtract(One, Square(y)), Rational(-1, 2)),
                (Function.Sinh, Function.Atanh) => Multiply(y, Power(Subtract(One, Square(y)), Rational(-1, 2))),
                (Function.Exp, Function.Atanh) => Multiply(Sqrt(Add(One, y)), Power(Subtract(One, y), Rational(-1, 2))),
                _ => null,
            };
        }

        public static int Arity(Function function) => FunctionFacts.Of(function).Arity;

        /// <summary>True when <paramref name="e"/> is a negative number or has a negative coefficient; <paramref name="positive"/> is −e.</summary>
        public static bool IsNegated(Expr e, out Expr positive)
        {
            if (e is NumberExpr { Value.IsNegative: true } n)
            {
                positive = Num(-n.Value);
                return true;
            }
            if (e is ProductExpr product && product.Factors[0] is NumberExpr { Value.IsNegative: true })
            {
                positive = Negate(e);
                return true;
            }
            positive = e;
            return false;
        }

        /// <summary>The same kind of node over new children, rebuilt through the simplifying factories.</summary>
        public static Expr Rebuild(Expr e, Expr[] children) => e switch
        {
            SumExpr => Add(children),
            ProductExpr => Multiply(children),
            PowerExpr => Power(children[0], children[1]),
            CallExpr c => Call(c.Function, children),
            UserCallExpr u => UserCall(u.Function, u.Index, children),
            ConditionalExpr => Conditional(children[0], children[1], children[2]),
            ComparisonExpr c => Compare(c.Operator, children[0], children[1]),
            LogicalExpr l => l.Operator == LogicalOperator.Not ? Not(children[0]) : l.Operator == LogicalOperator.And ? And(children[0], children[1]) : Or(children[0], children[1]),
            _ => e,
        };

        public static Expr Conditional(Expr test, Expr whenTrue, Expr whenFalse)
        {
            if (whenTrue.Equals(whenFalse)) return whenTrue;
            // A test between exact numbers (a constant substituted into a two-branch form) decides the branch now.
            if (test is ComparisonExpr { Left: NumberExpr { Value.IsExact: true } left, Right: NumberExpr { Value.IsExact: true } right } comparison)
            {
                int order = left.Value.CompareTo(right.Value);
                bool holds = comparison.Operator switch
                {
                    ComparisonOperator.Less => order < 0,
                    ComparisonOperator.LessOrEqual => order <= 0,
                    ComparisonOperator.Greater => order > 0,
                    ComparisonOperator.GreaterOrEqual => order >= 0,
                    ComparisonOperator.Equal => order == 0,
                    _ => order != 0,
                };
                return holds ? whenTrue : whenFalse;
            }
            return new ConditionalExpr(test, whenTrue, whenFalse);
        }

        public static Expr Compare(ComparisonOperator op, Expr left, Expr right)
        {
            // −u ≤ 0 reads better as u ≥ 0.
            if (right.Equals(Zero) && IsNegated(left, out var positive) && left is not NumberExpr)
                return new ComparisonExpr(Mirror(op), positive, Zero);
            return new ComparisonExpr(op, left, right);
        }

        private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Less => ComparisonOperator.Greater,
            ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
            ComparisonOperator.Greater => ComparisonOperator.Less,
            ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
            _ => op,
        };
        public static Expr And(Expr a, Expr b) => new LogicalExpr(LogicalOperator.And, new[] { a, b });
        public static Expr Or(Expr a, Expr b) => new LogicalExpr(LogicalOperator.Or, new[] { a, b });
        public static Expr Not(Expr a) => new LogicalExpr(LogicalOperator.Not, new[] { a });
    }
}
