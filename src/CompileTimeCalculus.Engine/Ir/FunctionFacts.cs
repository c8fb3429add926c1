using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Evaluation;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Ir
{
    /// <summary>The C# class that computes a function in emitted code.</summary>
    public enum FunctionLibrary
    {
        /// <summary><c>System.Math</c> (<c>MathF</c> in float code).</summary>
        Math,

        /// <summary>The runtime's <c>StableMath</c> (log1p, expm1, hypot).</summary>
        StableMath,

        /// <summary>The runtime's <c>SpecialFunctions</c> (<c>SpecialFunctionsF</c> in float code).</summary>
        SpecialFunctions,
    }

    /// <summary>How a function treats a negated argument: f(−u) = −f(u) (odd), f(−u) = f(u) (even), or neither.</summary>
    public enum Parity
    {
        None,
        Odd,
        Even,
    }

    /// <summary>The real arguments a function is defined for: one interval, each end open or closed.</summary>
    public sealed class ArgumentDomain
    {
        public static readonly ArgumentDomain Positive = new(0, true, double.PositiveInfinity, true);

        public ArgumentDomain(double low, bool lowOpen, double high, bool highOpen)
        {
            Low = low;
            LowOpen = lowOpen;
            High = high;
            HighOpen = highOpen;
        }

        public double Low { get; }
        public bool LowOpen { get; }
        public double High { get; }
        public bool HighOpen { get; }

        /// <summary>Whether no number of [lo, hi] is in the domain.</summary>
        public bool ExcludesAll(double lo, double hi) =>
            (LowOpen ? hi <= Low : hi < Low) || (HighOpen ? lo >= High : lo > High);

        public override string ToString() =>
            (LowOpen ? "(" : "[") + Bound(Low) + ", " + Bound(High) + (HighOpen ? ")" : "]");

        private static string Bound(double b) =>
            double.IsPositiveInfinity(b) ? "∞" : double.IsNegativeInfinity(b) ? "−∞" : b.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// What the parts of the engine need to know about a function, in one row: its arity, its name in readable math, the
    /// library that computes it (its C# member has the function's name there), its value as the emitted code computes it,
    /// its derivative, its parity and its domain. A new function gets a row here; the order of <see cref="Function"/>
    /// means nothing.
    /// </summary>
    public sealed class FunctionFacts
    {
        private static readonly FunctionFacts[] Table = Build();

        private FunctionFacts(
            Function function, int arity, string readable, FunctionLibrary library, Func<double, double, double> value,
            Func<Expr, Expr, Expr>? derivative, Parity parity, ArgumentDomain? domain)
        {
            Function = function;
            Arity = arity;
            Readable = readable;
            Library = library;
            Value = value;
            Derivative = derivative;
            Parity = parity;
            Domain = domain;
        }

        public Function Function { get; }
        public int Arity { get; }

        /// <summary>The name in readable math (doc comments, messages): arcsin, artanh, Li₂.</summary>
        public string Readable { get; }
        public FunctionLibrary Library { get; }

        /// <summary>The C# method that computes it in its library.</summary>
        public string Member => Function.ToString();

        /// <summary>The value at (u, v) as the emitted code computes it (v is NaN for a function of one argument).</summary>
        public Func<double, double, double> Value { get; }

        /// <summary>
        /// f′(u) for a function of one argument, given u and the call f(u) (tanh′ = 1 − tanh² reuses the call); null for
        /// functions of two arguments, which the differentiator takes apart itself, and for ψ′, whose derivative (the
        /// tetragamma function) the library does not have.
        /// </summary>
        public Func<Expr, Expr, Expr>? Derivative { get; }

        /// <summary>Of the function as the runtime computes it: Ci and Chi give the real part, Ci(|x|), for negative x.</summary>
        public Parity Parity { get; }

        /// <summary>Where a function of one argument is defined, when that is an interval short of the whole line.</summary>
        public ArgumentDomain? Domain { get; }

        public static FunctionFacts Of(Function function) => Table[(int)function];

        /// <summary>Every function's row, in the order of <see cref="Function"/>.</summary>
        public static IReadOnlyList<FunctionFacts> All => Table;

        /// <summary>The function whose C# member is <paramref name="member"/> with that many arguments, if any.</summary>
        public static FunctionFacts? Find(string member, int arity)
        {
            foreach (var row in Table)
            {
                if (row.Arity == arity && row.Member == member) return row;
            }
            return null;
        }

        private static FunctionFacts[] Build()
        {
            const FunctionLibrary math = FunctionLibrary.Math, stable = FunctionLibrary.StableMath, special = FunctionLibrary.SpecialFunctions;
            const Parity odd = Parity.Odd, even = Parity.Even;
            var unit = new ArgumentDomain(-1, false, 1, false);
            var rows = new[]
            {
                Unary(Function.Exp, "exp", math, Math.Exp, (u, c) => c),
                Unary(Function.Log, "ln", math, Math.Log, (u, c) => Reciprocal(u), domain: ArgumentDomain.Positive),
                Unary(Function.Sin, "sin", math, Math.Sin, (u, c) => Call(Function.Cos, u), odd),
                Unary(Function.Cos, "cos", math, Math.Cos, (u, c) => Negate(Call(Function.Sin, u)), even),
                Unary(Function.Tan, "tan", math, Math.Tan, (u, c) => Power(Call(Function.Cos, u), Num(-2)), odd),
                Unary(Function.Asin, "arcsin", math, Math.Asin, (u, c) => Power(Subtract(One, Square(u)), Rational(-1, 2)), odd, unit),
                Unary(Function.Acos, "arccos", math, Math.Acos, (u, c) => Negate(Power(Subtract(One, Square(u)), Rational(-1, 2))), domain: unit),
                Unary(Function.Atan, "arctan", math, Math.Atan, (u, c) => Reciprocal(Add(One, Square(u))), odd),
                Unary(Function.Sinh, "sinh", math, Math.Sinh, (u, c) => Call(Function.Cosh, u), odd),
                Unary(Function.Cosh, "cosh", math, Math.Cosh, (u, c) => Call(Function.Sinh, u), even),
                Unary(Function.Tanh, "tanh", math, Math.Tanh, (u, c) => Subtract(One, Square(c)), odd),
                Unary(Function.Asinh, "arsinh", math, Evaluator.Asinh, (u, c) => Power(Add(Square(u), One), Rational(-1, 2)), odd),
                Unary(Function.Acosh, "arcosh", math, Evaluator.Acosh, (u, c) => Power(Subtract(Square(u), One), Rational(-1, 2)),
                    domain: new ArgumentDomain(1, false, double.PositiveInfinity, true)),
                Unary(Function.Atanh, "artanh", math, Evaluator.Atanh, (u, c) => Reciprocal(Subtract(One, Square(u))), odd,
                    new ArgumentDomain(-1, true, 1, true)),
                Unary(Function.Abs, "abs", math, Math.Abs, (u, c) => Call(Function.Sign, u), even),
                Unary(Function.Sign, "sign", math, u => u > 0 ? 1 : u < 0 ? -1 : 0, Step, odd),
                Unary(Function.Cbrt, "cbrt", math, Evaluator.Cbrt, (u, c) => Multiply(Rational(1, 3), Power(c, Num(-2))), odd),
                Binary(Function.Atan2, "atan2", math, Math.Atan2),
                Binary(Function.Max, "max", math, Math.Max),
                Binary(Function.Min, "min", math, Math.Min),
                Unary(Function.Floor, "floor", math, Math.Floor, Step),
                Unary(Function.Ceiling, "ceiling", math, Math.Ceiling, Step),
                Unary(Function.Round, "round", math, Math.Round, Step),
                Unary(Function.Truncate, "truncate", math, Math.Truncate, Step),
                Unary(Function.Log1p, "log1p", stable, Evaluator.Log1p, (u, c) => Reciprocal(Add(One, u)),
                    domain: new ArgumentDomain(-1, true, double.PositiveInfinity, true)),
                Unary(Function.Expm1, "expm1", stable, Evaluator.Expm1, (u, c) => Exp(u)),
                Binary(Function.Hypot, "hypot", stable, Evaluator.Hypot),
                Binary(Function.LogAddExp, "logaddexp", stable, Evaluator.LogAddExp),
                Unary(Function.Erf, "erf", special, SpecialFunctions.Erf, (u, c) => Multiply(Num(2), Power(Pi, Rational(-1, 2)), Exp(Negate(Square(u)))), odd),
                Unary(Function.Erfc, "erfc", special, SpecialFunctions.Erfc, (u, c) => Multiply(Num(-2), Power(Pi, Rational(-1, 2)), Exp(Negate(Square(u))))),
                Unary(Function.Erfi, "erfi", special, SpecialFunctions.Erfi, (u, c) => Multiply(Num(2), Power(Pi, Rational(-1, 2)), Exp(Square(u))), odd),
                Unary(Function.ExpIntegralEi, "Ei", special, SpecialFunctions.ExpIntegralEi, (u, c) => Divide(Exp(u), u)),
                Unary(Function.SinIntegral, "Si", special, SpecialFunctions.SinIntegral, (u, c) => Divide(Call(Function.Sin, u), u), odd),
                Unary(Function.CosIntegral, "Ci", special, SpecialFunctions.CosIntegral, (u, c) => Divide(Call(Function.Cos, u), u), even),
                Unary(Function.SinhIntegral, "Shi", special, SpecialFunctions.SinhIntegral, (u, c) => Divide(Call(Function.Sinh, u), u), odd),
                Unary(Function.CoshIntegral, "Chi", special, SpecialFunctions.CoshIntegral, (u, c) => Divide(Call(Function.Cosh, u), u), even),
                Unary(Function.LogIntegral, "li", special, SpecialFunctions.LogIntegral, (u, c) => Reciprocal(Log(u)), domain: ArgumentDomain.Positive),
                Unary(Function.FresnelS, "S", special, SpecialFunctions.FresnelS, (u, c) => Call(Function.Sin, Multiply(Half, Pi, Square(u))), odd),
                Unary(Function.FresnelC, "C", special, SpecialFunctions.FresnelC, (u, c) => Call(Function.Cos, Multiply(Half, Pi, Square(u))), odd),
                Unary(Function.Dilogarithm, "Li₂", special, SpecialFunctions.Dilogarithm, (u, c) => Negate(Divide(Log(Subtract(One, u)), u)),
                    domain: new ArgumentDomain(double.NegativeInfinity, true, 1, false)),
                Unary(Function.Trilogarithm, "Li₃", special, SpecialFunctions.Trilogarithm, (u, c) => Divide(Call(Function.Dilogarithm, u), u),
                    domain: new ArgumentDomain(double.NegativeInfinity, true, 1, false)),
                Unary(Function.Tetralogarithm, "Li₄", special, SpecialFunctions.Tetralogarithm, (u, c) => Divide(Call(Function.Trilogarithm, u), u),
                    domain: new ArgumentDomain(double.NegativeInfinity, true, 1, false)),
                // Cl₂′ = −ln|2 sin(u/2)|, Cl₃′ = −Cl₂, Cl₄′ = Cl₃.
                Unary(Function.Clausen2, "Cl₂", special, SpecialFunctions.Clausen2,
                    (u, c) => Negate(Log(Call(Function.Abs, Multiply(Num(2), Call(Function.Sin, Multiply(Half, u)))))), odd),
                Unary(Function.Clausen3, "Cl₃", special, SpecialFunctions.Clausen3, (u, c) => Negate(Call(Function.Clausen2, u)), even),
                Unary(Function.Clausen4, "Cl₄", special, SpecialFunctions.Clausen4, (u, c) => Call(Function.Clausen3, u), odd),
                Binary(Function.EllipticF, "F", special, SpecialFunctions.EllipticF),
                Binary(Function.EllipticE, "E", special, SpecialFunctions.EllipticE),
                Binary(Function.DilogarithmRe, "Re Li₂", special, SpecialFunctions.DilogarithmRe),
                Binary(Function.DilogarithmIm, "Im Li₂", special, SpecialFunctions.DilogarithmIm),
                Binary(Function.TrilogarithmRe, "Re Li₃", special, SpecialFunctions.TrilogarithmRe),
                Binary(Function.TrilogarithmIm, "Im Li₃", special, SpecialFunctions.TrilogarithmIm),
                Binary(Function.TetralogarithmRe, "Re Li₄", special, SpecialFunctions.TetralogarithmRe),
                Binary(Function.TetralogarithmIm, "Im Li₄", special, SpecialFunctions.TetralogarithmIm),
                Binary(Function.LogarithmTailRe, "Re(Li₁ − z)", special, SpecialFunctions.LogarithmTailRe),
                Binary(Function.LogarithmTailIm, "Im(Li₁ − z)", special, SpecialFunctions.LogarithmTailIm),
                Binary(Function.DilogarithmTailRe, "Re(Li₂ − z)", special, SpecialFunctions.DilogarithmTailRe),
                Binary(Function.DilogarithmTailIm, "Im(Li₂ − z)", special, SpecialFunctions.DilogarithmTailIm),
                Binary(Function.TrilogarithmTailRe, "Re(Li₃ − z)", special, SpecialFunctions.TrilogarithmTailRe),
                Binary(Function.TrilogarithmTailIm, "Im(Li₃ − z)", special, SpecialFunctions.TrilogarithmTailIm),
                Binary(Function.TetralogarithmTailRe, "Re(Li₄ − z)", special, SpecialFunctions.TetralogarithmTailRe),
                Binary(Function.TetralogarithmTailIm, "Im(Li₄ − z)", special, SpecialFunctions.TetralogarithmTailIm),
                Binary(Function.FaddeevaRe, "Re w", special, SpecialFunctions.FaddeevaRe),
                Binary(Function.FaddeevaIm, "Im w", special, SpecialFunctions.FaddeevaIm),
                Binary(Function.ScaledKummerM, "e^(−z)·M", special, SpecialFunctions.ScaledKummerM),
                Binary(Function.ScaledUpperGamma, "G", special, SpecialFunctions.ScaledUpperGamma),
                Unary(Function.LogGamma, "ln Γ", special, SpecialFunctions.LogGamma, (u, c) => Call(Function.Digamma, u)),
                Unary(Function.Digamma, "ψ", special, SpecialFunctions.Digamma, (u, c) => Call(Function.Trigamma, u)),
                Unary(Function.Trigamma, "ψ′", special, SpecialFunctions.Trigamma, null),
                Unary(Function.NormalCdf, "Φ", special, SpecialFunctions.NormalCdf,
                    (u, c) => Multiply(Power(Multiply(Num(2), Pi), Rational(-1, 2)), Exp(Multiply(Rational(-1, 2), Square(u))))),
                // (ln Φ)′ = φ/Φ written as √(2/π)·e^(−u²/2) / erfc(−u/√2): the stable forms know this ratio far left (Mills).
                Unary(Function.LogNormalCdf, "ln Φ", special, SpecialFunctions.LogNormalCdf,
                    (u, c) => Multiply(Sqrt(Divide(Num(2), Pi)), Exp(Multiply(Rational(-1, 2), Square(u))),
                        Reciprocal(Call(Function.Erfc, Multiply(Negate(Power(Num(2), Rational(-1, 2))), u))))),
            };
            var table = new FunctionFacts[Enum.GetValues(typeof(Function)).Length];
            foreach (var row in rows) table[(int)row.Function] = row;
            for (int i = 0; i < table.Length; i++)
            {
                if (table[i] is null) throw new InvalidOperationException("No facts for function " + (Function)i + ".");
            }
            return table;
        }

        // Sign, floor, ceiling, round and truncate: derivative 0 where they are differentiable, 0 by convention at the jumps.
        private static Expr Step(Expr u, Expr call) => Zero;

        private static FunctionFacts Unary(
            Function function, string readable, FunctionLibrary library, Func<double, double> value, Func<Expr, Expr, Expr>? derivative,
            Parity parity = Parity.None, ArgumentDomain? domain = null) =>
            new(function, 1, readable, library, (u, _) => value(u), derivative, parity, domain);

        private static FunctionFacts Binary(Function function, string readable, FunctionLibrary library, Func<double, double, double> value) =>
            new(function, 2, readable, library, value, null, Parity.None, null);
    }
}
