using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit <c>{Name}Hvp</c>: the product of the function's Hessian with a direction, H·v, without
    /// forming the Hessian, for Newton-CG, trust-region and curvature-probing code over many parameters.
    /// </summary>
    /// <remarks>
    /// <para>The marked method follows the rules of <c>[Gradient]</c> (scalar, array and span parameters, loops, buffers).
    /// The emitted method takes the same parameters, then one direction per differentiated input (<c>{x}Tangent</c>: a
    /// <c>ReadOnlySpan&lt;T&gt;</c> of the array's length, or a number), then one <c>Span&lt;T&gt; {x}Hvp</c> per array input;
    /// it returns ∇f·v, with the product's scalar components beside it as a tuple when there are scalar inputs. It is
    /// reverse mode over forward mode: the directional derivative is computed alongside the function and differentiated
    /// in reverse, so its cost is a small multiple of the gradient's, whatever the number of parameters. The directional
    /// derivative is verified against finite differences of the function as written, and the product against finite
    /// differences of the directional derivative.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class HessianVectorProductAttribute : Attribute
    {
        /// <summary>Differentiates with respect to every double or float parameter (and array or span of them).</summary>
        public HessianVectorProductAttribute() => Parameters = Array.Empty<string>();

        /// <summary>Differentiates with respect to the named parameters only; the others are held constant.</summary>
        public HessianVectorProductAttribute(params string[] parameters) => Parameters = parameters;

        /// <summary>The inputs to differentiate with respect to (all floating-point ones when empty).</summary>
        public string[] Parameters { get; }

        /// <summary>The base name of the emitted method (<c>{Name}Hvp</c>); defaults to the marked method's name.</summary>
        public string? Name { get; set; }
    }
}
