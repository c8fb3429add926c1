using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine
{
    /// <summary>A function of a few scalars whose value, gradient and Hessian are emitted together.</summary>
    public sealed class HessianJob
    {
        public HessianJob(Expr function, IReadOnlyList<string> parameterNames, NumericType type, bool stableForms = true, WrittenProgram? written = null)
        {
            Function = function;
            ParameterNames = parameterNames;
            Type = type;
            StableForms = stableForms;
            Written = written;
        }

        public Expr Function { get; }

        /// <summary>The variables, in the order of the gradient and of the Hessian's rows and columns.</summary>
        public IReadOnlyList<string> ParameterNames { get; }
        public NumericType Type { get; }
        public bool StableForms { get; }

        /// <summary>The body as written, which the first partial derivatives are verified against.</summary>
        public WrittenProgram? Written { get; }
    }
}
