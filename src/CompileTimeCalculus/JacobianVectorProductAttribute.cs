using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit <c>{Name}Jvp</c> for a layer (a method that writes its result into a <c>Span&lt;T&gt;</c>
    /// output): the output and its tangent J·v for given input tangents v, in one forward-mode sweep, as sensitivity
    /// analysis, forward-mode training and directional probes need.
    /// </summary>
    /// <remarks>
    /// <para>The marked method is a layer as for <c>[VectorJacobianProduct]</c>: static, <c>void</c>, exactly one
    /// <c>Span&lt;double&gt;</c> (or <c>Span&lt;float&gt;</c>) parameter, its output, written before it is read. The emitted method
    /// takes the inputs (the output left out), then one tangent per differentiated input (<c>{x}Tangent</c>: a
    /// <c>ReadOnlySpan&lt;T&gt;</c> of the input's length, or a number), then the output <c>Span&lt;T&gt;</c> and
    /// <c>Span&lt;T&gt; {output}Tangent</c> of the same length; it writes y and J·v. The tangent is verified against
    /// directional finite differences of the layer as written (through random projections ȳ·J·v), and the emitted code
    /// against the verified programs.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class JacobianVectorProductAttribute : Attribute
    {
        /// <summary>Tangents for every double or float input (and array or span of them).</summary>
        public JacobianVectorProductAttribute() => Parameters = Array.Empty<string>();

        /// <summary>Tangents for the named inputs only; the others are held constant.</summary>
        public JacobianVectorProductAttribute(params string[] parameters) => Parameters = parameters ?? Array.Empty<string>();

        /// <summary>The inputs with tangents (all floating-point ones when empty).</summary>
        public string[] Parameters { get; }

        /// <summary>The base name of the emitted method (<c>{Name}Jvp</c>); defaults to the marked method's name.</summary>
        public string? Name { get; set; }
    }
}
