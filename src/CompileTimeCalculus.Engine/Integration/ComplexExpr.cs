using System;
using System.Numerics;
using CompileTimeCalculus.Engine.Ir;
using static CompileTimeCalculus.Engine.Ir.Expr;

namespace CompileTimeCalculus.Engine.Integration
{
    /// <summary>A complex-valued expression as its real and imaginary parts, for rules whose answer is the real part of a complex one.</summary>
    internal readonly struct ComplexExpr
    {
        public ComplexExpr(Expr re, Expr im)
        {
            Re = re;
            Im = im;
        }

        public Expr Re { get; }
        public Expr Im { get; }

        public static ComplexExpr Zero => new(Expr.Zero, Expr.Zero);

        public static ComplexExpr Real(Expr e) => new(e, Expr.Zero);

        /// <summary>A numeric constant; parts below the last digit of the other (rounding noise of a real or imaginary value) are 0.</summary>
        public static ComplexExpr Constant(Complex c)
        {
            double size = Complex.Abs(c);
            double re = Math.Abs(c.Real) <= 1e-15 * size ? 0 : c.Real;
            double im = Math.Abs(c.Imaginary) <= 1e-15 * size ? 0 : c.Imaginary;
            return new(Num(re), Num(im));
        }

        public static ComplexExpr operator +(ComplexExpr a, ComplexExpr b) => new(Add(a.Re, b.Re), Add(a.Im, b.Im));

        public static ComplexExpr operator -(ComplexExpr a, ComplexExpr b) => new(Subtract(a.Re, b.Re), Subtract(a.Im, b.Im));

        public static ComplexExpr operator *(ComplexExpr a, ComplexExpr b) =>
            new(Subtract(Multiply(a.Re, b.Re), Multiply(a.Im, b.Im)), Add(Multiply(a.Re, b.Im), Multiply(a.Im, b.Re)));
    }
}
