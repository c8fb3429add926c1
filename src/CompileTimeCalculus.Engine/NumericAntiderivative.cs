using CompileTimeCalculus.Engine.Printing;

namespace CompileTimeCalculus.Engine
{
    /// <summary>A numerical antiderivative to emit: the landmarks its range is split at (C# in the parameters), or why not.</summary>
    public sealed class NumericAntiderivative
    {
        public NumericAntiderivative(EmittedBody? landmarks, string? problem)
        {
            Landmarks = landmarks;
            Problem = problem;
        }

        public EmittedBody? Landmarks { get; }
        public string? Problem { get; }
    }
}
