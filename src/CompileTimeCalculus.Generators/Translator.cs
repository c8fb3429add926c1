using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CompileTimeCalculus.Engine;
using CompileTimeCalculus.Engine.Ir;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Written;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Translates a method body (through Roslyn's IOperation tree) into the written IR: what C# computes, in the user's
    /// operation order (see <see cref="WrittenExpr"/>). Every construct outside the supported set becomes a diagnostic on
    /// its own syntax; calls to static methods of the compilation are inlined as blocks over fresh locals. The engines work
    /// on its <see cref="Lowering"/> and verify against it.
    /// </summary>
    internal sealed partial class Translator
    {
        /// <summary>Deeper bodies are diagnosed before any recursive walk, so no input can overflow the stack.</summary>
        public const int MaxSyntaxDepth = 200;
        public const int MaxInlineDepth = 16;

        private readonly List<Diagnostic> _diagnostics;
        private readonly CancellationToken _ct;
        private readonly List<IMethodSymbol> _callStack;
        private readonly SemanticModel _model;
        private readonly Dictionary<IParameterSymbol, string> _env;
        private readonly ProgramContext? _context;
        private readonly int[] _inlinedCalls;

        private Translator(SemanticModel model, Dictionary<IParameterSymbol, string> env, List<Diagnostic> diagnostics, List<IMethodSymbol> callStack,
            ProgramContext? context, int[] inlinedCalls, CancellationToken ct)
        {
            _model = model;
            _env = env;
            _diagnostics = diagnostics;
            _callStack = callStack;
            _context = context;
            _inlinedCalls = inlinedCalls;
            _ct = ct;
        }

        /// <summary>
        /// Each parameter under its own name as C# writes it (the usual environment of a method read on its own): a keyword
        /// keeps its @, since the name is printed into emitted code.
        /// </summary>
        public static Dictionary<IParameterSymbol, string> OwnNames(IMethodSymbol method) =>
            method.Parameters.ToDictionary(p => p, p => FrontEnd.EscapeIdentifier(p.Name), (IEqualityComparer<IParameterSymbol>)SymbolEqualityComparer.Default);

        /// <summary>
        /// A method body as one expression of its parameters (and element reads): locals, ifs and early returns are
        /// executed symbolically. A body with a loop is a diagnostic here (only gradients and first derivatives take loops).
        /// </summary>
        public static Expr? TranslateBody(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model,
            Dictionary<IParameterSymbol, string> env, List<Diagnostic> diagnostics, CancellationToken ct) =>
            TranslateLoopFree(syntax, method, model, env, diagnostics, ct)?.Expression;

        /// <summary>A loop-free body: as written, and as one canonical expression. A loop is a diagnostic.</summary>
        public static LoopFreeTranslation? TranslateLoopFree(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model,
            Dictionary<IParameterSymbol, string> env, List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var translation = TranslateProgram(syntax, method, model, env, diagnostics, ct);
            if (translation is null) return null;
            if (translation.FirstLoop is { } loop)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, loop,
                    "A loop here (loops are differentiated by [Gradient] and first-order [Derivative]; integrals, higher derivatives and inlined calls need a loop-free body)"));
                return null;
            }
            var expression = ExpressionOf(translation, syntax, method, diagnostics, ct);
            return expression is null ? null : new LoopFreeTranslation(translation.Written, expression);
        }

        /// <summary>The value of a loop-free program as one expression, or a limit diagnostic.</summary>
        public static Expr? ExpressionOf(ProgramTranslation translation, MethodDeclarationSyntax syntax, IMethodSymbol method, List<Diagnostic> diagnostics, CancellationToken ct)
        {
            try
            {
                return ProgramNormalizer.ToExpression(translation.Program, new Budget(ct));
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LimitExceeded, syntax.Identifier.GetLocation(), method.Name, message));
                return null;
            }
        }

        /// <summary>Translates one expression of <paramref name="owner"/>'s body (a tuple element, a subexpression).</summary>
        public static Expr? TranslateExpression(ExpressionSyntax expression, IMethodSymbol owner, SemanticModel model,
            Dictionary<IParameterSymbol, string> env, List<Diagnostic> diagnostics, CancellationToken ct) =>
            TranslateWrittenExpression(expression, owner, model, env, diagnostics, ct)?.Expression;

        /// <summary>One expression as written and as the canonical IR, or null with diagnostics.</summary>
        public static (WrittenExpr Written, Expr Expression)? TranslateWrittenExpression(ExpressionSyntax expression, IMethodSymbol owner, SemanticModel model,
            Dictionary<IParameterSymbol, string> env, List<Diagnostic> diagnostics, CancellationToken ct)
        {
            var translator = new Translator(model, env, diagnostics, new List<IMethodSymbol> { owner.OriginalDefinition }, null, new int[1], ct);
            int before = diagnostics.Count;
            try
            {
                var result = translator.Expression(expression, owner.Name);
                return diagnostics.Count == before && result is not null ? (result, Lowering.ToExpr(result, new Budget(ct))) : null;
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LimitExceeded, expression.GetLocation(), owner.Name, message));
                return null;
            }
        }

        /// <summary>The expression a method returns: its expression body, or the one return of a block body.</summary>
        public static ExpressionSyntax? ReturnedExpression(MethodDeclarationSyntax syntax) =>
            syntax.ExpressionBody?.Expression ??
            (syntax.Body is { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null);

        private WrittenExpr? Expression(ExpressionSyntax expression, string ownerName)
        {
            int depth = SyntaxDepth(expression, MaxSyntaxDepth);
            if (depth > MaxSyntaxDepth)
            {
                Report(DiagnosticDescriptors.LimitExceeded, expression, ownerName,
                    $"the expression is nested more than {MaxSyntaxDepth} levels deep (split it into helper methods)");
                return null;
            }
            // Parentheses have no operation of their own in C#.
            while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
            var operation = _model.GetOperation(expression, _ct);
            if (operation is null)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, expression, "An expression that does not compile");
                return null;
            }
            return Value(operation);
        }

        private static string DescribeStatement(SyntaxNode statement) => statement switch
        {
            LocalDeclarationStatementSyntax => "A local variable declaration",
            IfStatementSyntax => "An if statement",
            ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => "A loop",
            ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax } => "An assignment",
            ExpressionStatementSyntax { Expression: PostfixUnaryExpressionSyntax or PrefixUnaryExpressionSyntax } => "An assignment",
            ExpressionStatementSyntax => "An expression statement",
            ThrowStatementSyntax => "A throw statement",
            BlockSyntax => "An empty block body",
            LocalFunctionStatementSyntax => "A local function (make it a static method of the type: calls to those are inlined)",
            LabeledStatementSyntax => "A label",
            SwitchStatementSyntax => "A switch statement (use if/else or the conditional operator)",
            TryStatementSyntax => "A try statement",
            UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax or UnsafeStatementSyntax or CheckedStatementSyntax => "A '" + statement.GetFirstToken().Text + "' statement",
            _ => "The statement '" + Short(statement) + "'",
        };

        /// <summary>The depth of a syntax tree, measured without recursion; stops counting past <paramref name="limit"/>.</summary>
        internal static int SyntaxDepth(SyntaxNode root, int limit)
        {
            var stack = new Stack<(SyntaxNode Node, int Depth)>();
            stack.Push((root, 1));
            int max = 0;
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                if (depth > max)
                {
                    max = depth;
                    if (max > limit) return max;
                }
                foreach (var child in node.ChildNodes()) stack.Push((child, depth + 1));
            }
            return max;
        }

        private static bool IsSingle(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Single;

        private static readonly WrittenExpr Zero = WrittenExpr.Number(0);

        private WrittenExpr Value(IOperation op)
        {
            _ct.ThrowIfCancellationRequested();
            if (op is IFieldReferenceOperation { Field: { IsStatic: true } field } && IsMathType(field.ContainingType) && field.Name is "PI" or "E" or "Tau")
                return WrittenExpr.MathConstant(field.Name, IsSingle(field.Type));

            // The compiler folds 2 * Math.PI to 6.283185307179586; keep such constants symbolic (√(2π) then simplifies).
            if (op.ConstantValue.HasValue && op.Type is { } constantType && !MentionsMathConstant(op))
            {
                // The compiler folds constants, so look inside for what the folding hid: 1 / 2 is 0, 1.5m is decimal.
                foreach (var inner in op.DescendantsAndSelf())
                {
                    if (inner is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder, Type: { } divisionType } && FrontEnd.IsInteger(divisionType))
                        return Fail(DiagnosticDescriptors.IntegerArithmetic, inner.Syntax,
                            $"'{Short(inner.Syntax)}' is integer division, which truncates (it is {inner.ConstantValue.Value}); write a floating-point literal such as 1.0");
                    if (inner.Type?.SpecialType == SpecialType.System_Decimal)
                        return Fail(DiagnosticDescriptors.IntegerArithmetic, inner.Syntax, $"'{Short(inner.Syntax)}' is a decimal; use double or float");
                }
                var value = op.ConstantValue.Value;
                switch (value)
                {
                    case double d: return WrittenExpr.Number(d);
                    case float f: return WrittenExpr.Number(f, single: true);
                    case int or long or short or byte or sbyte or ushort or uint or ulong:
                        return WrittenExpr.Number(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                }
                if (constantType.SpecialType == SpecialType.System_Boolean)
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"The boolean constant '{op.Syntax}'");
            }

            // An int chosen by a condition (double sign = x < 0 ? -1 : 1): the same choice between numbers.
            if (op is IConditionalOperation { WhenFalse: { } otherwise } choice && op.Type is { } choiceType && FrontEnd.IsInteger(choiceType) && !op.ConstantValue.HasValue)
                return WrittenExpr.Conditional(Test(choice.Condition), Value(choice.WhenTrue), Value(otherwise), false);
            // A count the body changes, and + − × of it: numbers (exact below 2^53).
            if (op.Type is { } countType && FrontEnd.IsInteger(countType) && !op.ConstantValue.HasValue && op is not IInvocationOperation && MentionsCount(op))
                return Count(op);
            // Integers in arithmetic (counters, int parameters, lengths) are exact integer expressions.
            if (op.Type is { } type && FrontEnd.IsInteger(type) && !op.ConstantValue.HasValue && op is not IInvocationOperation)
                return Integer(op, allowDivision: false) is { } integer ? WrittenExpr.Integer(integer) : Zero;
            if (ElementReadOf(op) is { } element) return element;

            switch (op)
            {
                case ILocalReferenceOperation { Local: var local } when _context is not null && _context.Aliases.TryGetValue(local, out var alias):
                    return alias;
                case ILocalReferenceOperation { Local: var local } when _context is not null && FrontEnd.IsFloating(local.Type):
                    return WrittenExpr.Named(LocalName(local), IsSingle(local.Type));
                case IConversionOperation conversion:
                    return Conversion(conversion);
                case IParameterReferenceOperation parameter when IsArray(parameter.Parameter.Type):
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"The array '{parameter.Parameter.Name}' as a number (read its elements, {parameter.Parameter.Name}[i])");
                case IParameterReferenceOperation parameter:
                    if (_env.TryGetValue(parameter.Parameter, out var bound)) return WrittenExpr.Named(bound, IsSingle(parameter.Parameter.Type));
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"The parameter '{parameter.Parameter.Name}' of another method");
                case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false } when InstanceMember(op) is { } member && _context!.Members[member] is var memberName:
                    return _context.Arrays.ContainsKey(member)
                        ? Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"The array '{member.Name}' as a number (read its elements, {member.Name}[i])")
                        : WrittenExpr.Named(memberName, IsSingle(op.Type));
                case IFieldReferenceOperation or IPropertyReferenceOperation when _context is not null && op switch
                {
                    IFieldReferenceOperation f => _context.RejectedMembers.Contains(f.Field),
                    IPropertyReferenceOperation p => _context.RejectedMembers.Contains(p.Property),
                    _ => false,
                }:
                    return Zero; // reported where the member was first read
                case IFieldReferenceOperation fieldReference:
                    return fieldReference.Field.IsStatic
                        ? Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"The static field '{fieldReference.Field.Name}' (only const fields are constant at build time)")
                        : Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"Instance state ('{fieldReference.Field.Name}')");
                case IBinaryOperation binary:
                    return Binary(binary);
                case IUnaryOperation unary:
                    return Unary(unary);
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                {
                    var test = Test(conditional.Condition);
                    var (whenTrue, elseValue) = Conditionally(() => (Value(conditional.WhenTrue), Value(whenFalse)));
                    return WrittenExpr.Conditional(test, whenTrue, elseValue, IsSingle(conditional.Type));
                }
                case IInvocationOperation invocation:
                    return Invocation(invocation);
                case IInvalidOperation:
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, $"'{Short(op.Syntax)}', which does not compile,");
                default:
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, Describe(op));
            }
        }

        private bool MentionsCount(IOperation op) =>
            _context is { Counting.Count: > 0 } context && op.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation { Local: var l } && context.Counting.Contains(l));

        private WrittenExpr Count(IOperation op)
        {
            switch (op)
            {
                case ILocalReferenceOperation { Local: var local } when _context!.Counting.Contains(local):
                    return WrittenExpr.Named(LocalName(local));
                case IConversionOperation { OperatorMethod: null } conversion when conversion.Operand.Type is { } from && FrontEnd.IsInteger(from):
                    return Count(conversion.Operand);
                case IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply } binary:
                {
                    var operatorKind = binary.OperatorKind == BinaryOperatorKind.Add ? WrittenOperator.Add
                        : binary.OperatorKind == BinaryOperatorKind.Subtract ? WrittenOperator.Subtract : WrittenOperator.Multiply;
                    return WrittenExpr.Binary(operatorKind, CountOperand(binary.LeftOperand), CountOperand(binary.RightOperand), false);
                }
                case IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Minus } minus:
                    return WrittenExpr.Negate(CountOperand(minus.Operand), false);
                default:
                    return Fail(DiagnosticDescriptors.IntegerArithmetic, op.Syntax,
                        $"'{Short(op.Syntax)}' is integer arithmetic on a count the body changes; make it floating-point (a double count, or 1.0 * count)");
            }
        }

        private WrittenExpr CountOperand(IOperation op) => MentionsCount(op) ? Count(op) : Value(op);

        private static bool MentionsMathConstant(IOperation op)
        {
            if (op is IFieldReferenceOperation) return false;
            foreach (var inner in op.Descendants())
            {
                if (inner is IFieldReferenceOperation { Field: { IsStatic: true, Name: "PI" or "E" or "Tau" } field } && IsMathType(field.ContainingType)) return true;
            }
            return false;
        }

        private static string Describe(IOperation op) => op switch
        {
            ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation => "An assignment",
            ILocalReferenceOperation local => $"The local '{local.Local.Name}'",
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer => $"An element of '{Short(indexer.Instance?.Syntax ?? indexer.Syntax)}' (elements are read from array and span " +
                $"parameters and local buffers)",
            IPropertyReferenceOperation property => $"The property '{property.Property.Name}'",
            IArrayElementReferenceOperation element => $"An element of '{Short(element.ArrayReference.Syntax)}' (elements are read from array and span parameters and local buffers)",
            IAnonymousFunctionOperation or IDelegateCreationOperation => "A lambda",
            IObjectCreationOperation => "Object creation",
            IThrowOperation => "A throw expression",
            IInterpolatedStringOperation or ILiteralOperation => $"The literal '{Short(op.Syntax)}'",
            ISwitchExpressionOperation => "A switch expression (use the conditional operator)",
            IIsPatternOperation => "A pattern",
            IDefaultValueOperation => "A default value",
            _ => $"'{Short(op.Syntax)}' ({op.Kind})",
        };

        private static string Short(SyntaxNode node)
        {
            string text = node.ToString();
            return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
        }

        private WrittenExpr Conversion(IConversionOperation conversion)
        {
            var from = conversion.Operand.Type;
            var to = conversion.Type;
            if (conversion.OperatorMethod is not null)
                return Fail(DiagnosticDescriptors.UnsupportedConstruct, conversion.Syntax, "A user-defined conversion");
            if (from?.SpecialType == SpecialType.System_Decimal || to?.SpecialType == SpecialType.System_Decimal)
                return Fail(DiagnosticDescriptors.IntegerArithmetic, conversion.Syntax, $"'{Short(conversion.Syntax)}' converts to or from decimal; use double or float");
            if (to is null || to.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
                return Fail(DiagnosticDescriptors.UnsupportedConstruct, conversion.Syntax, $"A conversion to '{to?.ToDisplayString() ?? "?"}'");
            var operand = Value(conversion.Operand);
            // To double is exact; to float rounds (from double, or from a large int).
            return IsSingle(to) && !IsSingle(from) ? WrittenExpr.ToSingle(operand) : operand;
        }

        private WrittenExpr Binary(IBinaryOperation binary)
        {
            if (binary.OperatorMethod is not null)
                return Fail(DiagnosticDescriptors.UnsupportedConstruct, binary.Syntax, "A user-defined operator");
            var type = binary.Type;
            if (type is not null && (FrontEnd.IsInteger(type) || type.SpecialType == SpecialType.System_Decimal))
            {
                string kind = type.SpecialType == SpecialType.System_Decimal ? "decimal" : "integer";
                return Fail(DiagnosticDescriptors.IntegerArithmetic, binary.Syntax,
                    $"'{Short(binary.Syntax)}' is {kind} arithmetic; make an operand floating-point (for example 1.0 instead of 1)");
            }
            WrittenOperator op;
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.Add: op = WrittenOperator.Add; break;
                case BinaryOperatorKind.Subtract: op = WrittenOperator.Subtract; break;
                case BinaryOperatorKind.Multiply: op = WrittenOperator.Multiply; break;
                case BinaryOperatorKind.Divide: op = WrittenOperator.Divide; break;
                case BinaryOperatorKind.Remainder:
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, binary.Syntax, "The remainder operator '%'");
                default:
                    return Fail(DiagnosticDescriptors.UnsupportedConstruct, binary.Syntax, $"The operator in '{Short(binary.Syntax)}' outside a condition");
            }
            return WrittenExpr.Binary(op, Value(binary.LeftOperand), Value(binary.RightOperand), IsSingle(type));
        }

        private WrittenExpr Unary(IUnaryOperation unary)
        {
            if (unary.OperatorMethod is not null)
                return Fail(DiagnosticDescriptors.UnsupportedConstruct, unary.Syntax, "A user-defined operator");
            if (unary.Type is { } type && FrontEnd.IsInteger(type))
                return Fail(DiagnosticDescriptors.IntegerArithmetic, unary.Syntax, $"'{Short(unary.Syntax)}' is integer arithmetic; make it floating-point");
            return unary.OperatorKind switch
            {
                UnaryOperatorKind.Minus => WrittenExpr.Negate(Value(unary.Operand), IsSingle(unary.Type)),
                UnaryOperatorKind.Plus => Value(unary.Operand),
                _ => Fail(DiagnosticDescriptors.UnsupportedConstruct, unary.Syntax, $"The operator in '{Short(unary.Syntax)}'"),
            };
        }

        private WrittenExpr Test(IOperation condition)
        {
            _ct.ThrowIfCancellationRequested();
            switch (condition)
            {
                case IBinaryOperation b when b.OperatorMethod is null:
                    switch (b.OperatorKind)
                    {
                        case BinaryOperatorKind.LessThan: return WrittenExpr.Compare(ComparisonOperator.Less, Value(b.LeftOperand), Value(b.RightOperand));
                        case BinaryOperatorKind.LessThanOrEqual: return WrittenExpr.Compare(ComparisonOperator.LessOrEqual, Value(b.LeftOperand), Value(b.RightOperand));
                        case BinaryOperatorKind.GreaterThan: return WrittenExpr.Compare(ComparisonOperator.Greater, Value(b.LeftOperand), Value(b.RightOperand));
                        case BinaryOperatorKind.GreaterThanOrEqual: return WrittenExpr.Compare(ComparisonOperator.GreaterOrEqual, Value(b.LeftOperand), Value(b.RightOperand));
                        case BinaryOperatorKind.Equals: return WrittenExpr.Compare(ComparisonOperator.Equal, Value(b.LeftOperand), Value(b.RightOperand));
                        case BinaryOperatorKind.NotEquals: return WrittenExpr.Compare(ComparisonOperator.NotEqual, Value(b.LeftOperand), Value(b.RightOperand));
                        case BinaryOperatorKind.ConditionalAnd:
                        case BinaryOperatorKind.And:
                        {
                            var left = Test(b.LeftOperand);
                            return WrittenExpr.Logic(LogicalOperator.And, left, Conditionally(() => Test(b.RightOperand)));
                        }
                        case BinaryOperatorKind.ConditionalOr:
                        case BinaryOperatorKind.Or:
                        {
                            var left = Test(b.LeftOperand);
                            return WrittenExpr.Logic(LogicalOperator.Or, left, Conditionally(() => Test(b.RightOperand)));
                        }
                    }
                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return WrittenExpr.Logic(LogicalOperator.Not, Test(not.Operand));
            }
            return Fail(DiagnosticDescriptors.UnsupportedConstruct, condition.Syntax,
                $"The condition '{Short(condition.Syntax)}' (a condition compares numbers with < <= > >= == !=, combined with && || !)");
        }

        /// <summary>Translates what C# may skip (a branch of ?:, the right of &amp;&amp; and ||), so a call with a loop there is diagnosed.</summary>
        private T Conditionally<T>(Func<T> translate)
        {
            if (_context is null) return translate();
            _context.ConditionalDepth++;
            try
            {
                return translate();
            }
            finally
            {
                _context.ConditionalDepth--;
            }
        }

        private static bool IsMathType(INamedTypeSymbol? type) =>
            type is { Name: "Math" or "MathF", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private WrittenExpr Invocation(IInvocationOperation invocation)
        {
            var target = invocation.TargetMethod;
            var arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).ToList();
            foreach (var a in arguments)
            {
                if (a.Parameter is { RefKind: not RefKind.None })
                    return Fail(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"'{target.Name}' takes a ref, out or in argument, which cannot be differentiated");
            }
            if (IsMathType(target.ContainingType)) return MathCall(invocation, arguments);
            if (IsRuntimeLibraryType(target.ContainingType)) return RuntimeLibraryCall(invocation, arguments);
            if (invocation.Instance is not null || !target.IsStatic)
                return Fail(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"'{target.Name}' is an instance method; only static methods are differentiated through");
            if (_context is { DeclaredDerivatives: true } && DeclaredDerivatives(target) is { } user)
                return WrittenExpr.UserCall(user, Array.Empty<int>(), arguments.Select(a => Value(a.Value)).ToArray(), IsSingle(target.ReturnType));
            return Inline(invocation, arguments);
        }

        private const int MaxDeclaredOrder = 3;

        /// <summary>
        /// <paramref name="target"/> as a function the generated code calls, when the user declared its derivatives with
        /// [DerivativeOf] methods that have bodies (and, for higher orders, derivatives of those): the chain rule then uses
        /// the declared derivatives and never reads the body. Null when none is declared, or when the emitted code could
        /// not call them (not accessible from the generated method, generic, or parameters that are not numbers).
        /// </summary>
        private UserFunction? DeclaredDerivatives(IMethodSymbol target)
        {
            target = target.OriginalDefinition;
            var caller = _callStack[0].ContainingType;
            if (target.IsGenericMethod || target.ContainingType.IsGenericType || target.Parameters.Length == 0
                || target.ReturnType.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single)
                || target.Parameters.Any(p => p.RefKind != RefKind.None || !SymbolEqualityComparer.Default.Equals(p.Type, target.ReturnType))
                || !_model.Compilation.IsSymbolAccessibleWithin(target, caller))
                return null;
            var partials = new List<(string Index, string Method)>();
            Collect(target, new List<int>());
            CollectGradient();
            if (partials.Count == 0) return null;
            return new UserFunction(Qualified(target), target.Name, target.Parameters.Length, partials, IsSingle(target.ReturnType));

            void Collect(IMethodSymbol of, List<int> index)
            {
                if (index.Count >= MaxDeclaredOrder) return;
                foreach (var (candidate, attribute) in DeclaredAbout(of))
                {
                    if (attribute.AttributeClass?.ToDisplayString() != KnownNames.DerivativeOfAttribute) continue;
                    if (!SameParameters(candidate, target) || !SymbolEqualityComparer.Default.Equals(candidate.ReturnType, target.ReturnType)
                        || !_model.Compilation.IsSymbolAccessibleWithin(candidate, caller)) continue;
                    int order = 1;
                    string? withRespectTo = null;
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "Order" && named.Value.Value is int o) order = o;
                        if (named.Key == "WithRespectTo") withRespectTo = named.Value.Value as string;
                    }
                    int position = withRespectTo is null ? (target.Parameters.Length == 1 ? 0 : -1)
                        : of.Parameters.IndexOf(of.Parameters.FirstOrDefault(p => p.Name == withRespectTo)!);
                    if (position < 0 || order < 1 || index.Count + order > MaxDeclaredOrder) continue;
                    var full = new List<int>(index);
                    for (int k = 0; k < order; k++) full.Add(position);
                    full.Sort();
                    string text = UserFunction.IndexText(full);
                    if (partials.Any(p => p.Index == text)) continue;
                    partials.Add((text, Qualified(candidate)));
                    Collect(candidate, full);
                }
            }

            // [GradientOf(nameof(F))] returning (…, a, b) named after F's parameters: element a is ∂F/∂a, called as G(…).a.
            void CollectGradient()
            {
                foreach (var (candidate, attribute) in DeclaredAbout(target))
                {
                    if (attribute.AttributeClass?.ToDisplayString() != KnownNames.GradientOfAttribute || candidate.ReturnType is not INamedTypeSymbol { IsTupleType: true } tuple
                        || !SameParameters(candidate, target) || !_model.Compilation.IsSymbolAccessibleWithin(candidate, caller)) continue;
                    for (int i = 0; i < target.Parameters.Length; i++)
                    {
                        var element = tuple.TupleElements.FirstOrDefault(e => e.Name == target.Parameters[i].Name);
                        string index = UserFunction.IndexText(new[] { i });
                        if (element is null || !SymbolEqualityComparer.Default.Equals(element.Type, target.ReturnType) || partials.Any(p => p.Index == index)) continue;
                        partials.Add((index, Qualified(candidate) + UserFunction.MemberSeparator + element.Name));
                    }
                }
            }

            static bool SameParameters(IMethodSymbol a, IMethodSymbol b) =>
                a.Parameters.Length == b.Parameters.Length
                && a.Parameters.Zip(b.Parameters, (x, y) => SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && x.RefKind == y.RefKind).All(same => same);

            static string Qualified(IMethodSymbol method) =>
                method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name;
        }

        private static readonly ConditionalWeakTable<INamedTypeSymbol, Dictionary<string, List<(IMethodSymbol Method, AttributeData Attribute)>>> Declarations = new();

        /// <summary>
        /// The static, non-generic methods with bodies that carry [DerivativeOf] or [GradientOf] naming <paramref name="function"/>,
        /// with that attribute. Each type's members are read once (a derivative body may call many helpers of a large type).
        /// </summary>
        private static IReadOnlyList<(IMethodSymbol Method, AttributeData Attribute)> DeclaredAbout(IMethodSymbol function)
        {
            var byName = Declarations.GetValue(function.ContainingType, static type =>
            {
                var index = new Dictionary<string, List<(IMethodSymbol, AttributeData)>>(StringComparer.Ordinal);
                foreach (var member in type.GetMembers())
                {
                    if (member is not IMethodSymbol { IsStatic: true, IsGenericMethod: false } method) continue;
                    foreach (var attribute in method.GetAttributes())
                    {
                        string? name = attribute.AttributeClass?.ToDisplayString();
                        if (name is not (KnownNames.DerivativeOfAttribute or KnownNames.GradientOfAttribute)) continue;
                        if (attribute.ConstructorArguments.FirstOrDefault().Value is not string about || !HasBody(method)) continue;
                        if (!index.TryGetValue(about, out var list)) index[about] = list = new List<(IMethodSymbol, AttributeData)>();
                        list.Add((method, attribute));
                    }
                }
                return index;
            });
            return byName.TryGetValue(function.Name, out var found) ? found : Array.Empty<(IMethodSymbol, AttributeData)>();

            static bool HasBody(IMethodSymbol method) =>
                method.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null });
        }

        private static readonly Dictionary<(string Name, int Arity), MathMethod> MathMethods = new()
        {
            [("Abs", 1)] = MathMethod.Abs,
            [("Acos", 1)] = MathMethod.Acos,
            [("Acosh", 1)] = MathMethod.Acosh,
            [("Asin", 1)] = MathMethod.Asin,
            [("Asinh", 1)] = MathMethod.Asinh,
            [("Atan", 1)] = MathMethod.Atan,
            [("Atan2", 2)] = MathMethod.Atan2,
            [("Atanh", 1)] = MathMethod.Atanh,
            [("Cbrt", 1)] = MathMethod.Cbrt,
            [("Ceiling", 1)] = MathMethod.Ceiling,
            [("Clamp", 3)] = MathMethod.Clamp,
            [("Cos", 1)] = MathMethod.Cos,
            [("Cosh", 1)] = MathMethod.Cosh,
            [("Exp", 1)] = MathMethod.Exp,
            [("Floor", 1)] = MathMethod.Floor,
            [("FusedMultiplyAdd", 3)] = MathMethod.FusedMultiplyAdd,
            [("Log", 1)] = MathMethod.Log,
            [("Log", 2)] = MathMethod.LogBase,
            [("Log10", 1)] = MathMethod.Log10,
            [("Log2", 1)] = MathMethod.Log2,
            [("Max", 2)] = MathMethod.Max,
            [("Min", 2)] = MathMethod.Min,
            [("Pow", 2)] = MathMethod.Pow,
            [("Round", 1)] = MathMethod.Round,
            [("ScaleB", 2)] = MathMethod.ScaleB,
            [("Sign", 1)] = MathMethod.Sign,
            [("Sin", 1)] = MathMethod.Sin,
            [("Sinh", 1)] = MathMethod.Sinh,
            [("Sqrt", 1)] = MathMethod.Sqrt,
            [("Tan", 1)] = MathMethod.Tan,
            [("Tanh", 1)] = MathMethod.Tanh,
            [("Truncate", 1)] = MathMethod.Truncate,
        };

        private WrittenExpr MathCall(IInvocationOperation invocation, List<IArgumentOperation> arguments)
        {
            var target = invocation.TargetMethod;
            // ScaleB's second argument is the int exponent; every other argument is a number.
            // Max, Min, Abs, Sign and Clamp of ints give the same value computed on doubles (ints below 2^53 are exact).
            bool exactOnIntegers = target.Name is "Max" or "Min" or "Abs" or "Sign" or "Clamp" && target.Parameters.All(p => p.Type.SpecialType is SpecialType.System_Int32);
            if (target.Parameters.Length > 0 && !exactOnIntegers && !(target.Parameters[0].Type.SpecialType is SpecialType.System_Double or SpecialType.System_Single))
                return Fail(DiagnosticDescriptors.IntegerArithmetic, invocation.Syntax, $"'{Short(invocation.Syntax)}' calls the {target.Parameters[0].Type.ToDisplayString()} overload of " +
                    $"Math.{target.Name}; pass floating-point arguments");
            var args = arguments.Select(a => Value(a.Value)).ToArray();
            if (!MathMethods.TryGetValue((target.Name, args.Length), out var method))
                return Fail(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax,
                    $"{target.ContainingType.Name}.{target.Name} with {args.Length} argument(s) is not supported (not differentiable, or not yet covered); see the README's supported-syntax table");
            return WrittenExpr.Call(method, args, IsSingle(target.ReturnType));
        }

        /// <summary>The package's runtime library: SpecialFunctions (erf, Ei, Si, ...), its float twin, and StableMath.</summary>
        private static bool IsRuntimeLibraryType(INamedTypeSymbol? type) =>
            type is { Name: "SpecialFunctions" or "SpecialFunctionsF" or "StableMath", ContainingNamespace: { Name: "CompileTimeCalculus", ContainingNamespace.IsGlobalNamespace: true } };

        /// <summary>
        /// A function of the runtime library, differentiated like a Math function: the engine knows each one's derivative,
        /// evaluates it with the same code, and emits calls of the same library.
        /// </summary>
        private WrittenExpr RuntimeLibraryCall(IInvocationOperation invocation, List<IArgumentOperation> arguments)
        {
            var target = invocation.TargetMethod;
            if (target.Parameters.Any(p => p.Type.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single)))
                return Fail(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"{target.ContainingType.Name}.{target.Name} takes arguments that are not numbers");
            var args = arguments.Select(a => Value(a.Value)).ToArray();
            if (!RuntimeFunctions.TryGetValue((target.Name, args.Length), out var function))
                return Fail(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax,
                    $"{target.ContainingType.Name}.{target.Name} is not differentiated yet; the differentiable ones are {string.Join(", ", RuntimeFunctions.Keys.Select(k => k.Name).Distinct())}");
            return WrittenExpr.Runtime(function, args, IsSingle(target.ReturnType));
        }

        // The runtime library's functions (StableMath also has cbrt and the inverse hyperbolics for older targets), from the facts table.
        private static readonly Dictionary<(string Name, int Arity), Function> RuntimeFunctions = FunctionFacts.All
            .Where(f => f.Library != FunctionLibrary.Math || f.Function is Function.Cbrt or Function.Asinh or Function.Acosh or Function.Atanh)
            .ToDictionary(f => (f.Member, f.Arity), f => f.Function);

        private WrittenExpr Inline(IInvocationOperation invocation, List<IArgumentOperation> arguments)
        {
            var target = invocation.TargetMethod.OriginalDefinition;
            var implementation = target.PartialImplementationPart ?? target;
            var declaration = implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_ct) as MethodDeclarationSyntax;
            if (declaration is null || target.IsGenericMethod || target.MethodKind != MethodKind.Ordinary)
                return Fail(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax,
                    $"'{target.Name}' is not a System.Math or MathF function or a non-generic static method with source in this compilation");
            if (_callStack.Any(m => SymbolEqualityComparer.Default.Equals(m, target)))
            {
                string chain = string.Join(" → ", _callStack.SkipWhile(m => !SymbolEqualityComparer.Default.Equals(m, target)).Select(m => m.Name).Concat(new[] { target.Name }));
                return Fail(DiagnosticDescriptors.RecursiveCall, invocation.Syntax, target.Name, chain);
            }
            if (_callStack.Count >= MaxInlineDepth)
                return Fail(DiagnosticDescriptors.LimitExceeded, invocation.Syntax, target.Name, $"calls are nested more than {MaxInlineDepth} methods deep");

            // Numbers are passed in fresh locals (assigned first, as C# evaluates arguments before the call), ints as
            // integer expressions, arrays and spans by name (element reads stay the caller's).
            // Valid C# names, unique in the method: a helper's locals become the method's when its loop is run in place.
            string prefix = "__" + target.Name + (++_inlinedCalls[0]).ToString(CultureInfo.InvariantCulture) + "_";
            var innerContext = new ProgramContext(prefix, _context, IsSingle(target.ReturnType));
            var innerEnv = new Dictionary<IParameterSymbol, string>(SymbolEqualityComparer.Default);
            var prologue = new List<WrittenStatement>();
            for (int i = 0; i < implementation.Parameters.Length && i < arguments.Count; i++)
            {
                var parameter = implementation.Parameters[i];
                var argument = arguments[i].Value;
                if (IsArray(parameter.Type))
                {
                    var source = argument;
                    while (source is IConversionOperation conversion) source = conversion.Operand;
                    if (ArrayName(source) is { } array)
                        innerContext.Arrays[parameter] = array;
                    else
                        return Fail(DiagnosticDescriptors.UnsupportedCall, argument.Syntax, $"'{Short(argument.Syntax)}' passed to '{target.Name}' is not an array or span parameter of the caller, " +
                            $"or a local buffer");
                }
                else if (IsIntegerArray(parameter.Type))
                {
                    var source = argument;
                    while (source is IConversionOperation conversion) source = conversion.Operand;
                    if (source is IParameterReferenceOperation { Parameter: var p } && _context is not null && _context.IntegerArrays.TryGetValue(p, out var labels))
                        innerContext.IntegerArrays[parameter] = labels;
                    else
                        return Fail(DiagnosticDescriptors.UnsupportedCall, argument.Syntax, $"'{Short(argument.Syntax)}' passed to '{target.Name}' is not an int array or span parameter of the " +
                            $"caller");
                }
                else if (FrontEnd.IsInteger(parameter.Type))
                {
                    var integer = Integer(argument);
                    if (integer is null) return Zero;
                    innerContext.Integers[parameter] = integer;
                }
                else
                {
                    string local = Names.Fresh(prefix + parameter.Name, innerContext.Taken);
                    innerEnv[parameter] = local;
                    prologue.Add(new WrittenAssign(local, Value(argument)));
                }
            }

            var outerModel = _model;
            var innerDiagnostics = new List<Diagnostic>();
            var inner = new Translator(
                declaration.SyntaxTree == outerModel.SyntaxTree ? outerModel : outerModel.Compilation.GetSemanticModel(declaration.SyntaxTree),
                innerEnv, innerDiagnostics, _callStack, innerContext, _inlinedCalls, _ct);
            _callStack.Add(target);
            WrittenExpr? result = null;
            try
            {
                var body = inner.ProgramBody(declaration, implementation);
                if (innerContext.FirstLoop is { } loop && _context is null)
                {
                    innerDiagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, loop, "A loop (here a called method must be loop-free)"));
                }
                else if (innerContext.FirstLoop is not null && _context!.ConditionalDepth > 0)
                {
                    innerDiagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedConstruct, invocation.Syntax.GetLocation(),
                        $"A call to '{target.Name}', whose body has a loop, where C# may skip it (a branch of ?:, after && or ||); assign its value to a local before the condition"));
                }
                else if (body is not null && innerDiagnostics.Count == 0)
                {
                    string resultName = Names.Fresh(prefix + "result", innerContext.Taken);
                    result = WrittenExpr.Block(new ValueList<WrittenStatement>(prologue.Concat(body)), IsSingle(target.ReturnType), resultName);
                }
            }
            finally
            {
                _callStack.RemoveAt(_callStack.Count - 1);
            }
            // A helper with a loop (Dot, LogSumExp over a span) is run where it is called: the body is a program with loops.
            if (innerContext.FirstLoop is not null && _context is not null) _context.FirstLoop ??= invocation.Syntax.GetLocation();
            if (innerDiagnostics.Count == 0 && result is not null) return result;
            foreach (var d in innerDiagnostics)
            {
                _diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax.GetLocation(),
                    $"'{target.Name}' cannot be differentiated through: {d.GetMessage(CultureInfo.InvariantCulture)} ({d.Id})"));
            }
            return Zero;
        }

        private WrittenExpr Fail(DiagnosticDescriptor descriptor, SyntaxNode node, params object[] args)
        {
            Report(descriptor, node, args);
            return Zero;
        }

        private void Report(DiagnosticDescriptor descriptor, SyntaxNode node, params object[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, node.GetLocation(), args));

        private void Report(DiagnosticDescriptor descriptor, SyntaxToken token, params object[] args) =>
            _diagnostics.Add(Diagnostic.Create(descriptor, token.GetLocation(), args));
    }
}
