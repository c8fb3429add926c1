using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit <c>{Name}Hessian</c>: the function's value, its gradient and its full symmetric matrix of
    /// second partial derivatives, computed in one method that shares every common subexpression, for Newton-type
    /// optimizers and the second-order sensitivities of a pricing formula.
    /// </summary>
    /// <remarks>
    /// <para>The marked method is static, with one to eight parameters, all <c>double</c> or all <c>float</c>, and a
    /// body without loops (an expression, or locals, if/else and early returns). The emitted method takes the same
    /// parameters followed by <c>Span&lt;T&gt; gradient</c> (length n) and <c>Span&lt;T&gt; hessian</c> (length n·n,
    /// row-major, both triangles written), and returns the value. Every first and second partial derivative is verified
    /// against finite differences before it is emitted.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class HessianAttribute : Attribute
    {
        /// <summary>The base name of the emitted method (<c>{Name}Hessian</c>); defaults to the marked method's name.</summary>
        public string? Name { get; set; }
    }
}
