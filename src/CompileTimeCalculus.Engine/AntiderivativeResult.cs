using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine
{
    public sealed class AntiderivativeResult
    {
        public AntiderivativeResult(Expr antiderivative, Expr emitted, EmittedBody body,
            string readable, IReadOnlyList<string> steps, int verifiedPoints, bool provenSymbolically, string? constantNote)
        {
            Antiderivative = antiderivative;
            Emitted = emitted;
            Body = body;
            Readable = readable;
            Steps = steps;
            VerifiedPoints = verifiedPoints;
            ProvenSymbolically = provenSymbolically;
            ConstantNote = constantNote;
        }

        /// <summary>The antiderivative as derived (the textbook form), with the constant of integration.</summary>
        public Expr Antiderivative { get; }

        /// <summary>The form that was verified and is emitted: the stable rewrite where it passed, else <see cref="Antiderivative"/>.</summary>
        public Expr Emitted { get; }
        public EmittedBody Body { get; }

        /// <summary>The antiderivative in readable math, for the doc comment.</summary>
        public string Readable { get; }

        /// <summary>The derivation, one step a line, the way a calculus textbook lays it out.</summary>
        public IReadOnlyList<string> Steps { get; }
        public int VerifiedPoints { get; }
        public bool ProvenSymbolically { get; }

        /// <summary>How the constant of integration was fixed, e.g. "F(−∞) = 0".</summary>
        public string? ConstantNote { get; }
    }
}
