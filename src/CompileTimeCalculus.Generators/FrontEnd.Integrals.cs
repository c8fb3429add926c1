using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    // Readers for [Antiderivative], body-less [AntiderivativeOf] and [DefiniteIntegral]; same checks and locations as the
    // derivative readers, so the analyzer explains exactly what the generator skips.
    internal static partial class FrontEnd
    {
        /// <summary>Reads a method marked [Antiderivative].</summary>
        public static ReadResult ReadAntiderivative(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadAntiderivativeCore, syntax, method, attribute, model, ct);

        /// <summary>Reads a body-less partial method marked [AntiderivativeOf(nameof(F))].</summary>
        public static ReadResult ReadAntiderivativeOf(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadAntiderivativeOfCore, syntax, method, attribute, model, ct);

        /// <summary>Reads a body-less partial method marked [DefiniteIntegral(nameof(F), a, b)].</summary>
        public static ReadResult ReadDefiniteIntegral(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadDefiniteIntegralCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadAntiderivativeCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            CheckSignature(syntax, method, diagnostics);
            string? variable = ChooseVariable(method, NamedString(attribute, "WithRespectTo"), ArgumentLocation(attributeSyntax, "WithRespectTo", syntax), diagnostics);
            var methods = new List<EmittedMethod> { new((NamedString(attribute, "Name") ?? method.Name) + "Antiderivative", 0) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);

            LoopFreeTranslation? body = null;
            if (diagnostics.Count == 0) body = Translator.TranslateLoopFree(syntax, method, model, Translator.OwnNames(method), diagnostics, ct);
            if (diagnostics.Count > 0 || body is null || variable is null) return new ReadResult(null, diagnostics);

            var options = IntegralOptionsOf(attribute, method, variable);
            return new ReadResult(BuildRequest(syntax, method, method, AccessibilityText(syntax) + "static", body.Written, body.Expression, variable, methods, "Antiderivative",
                CalculusKind.Antiderivative, options), diagnostics);
        }

        private static ReadResult ReadAntiderivativeOfCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            // With a body, [AntiderivativeOf] declares a hand-written antiderivative for the analyzers to check.
            if (!IsGeneratedPartial(syntax, method)) return new ReadResult(null, diagnostics);
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var targetLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax.Identifier.GetLocation();
            CheckContainingTypesPartial(syntax, method, diagnostics);
            CheckSignature(syntax, method, diagnostics);
            string? targetName = attribute.ConstructorArguments.Length >= 1 ? attribute.ConstructorArguments[0].Value as string : null;
            var target = FindTarget(method, targetName, targetLocation, diagnostics);
            string? variable = ChooseVariable(method, NamedString(attribute, "WithRespectTo"), ArgumentLocation(attributeSyntax, "WithRespectTo", syntax), diagnostics);
            if (diagnostics.Count > 0 || target is null || variable is null) return new ReadResult(null, diagnostics);

            // F's parameters take the names of this method's parameters, position by position.
            var env = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            for (int i = 0; i < target.Parameters.Length; i++) env[target.Parameters[i]] = EscapeIdentifier(method.Parameters[i].Name);
            var body = TranslateTarget(target, model, env, targetLocation, diagnostics, ct);
            if (body is null) return new ReadResult(null, diagnostics);

            string modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            var methods = new List<EmittedMethod> { new(method.Name, 0) };
            var options = IntegralOptionsOf(attribute, method, variable);
            return new ReadResult(BuildRequest(syntax, method, target, modifiers, body.Written, body.Expression,
                variable, methods, "AntiderivativeOf", CalculusKind.Antiderivative, options), diagnostics);
        }

        private static ReadResult ReadDefiniteIntegralCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            if (!IsGeneratedPartial(syntax, method))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.Identifier.GetLocation(),
                    $"'{method.Name}' has a body; [DefiniteIntegral] goes on a body-less partial method whose body the build supplies"));
                return new ReadResult(null, diagnostics);
            }
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var targetLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax.Identifier.GetLocation();
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!FrontEnd.IsFloating(method.ReturnType))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.ReturnType.GetLocation(),
                    $"'{method.Name}' returns '{method.ReturnType.ToDisplayString()}'; a definite integral returns double or float"));
            var args = attribute.ConstructorArguments;
            string? targetName = args.Length == 3 ? args[0].Value as string : null;
            double lower = args.Length == 3 && args[1].Value is double lo ? lo : double.NaN;
            double upper = args.Length == 3 && args[2].Value is double hi ? hi : double.NaN;
            if (double.IsNaN(lower) || double.IsNaN(upper))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, attributeSyntax?.GetLocation() ?? syntax.Identifier.GetLocation(),
                    "[DefiniteIntegral] needs the integrand and two limits that are numbers: [DefiniteIntegral(nameof(F), 0.0, 1.0)]"));
            if (diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            var target = FindIntegrand(method, targetName, NamedString(attribute, "WithRespectTo"), targetLocation, diagnostics, out int variableIndex);
            if (target is null) return new ReadResult(null, diagnostics);

            // The integrand's other parameters take this method's parameter names; the variable gets a name none of them has.
            string variable = target.Parameters[variableIndex].Name;
            while (method.Parameters.Any(p => p.Name == variable)) variable += "_";
            var env = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            for (int i = 0, j = 0; i < target.Parameters.Length; i++)
                env[target.Parameters[i]] = i == variableIndex ? variable : EscapeIdentifier(method.Parameters[j++].Name);
            var body = TranslateTarget(target, model, env, targetLocation, diagnostics, ct);
            if (body is null) return new ReadResult(null, diagnostics);

            string modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            var methods = new List<EmittedMethod> { new(method.Name, 0) };
            var options = new IntegralOptions(lower, upper, false, EquatableArray<string>.Empty, variableIndex);
            return new ReadResult(BuildRequest(syntax, method, target, modifiers, body.Written, body.Expression,
                variable, methods, "DefiniteIntegral", CalculusKind.DefiniteIntegral, options), diagnostics);
        }

        private static bool IsGeneratedPartial(MethodDeclarationSyntax syntax, IMethodSymbol method) =>
            syntax.Body is null && syntax.ExpressionBody is null && syntax.Modifiers.Any(SyntaxKind.PartialKeyword)
            && !(method.PartialImplementationPart is { } implementation && !IsGenerated(implementation));

        private static LoopFreeTranslation? TranslateTarget(IMethodSymbol target, SemanticModel model, Dictionary<IParameterSymbol, string> env, Location targetLocation,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            if (target.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct) is not MethodDeclarationSyntax targetSyntax)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, targetLocation, $"'{target.Name}' has no source in this compilation to integrate"));
                return null;
            }
            var targetModel = targetSyntax.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(targetSyntax.SyntaxTree);
            var inner = new List<Diagnostic>();
            var body = Translator.TranslateLoopFree(targetSyntax, target, targetModel, env, inner, ct);
            if (inner.Count == 0 && body is not null) return body;
            foreach (var d in inner)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedCall, targetLocation, $"'{target.Name}' cannot be integrated: {d.GetMessage(CultureInfo.InvariantCulture)}"));
            return null;
        }

        /// <summary>The integrand of a definite integral: F(..., x, ...) whose other parameters match this method's, in order.</summary>
        private static IMethodSymbol? FindIntegrand(IMethodSymbol method, string? name, string? withRespectTo, Location location, List<Diagnostic> diagnostics, out int variableIndex)
        {
            variableIndex = -1;
            if (string.IsNullOrEmpty(name))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, location, "[DefiniteIntegral] needs the name of the integrand: [DefiniteIntegral(nameof(F), a, b)]"));
                return null;
            }
            var candidates = method.ContainingType.GetMembers(name!).OfType<IMethodSymbol>().Where(m => m.IsStatic && !SymbolEqualityComparer.Default.Equals(m, method)).ToList();
            foreach (var candidate in candidates)
            {
                if (!IsFloating(candidate.ReturnType) || candidate.Parameters.Length != method.Parameters.Length + 1) continue;
                var floating = candidate.Parameters.Where(p => IsFloating(p.Type)).ToList();
                var variable = withRespectTo is not null ? floating.FirstOrDefault(p => p.Name == withRespectTo) : floating.Count == 1 ? floating[0] : null;
                if (variable is null) continue;
                var others = candidate.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p, variable)).ToList();
                if (!others.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same)) continue;
                variableIndex = variable.Ordinal;
                return candidate;
            }
            string expected = method.Parameters.Length == 0 ? "one floating-point parameter" : "a floating-point variable plus parameters matching " +
                "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString())) + ")";
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, location, candidates.Count == 0
                ? $"'{method.ContainingType.Name}' has no static method named '{name}'"
                : withRespectTo is null && candidates.Any(c => c.Parameters.Count(p => IsFloating(p.Type)) > 1)
                    ? $"'{name}' has several floating-point parameters; name the variable with WithRespectTo = nameof(...)"
                    : $"'{name}' must be a static method returning double or float with {expected}"));
            return null;
        }

        private static IntegralOptions IntegralOptionsOf(AttributeData attribute, IMethodSymbol method, string variable)
        {
            double lower = double.NaN;
            bool numeric = false;
            foreach (var arg in attribute.NamedArguments)
            {
                if (arg.Key == "LowerLimit" && arg.Value.Value is double d) lower = d;
                if (arg.Key == "Numeric" && arg.Value.Value is bool b) numeric = b;
            }
            var arguments = method.Parameters.Select(p => EscapeIdentifier(p.Name)).ToArray();
            int index = Array.FindIndex(method.Parameters.ToArray(), p => EscapeIdentifier(p.Name) == variable);
            return new IntegralOptions(lower, double.NaN, numeric, new EquatableArray<string>(arguments), index);
        }
    }
}
