using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine
{
    /// <summary>A definite integral evaluated at build time.</summary>
    public sealed class DefiniteIntegralResult
    {
        public DefiniteIntegralResult(Expr value, EmittedBody body, double numeric, double errorEstimate, string method)
        {
            Value = value;
            Body = body;
            Numeric = numeric;
            ErrorEstimate = errorEstimate;
            Method = method;
        }

        /// <summary>The value as an expression (exact where the antiderivative gave it exactly; in the parameters if any).</summary>
        public Expr Value { get; }

        /// <summary>The value as C#, in the parameters other than the variable.</summary>
        public EmittedBody Body { get; }
        public double Numeric { get; }

        /// <summary>0 when computed from an antiderivative; the quadrature's error estimate otherwise.</summary>
        public double ErrorEstimate { get; }
        public string Method { get; }
    }
}
