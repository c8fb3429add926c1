using System;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Generators
{
    internal sealed record ParameterModel(string Name, string Type);

    /// <summary>A method to emit: its name and which derivative it returns (0 for an integral).</summary>
    internal sealed record EmittedMethod(string Name, int Order);

    /// <summary>What a request asks the engine for.</summary>
    internal enum CalculusKind { Derivative, Antiderivative, DefiniteIntegral, Gradient, Hessian, Jacobian, HessianVectorProduct, JacobianVectorProduct }

    /// <summary>
    /// The integral-specific part of a request: the limits (NaN when not set; ±∞ allowed), whether to fall back to
    /// quadrature, and how to call the integrand from emitted code (its arguments, with the variable at VariableIndex).
    /// </summary>
    internal sealed record IntegralOptions(double LowerLimit, double UpperLimit, bool Numeric, EquatableArray<string> IntegrandArguments, int VariableIndex);

    /// <summary>
    /// The gradient-specific part of a request: the inputs to differentiate with respect to (parameters in order, then
    /// instance members), and the instance members the body reads (a model's fields and auto-properties, with their types).
    /// </summary>
    internal sealed record GradientOptions(EquatableArray<string> Parameters, EquatableArray<ParameterModel> Members, bool Accumulate = false);

    /// <summary>
    /// Everything the generator needs about one attributed method, as values: no symbols, syntax or locations,
    /// so the incremental pipeline can compare it with the previous run's and skip unchanged work. The body is
    /// <see cref="Function"/> (one expression) when it is loop-free, and <see cref="Program"/> when it has loops or
    /// is differentiated in reverse mode (a gradient).
    /// </summary>
    internal sealed record MethodRequest(
        string HintName,
        string TypeHintName,
        string Namespace,
        EquatableArray<string> ContainingTypes,
        string SourceName,
        string SourceCref,
        string Modifiers,
        string ReturnType,
        EquatableArray<ParameterModel> Parameters,
        Expr? Function,
        string Variable,
        EquatableArray<EmittedMethod> Methods,
        CalculusKind Kind = CalculusKind.Derivative,
        IntegralOptions? Integral = null,
        Program? Program = null,
        GradientOptions? Gradient = null,
        WrittenProgram? Written = null,
        EquatableArray<Expr> Outputs = default,
        EquatableArray<WrittenProgram> OutputsWritten = default)
    {

        public NumericType NumericType
        {
            get
            {
                if (ReturnType != "float") return NumericType.Double;
                foreach (var p in Parameters)
                {
                    if (p.Type == "double" || p.Type.EndsWith("<double>", StringComparison.Ordinal) || p.Type == "double[]") return NumericType.Double;
                }
                return NumericType.Single;
            }
        }

        public int MaxOrder
        {
            get
            {
                int max = 0;
                foreach (var m in Methods) max = Math.Max(max, m.Order);
                return max;
            }
        }
    }

    /// <summary>
    /// The generator's output for one request: its members (<see cref="Code"/>, indented for the type they go into), or
    /// nothing (the analyzer explains why). <see cref="HintName"/> names the method's output and orders it in its type's file.
    /// </summary>
    internal sealed record GeneratedFile(string HintName, string TypeHintName, string Namespace, EquatableArray<string> ContainingTypes,
        string? Code, EngineProblemKind Problem, string? ProblemMessage)
    {
        public static GeneratedFile For(MethodRequest request, string? code, EngineProblemKind problem, string? message) =>
            new(request.HintName, request.TypeHintName, request.Namespace, request.ContainingTypes, code, problem, message);
    }

    /// <summary>
    /// A [DefiniteIntegral] the engine refused: the generator reports it (CALC208) because its partial method is then left
    /// without a body, and the compiler's CS8795 stops the analyzers from running in a command-line build.
    /// </summary>
    internal sealed record RefusedIntegral(EquatableArray<string> ContainingTypes, string MethodName, string SourceName, string Message);

    /// <summary>A refused integral and where its method is declared (null if the declaration was not found).</summary>
    internal sealed record RefusedAt(RefusedIntegral Integral, DeclarationSite? Site);

    /// <summary>Where a method's name is declared, as a value (a Location holds the syntax tree).</summary>
    internal sealed record DeclarationSite(EquatableArray<string> ContainingTypes, string MethodName, string Path, int Start, int Length,
        int StartLine, int StartCharacter, int EndLine, int EndCharacter)
    {
        public static DeclarationSite Of(Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax method)
        {
            var types = new System.Collections.Generic.List<string>();
            foreach (var type in method.Ancestors()) if (type is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax t) types.Insert(0, FrontEnd.TypeDeclarationText(t));
            var span = method.Identifier.GetLocation().GetLineSpan();
            return new DeclarationSite(new EquatableArray<string>(types.ToArray()), method.Identifier.ValueText, span.Path, method.Identifier.SpanStart, method.Identifier.Span.Length,
                span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
        }

        public Microsoft.CodeAnalysis.Location ToLocation() => Microsoft.CodeAnalysis.Location.Create(Path, new Microsoft.CodeAnalysis.Text.TextSpan(Start, Length),
            new Microsoft.CodeAnalysis.Text.LinePositionSpan(new Microsoft.CodeAnalysis.Text.LinePosition(StartLine, StartCharacter),
                new Microsoft.CodeAnalysis.Text.LinePosition(EndLine, EndCharacter)));
    }

    /// <summary>The members one source file adds to one containing type (for one attribute), in hint-name order.</summary>
    internal sealed record TypeGroup(string Key, string TypeHintName, string Namespace, EquatableArray<string> ContainingTypes, EquatableArray<GeneratedFile> Members)
    {
        public static string KeyOf(GeneratedFile file) => file.TypeHintName + "\n" + file.Namespace + "\n" + string.Join("\n", file.ContainingTypes);
    }

    /// <summary>One generated file: every member the generator emits into one containing type for one attribute.</summary>
    internal sealed record TypeFile(string HintName, string Namespace, EquatableArray<string> ContainingTypes, EquatableArray<string> Members)
    {
        /// <param name="modernMath">Whether the target has System.MathF; without it the code is rewritten by <see cref="LegacyMath"/>.</param>
        public string Write(bool modernMath = true)
        {
            string code = SourceWriter.WriteFile(Namespace, ContainingTypes, Members);
            return modernMath ? code : LegacyMath.Rewrite(code);
        }
    }
}
