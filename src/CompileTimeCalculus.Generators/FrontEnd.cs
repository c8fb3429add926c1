using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Written;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Reads one attributed method into a <see cref="MethodRequest"/>, or into diagnostics at the exact source location
    /// of each problem. The generator keeps the request; the analyzer reports the diagnostics. Both call this, so what
    /// the generator skips is exactly what the analyzer explains.
    /// </summary>
    internal static partial class FrontEnd
    {
        private static readonly string[] OrderSuffixes = { "", "Derivative", "SecondDerivative", "ThirdDerivative" };

        public sealed class ReadResult
        {
            public ReadResult(MethodRequest? request, List<Diagnostic> diagnostics)
            {
                Request = request;
                Diagnostics = diagnostics;
            }

            public MethodRequest? Request { get; }
            public List<Diagnostic> Diagnostics { get; }
        }

        /// <summary>Reads a method marked [Derivative].</summary>
        public static ReadResult ReadDerivative(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadDerivativeCore, syntax, method, attribute, model, ct);

        /// <summary>Reads a body-less partial method marked [DerivativeOf(nameof(F))].</summary>
        public static ReadResult ReadDerivativeOf(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct) =>
            Guarded(ReadDerivativeOfCore, syntax, method, attribute, model, ct);

        private delegate ReadResult Reader(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, List<Diagnostic> diagnostics, CancellationToken ct);

        /// <summary>An unexpected exception for one method becomes CALC901 on it, so every other method still generates.</summary>
        private static ReadResult Guarded(Reader read, MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct)
        {
            var diagnostics = new List<Diagnostic>();
            // A signature still being typed (`F(double`): the compiler reports it; emitting from it would only add errors.
            if (syntax.Identifier.IsMissing || syntax.ReturnType.ContainsDiagnostics || syntax.ParameterList.ContainsDiagnostics || method.Parameters.Any(p => p.Name.Length == 0))
                return new ReadResult(null, diagnostics);
            try
            {
                return read(syntax, method, attribute, model, diagnostics, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), method.Name, e.GetType().Name + ": " + e.Message));
                return new ReadResult(null, diagnostics);
            }
        }

        private static ReadResult ReadDerivativeCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            CheckContainingTypesPartial(syntax, method, diagnostics);
            if (!method.IsStatic) diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MethodNotStatic, syntax.Identifier.GetLocation(), method.Name));
            CheckSignature(syntax, method, diagnostics);

            int order = NamedInt(attribute, "Order") ?? 1;
            if (order is < 1 or > 3)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidOrder, ArgumentLocation(attributeSyntax, "Order", syntax), order, "the order is 1, 2 or 3"));

            string? variable = ChooseVariable(method, NamedString(attribute, "WithRespectTo"), ArgumentLocation(attributeSyntax, "WithRespectTo", syntax), diagnostics);

            string baseName = NamedString(attribute, "Name") ?? method.Name;
            var methods = new List<EmittedMethod>();
            if (order is >= 1 and <= 3)
            {
                for (int k = 1; k <= order; k++) methods.Add(new EmittedMethod(baseName + OrderSuffixes[k], k));
                CheckEmittedNames(methods, method, ArgumentLocation(attributeSyntax, "Name", syntax), diagnostics);
            }

            Expr? body = null;
            ProgramTranslation? translation = null;
            if (diagnostics.Count == 0)
            {
                var env = Translator.OwnNames(method);
                translation = Translator.TranslateProgram(syntax, method, model, env, diagnostics, ct, declaredDerivatives: true);
                if (translation is { FirstLoop: null }) body = Translator.ExpressionOf(translation, syntax, method, diagnostics, ct);
                else if (translation is not null && order > 1)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidOrder, ArgumentLocation(attributeSyntax, "Order", syntax), order,
                        "a body with a loop is differentiated once, in reverse mode; write the loop out or differentiate a loop-free helper"));
            }
            if (diagnostics.Count > 0 || translation is null || variable is null) return new ReadResult(null, diagnostics);

            // With loops, the derivative is the one-parameter case of the reverse-mode gradient.
            string modifiers = AccessibilityText(syntax) + "static";
            var program = body is null ? translation.Program : null;
            return new ReadResult(BuildRequest(syntax, method, method, modifiers, translation.Written, body, variable, methods, "Derivative", program: program), diagnostics);
        }

        private static ReadResult ReadDerivativeOfCore(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model,
            List<Diagnostic> diagnostics, CancellationToken ct)
        {
            // With a body, [DerivativeOf] declares a hand-written derivative for the analyzers to check; the generator leaves it alone.
            if (syntax.Body is not null || syntax.ExpressionBody is not null || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                return new ReadResult(null, diagnostics);
            if (method.PartialImplementationPart is { } implementation && !IsGenerated(implementation))
                return new ReadResult(null, diagnostics);

            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var targetLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax.Identifier.GetLocation();
            CheckContainingTypesPartial(syntax, method, diagnostics);
            CheckSignature(syntax, method, diagnostics);

            int order = NamedInt(attribute, "Order") ?? 1;
            if (order is < 1 or > 3)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidOrder, ArgumentLocation(attributeSyntax, "Order", syntax), order, "the order is 1, 2 or 3"));

            string? targetName = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            var target = FindTarget(method, targetName, targetLocation, diagnostics);
            string? variable = ChooseVariable(method, NamedString(attribute, "WithRespectTo"), ArgumentLocation(attributeSyntax, "WithRespectTo", syntax), diagnostics);
            if (diagnostics.Count > 0 || target is null || variable is null) return new ReadResult(null, diagnostics);

            if (target.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct) is not MethodDeclarationSyntax targetSyntax)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, targetLocation, $"'{targetName}' has no source in this compilation to differentiate"));
                return new ReadResult(null, diagnostics);
            }

            // F's parameters take the names of this method's parameters, position by position.
            var env = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            for (int i = 0; i < target.Parameters.Length; i++) env[target.Parameters[i]] = EscapeIdentifier(method.Parameters[i].Name);
            var targetModel = targetSyntax.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(targetSyntax.SyntaxTree);
            var innerDiagnostics = new List<Diagnostic>();
            var body = Translator.TranslateLoopFree(targetSyntax, target, targetModel, env, innerDiagnostics, ct);
            if (innerDiagnostics.Count > 0 || body is null)
            {
                foreach (var inner in innerDiagnostics)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedCall, targetLocation, $"'{target.Name}' cannot be differentiated: " +
                        $"{inner.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
                return new ReadResult(null, diagnostics);
            }

            string modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            var methods = new List<EmittedMethod> { new(method.Name, order) };
            return new ReadResult(BuildRequest(syntax, method, target, modifiers, body.Written, body.Expression, variable, methods, "DerivativeOf"), diagnostics);
        }

        private static MethodRequest BuildRequest(MethodDeclarationSyntax syntax, IMethodSymbol method, IMethodSymbol source, string modifiers,
            WrittenProgram written, Expr? body, string variable, List<EmittedMethod> methods, string hintSuffix,
            CalculusKind kind = CalculusKind.Derivative, IntegralOptions? integral = null, Program? program = null, GradientOptions? gradient = null,
            ParameterModel[]? emittedParameters = null, Expr[]? outputs = null, WrittenProgram[]? outputsWritten = null)
        {
            string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            var types = new List<string>();
            var hint = new StringBuilder();
            if (ns.Length > 0) hint.Append(ns).Append('.');
            foreach (var type in syntax.Ancestors().OfType<TypeDeclarationSyntax>().Reverse())
            {
                types.Add(TypeDeclarationText(type));
                hint.Append(type.Identifier.ValueText);
                if (type.TypeParameterList is { } tp) hint.Append('`').Append(tp.Parameters.Count);
                hint.Append('.');
            }
            string typeHint = hint.ToString();
            hint.Append(method.Name);
            foreach (var p in method.Parameters) hint.Append('_').Append(HintSafe(p.Type.ToDisplayString()));
            hint.Append('.').Append(hintSuffix).Append(".g.cs");

            var parameters = emittedParameters
                ?? method.Parameters.Select(p => new ParameterModel(EscapeIdentifier(p.Name), p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))).ToArray();
            string cref = source.Name + "(" + string.Join(", ", source.Parameters.Select(p => p.Type.ToDisplayString())) + ")";
            return new MethodRequest(
                hint.ToString(),
                typeHint + hintSuffix,
                ns,
                new EquatableArray<string>(types.ToArray()),
                source.Name,
                cref,
                modifiers,
                method.ReturnType.SpecialType == SpecialType.System_Single ? "float" : "double",
                new EquatableArray<ParameterModel>(parameters),
                body,
                variable,
                new EquatableArray<EmittedMethod>(methods.ToArray()),
                kind,
                integral,
                program,
                gradient,
                written,
                outputs is null ? default : new EquatableArray<Expr>(outputs),
                outputsWritten is null ? default : new EquatableArray<WrittenProgram>(outputsWritten));
        }

        /// <summary>Type names in hint names: generic brackets and array ranks become characters a hint name may hold.</summary>
        private static string HintSafe(string typeName)
        {
            var sb = new StringBuilder(typeName.Length);
            foreach (char c in typeName)
            {
                sb.Append(c switch
                {
                    '<' or '[' => '(',
                    '>' or ']' => ')',
                    _ when char.IsLetterOrDigit(c) || c is '.' or ',' or '_' or '-' => c,
                    _ => '_',
                });
            }
            return sb.ToString();
        }

        internal static string EscapeIdentifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        internal static string TypeDeclarationText(TypeDeclarationSyntax type)
        {
            string keyword = type switch
            {
                RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            return "partial " + keyword + " " + type.Identifier.ValueText + (type.TypeParameterList?.ToString() ?? "");
        }

        private static string AccessibilityText(MethodDeclarationSyntax syntax)
        {
            var sb = new StringBuilder();
            foreach (var m in syntax.Modifiers)
            {
                if (m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword))
                    sb.Append(m.Text).Append(' ');
            }
            return sb.ToString();
        }

        private static void CheckContainingTypesPartial(MethodDeclarationSyntax syntax, IMethodSymbol method, List<Diagnostic> diagnostics)
        {
            foreach (var type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name));
            }
        }

        internal static bool IsFloating(ITypeSymbol type) => type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

        internal static bool IsInteger(ITypeSymbol type) => type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
            or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;

        private static void CheckSignature(MethodDeclarationSyntax syntax, IMethodSymbol method, List<Diagnostic> diagnostics)
        {
            if (!IsFloating(method.ReturnType))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.ReturnType.GetLocation(),
                    $"'{method.Name}' returns '{method.ReturnType.ToDisplayString()}'; a differentiated method returns double or float"));
            if (method.IsGenericMethod)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.TypeParameterList?.GetLocation() ?? syntax.Identifier.GetLocation(),
                    $"'{method.Name}' is generic; a differentiated method must not have type parameters"));
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                var p = method.Parameters[i];
                var location = i < syntax.ParameterList.Parameters.Count ? syntax.ParameterList.Parameters[i].GetLocation() : syntax.Identifier.GetLocation();
                if (p.RefKind != RefKind.None)
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, location,
                        $"parameter '{p.Name}' is passed by reference ({p.RefKind.ToString().ToLowerInvariant()}); parameters of a differentiated method are passed by value"));
                else if (p.IsParams || !IsFloating(p.Type) && !IsInteger(p.Type) && !Translator.IsArray(p.Type) && !Translator.IsIntegerArray(p.Type))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, location,
                        $"parameter '{p.Name}' has type '{p.Type.ToDisplayString()}'; parameters of a differentiated method are double or float, arrays or spans of them (read by element), or ints " +
                            $"and arrays or spans of ints (held constant: labels, indices, masks)"));
            }
            if (!method.Parameters.Any(p => IsFloating(p.Type) || Translator.IsArray(p.Type)))
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedSignature, syntax.ParameterList.GetLocation(),
                    $"'{method.Name}' has no double or float parameter to differentiate with respect to"));
        }

        private static string? ChooseVariable(IMethodSymbol method, string? requested, Location location, List<Diagnostic> diagnostics)
        {
            // The variable is returned as C# writes it (@in): it names the parameter in the engine and in emitted code.
            var floating = method.Parameters.Where(p => IsFloating(p.Type) && p.RefKind == RefKind.None).Select(p => p.Name).ToList();
            if (requested is not null)
            {
                if (floating.Contains(requested)) return EscapeIdentifier(requested);
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, location,
                    $"WithRespectTo names '{requested}', which is not a double or float parameter of '{method.Name}' ({string.Join(", ", floating)})"));
                return null;
            }
            if (floating.Count == 1) return EscapeIdentifier(floating[0]);
            if (floating.Count > 1)
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, location,
                    $"'{method.Name}' has several floating-point parameters ({string.Join(", ", floating)}); name the variable with WithRespectTo = nameof(...)"));
            return null;
        }

        private static void CheckEmittedNames(List<EmittedMethod> methods, IMethodSymbol method, Location location, List<Diagnostic> diagnostics)
        {
            foreach (var m in methods)
            {
                if (!SyntaxFacts.IsValidIdentifier(m.Name) || SyntaxFacts.GetKeywordKind(m.Name) != SyntaxKind.None)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidEmittedName, location, $"'{m.Name}' is not a valid method name"));
                    continue;
                }
                var clash = method.ContainingType.GetMembers(m.Name).FirstOrDefault(s => !IsGenerated(s));
                if (clash is not null && !(clash is IMethodSymbol other && !SameParameterTypes(other, method)))
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidEmittedName, location,
                        $"'{method.ContainingType.Name}' already has a member '{m.Name}' with these parameters; rename the emitted method with Name = \"...\""));
            }
        }

        internal static bool SameParameterTypes(IMethodSymbol a, IMethodSymbol b) =>
            a.Parameters.Length == b.Parameters.Length && a.Parameters.Zip(b.Parameters, (x, y) => SymbolEqualityComparer.Default.Equals(x.Type, y.Type)).All(s => s);

        /// <summary>True for symbols declared only in this generator's own output (the analyzer sees those).</summary>
        internal static bool IsGenerated(ISymbol symbol) =>
            symbol.DeclaringSyntaxReferences.Length > 0 &&
            symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree.FilePath.IndexOf(KnownNames.GeneratorName, StringComparison.Ordinal) >= 0);

        private static IMethodSymbol? FindTarget(IMethodSymbol method, string? name, Location location, List<Diagnostic> diagnostics)
        {
            if (string.IsNullOrEmpty(name))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, location, "[DerivativeOf] needs the name of the function to differentiate: [DerivativeOf(nameof(F))]"));
                return null;
            }
            var candidates = method.ContainingType.GetMembers(name!).OfType<IMethodSymbol>().Where(m => !SymbolEqualityComparer.Default.Equals(m, method)).ToList();
            var match = candidates.FirstOrDefault(m => m.IsStatic && SameParameterTypes(m, method) && SymbolEqualityComparer.Default.Equals(m.ReturnType, method.ReturnType));
            if (match is not null) return match;
            string expected = "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString())) + ")";
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, location, candidates.Count == 0
                ? $"'{method.ContainingType.Name}' has no method named '{name}'"
                : $"'{method.ContainingType.Name}' has no static method '{name}{expected}' returning '{method.ReturnType.ToDisplayString()}'"));
            return null;
        }

        private static int? NamedInt(AttributeData attribute, string name)
        {
            foreach (var arg in attribute.NamedArguments)
                if (arg.Key == name && arg.Value.Value is int i) return i;
            return null;
        }

        private static bool NamedBool(AttributeData attribute, string name)
        {
            foreach (var arg in attribute.NamedArguments)
                if (arg.Key == name && arg.Value.Value is bool b) return b;
            return false;
        }

        private static string? NamedString(AttributeData attribute, string name)
        {
            foreach (var arg in attribute.NamedArguments)
                if (arg.Key == name && arg.Value.Value is string s) return s;
            return null;
        }

        private static Location ArgumentLocation(AttributeSyntax? attribute, string name, MethodDeclarationSyntax method)
        {
            var arg = attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            return arg?.GetLocation() ?? attribute?.GetLocation() ?? method.Identifier.GetLocation();
        }
    }
}
