using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Printing
{
    /// <summary>The statements of an emitted method body: locals for shared subexpressions, then one C# expression per root.</summary>
    public sealed class EmittedBody
    {
        public EmittedBody(IReadOnlyList<string> locals, IReadOnlyList<string> results, IReadOnlyList<string>? localNames = null, IReadOnlyList<Expr>? printed = null)
        {
            Locals = locals;
            Results = results;
            LocalNames = localNames ?? Array.Empty<string>();
            Printed = printed ?? Array.Empty<Expr>();
        }

        /// <summary>The expressions the results were printed from, after the printer's own exact rewrites (folded constants, e^(2u) as (e^u)²).</summary>
        public IReadOnlyList<Expr> Printed { get; }

        /// <summary>The names the locals declare, in order.</summary>
        public IReadOnlyList<string> LocalNames { get; }

        /// <summary>Declarations such as <c>double t0 = global::System.Math.Exp(-x);</c>, in dependency order.</summary>
        public IReadOnlyList<string> Locals { get; }

        /// <summary>One expression per requested root, in terms of the parameters and the locals.</summary>
        public IReadOnlyList<string> Results { get; }
    }
}
