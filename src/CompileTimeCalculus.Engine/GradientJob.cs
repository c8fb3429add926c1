using System.Collections.Generic;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine
{
    /// <summary>One gradient to compute: the program, the parameters to differentiate with respect to, and how to print.</summary>
    public sealed class GradientJob
    {
        public GradientJob(Program program, IReadOnlyList<string> parameters, NumericType type, IReadOnlyDictionary<string, NumericType> arrayTypes, bool stableForms = true,
            WrittenProgram? written = null, bool accumulate = false, string outputSuffix = "Gradient")
        {
            OutputSuffix = outputSuffix;
            Accumulate = accumulate;
            Program = program;
            Written = written;
            Parameters = parameters;
            Type = type;
            ArrayTypes = arrayTypes;
            StableForms = stableForms;
        }

        public Program Program { get; }

        /// <summary>The body as written: the gradient is verified against finite differences of it (null: of <see cref="Program"/>).</summary>
        public WrittenProgram? Written { get; }
        public IReadOnlyList<string> Parameters { get; }
        public NumericType Type { get; }
        public IReadOnlyDictionary<string, NumericType> ArrayTypes { get; }
        public bool StableForms { get; }

        /// <summary>Whether array gradients are added to the output spans (minibatches) instead of overwriting them.</summary>
        public bool Accumulate { get; }

        /// <summary>Names an array's gradient output: the array's name and this suffix (xGradient).</summary>
        public string OutputSuffix { get; }
    }
}
