using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// On a body-less <see langword="partial"/> method: the build supplies the body, a verified antiderivative of the method
    /// named by the <c>method</c> argument (same parameter types). On a method with a body: declares that the body is an
    /// antiderivative of that method, which the analyzers check (differentiating it must give the integrand back; an
    /// additive constant is fine; a missing chain-rule coefficient is reported as CALC001).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AntiderivativeOfAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="method">The integrand; write it as <c>nameof(F)</c>.</param>
        public AntiderivativeOfAttribute(string method) => Method = method;

        /// <summary>The integrand.</summary>
        public string Method { get; }

        /// <summary>The variable of integration; required when the integrand has several floating-point parameters.</summary>
        public string? WithRespectTo { get; set; }

        /// <summary>
        /// For a generated body: the constant of integration makes F(LowerLimit) = 0 (<see cref="double.NegativeInfinity"/>
        /// gives a cumulative distribution function). Not set (NaN): the constant is 0.
        /// </summary>
        public double LowerLimit { get; set; } = double.NaN;

        /// <summary>For a generated body: when no closed form exists, integrate numerically from LowerLimit (0 if not set).</summary>
        public bool Numeric { get; set; }
    }

    /// <summary>
    /// Declares that the marked method, which has a body, returns the gradient of the method named by the
    /// <c>method</c> argument: a tuple whose elements are named after that method's parameters (and optionally <c>Value</c>
    /// for the function's value). The analyzers check every element against the exact partial derivative.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GradientOfAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="method">The function; write it as <c>nameof(F)</c>.</param>
        public GradientOfAttribute(string method) => Method = method;

        /// <summary>The function whose gradient the marked method returns.</summary>
        public string Method { get; }
    }
}
