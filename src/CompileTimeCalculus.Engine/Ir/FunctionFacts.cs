using System;
using System.Collections.Generic;

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

    /// <summary>
    /// What the parts of the engine need to know about a function, in one row: its arity, its name in readable math, and
    /// the library that computes it (its C# member has the function's name there). A new function gets a row here; the
    /// order of <see cref="Function"/> means nothing.
    /// </summary>
    public sealed class FunctionFacts
    {
        private static readonly FunctionFacts[] Table = Build();

        private FunctionFacts(Function function, int arity, string readable, FunctionLibrary library)
        {
            Function = function;
            Arity = arity;
            Readable = readable;
            Library = library;
        }

        public Function Function { get; }
        public int Arity { get; }

        /// <summary>The name in readable math (doc comments, messages): arcsin, artanh, Li₂.</summary>
        public string Readable { get; }
        public FunctionLibrary Library { get; }

        /// <summary>The C# method that computes it in its library.</summary>
        public string Member => Function.ToString();

        public static FunctionFacts Of(Function function) => Table[(int)function];

        /// <summary>Every function's row, in the order of <see cref="Function"/>.</summary>
        public static IReadOnlyList<FunctionFacts> All => Table;

        private static FunctionFacts[] Build()
        {
            const FunctionLibrary math = FunctionLibrary.Math, stable = FunctionLibrary.StableMath, special = FunctionLibrary.SpecialFunctions;
            var rows = new[]
            {
                new FunctionFacts(Function.Exp, 1, "exp", math), new FunctionFacts(Function.Log, 1, "ln", math),
                new FunctionFacts(Function.Sin, 1, "sin", math), new FunctionFacts(Function.Cos, 1, "cos", math), new FunctionFacts(Function.Tan, 1, "tan", math),
                new FunctionFacts(Function.Asin, 1, "arcsin", math), new FunctionFacts(Function.Acos, 1, "arccos", math), new FunctionFacts(Function.Atan, 1, "arctan", math),
                new FunctionFacts(Function.Sinh, 1, "sinh", math), new FunctionFacts(Function.Cosh, 1, "cosh", math), new FunctionFacts(Function.Tanh, 1, "tanh", math),
                new FunctionFacts(Function.Asinh, 1, "arsinh", math), new FunctionFacts(Function.Acosh, 1, "arcosh", math), new FunctionFacts(Function.Atanh, 1, "artanh", math),
                new FunctionFacts(Function.Abs, 1, "abs", math), new FunctionFacts(Function.Sign, 1, "sign", math), new FunctionFacts(Function.Cbrt, 1, "cbrt", math),
                new FunctionFacts(Function.Atan2, 2, "atan2", math), new FunctionFacts(Function.Max, 2, "max", math), new FunctionFacts(Function.Min, 2, "min", math),
                new FunctionFacts(Function.Floor, 1, "floor", math), new FunctionFacts(Function.Ceiling, 1, "ceiling", math),
                new FunctionFacts(Function.Round, 1, "round", math), new FunctionFacts(Function.Truncate, 1, "truncate", math),
                new FunctionFacts(Function.Log1p, 1, "log1p", stable), new FunctionFacts(Function.Expm1, 1, "expm1", stable), new FunctionFacts(Function.Hypot, 2, "hypot", stable),
                new FunctionFacts(Function.Erf, 1, "erf", special), new FunctionFacts(Function.Erfc, 1, "erfc", special), new FunctionFacts(Function.Erfi, 1, "erfi", special),
                new FunctionFacts(Function.ExpIntegralEi, 1, "Ei", special), new FunctionFacts(Function.SinIntegral, 1, "Si", special),
                new FunctionFacts(Function.CosIntegral, 1, "Ci", special), new FunctionFacts(Function.SinhIntegral, 1, "Shi", special),
                new FunctionFacts(Function.CoshIntegral, 1, "Chi", special), new FunctionFacts(Function.LogIntegral, 1, "li", special),
                new FunctionFacts(Function.FresnelS, 1, "S", special), new FunctionFacts(Function.FresnelC, 1, "C", special),
                new FunctionFacts(Function.Dilogarithm, 1, "Li₂", special),
            };
            var table = new FunctionFacts[Enum.GetValues(typeof(Function)).Length];
            foreach (var row in rows) table[(int)row.Function] = row;
            for (int i = 0; i < table.Length; i++)
            {
                if (table[i] is null) throw new InvalidOperationException("No facts for function " + (Function)i + ".");
            }
            return table;
        }
    }
}
