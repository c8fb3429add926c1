using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Programs
{
    /// <summary>
    /// A statement of an adjoint (reverse-mode) program: what the emitted gradient method does, step by step. The engine
    /// interprets it to verify the gradient and prints it as C#, so what is verified is what is emitted.
    /// </summary>
    public abstract record AdjointStatement;

    /// <summary>
    /// Computes every value from the state before the group, then stores them: a scalar target is assigned, an element
    /// target (<see cref="AdjointEntry.Index"/> set) is added to. Values share subexpressions when printed.
    /// </summary>
    public sealed record AdjointGroup(ValueList<AdjointEntry> Entries) : AdjointStatement;

    public sealed record AdjointEntry(string Target, IntExpr? Index, Expr Value);

    /// <summary>Saves a variable's value on the tape (before it is overwritten).</summary>
    public sealed record PushStatement(string Variable) : AdjointStatement;

    /// <summary>Restores a variable's value from the tape.</summary>
    public sealed record PopStatement(string Variable) : AdjointStatement;

    public sealed record AdjointFor(string Counter, IntExpr Lower, IntExpr Upper, bool Descending, ValueList<AdjointStatement> Body) : AdjointStatement;

    /// <summary>Runs Then when the flag variable is non-zero (the branch the forward sweep took), else Else.</summary>
    public sealed record AdjointIf(string Flag, ValueList<AdjointStatement> Then, ValueList<AdjointStatement> Else) : AdjointStatement;

    /// <summary>Adds to the tape's length, in the statements that size the tape before the forward sweep.</summary>
    public sealed record TapeCount(IntExpr Amount) : AdjointStatement;

    /// <summary>
    /// The gradient of a program: the tape-sizing statements (empty when nothing is stored), the forward sweep (ending with
    /// the value and the adjoints of the result), then the backward sweep. Adjoints start at zero; array gradients are
    /// written to caller-supplied outputs, which start cleared.
    /// </summary>
    public sealed class AdjointProgram
    {
        public AdjointProgram(NormalizedProgram program, IReadOnlyList<string> scalars, IReadOnlyList<AdjointStatement> tapeSize,
            IReadOnlyList<AdjointStatement> statements, string valueName, IReadOnlyList<(string Parameter, string Adjoint)> scalarGradients,
            IReadOnlyList<(string Parameter, string Output)> arrayGradients, IReadOnlyCollection<string> integerNames, int pushes)
        {
            Program = program;
            Scalars = scalars;
            TapeSize = tapeSize;
            Statements = statements;
            ValueName = valueName;
            ScalarGradients = scalarGradients;
            ArrayGradients = arrayGradients;
            IntegerNames = integerNames;
            Pushes = pushes;
        }

        public NormalizedProgram Program { get; }

        /// <summary>Every scalar variable the method declares: locals, adjoints, branch flags and the value.</summary>
        public IReadOnlyList<string> Scalars { get; }
        public IReadOnlyList<AdjointStatement> TapeSize { get; }
        public IReadOnlyList<AdjointStatement> Statements { get; }
        public string ValueName { get; }

        /// <summary>Scalar parameters in the gradient and the variables holding their partial derivatives.</summary>
        public IReadOnlyList<(string Parameter, string Adjoint)> ScalarGradients { get; }

        /// <summary>Array parameters in the gradient and the names of their gradient outputs.</summary>
        public IReadOnlyList<(string Parameter, string Output)> ArrayGradients { get; }

        /// <summary>Names that hold integers in expressions (counters, int parameters, array lengths): printed as casts.</summary>
        public IReadOnlyCollection<string> IntegerNames { get; }

        /// <summary>How many statements push to the tape (0: no tape).</summary>
        public int Pushes { get; }
    }
}
