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
    /// Computes every value from the state before the group, then stores them: a scalar target is assigned; an element
    /// target (<see cref="AdjointEntry.Index"/> set) is assigned when <see cref="AdjointEntry.Assign"/>, else added to, and
    /// all element assignments happen before the additions (so an addition to the element just assigned adds to the new
    /// value). Values share subexpressions when printed.
    /// </summary>
    public sealed record AdjointGroup(ValueList<AdjointEntry> Entries) : AdjointStatement;

    public sealed record AdjointEntry(string Target, IntExpr? Index, Expr Value, bool Assign = false);

    /// <summary>Saves a variable's value, or a buffer element's (its name is the element read's), on the tape before it is overwritten.</summary>
    public sealed record PushStatement(string Variable) : AdjointStatement;

    /// <summary>Restores a variable's or a buffer element's value from the tape.</summary>
    public sealed record PopStatement(string Variable) : AdjointStatement;

    /// <summary>Sets every element of a buffer to zero (a buffer declared in a loop, and its adjoint).</summary>
    public sealed record ClearStatement(string Buffer) : AdjointStatement;

    /// <summary>A local buffer of the gradient method: one the source declares, or the adjoint of one.</summary>
    public sealed record AdjointBuffer(string Name, IntExpr Length);

    /// <summary>
    /// A loop over Lower ≤ Counter &lt; Upper, descending or not; with <see cref="StopWhenZero"/>, the loop ends before an
    /// iteration that starts with that variable 0 (a break's running flag: such an iteration, and every one after it, would
    /// change nothing, see <see cref="LoopExits"/>).
    /// </summary>
    public sealed record AdjointFor(string Counter, IntExpr Lower, IntExpr Upper, bool Descending, ValueList<AdjointStatement> Body, string? StopWhenZero = null) : AdjointStatement;

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
            IReadOnlyList<(string Parameter, string Output)> arrayGradients, IReadOnlyCollection<string> integerNames, int pushes,
            IReadOnlyList<AdjointBuffer> buffers, IReadOnlyList<ElementRead> elements)
        {
            Buffers = buffers;
            Elements = elements;
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

        /// <summary>The local buffers, declared at the top with their lengths and zeroed: the source's, then the adjoints.</summary>
        public IReadOnlyList<AdjointBuffer> Buffers { get; }

        /// <summary>Every element read the statements name: the source's and those of adjoint buffers and element pushes.</summary>
        public IReadOnlyList<ElementRead> Elements { get; }

        /// <summary>How many statements push to the tape (0: no tape).</summary>
        public int Pushes { get; }
    }
}
