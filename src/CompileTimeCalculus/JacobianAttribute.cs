using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit <c>{Name}Jacobian</c> for a small vector function: a static method of one to eight scalars
    /// that returns a tuple of one to eight numbers of the same type. The emitted method returns the same tuple and
    /// writes the m × n matrix of partial derivatives ∂fᵢ/∂xⱼ, row-major, to a caller-allocated <c>Span&lt;T&gt; jacobian</c>
    /// of length m·n, from one body that computes every shared subexpression once.
    /// </summary>
    /// <remarks>The body is a tuple expression, <c>=&gt; (f1, f2)</c> or <c>{ return (f1, f2); }</c>; every entry is
    /// verified against finite differences before it is emitted.</remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class JacobianAttribute : Attribute
    {
        /// <summary>The base name of the emitted method (<c>{Name}Jacobian</c>); defaults to the marked method's name.</summary>
        public string? Name { get; set; }
    }
}
