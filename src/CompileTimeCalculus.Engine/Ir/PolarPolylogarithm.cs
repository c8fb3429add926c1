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

        /// <summary>The order k of a library function of this family (2 for Re Li₂ and Im Li₂), or 0.</summary>
        public static int OrderOf(Function function) => function switch
        {
            Function.DilogarithmRe or Function.DilogarithmIm => 2,
            Function.TrilogarithmRe or Function.TrilogarithmIm => 3,
            Function.TetralogarithmRe or Function.TetralogarithmIm => 4,
            _ => 0,
        };

        // |1 − z|² = 1 − 2r cos φ + r² = (1 − r)² + 4r·sin²(φ/2), the second without cancellation next to z = 1.
        private static Expr DistanceFromOneSquared(Expr r, Expr phi) =>
            Add(Square(Subtract(One, r)), Multiply(Num(4), r, Square(Call(Function.Sin, Multiply(Half, phi)))));
    }
}
