using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine
{
    /// <summary>One method's derivatives to compute: the function, the variable and the highest order.</summary>
    public sealed class DerivativeJob
    {
        public DerivativeJob(Expr function, string variable, IReadOnlyList<string> parameterNames, int maxOrder, NumericType type, bool stableForms = true,
            WrittenProgram? written = null)
        {
            Written = written;
            StableForms = stableForms;
            Function = function;
            Variable = variable;
            ParameterNames = parameterNames;
            MaxOrder = maxOrder;
            Type = type;
        }

        public Expr Function { get; }

        /// <summary>The body as written, which the first derivative is verified against (null: only the canonical function is known).</summary>
        public WrittenProgram? Written { get; }
        public string Variable { get; }
        public IReadOnlyList<string> ParameterNames { get; }
        public int MaxOrder { get; }
        public NumericType Type { get; }

        /// <summary>Emit numerically stable forms (on by default); off emits the textbook formula.</summary>
        public bool StableForms { get; }
    }
}
