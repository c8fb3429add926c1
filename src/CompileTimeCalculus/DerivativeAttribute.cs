using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit the exact derivative of the marked method as a new method beside it,
    /// named <c>{Name}Derivative</c> (and <c>{Name}SecondDerivative</c>, <c>{Name}ThirdDerivative</c> for higher orders).
    /// </summary>
    /// <remarks>
    /// The method must be <see langword="static"/>, declared in a <see langword="partial"/> type, and have an expression body
    /// over <see cref="double"/> or <see cref="float"/> parameters. At a point where the function is not differentiable
    /// the emitted derivative follows PyTorch's convention: d|x|/dx = 0 at 0, and a conditional differentiates the branch it takes.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DerivativeAttribute : Attribute
    {
        /// <summary>The highest derivative to emit: 1 (the default), 2 or 3. Every order up to it is emitted.</summary>
        public int Order { get; set; } = 1;

        /// <summary>The base name of the emitted methods; defaults to the marked method's name.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// The parameter to differentiate with respect to; the others are held constant.
        /// Required when the method has more than one floating-point parameter.
        /// </summary>
        public string? WithRespectTo { get; set; }
    }

    /// <summary>
    /// On a body-less <see langword="partial"/> method: the build supplies the body, the derivative of the method named by
    /// the <c>method</c> argument (a static expression-bodied method of the same type with the same parameter types).
    /// On a method with a body: declares a hand-written derivative, which the analyzers check (CALC001, CALC301).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DerivativeOfAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="method">The function to differentiate; write it as <c>nameof(F)</c>.</param>
        public DerivativeOfAttribute(string method) => Method = method;

        /// <summary>The function to differentiate.</summary>
        public string Method { get; }

        /// <summary>Which derivative the partial method returns: 1 (the default), 2 or 3.</summary>
        public int Order { get; set; } = 1;

        /// <summary>The parameter to differentiate with respect to; required when the function has several floating-point parameters.</summary>
        public string? WithRespectTo { get; set; }
    }
}
