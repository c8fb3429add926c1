using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine
{
    /// <summary>One method's antiderivative to find: the integrand, the variable and the constant of integration.</summary>
    public sealed class AntiderivativeJob
    {
        public AntiderivativeJob(Expr function, string variable, IReadOnlyList<string> parameterNames, NumericType type, double? lowerLimit = null, bool stableForms = true,
            WrittenProgram? written = null)
        {
            Function = function;
            Written = written;
            Variable = variable;
            ParameterNames = parameterNames;
            Type = type;
            LowerLimit = lowerLimit;
            StableForms = stableForms;
        }

        public Expr Function { get; }

        /// <summary>The integrand as written: what the antiderivative is verified against (null: only the canonical one is known).</summary>
        public WrittenProgram? Written { get; }
        public string Variable { get; }
        public IReadOnlyList<string> ParameterNames { get; }
        public NumericType Type { get; }

        /// <summary>When set, the constant of integration makes F(LowerLimit) = 0 (±∞ through a limit); otherwise it is 0.</summary>
        public double? LowerLimit { get; }
        public bool StableForms { get; }
    }
}
