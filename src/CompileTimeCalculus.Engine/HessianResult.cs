using System.Collections.Generic;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// The emitted body of a value, gradient and Hessian: results in the order value, ∂f/∂xᵢ (i = 0 … n − 1), then
    /// ∂²f/∂xᵢ∂xⱼ for i ≤ j row by row (the upper triangle).
    /// </summary>
    public sealed class HessianResult
    {
        public HessianResult(int dimension, EmittedBody body, IReadOnlyList<string> readable, int verifiedPoints)
        {
            Dimension = dimension;
            Body = body;
            Readable = readable;
            VerifiedPoints = verifiedPoints;
        }

        public int Dimension { get; }
        public EmittedBody Body { get; }

        /// <summary>Each emitted root in readable math, in the order of the body's results.</summary>
        public IReadOnlyList<string> Readable { get; }

        /// <summary>The fewest probe points at which any partial derivative agreed with finite differences.</summary>
        public int VerifiedPoints { get; }

        /// <summary>The index in the body's results of ∂²f/∂xᵢ∂xⱼ (either order).</summary>
        public int SecondIndex(int i, int j)
        {
            if (i > j) (i, j) = (j, i);
            // Rows 0 … i − 1 of the upper triangle hold n + (n − 1) + … entries before row i.
            return 1 + Dimension + i * Dimension - i * (i - 1) / 2 + (j - i);
        }
    }
}
