using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    // The reader for [Gradient]: same declaration checks as [Derivative], the body read as a program.
    internal static partial class FrontEnd
    {
        /// <summary>Reads a method marked [Gradient] or [Gradient(nameof(a), nameof(b))].</summary>
        public static ReadResult ReadGradient(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadGradientCore, syntax, method, attribute, model, ct);

        private static ReadResult ReadGradientCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            // An instance method (a model) reads its fields as inputs; the emitted gradient is an instance method too.
            CheckSignature(syntax, method, diagnostics);
            var parameters = GradientParameters(method, attribute, attributeSyntax, syntax, diagnostics, out var members);

            var methods = new List<EmittedMethod> { new((NamedString(attribute, "Name") ?? method.Name) + "Gradient", 1) };
            CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            if (diagnostics.Count > 0 || parameters is null) return new ReadResult(null, diagnostics);

            var env = method.Parameters.ToDictionary(p => p, p => EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var translation = Translator.TranslateProgram(syntax, method, model, env, diagnostics, ct, members, declaredDerivatives: true);
            if (diagnostics.Count > 0 || translation is null) return new ReadResult(null, diagnostics);
            // A loop-free body is also one expression, for the analyzer's domain checks.
            var function = translation.FirstLoop is null ? Translator.ExpressionOf(translation, syntax, method, diagnostics, ct) : null;
            if (diagnostics.Count > 0) return new ReadResult(null, diagnostics);

            string modifiers = (AccessibilityText(syntax) + (method.IsStatic ? "static" : "")).TrimEnd();
            var options = new GradientOptions(new EquatableArray<string>(parameters.ToArray()), new EquatableArray<ParameterModel>(translation.Members.ToArray()),
                NamedBool(attribute, "Accumulate"));
            return new ReadResult(BuildRequest(syntax, method, method, modifiers, translation.Written, function, parameters.FirstOrDefault() ?? "", methods, "Gradient",
                CalculusKind.Gradient, program: translation.Program, gradient: options), diagnostics);
        }

        /// <summary>
        /// The named parameters (each a double or float, or an array or span of them), in parameter order; with no names,
        /// every such parameter. A scalar named Value would clash with the tuple's Value element.
        /// </summary>
        private static List<string>? GradientParameters(IMethodSymbol method, AttributeData attribute, AttributeSyntax? attributeSyntax, MethodDeclarationSyntax syntax, List<Diagnostic> diagnostics,
            out List<ISymbol> members)
        {
            bool Differentiable(IParameterSymbol p) => p.RefKind == RefKind.None && (IsFloating(p.Type) || Translator.IsArray(p.Type));
            // A model's fields and auto-properties of numbers or arrays of numbers can be named too (its weights).
            var memberCandidates = method.IsStatic ? new List<ISymbol>() : method.ContainingType.GetMembers()
                .Where(m => !m.IsStatic && !m.IsImplicitlyDeclared && (m is IFieldSymbol { IsConst: false } f && (IsFloating(f.Type) || Translator.IsArray(f.Type))
                    || m is IPropertySymbol { IsIndexer: false } p && (IsFloating(p.Type) || Translator.IsArray(p.Type))))
                .ToList();
            var requested = new List<string>();
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Array) requested.AddRange(argument.Values.Select(v => v.Value as string ?? ""));
                else if (argument.Value is string single) requested.Add(single);
            }
            var location = attributeSyntax?.ArgumentList?.GetLocation() ?? attributeSyntax?.GetLocation() ?? syntax.Identifier.GetLocation();
            var candidates = method.Parameters.Where(Differentiable).Select(p => p.Name).Concat(memberCandidates.Select(m => m.Name)).ToList();
            int before = diagnostics.Count;
            foreach (var name in requested)
            {
                if (!candidates.Contains(name))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, location,
                        $"[Gradient] names '{name}', which is not a double or float parameter (or an array or span of them) of '{method.Name}' ({string.Join(", ", candidates)})"));
                }
            }
            var chosen = method.Parameters.Where(p => Differentiable(p) && (requested.Count == 0 || requested.Contains(p.Name)))
                .Select(p => (p.Name, Scalar: IsFloating(p.Type))).ToList();
            members = memberCandidates.Where(m => requested.Contains(m.Name)).ToList();
            chosen.AddRange(members.Select(m => (m.Name, Scalar: IsFloating(m is IFieldSymbol f ? f.Type : ((IPropertySymbol)m).Type))));
            foreach (var (name, scalar) in chosen)
            {
                if (scalar && name is "Value" or "Rest" || name.StartsWith("Item", StringComparison.Ordinal) && scalar)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidEmittedName, location,
                        $"'{name}' cannot name an element of the returned tuple (Value, Rest and ItemN are taken); rename it"));
            }
            if (chosen.Count == 0 && diagnostics.Count == before)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, location, method.IsStatic
                    ? $"'{method.Name}' has no double or float parameter to take the gradient with respect to"
                    : $"'{method.Name}' has no double or float parameter to take the gradient with respect to; name the fields to differentiate, [Gradient(nameof(Weights))]"));
            return diagnostics.Count > before ? null : chosen.Select(c => EscapeIdentifier(c.Name)).ToList();
        }
    }
}
