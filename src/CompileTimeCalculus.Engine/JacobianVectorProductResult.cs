using CompileTimeCalculus.Engine.Programs;

namespace CompileTimeCalculus.Engine
{
    /// <summary>A layer's Jacobian-vector product: the forward sweep that fills the output and its tangent, printed.</summary>
    public sealed class JacobianVectorProductResult
    {
        public JacobianVectorProductResult(AdjointProgram program, EmittedGradient code, int verifiedPoints)
        {
            Program = program;
            Code = code;
            VerifiedPoints = verifiedPoints;
        }

        public AdjointProgram Program { get; }
        public EmittedGradient Code { get; }

        /// <summary>How many random arguments and directions at which the tangent agreed with finite differences of the layer.</summary>
        public int VerifiedPoints { get; }
    }
}
