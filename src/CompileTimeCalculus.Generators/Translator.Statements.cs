using System;
using System.Collections.Generic;
using System.Linq;
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
    /// A method body read as a program: as written (the reference verification runs), in the canonical IR (what the
    /// engines work on), and where its first loop is (for uses that need one expression).
    /// </summary>
    internal sealed class ProgramTranslation
    {
        public ProgramTranslation(WrittenProgram written, Program program, Location? firstLoop, IReadOnlyList<ParameterModel> members)
        {
            Written = written;
            Program = program;
            FirstLoop = firstLoop;
            Members = members;
        }

        /// <summary>The fields and properties of the instance the body reads (a model's weights): inputs after the parameters.</summary>
        public IReadOnlyList<ParameterModel> Members { get; }

        public WrittenProgram Written { get; }
        public Program Program { get; }
        public Location? FirstLoop { get; }
    }

    /// <summary>A loop-free body as written and as one canonical expression.</summary>
    internal sealed class LoopFreeTranslation
    {
        public LoopFreeTranslation(WrittenProgram written, Expr expression)
        {
            Written = written;
            Expression = expression;
        }

        public WrittenProgram Written { get; }
        public Expr Expression { get; }
    }

    internal sealed partial class Translator
    {
        /// <summary>Statements translated per method, counting the copies that early returns make of the statements after an if.</summary>
        public const int MaxStatements = 2_000;

        /// <summary>
        /// What statement translation knows: the method's locals (renamed apart), int locals (folded into integer
        /// expressions), loop counters, foreach variables (element reads), the array parameters and the element reads seen.
        /// </summary>
        private sealed class ProgramContext
        {
            /// <param name="outer">The caller's context when a called method is inlined: names, element reads, buffers and counters are shared.</param>
            /// <param name="single">Whether the program computes in float (its buffers are float).</param>
            public ProgramContext(string localPrefix, ProgramContext? outer, bool single)
            {
                LocalPrefix = localPrefix;
                Elements = outer?.Elements ?? new Dictionary<string, ElementRead>(StringComparer.Ordinal);
                Taken = outer?.Taken ?? new HashSet<string>(StringComparer.Ordinal);
                BufferNames = outer?.BufferNames ?? new HashSet<string>(StringComparer.Ordinal);
                Counters = outer?.Counters ?? new HashSet<string>(StringComparer.Ordinal);
                Single = outer?.Single ?? single;
                DeclaredDerivatives = outer?.DeclaredDerivatives ?? false;
            }

            /// <summary>Local buffers by symbol (their program names), and the program names of every buffer (a helper's span parameter may be one).</summary>
            public Dictionary<ISymbol, string> Buffers { get; } = new(SymbolEqualityComparer.Default);
            public HashSet<string> BufferNames { get; }
            /// <summary>The loop counters given out so far: a buffer's length may not read them.</summary>
            public HashSet<string> Counters { get; }
            public bool Single { get; }

            /// <summary>Whether calls of methods with declared derivatives stay calls (generated derivatives and gradients).</summary>
            public bool DeclaredDerivatives { get; set; }

            /// <summary>For a vector-Jacobian product: the output buffer and its adjoint input.</summary>
            public (string Output, string Adjoint)? VjpOutput { get; set; }

            public Dictionary<string, ElementRead> Elements { get; }
            public string LocalPrefix { get; }
            public Dictionary<ISymbol, string> Locals { get; } = new(SymbolEqualityComparer.Default);
            public Dictionary<ISymbol, IntExpr> Integers { get; } = new(SymbolEqualityComparer.Default);
            public Dictionary<ISymbol, WrittenExpr> Aliases { get; } = new(SymbolEqualityComparer.Default);
            /// <summary>Int locals the body changes (counts): numbers in the program, not integer expressions.</summary>
            public HashSet<ISymbol> Counting { get; } = new(SymbolEqualityComparer.Default);
            /// <summary>Array and span inputs by symbol: parameters, a helper's parameters bound to the caller's arrays, and instance members.</summary>
            public Dictionary<ISymbol, string> Arrays { get; } = new(SymbolEqualityComparer.Default);
            /// <summary>The instance type of an instance method (its fields and auto-properties are inputs), else null.</summary>
            public INamedTypeSymbol? Instance { get; set; }
            /// <summary>Instance members read so far, in order, with their program names and types.</summary>
            public Dictionary<ISymbol, string> Members { get; } = new(SymbolEqualityComparer.Default);
            public List<(ProgramParameter Parameter, string Type)> MemberParameters { get; } = new();
            /// <summary>Members already reported as unusable: their other uses are not reported again.</summary>
            public HashSet<ISymbol> RejectedMembers { get; } = new(SymbolEqualityComparer.Default);
            public Dictionary<ISymbol, string> IntegerArrays { get; } = new(SymbolEqualityComparer.Default);
            /// <summary>Every name of the method's program, shared with the bodies it inlines: their locals may outlive the call.</summary>
            public HashSet<string> Taken { get; }

            /// <summary>Above 0 while translating a branch of ?: or an operand after &amp;&amp; or ||, which C# may not evaluate.</summary>
            public int ConditionalDepth { get; set; }
            public Location? FirstLoop { get; set; }
            public int Statements { get; set; }
            public int LoopDepth { get; set; }

            /// <summary>The loops being translated, innermost last: where their continue and break jump.</summary>
            public List<LoopJumps> Loops { get; } = new();
        }

        /// <summary>
        /// A loop's jump targets. continue ends the iteration's path (the statements after an if that may continue go into
        /// both branches, as after an if that may return); break clears <see cref="RunningFlag"/>, a local set to 1 before
        /// the loop that every iteration tests, so the remaining iterations do nothing.
        /// </summary>
        private sealed class LoopJumps
        {
            public LoopJumps(ILabelSymbol continueLabel, ILabelSymbol exitLabel, string? runningFlag)
            {
                ContinueLabel = continueLabel;
                ExitLabel = exitLabel;
                RunningFlag = runningFlag;
            }

            public ILabelSymbol ContinueLabel { get; }
            public ILabelSymbol ExitLabel { get; }
            public string? RunningFlag { get; }
        }

        /// <summary>
        /// Reads a method body as a program over its parameters: locals, assignments, if/else, early returns, for and
        /// foreach loops over arrays and spans. Anything else is a diagnostic on its own statement.
        /// </summary>
        /// <param name="members">Instance members to make inputs even when the body does not read them (those a gradient names).</param>
        /// <param name="declaredDerivatives">Call methods with declared derivatives instead of reading their bodies.</param>
        public static ProgramTranslation? TranslateProgram(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model,
            Dictionary<IParameterSymbol, string> env, List<Diagnostic> diagnostics, CancellationToken ct, IReadOnlyList<ISymbol>? members = null,
            bool declaredDerivatives = false, IParameterSymbol? vjpOutput = null, bool jvp = false)
        {
            // Float only when nothing is double, as the emitted code's type (buffers take the program's type).
            bool single = method.ReturnType.SpecialType == SpecialType.System_Single && !method.Parameters.Any(p =>
                p.Type.SpecialType == SpecialType.System_Double || ElementType(p.Type)?.SpecialType == SpecialType.System_Double);
            var context = new ProgramContext("", null, single) { DeclaredDerivatives = declaredDerivatives };
            var parameters = new List<ProgramParameter>();
            foreach (var p in method.Parameters)
            {
                string name = env.TryGetValue(p, out var bound) ? bound : p.Name;
                context.Taken.Add(name);
                if (SymbolEqualityComparer.Default.Equals(p, vjpOutput))
                {
                    // A layer's output: a buffer of the adjoint's length inside the program; the adjoint is an input held constant.
                    // For a Jacobian-vector product the adjoint takes the output's name (the emitted method's output span, whose
                    // length it gives) and the buffer a fresh one.
                    string adjoint = VjpAdjointName(name);
                    if (jvp)
                    {
                        adjoint = name;
                        var names = new HashSet<string>(method.Parameters.Select(q => env.TryGetValue(q, out var n) ? n : q.Name), StringComparer.Ordinal);
                        name = Names.Fresh(name.TrimStart('@') + "Values", names);
                    }
                    context.Taken.Add(adjoint);
                    context.Taken.Add(name);
                    context.Buffers[p] = name;
                    context.Arrays[p] = name;
                    context.BufferNames.Add(name);
                    context.VjpOutput = (name, adjoint);
                    parameters.Add(new ProgramParameter(adjoint, ParameterKind.Array));
                }
                else if (IsArray(p.Type))
                {
                    context.Arrays[p] = name;
                    parameters.Add(new ProgramParameter(name, ParameterKind.Array));
                }
                else if (IsIntegerArray(p.Type))
                {
                    context.IntegerArrays[p] = name;
                    parameters.Add(new ProgramParameter(name, ParameterKind.IntegerArray));
                }
                else if (FrontEnd.IsInteger(p.Type))
                {
                    context.Integers[p] = IntExpr.Variable(name);
                    parameters.Add(new ProgramParameter(name, ParameterKind.Integer));
                }
                else
                {
                    parameters.Add(new ProgramParameter(name, ParameterKind.Scalar));
                }
            }
            var translator = new Translator(model, env, diagnostics, new List<IMethodSymbol> { method.OriginalDefinition }, context, new int[1], ct);
            if (!method.IsStatic)
            {
                // A model's fields and auto-properties keep their names in the emitted method (it is an instance method too);
                // locals are renamed away from them.
                context.Instance = method.ContainingType;
                foreach (var member in method.ContainingType.GetMembers()) if (!member.IsStatic && member is IFieldSymbol or IPropertySymbol) context.Taken.Add(member.Name);
                foreach (var member in members ?? Array.Empty<ISymbol>()) translator.MemberInput(member, syntax);
            }
            int before = diagnostics.Count;
            try
            {
                var body = translator.ProgramBody(syntax, method);
                if (body is null || diagnostics.Count > before) return null;
                parameters.AddRange(context.MemberParameters.Select(m => m.Parameter));
                var written = new WrittenProgram(new ValueList<ProgramParameter>(parameters),
                    new ValueList<ElementRead>(context.Elements.Values.OrderBy(e => e.Name, StringComparer.Ordinal)), new ValueList<WrittenStatement>(body));
                return new ProgramTranslation(written, Lowering.ToProgram(written, new Budget(ct)), context.FirstLoop,
                    context.MemberParameters.Select(m => new ParameterModel(m.Parameter.Name, m.Type)).ToList());
            }
            catch (Exception e) when (EngineLimits.IsLimit(e, out string message))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LimitExceeded, syntax.Identifier.GetLocation(), method.Name, message));
                return null;
            }
        }

        /// <summary>Spans, read-only spans and one-dimensional arrays of double or float.</summary>
        internal static bool IsArray(ITypeSymbol type) => ElementType(type) is not null;

        /// <summary>Spans, read-only spans and one-dimensional arrays of int: labels, indices, masks, held constant.</summary>
        internal static bool IsIntegerArray(ITypeSymbol type) =>
            type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Int32 }
            || type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } span
               && span.TypeArguments[0].SpecialType == SpecialType.System_Int32;

        internal static ITypeSymbol? ElementType(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol { Rank: 1 } array && FrontEnd.IsFloating(array.ElementType)) return array.ElementType;
            if (type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } span
                && FrontEnd.IsFloating(span.TypeArguments[0]))
                return span.TypeArguments[0];
            return null;
        }

        private List<WrittenStatement>? ProgramBody(MethodDeclarationSyntax syntax, IMethodSymbol method)
        {
            if (syntax.ExpressionBody is { } arrow)
            {
                var value = Expression(arrow.Expression, method.Name);
                return value is null ? null : new List<WrittenStatement> { new WrittenReturn(value) };
            }
            if (syntax.Body is not { } block)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, syntax.Identifier, $"A method without a body ('{method.Name}')");
                return null;
            }
            int depth = SyntaxDepth(block, MaxSyntaxDepth);
            if (depth > MaxSyntaxDepth)
            {
                Report(DiagnosticDescriptors.LimitExceeded, block, method.Name, $"the body is nested more than {MaxSyntaxDepth} levels deep (split it into helper methods)");
                return null;
            }
            if (block.ContainsDiagnostics || _model.GetOperation(block, _ct) is not IBlockOperation operation)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, block, "A body that does not compile");
                return null;
            }
            int reported = _diagnostics.Count;
            if (_context!.VjpOutput is { } vjp) return VjpBody(operation, method, vjp.Output, vjp.Adjoint, reported);
            var statements = Sequence(operation.Operations.ToList(), method.Name);
            if (!ReturnsOnEveryPath(statements))
            {
                // A path cut short by a reported statement, or CS0161: either way there is nothing to differentiate.
                if (_diagnostics.Count == reported) Report(DiagnosticDescriptors.UnsupportedConstruct, block, "A body that does not return a value on every path");
                return null;
            }
            return statements;
        }

        /// <summary>The name of a layer output's adjoint parameter in the emitted vector-Jacobian product.</summary>
        internal static string VjpAdjointName(string output) => output.TrimStart('@') + "Adjoint";

        /// <summary>
        /// A layer's body as the scalar ȳ·y: the output is a buffer the body fills, then Σⱼ ȳⱼ·yⱼ is returned, whose
        /// gradient with respect to the inputs is the vector-Jacobian product (ȳ held constant).
        /// </summary>
        private List<WrittenStatement>? VjpBody(IBlockOperation operation, IMethodSymbol method, string output, string adjoint, int reported)
        {
            var context = _context!;
            var statements = new List<WrittenStatement> { new WrittenBuffer(output, IntExpr.Length(adjoint)) };
            statements.AddRange(Sequence(operation.Operations.ToList(), method.Name));
            if (_diagnostics.Count > reported) return null;
            if (ContainsReturn(statements))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, operation.Syntax, "A return in a layer (a [VectorJacobianProduct] body writes its output and ends)");
                return null;
            }
            string sum = "__vjp", counter = "__j";
            context.Taken.Add(sum);
            context.Taken.Add(counter);
            context.FirstLoop ??= method.Locations.FirstOrDefault();
            bool single = context.Single;
            var j = IntExpr.Variable(counter);
            var product = WrittenExpr.Binary(WrittenOperator.Multiply, Element(adjoint, j, single), Element(output, j, single), single);
            statements.Add(new WrittenAssign(sum, WrittenExpr.Number(0, single)));
            statements.Add(new WrittenFor(counter, IntExpr.Constant(0), IntExpr.Length(adjoint), false,
                new ValueList<WrittenStatement>(new WrittenStatement[] { new WrittenAssign(sum, WrittenExpr.Binary(WrittenOperator.Add, WrittenExpr.Named(sum, single), product, single)) }),
                ValueList<string>.Empty));
            statements.Add(new WrittenReturn(WrittenExpr.Named(sum, single)));
            return statements;
        }

        private static bool ContainsReturn(IEnumerable<WrittenStatement> statements) => statements.Any(s => s switch
        {
            WrittenReturn => true,
            WrittenIf i => ContainsReturn(i.Then) || ContainsReturn(i.Else),
            WrittenFor f => ContainsReturn(f.Body),
            _ => false,
        });

        private static bool ReturnsOnEveryPath(IReadOnlyList<WrittenStatement> statements) => statements.Count > 0 && statements[statements.Count - 1] switch
        {
            WrittenReturn => true,
            WrittenIf i => ReturnsOnEveryPath(i.Then) && ReturnsOnEveryPath(i.Else),
            _ => false,
        };

        /// <summary>
        /// The statements in order. An if that may return takes the statements after it into both branches, so every
        /// return ends a path and the program needs no jumps.
        /// </summary>
        private List<WrittenStatement> Sequence(List<IOperation> operations, string ownerName)
        {
            var output = new List<WrittenStatement>();
            for (int k = 0; k < operations.Count; k++)
            {
                _ct.ThrowIfCancellationRequested();
                var op = operations[k];
                if (++_context!.Statements > MaxStatements)
                {
                    Report(DiagnosticDescriptors.LimitExceeded, op.Syntax, ownerName,
                        $"the body has more than {MaxStatements} statements once early returns are expanded (return once, after the ifs)");
                    return output;
                }
                var rest = operations.Skip(k + 1).ToList();
                switch (op)
                {
                    case IBlockOperation block:
                        output.AddRange(Sequence(block.Operations.Concat(rest).ToList(), ownerName));
                        return output;
                    case IVariableDeclarationGroupOperation group:
                        foreach (var declaration in group.Declarations)
                        {
                            foreach (var declarator in declaration.Declarators) Declare(declarator, output);
                        }
                        break;
                    case IExpressionStatementOperation statement:
                        Assignment(statement.Operation, output);
                        break;
                    case IConditionalOperation branch:
                    {
                        var test = Test(branch.Condition);
                        if (MayReturn(branch))
                        {
                            if (_context.LoopDepth > 0)
                            {
                                Report(DiagnosticDescriptors.UnsupportedConstruct, FirstReturn(branch)!.Syntax,
                                    "A return inside a loop (assign the result to a local and return after the loop)");
                                return output;
                            }
                            var then = Sequence(Statements(branch.WhenTrue).Concat(rest).ToList(), ownerName);
                            var otherwise = Sequence(Statements(branch.WhenFalse).Concat(rest).ToList(), ownerName);
                            output.Add(new WrittenIf(test, new ValueList<WrittenStatement>(then), new ValueList<WrittenStatement>(otherwise)));
                            return output;
                        }
                        if (MayJump(branch))
                        {
                            // The rest of the iteration runs only on the paths that neither continue nor break.
                            var then = Sequence(Statements(branch.WhenTrue).Concat(rest).ToList(), ownerName);
                            var otherwise = Sequence(Statements(branch.WhenFalse).Concat(rest).ToList(), ownerName);
                            output.Add(new WrittenIf(test, new ValueList<WrittenStatement>(then), new ValueList<WrittenStatement>(otherwise)));
                            return output;
                        }
                        output.Add(new WrittenIf(test,
                            new ValueList<WrittenStatement>(Sequence(Statements(branch.WhenTrue).ToList(), ownerName)),
                            new ValueList<WrittenStatement>(Sequence(Statements(branch.WhenFalse).ToList(), ownerName))));
                        break;
                    }
                    case IReturnOperation { ReturnedValue: { } returned } ret:
                        if (_context.LoopDepth > 0)
                        {
                            Report(DiagnosticDescriptors.UnsupportedConstruct, ret.Syntax, "A return inside a loop (assign the result to a local and return after the loop)");
                            return output;
                        }
                        output.Add(new WrittenReturn(Value(returned)));
                        return output; // what follows is unreachable
                    case IForLoopOperation loop:
                        For(loop, output, ownerName);
                        break;
                    case IForEachLoopOperation loop:
                        ForEach(loop, output, ownerName);
                        break;
                    case IEmptyOperation:
                        break;
                    case ILabeledOperation labeled:
                        // A label alone changes nothing (a goto to it is reported where it is).
                        output.AddRange(Sequence((labeled.Operation is null ? rest : rest.Prepend(labeled.Operation)).ToList(), ownerName));
                        return output;
                    case IBranchOperation jump when CurrentLoop is { } loop && SymbolEqualityComparer.Default.Equals(jump.Target, loop.ContinueLabel):
                        return output; // the rest of this iteration is skipped
                    case IBranchOperation jump when CurrentLoop is { RunningFlag: { } running } loop && SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel):
                        output.Add(new WrittenAssign(running, WrittenExpr.Number(0)));
                        return output;
                    case IBranchOperation:
                        Report(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, "A jump ('" + Short(op.Syntax) + "'; continue and break work in for and foreach loops, goto does not)");
                        break;
                    case IWhileLoopOperation:
                        Report(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, "A while or do loop (write a for loop with an int counter)");
                        break;
                    default:
                        Report(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax, DescribeStatement(op.Syntax));
                        break;
                }
            }
            return output;
        }

        private static IEnumerable<IOperation> Statements(IOperation? statement) => statement switch
        {
            null => Array.Empty<IOperation>(),
            IBlockOperation block => block.Operations,
            _ => new[] { statement },
        };

        private static bool MayReturn(IOperation operation) => FirstReturn(operation) is not null;

        private LoopJumps? CurrentLoop => _context!.Loops.Count == 0 ? null : _context.Loops[_context.Loops.Count - 1];

        /// <summary>Whether <paramref name="operation"/> holds a continue or break of the loop being translated.</summary>
        private bool MayJump(IOperation operation) => CurrentLoop is { } loop && operation.DescendantsAndSelf().Any(o =>
            o is IBranchOperation jump && (SymbolEqualityComparer.Default.Equals(jump.Target, loop.ContinueLabel) || SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel)));

        private static IOperation? FirstReturn(IOperation operation) =>
            operation.DescendantsAndSelf().FirstOrDefault(o => o is IReturnOperation && !o.Syntax.Ancestors().TakeWhile(a => a != operation.Syntax).Any(IsFunction));

        private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

        private void Declare(IVariableDeclaratorOperation declarator, List<WrittenStatement> output)
        {
            var local = declarator.Symbol;
            var initializer = declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value;
            if (FrontEnd.IsInteger(local.Type) && IsChangedLater(declarator))
            {
                // An int the body changes (count++ over kept items) is a number: exact in double below 2^53.
                _context!.Counting.Add(local);
                output.Add(new WrittenAssign(LocalName(local), initializer is null ? Zero : Value(initializer)));
                return;
            }
            if (FrontEnd.IsInteger(local.Type))
            {
                if (initializer is null)
                {
                    Report(DiagnosticDescriptors.UnsupportedConstruct, declarator.Syntax, $"The int local '{local.Name}' without a value (int locals are constants: declare them with their value)");
                    return;
                }
                var value = Integer(initializer);
                if (value is not null) _context!.Integers[local] = value;
                return;
            }
            if (ElementType(local.Type) is { } elementType)
            {
                DeclareBuffer(declarator, elementType, initializer, output);
                return;
            }
            if (!FrontEnd.IsFloating(local.Type))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, declarator.Syntax,
                    $"A local of type '{local.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' (locals are numbers, ints, and buffers: Span<double> h = stackalloc double[n], " +
                        $"var h = new double[n])");
                return;
            }
            string name = LocalName(local);
            if (initializer is not null) output.Add(new WrittenAssign(name, Value(initializer)));
        }

        /// <summary>
        /// A local buffer, <c>Span&lt;double&gt; h = stackalloc double[n]</c> or <c>var h = new double[n]</c>: n zeros the body
        /// writes and reads by element. Its length reads parameters and lengths only (it is allocated once, at the top of
        /// the emitted gradient); its type is the program's.
        /// </summary>
        private void DeclareBuffer(IVariableDeclaratorOperation declarator, ITypeSymbol elementType, IOperation? initializer, List<WrittenStatement> output)
        {
            var context = _context!;
            var local = declarator.Symbol;
            var source = initializer;
            while (source is IConversionOperation conversion) source = conversion.Operand;
            SyntaxNode? size = source switch
            {
                IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation => creation.DimensionSizes[0].Syntax,
                _ when source?.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } stackType }
                       && stackType.RankSpecifiers[0].Sizes.Count == 1 => stackType.RankSpecifiers[0].Sizes[0],
                _ => null,
            };
            if (size is null || _model.GetOperation(size, _ct) is not { } sizeOperation)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, declarator.Syntax,
                    $"The buffer '{local.Name}' declared this way (write Span<double> {local.Name} = stackalloc double[n] or var {local.Name} = new double[n], then set its elements)");
                return;
            }
            // Known as a buffer even when refused, so its uses are not reported again.
            string name = LocalName(local);
            context.Buffers[local] = name;
            context.BufferNames.Add(name);
            if (IsSingle(elementType) != context.Single)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, declarator.Syntax,
                    $"The {elementType.ToDisplayString()} buffer '{local.Name}' in a method that computes in {(context.Single ? "float" : "double")} (give the buffer the method's type)");
                return;
            }
            var length = Integer(sizeOperation);
            if (length is null) return;
            var names = new HashSet<string>(StringComparer.Ordinal);
            length.CollectNames(names);
            if (names.Overlaps(context.Counters))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, size,
                    $"A buffer length that changes with a loop counter ('{Short(size)}'; declare '{local.Name}' before the loop, with the largest length it needs)");
                return;
            }
            context.FirstLoop ??= declarator.Syntax.GetLocation();
            output.Add(new WrittenBuffer(name, length));
        }

        /// <summary>
        /// The field or auto-property of the instance that <paramref name="op"/> reads (<c>Weights</c>, <c>this.Bias</c>),
        /// registered as an input of the program on first use; null for anything else.
        /// </summary>
        private ISymbol? InstanceMember(IOperation? op)
        {
            var context = _context;
            if (context?.Instance is null) return null;
            while (op is IConversionOperation conversion) op = conversion.Operand;
            ISymbol? member = op switch
            {
                IFieldReferenceOperation { Field: { IsStatic: false, IsConst: false } field, Instance: IInstanceReferenceOperation } => field,
                IPropertyReferenceOperation { Property: { IsStatic: false, IsIndexer: false } property, Instance: IInstanceReferenceOperation } when IsAutoProperty(property) => property,
                _ => null,
            };
            if (member is null || !SymbolEqualityComparer.Default.Equals(member.ContainingType, context.Instance) || context.RejectedMembers.Contains(member)) return null;
            return MemberInput(member, op!.Syntax) ? member : null;
        }

        private static bool IsAutoProperty(IPropertySymbol property) =>
            property.GetMethod is { } getter && getter.DeclaringSyntaxReferences.All(r => r.GetSyntax() is AccessorDeclarationSyntax { Body: null, ExpressionBody: null });

        /// <summary>Makes an instance member an input (a number, an int, an array of numbers or of ints); false, with a diagnostic, for other types.</summary>
        internal bool MemberInput(ISymbol member, SyntaxNode at)
        {
            var context = _context!;
            if (context.Members.ContainsKey(member)) return true;
            var type = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
            ParameterKind kind;
            if (IsArray(type)) kind = ParameterKind.Array;
            else if (IsIntegerArray(type)) kind = ParameterKind.IntegerArray;
            else if (FrontEnd.IsInteger(type)) kind = ParameterKind.Integer;
            else if (FrontEnd.IsFloating(type)) kind = ParameterKind.Scalar;
            else
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, at, $"The member '{member.Name}' of type '{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' (a model's " +
                    $"inputs are numbers, ints, and arrays or spans of them)");
                context.RejectedMembers.Add(member);
                return false;
            }
            if (_env.Values.Contains(member.Name))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, at, $"The member '{member.Name}', which has the name of a parameter (rename one of them)");
                context.RejectedMembers.Add(member);
                return false;
            }
            string name = FrontEnd.EscapeIdentifier(member.Name);
            context.Members[member] = name;
            context.MemberParameters.Add((new ProgramParameter(name, kind), type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
            switch (kind)
            {
                case ParameterKind.Array: context.Arrays[member] = name; break;
                case ParameterKind.IntegerArray: context.IntegerArrays[member] = name; break;
                case ParameterKind.Integer: context.Integers[member] = IntExpr.Variable(name); break;
            }
            return true;
        }

        /// <summary>The array a reference names: an array or span parameter, a local buffer, or an instance member array.</summary>
        private string? ArrayName(IOperation? instance)
        {
            var context = _context;
            if (context is null) return null;
            while (instance is IConversionOperation conversion) instance = conversion.Operand;
            if (BufferOf(instance) is { } buffer) return buffer;
            if (instance is IParameterReferenceOperation { Parameter: var p } && context.Arrays.TryGetValue(p, out var bound)) return bound;
            if (InstanceMember(instance) is { } member && context.Arrays.TryGetValue(member, out var memberArray)) return memberArray;
            return null;
        }

        /// <summary>The buffer an element reference writes or reads: a local buffer, or a helper's span parameter bound to one.</summary>
        private string? BufferOf(IOperation? instance)
        {
            var context = _context;
            if (context is null) return null;
            while (instance is IConversionOperation conversion) instance = conversion.Operand;
            return instance switch
            {
                ILocalReferenceOperation { Local: var l } when context.Buffers.TryGetValue(l, out var buffer) => buffer,
                IParameterReferenceOperation { Parameter: var p } when context.Arrays.TryGetValue(p, out var bound) && context.BufferNames.Contains(bound) => bound,
                _ => null,
            };
        }

        /// <summary>Whether the body assigns the declared local again after its declaration.</summary>
        private bool IsChangedLater(IVariableDeclaratorOperation declarator)
        {
            var scope = declarator.Syntax.Ancestors().FirstOrDefault(a => a is BlockSyntax or MethodDeclarationSyntax or LocalFunctionStatementSyntax);
            if (scope is null || _model.GetOperation(scope, _ct) is not { } operation) return false;
            return operation.DescendantsAndSelf().Any(o => AssignedLocal(o) is { } assigned && SymbolEqualityComparer.Default.Equals(assigned, declarator.Symbol));
        }

        private string LocalName(ILocalSymbol local)
        {
            var context = _context!;
            if (context.Locals.TryGetValue(local, out var known)) return known;
            // Sibling scopes may reuse a name; the program has one namespace. Inlined bodies are prefixed apart from the caller's.
            string name = Names.Fresh(context.LocalPrefix + local.Name, context.Taken);
            context.Locals[local] = name;
            return name;
        }

        private static ILocalSymbol? AssignedLocal(IOperation operation) => operation switch
        {
            IAssignmentOperation { Target: ILocalReferenceOperation l } => l.Local,
            IIncrementOrDecrementOperation { Target: ILocalReferenceOperation l } => l.Local,
            _ => null,
        };

        private void Assignment(IOperation operation, List<WrittenStatement> output)
        {
            IOperation target;
            switch (operation)
            {
                case IAssignmentOperation assignment: target = assignment.Target; break;
                case IIncrementOrDecrementOperation step: target = step.Target; break;
                default:
                    Report(DiagnosticDescriptors.UnsupportedConstruct, operation.Syntax, DescribeStatement(operation.Syntax.Parent ?? operation.Syntax));
                    return;
            }
            string? name = target switch
            {
                ILocalReferenceOperation { Local: var local } when _context!.Locals.ContainsKey(local) || FrontEnd.IsFloating(local.Type) && !_context.Aliases.ContainsKey(local)
                    || _context.Counting.Contains(local) => LocalName(local),
                IParameterReferenceOperation { Parameter: var p } when FrontEnd.IsFloating(p.Type) && _env.TryGetValue(p, out var bound) => bound,
                _ => null,
            };
            if (name is null && StoreTarget(target) is { } store)
            {
                Store(operation, store.Buffer, store.Index, output);
                return;
            }
            if (name is null)
            {
                string what = target switch
                {
                    IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } =>
                        $"A write to an element of '{Short(ElementInstance(target)?.Syntax ?? target.Syntax)}' (a differentiated method writes only local buffers: copy into Span<double> h = " +
                            $"stackalloc double[n] and write there)",
                    ILocalReferenceOperation { Local: var l } when FrontEnd.IsInteger(l.Type) => $"A change to the int '{l.Name}' (int locals are constants; only loop counters step)",
                    _ => $"An assignment to '{Short(target.Syntax)}'",
                };
                Report(DiagnosticDescriptors.UnsupportedConstruct, operation.Syntax, what);
                return;
            }
            bool single = IsSingle(target.Type);
            if (AssignedValue(operation, WrittenExpr.Named(name, single), single) is not { } value) return;
            output.Add(new WrittenAssign(name, value));
        }

        /// <summary>
        /// The value a variable or element holds after <c>= v</c>, <c>op= v</c>, <c>++</c> or <c>--</c>, given what it held
        /// before; null (reported) for another operator.
        /// </summary>
        private WrittenExpr? AssignedValue(IOperation operation, WrittenExpr current, bool single)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation simple:
                    return Value(simple.Value);
                case ICompoundAssignmentOperation
                {
                    OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract
                    or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide
                } compound:
                {
                    var op = compound.OperatorKind switch
                    {
                        BinaryOperatorKind.Add => WrittenOperator.Add,
                        BinaryOperatorKind.Subtract => WrittenOperator.Subtract,
                        BinaryOperatorKind.Multiply => WrittenOperator.Multiply,
                        _ => WrittenOperator.Divide,
                    };
                    // f += d with f a float computes in double, then rounds back to float.
                    bool inFloat = single && compound.Value.Type?.SpecialType != SpecialType.System_Double;
                    var value = WrittenExpr.Binary(op, current, Value(compound.Value), inFloat);
                    return single && !inFloat ? WrittenExpr.ToSingle(value) : value;
                }
                case IIncrementOrDecrementOperation step:
                    return WrittenExpr.Binary(step.Kind == OperationKind.Increment ? WrittenOperator.Add : WrittenOperator.Subtract, current, WrittenExpr.Number(1), single);
                case ICompoundAssignmentOperation:
                    Report(DiagnosticDescriptors.UnsupportedConstruct, operation.Syntax, $"The compound assignment '{Short(operation.Syntax)}'");
                    return null;
                default:
                    Report(DiagnosticDescriptors.UnsupportedConstruct, operation.Syntax, $"The assignment '{Short(operation.Syntax)}'");
                    return null;
            }
        }

        private static IOperation? ElementInstance(IOperation reference) => reference switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } a => a.ArrayReference,
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => indexer.Instance,
            _ => null,
        };

        private static IOperation? ElementIndex(IOperation reference) => reference switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } a => a.Indices[0],
            IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => indexer.Arguments[0].Value,
            _ => null,
        };

        /// <summary>The buffer and index of an element write <c>h[j] = …</c>, or null when the target is not a buffer element.</summary>
        private (string Buffer, IntExpr Index)? StoreTarget(IOperation target)
        {
            if (BufferOf(ElementInstance(target)) is not { } buffer || ElementIndex(target) is not { } index) return null;
            if (Integer(index) is not { } at) return null;
            return (buffer, at);
        }

        /// <summary>h[j] = v, h[j] op= v, h[j]++: the new value from the element as read before the write.</summary>
        private void Store(IOperation operation, string buffer, IntExpr index, List<WrittenStatement> output)
        {
            bool single = _context!.Single;
            if (AssignedValue(operation, Element(buffer, index, single), single) is not { } value) return;
            output.Add(new WrittenStore(buffer, index, value, single));
        }

        /// <summary>for (int i = a; i &lt; b; i++) and its variants: &lt;=, and counting down with &gt;= or &gt; and i--.</summary>
        private void For(IForLoopOperation loop, List<WrittenStatement> output, string ownerName)
        {
            var context = _context!;
            context.FirstLoop ??= loop.Syntax.GetLocation();
            string unsupported = "A for loop of this form (write for (int i = start; i < end; i++), or count down with i >= end and i--)";
            if (loop.Condition is not IBinaryOperation { OperatorMethod: null } condition)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, loop.Syntax, unsupported);
                return;
            }
            // The counter is the local the condition tests; other declarators of the header are int constants.
            ILocalSymbol? counter = null;
            IOperation? start = null;
            foreach (var before in loop.Before)
            {
                if (before is not IVariableDeclarationGroupOperation group)
                {
                    Report(DiagnosticDescriptors.UnsupportedConstruct, before.Syntax, unsupported);
                    return;
                }
                foreach (var declarator in group.Declarations.SelectMany(d => d.Declarators))
                {
                    var init = declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value;
                    if (CounterOffset(condition.LeftOperand, declarator.Symbol) is not null || CounterOffset(condition.RightOperand, declarator.Symbol) is not null)
                    {
                        counter = declarator.Symbol;
                        start = init;
                    }
                    else
                    {
                        Declare(declarator, output);
                    }
                }
            }
            if (counter is null || start is null || !FrontEnd.IsInteger(counter.Type))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, loop.Syntax, unsupported);
                return;
            }
            bool counterLeft = CounterOffset(condition.LeftOperand, counter) is not null;
            // i + c < n is i < n − c: the offset moves to the bound.
            long offset = CounterOffset(counterLeft ? condition.LeftOperand : condition.RightOperand, counter) ?? 0;
            var bound = counterLeft ? condition.RightOperand : condition.LeftOperand;
            var kind = condition.OperatorKind;
            if (!counterLeft)
            {
                kind = kind switch
                {
                    BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                    BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                    BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                    BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                    _ => kind,
                };
            }
            int step = loop.AtLoopBottom.Length == 1 && loop.AtLoopBottom[0] is IExpressionStatementOperation { Operation: var bottom } ? Step(bottom, counter) : 0;
            bool ascending = kind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual;
            bool descending = kind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;
            if (!(ascending && step == 1 || descending && step == -1))
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, loop.Syntax, unsupported);
                return;
            }
            var body = loop.Body;
            var write = body.DescendantsAndSelf().FirstOrDefault(o => AssignedLocal(o) is { } t && SymbolEqualityComparer.Default.Equals(t, counter));
            if (write is not null)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, write.Syntax, $"A change to the loop counter '{counter.Name}' inside the loop");
                return;
            }
            var first = Integer(start);
            var limit = Integer(bound);
            if (first is null || limit is null) return;
            if (offset != 0) limit = IntExpr.Subtract(limit, IntExpr.Constant(offset));

            IntExpr lower, upper;
            if (ascending)
            {
                lower = first;
                upper = kind == BinaryOperatorKind.LessThan ? limit : IntExpr.Add(limit, IntExpr.One);
            }
            else
            {
                lower = kind == BinaryOperatorKind.GreaterThanOrEqual ? limit : IntExpr.Add(limit, IntExpr.One);
                upper = IntExpr.Add(first, IntExpr.One);
            }
            string name = Names.Fresh(context.LocalPrefix + counter.Name, context.Taken);
            context.Counters.Add(name);
            context.Integers[counter] = IntExpr.Variable(name);
            LoopBody(loop, name, lower, upper, !ascending, body, output, ownerName);
        }

        /// <summary>foreach (var v in xs) over an array or span parameter: a loop over its indices, v an element read.</summary>
        private void ForEach(IForEachLoopOperation loop, List<WrittenStatement> output, string ownerName)
        {
            var context = _context!;
            context.FirstLoop ??= loop.Syntax.GetLocation();
            var collection = loop.Collection;
            while (collection is IConversionOperation conversion) collection = conversion.Operand;
            if (collection is IParameterReferenceOperation { Parameter: var labelsParameter } && context.IntegerArrays.TryGetValue(labelsParameter, out var labels)
                && loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol: var label })
            {
                string labelIndex = Names.Fresh(context.LocalPrefix + label.Name + "Index", context.Taken);
                context.Counters.Add(labelIndex);
                var read = IntExpr.Element(labels, IntExpr.Variable(labelIndex));
                context.Elements[read.ToCSharp()] = new Engine.Programs.ElementRead(read.ToCSharp(), labels, read.Left!);
                context.Integers[label] = read;
                LoopBody(loop, labelIndex, IntExpr.Zero, IntExpr.Length(labels), false, loop.Body, output, ownerName);
                return;
            }
            string? array = ArrayName(collection);
            if (array is null || loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var variable })
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, loop.Collection.Syntax,
                    $"A foreach over '{Short(loop.Collection.Syntax)}' (foreach runs over an array or span parameter)");
                return;
            }
            string counter = Names.Fresh(context.LocalPrefix + variable.Name + "Index", context.Taken);
            context.Counters.Add(counter);
            context.Aliases[variable] = Element(array, IntExpr.Variable(counter), IsSingle(variable.Type));
            LoopBody(loop, counter, IntExpr.Zero, IntExpr.Length(array), false, loop.Body, output, ownerName);
        }

        private void LoopBody(ILoopOperation loop, string counter, IntExpr lower, IntExpr upper, bool descending, IOperation body, List<WrittenStatement> output, string ownerName)
        {
            var context = _context!;
            string? running = null;
            if (body.DescendantsAndSelf().Any(o => o is IBranchOperation jump && SymbolEqualityComparer.Default.Equals(jump.Target, loop.ExitLabel)))
            {
                running = Names.Fresh(context.LocalPrefix + "running", context.Taken);
                output.Add(new WrittenAssign(running, WrittenExpr.Number(1)));
            }
            // Every name first given out in the body is the body's own (its locals, and those of the calls it runs in place).
            var before = new HashSet<string>(context.Taken, StringComparer.Ordinal);
            context.LoopDepth++;
            context.Loops.Add(new LoopJumps(loop.ContinueLabel, loop.ExitLabel, running));
            var statements = Sequence(Statements(body).ToList(), ownerName);
            context.Loops.RemoveAt(context.Loops.Count - 1);
            context.LoopDepth--;
            if (running is not null)
            {
                // After a break the remaining iterations do nothing.
                var test = WrittenExpr.Compare(ComparisonOperator.NotEqual, WrittenExpr.Named(running), WrittenExpr.Number(0));
                statements = new List<WrittenStatement> { new WrittenIf(test, new ValueList<WrittenStatement>(statements), ValueList<WrittenStatement>.Empty) };
            }
            var locals = context.Taken.Where(n => !before.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
            output.Add(new WrittenFor(counter, lower, upper, descending, new ValueList<WrittenStatement>(statements), new ValueList<string>(locals)));
        }

        /// <summary>c when <paramref name="operation"/> is the counter plus or minus a constant c (0 for the counter alone); else null.</summary>
        private static long? CounterOffset(IOperation operation, ILocalSymbol local)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            if (IsLocal(operation, local)) return 0;
            if (operation is IBinaryOperation { OperatorMethod: null, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } sum)
            {
                bool add = sum.OperatorKind == BinaryOperatorKind.Add;
                if (IsLocal(sum.LeftOperand, local) && sum.RightOperand.ConstantValue is { HasValue: true, Value: int right }) return add ? right : -right;
                if (add && IsLocal(sum.RightOperand, local) && sum.LeftOperand.ConstantValue is { HasValue: true, Value: int left }) return left;
            }
            return null;
        }

        private static bool IsLocal(IOperation operation, ILocalSymbol local)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
        }

        /// <summary>+1 for i++, ++i, i += 1; −1 for the decrements; 0 for anything else.</summary>
        private static int Step(IOperation operation, ILocalSymbol counter)
        {
            switch (operation)
            {
                case IIncrementOrDecrementOperation step when IsLocal(step.Target, counter):
                    return step.Kind == OperationKind.Increment ? 1 : -1;
                case ICompoundAssignmentOperation compound when IsLocal(compound.Target, counter) && compound.Value.ConstantValue is { HasValue: true, Value: int one } && one == 1:
                    return compound.OperatorKind == BinaryOperatorKind.Add ? 1 : compound.OperatorKind == BinaryOperatorKind.Subtract ? -1 : 0;
                default:
                    return 0;
            }
        }

        /// <summary>An element read: the variable named by its C# text, registered with its array and index.</summary>
        private WrittenExpr Element(string array, IntExpr index, bool single)
        {
            string name = Engine.Programs.ElementRead.NameOf(array, index);
            _context!.Elements[name] = new Engine.Programs.ElementRead(name, array, index);
            return WrittenExpr.Named(name, single);
        }

        /// <summary>
        /// An int-valued operand: constants, int parameters, int locals, counters, lengths of array parameters, and + − ×
        /// of those (exact; C# would overflow only past 2³¹), and / and % where the int stays an int (bounds, indices).
        /// </summary>
        private IntExpr? Integer(IOperation op, bool allowDivision = true)
        {
            _ct.ThrowIfCancellationRequested();
            if (op.ConstantValue is { HasValue: true, Value: var constant } && constant is int or long or short or byte or sbyte or ushort or uint)
                return IntExpr.Constant(Convert.ToInt64(constant, System.Globalization.CultureInfo.InvariantCulture));
            switch (op)
            {
                case IConversionOperation conversion when conversion.Operand.Type is { } from && FrontEnd.IsInteger(from) && conversion.OperatorMethod is null:
                    return Integer(conversion.Operand, allowDivision);
                case IParameterReferenceOperation { Parameter: var p } when _context is not null && _context.Integers.TryGetValue(p, out var bound):
                    return bound;
                case IParameterReferenceOperation { Parameter: var p } when _env.TryGetValue(p, out var name):
                    return IntExpr.Variable(name);
                case ILocalReferenceOperation { Local: var local } when _context is not null && _context.Integers.TryGetValue(local, out var known):
                    return known;
                case ILocalReferenceOperation { Local: var local } when _context is not null && _context.Counting.Contains(local):
                    Report(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax,
                        $"The int '{local.Name}', which the body changes, as an index or loop bound (an int that changes is a count, used as a number; indices and bounds are built from constants, " +
                            $"counters, lengths and int parameters)");
                    return null;
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: var measured } when ArrayName(measured) is { } array:
                    // A layer's output has its adjoint's length.
                    return IntExpr.Length(_context?.VjpOutput is { } vjp && vjp.Output == array ? vjp.Adjoint : array);
                case IFieldReferenceOperation or IPropertyReferenceOperation when InstanceMember(op) is { } member && _context!.Integers.TryGetValue(member, out var memberInteger):
                    return memberInteger;
                case IBinaryOperation { OperatorMethod: null } binary when binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply:
                {
                    var left = Integer(binary.LeftOperand, allowDivision);
                    var right = Integer(binary.RightOperand, allowDivision);
                    if (left is null || right is null) return null;
                    return binary.OperatorKind switch
                    {
                        BinaryOperatorKind.Add => IntExpr.Add(left, right),
                        BinaryOperatorKind.Subtract => IntExpr.Subtract(left, right),
                        _ => IntExpr.Multiply(left, right),
                    };
                }
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder, OperatorMethod: null } division when allowDivision:
                {
                    var left = Integer(division.LeftOperand);
                    var right = Integer(division.RightOperand);
                    if (left is null || right is null) return null;
                    return division.OperatorKind == BinaryOperatorKind.Divide ? IntExpr.Divide(left, right) : IntExpr.Remainder(left, right);
                }
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder } division:
                    // In arithmetic on numbers, truncating division is almost always a mistake (n / 2 meant n / 2.0).
                    Report(DiagnosticDescriptors.IntegerArithmetic, division.Syntax, $"'{Short(division.Syntax)}' is integer division, which truncates; write it with floating-point numbers (n / " +
                        $"2.0)");
                    return null;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus, OperatorMethod: null } minus:
                    return Integer(minus.Operand, allowDivision) is { } operand ? IntExpr.Subtract(IntExpr.Zero, operand) : null;
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation { Parameter: var p } }
                    when _context is not null && _context.IntegerArrays.TryGetValue(p, out var labels):
                    return IntExpr.Length(labels);
            }
            if (IntegerElement(op) is { } label) return label;
            Report(DiagnosticDescriptors.UnsupportedConstruct, op.Syntax,
                $"The integer '{Short(op.Syntax)}' (integers are constants, int parameters and locals, loop counters, lengths of array parameters, and + − × of those)");
            return null;
        }

        /// <summary>A read of an int array's element, <c>labels[i]</c>: an integer expression (its name registered as a read).</summary>
        private IntExpr? IntegerElement(IOperation op)
        {
            var (instance, index) = op switch
            {
                IArrayElementReferenceOperation { Indices.Length: 1 } a => (a.ArrayReference, a.Indices[0]),
                IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer => (indexer.Instance, indexer.Arguments[0].Value),
                _ => (null, null),
            };
            if (index is null || _context is null) return null;
            while (instance is IConversionOperation conversion) instance = conversion.Operand;
            ISymbol? source = instance is IParameterReferenceOperation { Parameter: var p } ? p : InstanceMember(instance);
            if (source is null || !_context.IntegerArrays.TryGetValue(source, out var array)) return null;
            var at = Integer(index);
            if (at is null) return null;
            var read = IntExpr.Element(array, at);
            string name = read.ToCSharp();
            _context.Elements[name] = new Engine.Programs.ElementRead(name, array, at);
            return read;
        }

        /// <summary>A read of an array or span parameter's element, <c>xs[i]</c>.</summary>
        private WrittenExpr? ElementReadOf(IOperation op)
        {
            IOperation? instance;
            IOperation? index;
            switch (op)
            {
                case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                    instance = element.ArrayReference;
                    index = element.Indices[0];
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer:
                    instance = indexer.Instance;
                    index = indexer.Arguments[0].Value;
                    break;
                default:
                    return null;
            }
            string? array = ArrayName(instance);
            if (array is null) return null;
            if (index.Type?.SpecialType != SpecialType.System_Int32)
            {
                Report(DiagnosticDescriptors.UnsupportedConstruct, index.Syntax, $"The index '{Short(index.Syntax)}' (an index is an int expression)");
                return Zero;
            }
            var at = Integer(index);
            return at is null ? Zero : Element(array, at, IsSingle(op.Type));
        }
    }
}
