using Microsoft.CodeAnalysis;

namespace CompileTimeCalculus.Generators
{
    internal static class DiagnosticIds
    {
        public const string MissingChainRuleCoefficient = "CALC001";
        public const string TypeNotPartial = "CALC101";
        public const string MethodNotStatic = "CALC102";
        public const string UnsupportedSignature = "CALC103";
        public const string InvalidVariable = "CALC104";
        public const string InvalidOrder = "CALC105";
        public const string TargetNotFound = "CALC106";
        public const string InvalidEmittedName = "CALC107";
        public const string UnsupportedConstruct = "CALC201";
        public const string IntegerArithmetic = "CALC202";
        public const string UnsupportedCall = "CALC203";
        public const string RecursiveCall = "CALC204";
        public const string LimitExceeded = "CALC205";
        public const string VerificationFailed = "CALC206";
        public const string NoClosedForm = "CALC207";
        public const string IntegralUndefined = "CALC208";
        public const string WrongHandWrittenCalculus = "CALC301";
        public const string DomainProblem = "CALC302";
        public const string NonDifferentiablePoint = "CALC303";
        public const string UnknownGradientElement = "CALC304";
        public const string AntiderivativeUndefined = "CALC305";
        public const string InternalError = "CALC901";
    }

    /// <summary>Every diagnostic of CompileTimeCalculus. Each has a page under docs/diagnostics/.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Declaration = "CompileTimeCalculus.Declaration";
        private const string Generation = "CompileTimeCalculus.Generation";

        private const string Correctness = "CompileTimeCalculus.Correctness";

        public static readonly DiagnosticDescriptor MissingChainRuleCoefficient = new(DiagnosticIds.MissingChainRuleCoefficient,
            "Hand-written calculus is off by a constant factor", "{0}", Correctness, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "A hand-written derivative, antiderivative or gradient equals the truth times a constant: most often a missing chain-rule coefficient (the integral of e^(2x) is " +
                "e^(2x)/2), or a sign.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.MissingChainRuleCoefficient));

        public static readonly DiagnosticDescriptor WrongHandWrittenCalculus = new(DiagnosticIds.WrongHandWrittenCalculus,
            "Hand-written calculus is wrong", "{0}", Correctness, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "A hand-written derivative, antiderivative or gradient differs from the truth, not just by a constant factor; the message gives a point where the values differ.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.WrongHandWrittenCalculus));

        public static readonly DiagnosticDescriptor DomainProblem = new(DiagnosticIds.DomainProblem,
            "Function is undefined for every input", "'{0}' is {1}, so it is NaN for every input", Correctness, DiagnosticSeverity.Info, isEnabledByDefault: true,
            description: "Interval analysis over the whole real line shows that a function is applied outside its domain whatever the inputs are.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.DomainProblem));

        public static readonly DiagnosticDescriptor NonDifferentiablePoint = new(DiagnosticIds.NonDifferentiablePoint,
            "Function has a non-differentiable point", "{0}", Correctness, DiagnosticSeverity.Info, isEnabledByDefault: true,
            description: "Abs, Max, Min, Clamp, Sign, rounding and the conditional operator have points without a derivative; the emitted derivative follows PyTorch's convention there.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.NonDifferentiablePoint));

        public static readonly DiagnosticDescriptor AntiderivativeUndefined = new(DiagnosticIds.AntiderivativeUndefined,
            "Antiderivative is undefined where the integrand is defined", "{0}", Correctness, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "A hand-written antiderivative is NaN or infinite at a point where the integrand is finite: ln u where ln|u| is meant (∫ 1/x = ln|x|, ∫ tan x = −ln|cos x|). Its " +
                "derivative matches, but the function does not exist on part of the integrand's domain. Lower the severity if only part of the domain matters.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.AntiderivativeUndefined));

        public static readonly DiagnosticDescriptor UnknownGradientElement = new(DiagnosticIds.UnknownGradientElement,
            "Gradient element names no parameter", "{0}", Correctness, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "The elements of a [GradientOf] tuple are named after the function's parameters (or Value), so that each can be checked.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.UnknownGradientElement));

        public static readonly DiagnosticDescriptor TypeNotPartial = Create(DiagnosticIds.TypeNotPartial,
            "Type must be partial", "'{0}' must be declared partial so that the derivative of '{1}' can be added to it", Declaration,
            "Emitted methods are added to the type that declares the marked method, and to every type that contains it.");

        public static readonly DiagnosticDescriptor MethodNotStatic = Create(DiagnosticIds.MethodNotStatic,
            "Method must be static", "'{0}' must be static for [Derivative] and the integrals, whose value may depend only on the parameters ([Gradient] works on instance methods and reads fields " +
                "as inputs)", Declaration,
            "[Derivative], [Antiderivative] and [DefiniteIntegral] take static methods, so that the result cannot depend on instance state; [Gradient] also takes instance methods of partial types " +
                "(models), reading their fields and auto-properties as inputs.");

        public static readonly DiagnosticDescriptor UnsupportedSignature = Create(DiagnosticIds.UnsupportedSignature,
            "Unsupported signature", "{0}", Declaration,
            "A differentiable method returns double or float and takes double or float parameters (integer parameters are allowed and held constant), none of them ref, out or in.");

        public static readonly DiagnosticDescriptor InvalidVariable = Create(DiagnosticIds.InvalidVariable,
            "Variable of differentiation missing or wrong", "{0}", Declaration,
            "With several floating-point parameters, WithRespectTo names the one to differentiate with respect to; the others are held constant.");

        public static readonly DiagnosticDescriptor InvalidOrder = Create(DiagnosticIds.InvalidOrder,
            "Unsupported derivative order", "Order = {0} is not supported: {1}", Declaration,
            "Derivatives of order 1, 2 and 3 can be emitted; a body with a loop has only its first derivative emitted.");

        public static readonly DiagnosticDescriptor TargetNotFound = Create(DiagnosticIds.TargetNotFound,
            "Function to differentiate not found", "{0}", Declaration,
            "[DerivativeOf(nameof(F))] names a static method F of the same type with the same parameter types and return type.");

        public static readonly DiagnosticDescriptor InvalidEmittedName = Create(DiagnosticIds.InvalidEmittedName,
            "Emitted method name is invalid or taken", "{0}", Declaration,
            "The emitted method's name must be a valid identifier not already used by a member of the type.");

        public static readonly DiagnosticDescriptor UnsupportedConstruct = Create(DiagnosticIds.UnsupportedConstruct,
            "Construct cannot be differentiated", "{0} is not supported in a differentiated method", Generation,
            "The generator differentiates bodies built from numeric literals, parameters, const fields, Math.PI/E/Tau, + - * /, casts between float and double, System.Math and MathF functions, " +
                "the conditional operator over comparisons, calls to static methods of the compilation, and the statements locals, assignments, if/else, return, for, foreach, continue and break, " +
                "local buffers; the README's supported-syntax and statement tables list them all.");

        public static readonly DiagnosticDescriptor IntegerArithmetic = Create(DiagnosticIds.IntegerArithmetic,
            "Integer or decimal arithmetic cannot be differentiated", "{0}", Generation,
            "Integer arithmetic truncates and decimal is not a differentiable type; write floating-point literals such as 1.0 / 2.");

        public static readonly DiagnosticDescriptor UnsupportedCall = Create(DiagnosticIds.UnsupportedCall,
            "Call cannot be differentiated", "{0}", Generation,
            "Calls are differentiated through when they are System.Math or MathF functions, or static methods of this compilation with an expression body.");

        public static readonly DiagnosticDescriptor RecursiveCall = Create(DiagnosticIds.RecursiveCall,
            "Recursive call", "'{0}' calls itself through {1}; recursion cannot be differentiated symbolically", Generation,
            "Chains of calls are inlined, so they must end.");

        public static readonly DiagnosticDescriptor LimitExceeded = Create(DiagnosticIds.LimitExceeded,
            "Expression exceeds a limit", "'{0}' exceeds a hard limit: {1}", Generation,
            "Hard limits on depth, size and work keep every build bounded; see the README for the numbers.");

        public static readonly DiagnosticDescriptor VerificationFailed = Create(DiagnosticIds.VerificationFailed,
            "Result could not be verified", "The {0} of '{1}' was not emitted because it could not be verified: {2}", Generation,
            "Every emitted derivative is checked against finite differences, and every antiderivative is differentiated back and checked for jumps; a result that fails its check is not emitted.");

        public static readonly DiagnosticDescriptor NoClosedForm = new(DiagnosticIds.NoClosedForm,
            "No closed-form antiderivative", "No closed-form antiderivative of '{0}' was found{1}; set Numeric = true to emit numerical integration instead", Generation,
            DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "The integrator found no antiderivative it could verify; many integrands have none in elementary or special functions. Numeric = true emits adaptive quadrature from the " +
                "lower limit instead.",
            helpLinkUri: HelpLinks.For(DiagnosticIds.NoClosedForm));

        public static readonly DiagnosticDescriptor IntegralUndefined = Create(DiagnosticIds.IntegralUndefined,
            "Integral does not exist as asked", "The integral of '{0}' cannot be emitted: {1}", Generation,
            "A lower limit where the antiderivative has no finite limit, a definite integral that diverges or that quadrature cannot resolve, or a numerical antiderivative whose quadrature does " +
                "not converge.");

        public static readonly DiagnosticDescriptor InternalError = Create(DiagnosticIds.InternalError,
            "Internal error", "CompileTimeCalculus failed on '{0}': {1}; please report this", "CompileTimeCalculus.Internal",
            "An unexpected error in the generator; other methods are still generated.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, string description) =>
            new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description,
                helpLinkUri: HelpLinks.For(id));
    }
}
