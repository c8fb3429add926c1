namespace CompileTimeCalculus.Engine
{
    /// <summary>Why the engine emitted nothing: a hard limit, a result that failed verification, no closed form, or a value that does not exist (a divergent integral, no finite limit).</summary>
    public enum EngineProblemKind
    {
        None,
        LimitExceeded,
        VerificationFailed,
        NoClosedForm,
        Undefined,
        InternalError,

        /// <summary>Differentiating through a user function needs a derivative the user has not declared.</summary>
        MissingDerivative,
    }

    /// <summary>What an engine returns: its verified result, or the problem that kept it from emitting one and why.</summary>
    public sealed class EngineOutcome<T> where T : class
    {
        private EngineOutcome(T? result, EngineProblemKind problem, string? message)
        {
            Result = result;
            Problem = problem;
            Message = message;
        }

        /// <summary>The result; null unless <see cref="Succeeded"/>.</summary>
        public T? Result { get; }
        public EngineProblemKind Problem { get; }
        public string? Message { get; }
        public bool Succeeded => Problem == EngineProblemKind.None;

        internal static EngineOutcome<T> Success(T result) => new(result, EngineProblemKind.None, null);
        internal static EngineOutcome<T> Failure(EngineProblemKind kind, string message) => new(null, kind, message);
    }
}
