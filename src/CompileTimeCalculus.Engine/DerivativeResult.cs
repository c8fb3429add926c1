using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine
{
    public sealed class DerivativeResult
    {
        public DerivativeResult(int order, Expr derivative, EmittedBody body, string readable, int verifiedPoints)
        {
            Order = order;
            Derivative = derivative;
            Body = body;
            Readable = readable;
            VerifiedPoints = verifiedPoints;
        }

        public int Order { get; }
        public Expr Derivative { get; }
        public EmittedBody Body { get; }
        /// <summary>The derivative in readable math, for the doc comment.</summary>
        public string Readable { get; }
        /// <summary>How many probe points agreed with an independent finite-difference estimate.</summary>
        public int VerifiedPoints { get; }
    }
}
