using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit <c>{Name}Gradient</c>: the function's value and its partial derivatives, computed together in
    /// one forward and one backward (reverse-mode) sweep, at a small constant multiple of the function's own cost however
    /// many parameters it has.
    /// </summary>
    /// <remarks>
    /// <para>The emitted method returns a tuple <c>(Value, p1, p2, …)</c> with one element per scalar parameter in the
    /// gradient, named after it, in parameter order (just the value when there is none). Each array or span parameter in
    /// the gradient gets a caller-allocated output <c>Span&lt;T&gt; {param}Gradient</c> appended to the parameters: it must
    /// have the parameter's length, and it is overwritten (added to, with <see cref="Accumulate"/>).</para>
    /// <para>The body may be an expression or a block: double, float and int locals, assignment and compound assignment,
    /// if/else and early return, the conditional operator, for loops with an int counter (over array and span lengths,
    /// nested, counting up or down) and foreach over array and span parameters, continue and break, element reads, int
    /// arrays and spans (labels, held constant), local buffers (<c>stackalloc</c> or <c>new double[n]</c>) written and
    /// read by element, and calls to other static methods, which are differentiated through. On an instance method of a
    /// partial type (a model), fields and auto-properties are inputs: held constant, or differentiated when named.
    /// Anything else is reported at its statement.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GradientAttribute : Attribute
    {
        /// <summary>The gradient with respect to every double and float parameter (scalars, arrays and spans).</summary>
        public GradientAttribute() => Parameters = Array.Empty<string>();

        /// <summary>The gradient with respect to the named parameters only; write them as <c>nameof(w)</c>.</summary>
        public GradientAttribute(params string[] parameters) => Parameters = parameters ?? Array.Empty<string>();

        /// <summary>The parameters of the gradient; empty for all floating-point parameters.</summary>
        public string[] Parameters { get; }

        /// <summary>The base name of the emitted method (<c>{Name}Gradient</c>); defaults to the marked method's name.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// When true, array gradients are added to the output spans instead of overwriting them, so the gradient of a
        /// minibatch is summed by calling the emitted method once per example without clearing in between.
        /// </summary>
        public bool Accumulate { get; set; }
    }
}
