using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Ir
{
    /// <summary>Li_k(r·e^(iφ)) in real and imaginary parts as expressions, k = 0 … 4: elementary for k ≤ 1, library calls above.</summary>
    public static class PolarPolylogarithm
    {
        /// <summary>(Re Li_k(z), Im Li_k(z)) for z = r·e^(iφ).</summary>
        public static (Expr Re, Expr Im) Of(int k, Expr r, Expr phi)
        {
            switch (k)
            {
                case 0:
                {
                    // z/(1 − z) = (r cos φ − r² + i·r sin φ)/|1 − z|².
                    var cos = Call(Function.Cos, phi);
                    var distance = DistanceFromOneSquared(r, phi);
                    return (Divide(Subtract(Multiply(r, cos), Square(r)), distance), Divide(Multiply(r, Call(Function.Sin, phi)), distance));
                }
                case 1:
                {
                    // −ln(1 − z) = −½ ln|1 − z|² + i·arg(1 − z)⁻¹, the argument of 1 − z being atan2(−r sin φ, 1 − r cos φ).
                    var cos = Call(Function.Cos, phi);
                    var re = Multiply(Rational(-1, 2), Log(DistanceFromOneSquared(r, phi)));
                    var im = Call(Function.Atan2, Multiply(r, Call(Function.Sin, phi)), Subtract(One, Multiply(r, cos)));
                    return (re, im);
                }
                case 2: return (Call(Function.DilogarithmRe, r, phi), Call(Function.DilogarithmIm, r, phi));
                case 3: return (Call(Function.TrilogarithmRe, r, phi), Call(Function.TrilogarithmIm, r, phi));
                case 4: return (Call(Function.TetralogarithmRe, r, phi), Call(Function.TetralogarithmIm, r, phi));
                default: throw new System.ArgumentOutOfRangeException(nameof(k), k, "the library has Li₂ … Li₄");
            }
        }

        /// <summary>(Re(Li_k(z) − z), Im(Li_k(z) − z)) for z = r·e^(iφ), |z| ≤ 1: Li_k without its first term.</summary>
        public static (Expr Re, Expr Im) TailOf(int k, Expr r, Expr phi)
        {
            switch (k)
            {
                case 0:
                {
                    // z/(1 − z) − z = z²/(1 − z) = r²·e^(2iφ)·(1 − r cos φ + i·r sin φ)/|1 − z|².
                    var distance = DistanceFromOneSquared(r, phi);
                    var a = Subtract(One, Multiply(r, Call(Function.Cos, phi)));
                    var b = Multiply(r, Call(Function.Sin, phi));
                    var twice = Multiply(Num(2), phi);
                    var c = Call(Function.Cos, twice);
                    var d = Call(Function.Sin, twice);
                    var scale = Divide(Square(r), distance);
                    return (Multiply(scale, Subtract(Multiply(c, a), Multiply(d, b))), Multiply(scale, Add(Multiply(c, b), Multiply(d, a))));
                }
                case 1: return (Call(Function.LogarithmTailRe, r, phi), Call(Function.LogarithmTailIm, r, phi));
                case 2: return (Call(Function.DilogarithmTailRe, r, phi), Call(Function.DilogarithmTailIm, r, phi));
                case 3: return (Call(Function.TrilogarithmTailRe, r, phi), Call(Function.TrilogarithmTailIm, r, phi));
                case 4: return (Call(Function.TetralogarithmTailRe, r, phi), Call(Function.TetralogarithmTailIm, r, phi));
                default: throw new System.ArgumentOutOfRangeException(nameof(k), k, "the library has Li₁ … Li₄ less z");
            }
        }

        /// <summary>The order k of a library function of this family (2 for Re Li₂, Im Li₂ and the parts of Li₂ − z), or 0.</summary>
        public static int OrderOf(Function function) => function switch
        {
            Function.LogarithmTailRe or Function.LogarithmTailIm => 1,
            Function.DilogarithmRe or Function.DilogarithmIm or Function.DilogarithmTailRe or Function.DilogarithmTailIm => 2,
            Function.TrilogarithmRe or Function.TrilogarithmIm or Function.TrilogarithmTailRe or Function.TrilogarithmTailIm => 3,
            Function.TetralogarithmRe or Function.TetralogarithmIm or Function.TetralogarithmTailRe or Function.TetralogarithmTailIm => 4,
            _ => 0,
        };

        /// <summary>Whether the function is a part of Li_k(z) − z rather than of Li_k(z).</summary>
        public static bool IsTail(Function function) => function is Function.LogarithmTailRe or Function.LogarithmTailIm or Function.DilogarithmTailRe
            or Function.DilogarithmTailIm or Function.TrilogarithmTailRe or Function.TrilogarithmTailIm or Function.TetralogarithmTailRe or Function.TetralogarithmTailIm;

        /// <summary>Whether the function is a real part.</summary>
        public static bool IsRealPart(Function function) => function is Function.DilogarithmRe or Function.TrilogarithmRe or Function.TetralogarithmRe
            or Function.LogarithmTailRe or Function.DilogarithmTailRe or Function.TrilogarithmTailRe or Function.TetralogarithmTailRe;

        // |1 − z|² = 1 − 2r cos φ + r² = (1 − r)² + 4r·sin²(φ/2), the second without cancellation next to z = 1.
        private static Expr DistanceFromOneSquared(Expr r, Expr phi) =>
            Add(Square(Subtract(One, r)), Multiply(Num(4), r, Square(Call(Function.Sin, Multiply(Half, phi)))));
    }
}
