using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine
{
    public sealed class GradientResult
    {
        public GradientResult(AdjointProgram adjoint, EmittedGradient code, int verifiedPartials)
        {
            Adjoint = adjoint;
            Code = code;
            VerifiedPartials = verifiedPartials;
        }

        public AdjointProgram Adjoint { get; }
        public EmittedGradient Code { get; }

        /// <summary>How many partial derivatives, at random arguments, agreed with finite differences of the source.</summary>
        public int VerifiedPartials { get; }
    }
}
