using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit <c>{Name}Vjp</c> for a layer: a method that writes its result into a <c>Span&lt;T&gt;</c>
    /// output. The vector-Jacobian product takes the output's adjoint ȳ and gives every input's adjoint, ȳᵀ·J, by one
    /// reverse-mode sweep, as backpropagation through the layer needs.
    /// </summary>
    /// <remarks>
    /// <para>The marked method is static and returns <c>void</c>; exactly one parameter is a <c>Span&lt;double&gt;</c>
    /// (or <c>Span&lt;float&gt;</c>), the output, which the body writes before it reads. The emitted method takes the same
    /// parameters with the output replaced by <c>ReadOnlySpan&lt;T&gt; {output}Adjoint</c> (ȳ, whose length is the
    /// output's), followed by one <c>Span&lt;T&gt; {input}Gradient</c> per array or span input; it returns
    /// (Value, one element per scalar input) like <c>[Gradient]</c>, where Value is ȳ·y. The body follows the rules of
    /// <c>[Gradient]</c>, and the result is verified against finite differences of the layer as written.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class VectorJacobianProductAttribute : Attribute
    {
        /// <summary>The base name of the emitted method (<c>{Name}Vjp</c>); defaults to the marked method's name.</summary>
        public string? Name { get; set; }
    }
}
