using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Differentiation;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Printing;
using CompileTimeCalculus.Engine.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Checks hand-written calculus against the engine's truth: [DerivativeOf], [AntiderivativeOf] and [GradientOf] on
    /// methods with a body. A constant-factor error (a missing chain-rule coefficient, a sign) is CALC001; any other
    /// difference is CALC301 with a point where the values differ. Code fixes act on the replacement each diagnostic carries.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1030:Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer",
        Justification = "The function a hand-written derivative refers to may be declared in another file of the compilation.")]
    public sealed class HandWrittenCalculusAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property keys read by the code fixes.</summary>
        public static class Properties
        {
            public const string ReplaceStart = "ReplaceStart";
            public const string ReplaceLength = "ReplaceLength";
            public const string Replacement = "Replacement";
            public const string FixTitle = "FixTitle";
            public const string CanGenerate = "CanGenerate";
        }

        private enum Claim { Derivative, Antiderivative, Gradient }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.MissingChainRuleCoefficient, DiagnosticDescriptors.WrongHandWrittenCalculus,
            DiagnosticDescriptors.UnknownGradientElement, DiagnosticDescriptors.TargetNotFound, DiagnosticDescriptors.InvalidVariable,
            DiagnosticDescriptors.AntiderivativeUndefined);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var attributes = new Dictionary<INamedTypeSymbol, Claim>(SymbolEqualityComparer.Default);
                if (start.Compilation.GetTypeByMetadataName(KnownNames.DerivativeOfAttribute) is { } d) attributes[d] = Claim.Derivative;
                if (start.Compilation.GetTypeByMetadataName(KnownNames.AntiderivativeOfAttribute) is { } a) attributes[a] = Claim.Antiderivative;
                if (start.Compilation.GetTypeByMetadataName(KnownNames.GradientOfAttribute) is { } g) attributes[g] = Claim.Gradient;
                if (attributes.Count == 0) return;
                start.RegisterSyntaxNodeAction(c => Analyze(c, attributes), SyntaxKind.MethodDeclaration);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, Dictionary<INamedTypeSymbol, Claim> attributes)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 || Translator.ReturnedExpression(syntax) is not { } returned) return;
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is null || !attributes.TryGetValue(attribute.AttributeClass, out var claim)) continue;
                try
                {
                    Check(context, syntax, returned, method, attribute, claim);
                }
                catch (Exception e) when (EngineLimits.IsLimit(e, out _))
                {
                    // Too big to check within the budget: say nothing rather than something unproven.
                }
            }
        }

        private static void Check(SyntaxNodeAnalysisContext context, MethodDeclarationSyntax syntax, ExpressionSyntax returned,
            IMethodSymbol method, AttributeData attribute, Claim claim)
        {
            var ct = context.CancellationToken;
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var targetLocation = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax.Identifier.GetLocation();
            string? targetName = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

            var target = FindTarget(method, targetName, claim);
            if (target is null)
            {
                context.Report(Diagnostic.Create(DiagnosticDescriptors.TargetNotFound, targetLocation,
                    $"'{method.ContainingType.Name}' has no static method '{targetName}' with the parameters of '{method.Name}'"));
                return;
            }
            if (target.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct) is not MethodDeclarationSyntax targetSyntax) return;

            // Both sides use the hand-written method's parameter names, position by position.
            var targetEnv = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            for (int i = 0; i < target.Parameters.Length; i++) targetEnv[target.Parameters[i]] = method.Parameters[i].Name;
            var handEnv = method.Parameters.ToDictionary(p => p, p => p.Name, (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);
            var scratch = new List<Diagnostic>();
            var targetModel = targetSyntax.SyntaxTree == context.SemanticModel.SyntaxTree ? context.SemanticModel : context.SemanticModel.Compilation.GetSemanticModel(targetSyntax.SyntaxTree);
            var function = Translator.TranslateBody(targetSyntax, target, targetModel, targetEnv, scratch, ct);
            if (function is null) return; // the function itself cannot be differentiated: nothing to check against

            var variables = method.Parameters.Select(p => p.Name).ToList();
            var budget = new Budget(ct);
            var type = method.ReturnType.SpecialType == SpecialType.System_Single ? NumericType.Single : NumericType.Double;
            var checker = new ClaimChecker(context, method, target, function, variables, budget, type, handEnv);

            if (claim == Claim.Gradient)
            {
                checker.CheckGradient(returned);
                return;
            }

            var floating = method.Parameters.Where(p => FrontEnd.IsFloating(p.Type)).Select(p => p.Name).ToList();
            string? variable = attribute.NamedArguments.FirstOrDefault(a => a.Key == "WithRespectTo").Value.Value as string
                               ?? (floating.Count == 1 ? floating[0] : null);
            if (variable is null || !floating.Contains(variable))
            {
                context.Report(Diagnostic.Create(DiagnosticDescriptors.InvalidVariable, attributeSyntax?.GetLocation() ?? syntax.Identifier.GetLocation(),
                    $"name the variable of '{method.Name}' with WithRespectTo = nameof(...) ({string.Join(", ", floating)})"));
                return;
            }
            var handWritten = Translator.TranslateExpression(returned, method, context.SemanticModel, handEnv, scratch, ct);
            if (handWritten is null) return; // not in the checkable subset: silent, never a guess

            if (claim == Claim.Derivative)
            {
                int order = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Order").Value.Value as int? ?? 1;
                if (order is < 1 or > 3) return;
                checker.CheckDerivative(returned, handWritten, variable, order, syntax);
            }
            else
            {
                checker.CheckAntiderivative(returned, handWritten, variable);
            }
        }

        private static IMethodSymbol? FindTarget(IMethodSymbol method, string? name, Claim claim)
        {
            if (string.IsNullOrEmpty(name)) return null;
            return method.ContainingType.GetMembers(name!).OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.IsStatic && !SymbolEqualityComparer.Default.Equals(m, method) && FrontEnd.SameParameterTypes(m, method) && FrontEnd.IsFloating(m.ReturnType)
                && (claim == Claim.Gradient || SymbolEqualityComparer.Default.Equals(m.ReturnType, method.ReturnType)));
        }

        /// <summary>One method's check: compares, words the message, and attaches the fix.</summary>
        private sealed class ClaimChecker
        {
            private readonly SyntaxNodeAnalysisContext _context;
            private readonly IMethodSymbol _method;
            private readonly IMethodSymbol _target;
            private readonly Expr _function;
            private readonly List<string> _variables;
            private readonly Budget _budget;
            private readonly NumericType _type;
            private readonly Dictionary<IParameterSymbol, string> _handEnv;

            public ClaimChecker(SyntaxNodeAnalysisContext context, IMethodSymbol method, IMethodSymbol target, Expr function,
                List<string> variables, Budget budget, NumericType type, Dictionary<IParameterSymbol, string> handEnv)
            {
                _context = context;
                _method = method;
                _target = target;
                _function = function;
                _variables = variables;
                _budget = budget;
                _type = type;
                _handEnv = handEnv;
            }

            public void CheckDerivative(ExpressionSyntax returned, Expr handWritten, string variable, int order, MethodDeclarationSyntax syntax)
            {
                var truth = _function;
                for (int k = 0; k < order; k++) truth = Differentiator.Differentiate(truth, variable, _budget);
                string what = order == 1 ? "the derivative" : order == 2 ? "the second derivative" : "the third derivative";
                var result = CalculusChecker.Compare(handWritten, truth, _variables, _budget);
                bool canGenerate = _method.IsStatic && syntax.Ancestors().OfType<TypeDeclarationSyntax>().All(t => t.Modifiers.Any(SyntaxKind.PartialKeyword));
                switch (result.Verdict)
                {
                    case CheckVerdict.ConstantFactor:
                    {
                        double missing = 1 / result.Factor;
                        string message;
                        if (IsMinusOne(result.Factor))
                        {
                            message = $"'{_method.Name}' has the wrong sign: it is the negative of {what} of '{_target.Name}'";
                        }
                        else
                        {
                            var inner = order == 1 ? CalculusChecker.FindInnerWithConstantDerivative(_function, variable, missing, _budget) : null;
                            string? innerText = inner is null ? null : SourceText(_target, inner);
                            message = $"'{_method.Name}' is off by a constant factor of {Factor(result.Factor)} from {what} of '{_target.Name}': " +
                                      (innerText is null ? $"a factor {Factor(missing)} is missing" : $"the chain-rule factor {Factor(missing)} of '{innerText}' is missing");
                        }
                        Report(DiagnosticDescriptors.MissingChainRuleCoefficient, returned, message, returned, Scale(returned, missing),
                            IsMinusOne(result.Factor) ? "Fix the sign" : "Add the missing coefficient", canGenerate);
                        break;
                    }
                    case CheckVerdict.Wrong:
                    {
                        string correct = CSharpEmitter.EmitExpression(truth, _type, _budget);
                        var missingInner = order == 1 ? CalculusChecker.FindMissingInnerDerivative(_function, handWritten, truth, variable, _variables, _budget) : null;
                        string message = missingInner is { } m
                            ? $"'{_method.Name}' is not {what} of '{_target.Name}': the inner derivative '{MathPrinter.Print(m.InnerDerivative)}' of '{MathPrinter.Print(m.Inner)}' is missing " +
                                $"(chain rule); at {Point(result)} it gives {Value(result.HandWrittenValue)} instead of {Value(result.TruthValue)}"
                            : $"'{_method.Name}' is not {what} of '{_target.Name}': at {Point(result)} it gives {Value(result.HandWrittenValue)} but {what} is {Value(result.TruthValue)}; {what} " +
                                $"is {correct}";
                        Report(DiagnosticDescriptors.WrongHandWrittenCalculus, returned, message, returned, correct, "Replace with the correct derivative", canGenerate);
                        break;
                    }
                }
            }

            public void CheckAntiderivative(ExpressionSyntax returned, Expr handWritten, string variable)
            {
                var derivative = Differentiator.Differentiate(handWritten, variable, _budget);
                var result = CalculusChecker.Compare(derivative, _function, _variables, _budget);
                if (result.Verdict is CheckVerdict.Correct or CheckVerdict.Undecided)
                {
                    CheckDefined(returned, handWritten, variable);
                    return;
                }
                switch (result.Verdict)
                {
                    case CheckVerdict.ConstantFactor:
                    {
                        double missing = 1 / result.Factor;
                        if (IsMinusOne(result.Factor))
                        {
                            Report(DiagnosticDescriptors.MissingChainRuleCoefficient, returned,
                                $"'{_method.Name}' has the wrong sign: its derivative is the negative of '{_target.Name}' (a substitution's dx = -dt/t² sign is easy to drop)",
                                returned, Scale(returned, -1), "Fix the sign", false);
                            return;
                        }
                        var inner = CalculusChecker.FindInnerWithConstantDerivative(handWritten, variable, result.Factor, _budget);
                        var innerSyntax = inner is null ? null : SyntaxLookup.Find(returned, inner, _method, _context.SemanticModel, _handEnv, _context.CancellationToken);
                        if (inner is not null && innerSyntax is not null)
                        {
                            // Name that spot only if scaling it alone really repairs the antiderivative (3 + e^(2x), not e^(2x) + e^(4x)).
                            var repaired = CalculusChecker.Replace(handWritten, inner, Expr.Multiply(Expr.Num(missing), inner));
                            if (CalculusChecker.Compare(Differentiator.Differentiate(repaired, variable, _budget), _function, _variables, _budget).Verdict != CheckVerdict.Correct)
                                innerSyntax = null;
                        }
                        string message = $"'{_method.Name}' is off by a constant factor of {Factor(result.Factor)} from an antiderivative of '{_target.Name}': " +
                                         (innerSyntax is null ? $"a coefficient {Factor(missing)} is missing" : $"the chain-rule coefficient {Factor(missing)} of '{innerSyntax}' is missing");
                        var spot = innerSyntax ?? returned;
                        Report(DiagnosticDescriptors.MissingChainRuleCoefficient, returned, message, spot, Scale(spot, missing), "Add the missing coefficient", false);
                        break;
                    }
                    case CheckVerdict.Wrong:
                    {
                        // Offer a verified antiderivative when the integrator finds one (in the textbook form: it goes into user code).
                        string? correct = null;
                        try
                        {
                            var found = IntegralEngine.Find(_function, variable, _variables, new Budget(_context.CancellationToken, IntegralEngine.MaxSteps), out _, out _, out _);
                            if (found is not null) correct = CSharpEmitter.EmitExpression(found.Result, _type, _budget);
                        }
                        catch (Exception e) when (EngineLimits.IsLimit(e, out _))
                        {
                            // No antiderivative within the budget: the diagnostic stands without a replacement.
                        }
                        string message = $"'{_method.Name}' is not an antiderivative of '{_target.Name}': at {Point(result)} its derivative is {Value(result.HandWrittenValue)} but " +
                            $"'{_target.Name}' is {Value(result.TruthValue)}"
                            + (correct is null ? "" : $"; an antiderivative is {correct}");
                        Report(DiagnosticDescriptors.WrongHandWrittenCalculus, returned, message, correct is null ? null : returned, correct,
                            correct is null ? null : "Replace with a verified antiderivative", false);
                        break;
                    }
                }
            }

            /// <summary>An antiderivative must exist wherever its integrand does: ln u for ∫ u'/u exists only where u > 0.</summary>
            private void CheckDefined(ExpressionSyntax returned, Expr handWritten, string variable)
            {
                var point = CalculusChecker.FindUndefinedPoint(handWritten, _function, _variables, _budget);
                if (point is null) return;
                // The usual cause is a logarithm of a quantity that can be negative: offer ln|u|, if that repairs it.
                var repaired = Engine.Algebra.Rewrite.Replace(handWritten, node => node is CallExpr { Function: Function.Log } log && log.Argument is not CallExpr { Function: Function.Abs }
                    ? Expr.Log(Expr.Call(Function.Abs, log.Argument)) : null, _budget);
                string? replacement = null;
                if (!repaired.Equals(handWritten) && CalculusChecker.FindUndefinedPoint(repaired, _function, _variables, _budget) is null
                    && CalculusChecker.Compare(Differentiator.Differentiate(repaired, variable, _budget), _function, _variables, _budget).Verdict == CheckVerdict.Correct)
                    replacement = LogOfAbsolute.Rewrite(returned, _context.SemanticModel, _context.CancellationToken);
                string at = string.Join(", ", point.Value.Point.Select(p => p.Key + " = " + p.Value.ToString("R", CultureInfo.InvariantCulture)));
                string message = $"'{_method.Name}' is {Value(point.Value.AntiderivativeValue)} at {at}, where '{_target.Name}' is {Value(point.Value.IntegrandValue)}: an antiderivative must be " +
                    $"defined wherever its integrand is"
                    + (replacement is null ? "" : $"; use the logarithm of the absolute value, {replacement}");
                Report(DiagnosticDescriptors.AntiderivativeUndefined, returned, message, replacement is null ? null : returned, replacement,
                    replacement is null ? null : "Use the logarithm of the absolute value", false);
            }

            public void CheckGradient(ExpressionSyntax returned)
            {
                if (returned is not TupleExpressionSyntax tuple || _method.ReturnType is not INamedTypeSymbol { IsTupleType: true } tupleType) return;
                var elements = tupleType.TupleElements;
                for (int i = 0; i < tuple.Arguments.Count && i < elements.Length; i++)
                {
                    var expression = tuple.Arguments[i].Expression;
                    string name = elements[i].Name;
                    Expr truth;
                    string what;
                    if (name == "Value")
                    {
                        truth = _function;
                        what = $"the value of '{_target.Name}'";
                    }
                    else if (_variables.Contains(name))
                    {
                        truth = Differentiator.Differentiate(_function, name, _budget);
                        what = $"∂{_target.Name}/∂{name}";
                    }
                    else
                    {
                        _context.Report(Diagnostic.Create(DiagnosticDescriptors.UnknownGradientElement, expression.GetLocation(),
                            $"the element '{name}' names no parameter of '{_target.Name}' ({string.Join(", ", _variables)}); name each element after the parameter it differentiates by, or Value"));
                        continue;
                    }
                    var scratch = new List<Diagnostic>();
                    var handWritten = Translator.TranslateExpression(expression, _method, _context.SemanticModel, _handEnv, scratch, _context.CancellationToken);
                    if (handWritten is null) continue;
                    var result = CalculusChecker.Compare(handWritten, truth, _variables, _budget);
                    if (result.Verdict == CheckVerdict.ConstantFactor)
                    {
                        double missing = 1 / result.Factor;
                        string message = IsMinusOne(result.Factor)
                            ? $"the '{name}' element of '{_method.Name}' has the wrong sign: it is the negative of {what}"
                            : $"the '{name}' element of '{_method.Name}' is off by a constant factor of {Factor(result.Factor)} from {what}: a coefficient {Factor(missing)} is missing";
                        Report(DiagnosticDescriptors.MissingChainRuleCoefficient, expression, message, expression, Scale(expression, missing),
                            IsMinusOne(result.Factor) ? "Fix the sign" : "Add the missing coefficient", false);
                    }
                    else if (result.Verdict == CheckVerdict.Wrong)
                    {
                        string correct = CSharpEmitter.EmitExpression(truth, _type, _budget);
                        Report(DiagnosticDescriptors.WrongHandWrittenCalculus, expression,
                            $"the '{name}' element of '{_method.Name}' is not {what}: at {Point(result)} it gives {Value(result.HandWrittenValue)} but {what} is {Value(result.TruthValue)}; it is " +
                                $"{correct}",
                            expression, correct, "Replace with the correct partial derivative", false);
                    }
                }
            }

            private string? SourceText(IMethodSymbol owner, Expr node)
            {
                if (owner.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_context.CancellationToken) is not MethodDeclarationSyntax declaration) return null;
                var body = Translator.ReturnedExpression(declaration);
                if (body is null) return null;
                var env = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
                for (int i = 0; i < owner.Parameters.Length; i++) env[owner.Parameters[i]] = _method.Parameters[i].Name;
                var model = declaration.SyntaxTree == _context.SemanticModel.SyntaxTree ? _context.SemanticModel : _context.SemanticModel.Compilation.GetSemanticModel(declaration.SyntaxTree);
                return SyntaxLookup.Find(body, node, owner, model, env, _context.CancellationToken)?.ToString();
            }

            private void Report(DiagnosticDescriptor descriptor, SyntaxNode at, string message, SyntaxNode? replace, string? replacement, string? title, bool canGenerate)
            {
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                if (replace is not null && replacement is not null && title is not null)
                {
                    // A fix must compile where the user's code does: no MathF on .NET Framework.
                    if (!LegacyMath.IsAvailable(_context.SemanticModel.Compilation)) replacement = LegacyMath.Rewrite(replacement);
                    properties[Properties.ReplaceStart] = replace.SpanStart.ToString(CultureInfo.InvariantCulture);
                    properties[Properties.ReplaceLength] = replace.Span.Length.ToString(CultureInfo.InvariantCulture);
                    properties[Properties.Replacement] = replacement;
                    properties[Properties.FixTitle] = title;
                }
                if (canGenerate) properties[Properties.CanGenerate] = "true";
                _context.Report(Diagnostic.Create(descriptor, at.GetLocation(), properties.ToImmutable(), message));
            }

            private static string Point(CheckResult result) =>
                string.Join(", ", result.Point!.Select(p => p.Key + " = " + p.Value.ToString("R", CultureInfo.InvariantCulture)));
        }

        private static bool IsMinusOne(double factor) => Math.Abs(factor + 1) <= 1e-9;

        private static string Factor(double value) => CalculusChecker.FormatFactor(value);

        private static string Value(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

        /// <summary>The expression multiplied by <paramref name="factor"/>, written where it reads naturally.</summary>
        internal static string Scale(ExpressionSyntax expression, double factor)
        {
            bool tight = expression is InvocationExpressionSyntax or IdentifierNameSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax
                or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax;
            bool multiplicative = tight || expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.MultiplyExpression or (int)SyntaxKind.DivideExpression };
            string text = expression.WithoutTrivia().ToString();
            if (IsMinusOne(factor))
            {
                if (expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated) return negated.Operand.WithoutTrivia().ToString();
                return "-" + (tight ? text : "(" + text + ")");
            }
            string Wrapped(bool ok) => ok ? text : "(" + text + ")";
            string factorText = CalculusChecker.FormatFactor(Math.Abs(factor));
            string sign = factor < 0 ? "-" : "";
            int slash = factorText.IndexOf('/');
            if (slash < 0)
            {
                if (expression is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } minus)
                    return (factor < 0 ? "" : "-") + factorText + " * " + minus.Operand.WithoutTrivia();
                return sign + factorText + " * " + Wrapped(multiplicative);
            }
            string numerator = factorText.Substring(0, slash), denominator = factorText.Substring(slash + 1);
            return sign + (numerator == "1" ? "" : numerator + " * ") + Wrapped(multiplicative) + " / " + denominator;
        }
    }
}
