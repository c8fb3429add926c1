using System.Collections.Generic;
using System.Threading;
using CompileTimeCalculus.Engine.Evaluation;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine
{
    /// <summary>
    /// Hard limits for one method's engine work. Every loop of the engine charges steps here, which also
    /// polls cancellation, so no input can make the engine run unbounded.
    /// </summary>
    public sealed class Budget
    {
        public const int DefaultMaxSteps = 200_000;
        public const int DefaultMaxEmittedNodes = 5_000;

        private readonly CancellationToken _cancellationToken;
        private int _steps;

        public Budget(CancellationToken cancellationToken, int maxSteps = DefaultMaxSteps, int maxEmittedNodes = DefaultMaxEmittedNodes)
        {
            _cancellationToken = cancellationToken;
            MaxSteps = maxSteps;
            MaxEmittedNodes = maxEmittedNodes;
        }

        public int MaxSteps { get; }
        public int MaxEmittedNodes { get; }
        public int StepsUsed => _steps;

        /// <summary>
        /// Variables the work may take to be positive: the case of a sign split the engine is in (σ > 0 for a scale parameter).
        /// <see cref="IntervalAnalysis"/> reads them; every rule that asks for a sign goes through it.
        /// </summary>
        public IReadOnlyCollection<string> PositiveVariables { get; set; } = System.Array.Empty<string>();

        /// <summary>
        /// When set, the integrator adds here the steps each entry of its rule table used on the integrand it was given (not on
        /// sub-integrals), whether or not the entry found an answer: what a profile of the search reads.
        /// </summary>
        public IDictionary<string, long>? RuleSteps { get; set; }

        public void Charge(int steps = 1)
        {
            _steps += steps;
            if ((_steps & 255) == 0 || steps > 1) _cancellationToken.ThrowIfCancellationRequested();
            if (_steps > MaxSteps) throw new ExpressionLimitException($"the work exceeded the budget of {MaxSteps:N0} steps");
        }
    }
}
