using System;

namespace CompileTimeCalculus
{
    /// <summary>
    /// Asks the build to emit a verified antiderivative of the marked method beside it, named <c>{Name}Antiderivative</c>.
    /// The derivation steps are written into its doc comment.
    /// </summary>
    /// <remarks>
    /// The method must be <see langword="static"/>, declared in a <see langword="partial"/> type, with an expression body over
    /// <see cref="double"/> or <see cref="float"/> parameters. Every antiderivative is checked before it is emitted: its
    /// derivative must equal the integrand wherever the integrand is defined, and it must not jump where the integrand is
    /// continuous. When no closed form is found, warning CALC207 says so and nothing is emitted, unless
    /// <see cref="Numeric"/> asks for numerical integration instead.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AntiderivativeAttribute : Attribute
    {
        /// <summary>The base name of the emitted method; defaults to the marked method's name.</summary>
        public string? Name { get; set; }

        /// <summary>The variable of integration; the other parameters are held constant. Required with several floating-point parameters.</summary>
        public string? WithRespectTo { get; set; }

        /// <summary>
        /// The constant of integration makes F(LowerLimit) = 0; <see cref="double.NegativeInfinity"/> gives a cumulative
        /// distribution function from a density. Not set (NaN): the constant is 0.
        /// </summary>
        public double LowerLimit { get; set; } = double.NaN;

        /// <summary>
        /// When no closed form exists, emit adaptive quadrature from LowerLimit (0 if not set) to x instead, evaluated at
        /// each call (scipy's default tolerances, no allocation).
        /// </summary>
        public bool Numeric { get; set; }
    }

    /// <summary>
    /// On a body-less <see langword="partial"/> method: the build supplies the body, the definite integral of the method named
    /// by <c>method</c> from <c>lower</c> to <c>upper</c> (either may be infinite), computed at build time: exactly from a
    /// verified antiderivative where one exists, otherwise by adaptive quadrature, with its error estimate in the doc comment.
    /// </summary>
    /// <remarks>
    /// With a single-variable integrand the partial method has no parameters and returns a constant. An integrand with more
    /// floating-point parameters names the variable with <see cref="WithRespectTo"/>, and the partial method takes the other
    /// parameters, in order; the value is then an expression in them (a closed form is required).
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DefiniteIntegralAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        /// <param name="method">The integrand; write it as <c>nameof(F)</c>.</param>
        /// <param name="lower">The lower limit (may be <see cref="double.NegativeInfinity"/>).</param>
        /// <param name="upper">The upper limit (may be <see cref="double.PositiveInfinity"/>).</param>
        public DefiniteIntegralAttribute(string method, double lower, double upper)
        {
            Method = method;
            Lower = lower;
            Upper = upper;
        }

        /// <summary>The integrand.</summary>
        public string Method { get; }

        /// <summary>The lower limit.</summary>
        public double Lower { get; }

        /// <summary>The upper limit.</summary>
        public double Upper { get; }

        /// <summary>The variable of integration; required when the integrand has several floating-point parameters.</summary>
        public string? WithRespectTo { get; set; }
    }
}
