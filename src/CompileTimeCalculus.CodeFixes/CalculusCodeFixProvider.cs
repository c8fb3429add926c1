using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CompileTimeCalculus.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace CompileTimeCalculus.CodeFixes
{
    /// <summary>
    /// Fixes for hand-written calculus: insert the missing coefficient (or fix the sign) where the analyzer found it,
    /// replace a wrong body with the correct expression, or hand the derivative over to the generator.
    /// The analyzer computes every replacement; this provider only applies it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CalculusCodeFixProvider)), Shared]
    public sealed class CalculusCodeFixProvider : CodeFixProvider
    {
        public const string GenerateKey = "CompileTimeCalculus.Generate";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.MissingChainRuleCoefficient, DiagnosticIds.WrongHandWrittenCalculus, DiagnosticIds.AntiderivativeUndefined);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var properties = diagnostic.Properties;
                if (properties.TryGetValue(HandWrittenCalculusAnalyzer.Properties.Replacement, out var replacement) && replacement is not null
                    && properties.TryGetValue(HandWrittenCalculusAnalyzer.Properties.FixTitle, out var title) && title is not null
                    && int.TryParse(properties[HandWrittenCalculusAnalyzer.Properties.ReplaceStart], NumberStyles.Integer, CultureInfo.InvariantCulture, out int start)
                    && int.TryParse(properties[HandWrittenCalculusAnalyzer.Properties.ReplaceLength], NumberStyles.Integer, CultureInfo.InvariantCulture, out int length))
                {
                    var span = new TextSpan(start, length);
                    context.RegisterCodeFix(CodeAction.Create(title, ct => Replace(context.Document, span, replacement, ct), title), diagnostic);
                }
                if (properties.TryGetValue(HandWrittenCalculusAnalyzer.Properties.CanGenerate, out var canGenerate) && canGenerate == "true"
                    && root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method)
                {
                    context.RegisterCodeFix(CodeAction.Create("Let the generator write this derivative",
                        ct => MakeGenerated(context.Document, method, ct), GenerateKey), diagnostic);
                }
            }
        }

        private static async Task<Document> Replace(Document document, TextSpan span, string replacement, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            if (root is null) return document;
            var old = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().LastOrDefault(n => n.Span == span);
            if (old is null) return document;
            var parsed = SyntaxFactory.ParseExpression(replacement);
            if (NeedsParentheses(old, parsed)) parsed = SyntaxFactory.ParenthesizedExpression(parsed);
            return document.WithSyntaxRoot(root.ReplaceNode(old, parsed.WithTriviaFrom(old)));
        }

        /// <summary>Whether <paramref name="replacement"/> standing where <paramref name="old"/> stands would regroup the parent.</summary>
        private static bool NeedsParentheses(ExpressionSyntax old, ExpressionSyntax replacement)
        {
            if (replacement is not BinaryExpressionSyntax inner) return false;
            switch (old.Parent)
            {
                case BinaryExpressionSyntax outer:
                    int innerPrecedence = Precedence(inner), outerPrecedence = Precedence(outer);
                    return innerPrecedence < outerPrecedence || innerPrecedence == outerPrecedence && outer.Right == old;
                case PrefixUnaryExpressionSyntax or MemberAccessExpressionSyntax or CastExpressionSyntax:
                    return true;
                default:
                    return false;
            }
        }

        private static int Precedence(BinaryExpressionSyntax binary) => binary.Kind() switch
        {
            SyntaxKind.MultiplyExpression or SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression => 3,
            SyntaxKind.AddExpression or SyntaxKind.SubtractExpression => 2,
            _ => 1,
        };

        private static async Task<Document> MakeGenerated(Document document, MethodDeclarationSyntax method, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            if (root is null) return document;
            var modifiers = method.Modifiers;
            if (!modifiers.Any(SyntaxKind.PartialKeyword))
                modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            var declaration = method
                .WithModifiers(modifiers)
                .WithBody(null)
                .WithExpressionBody(null)
                .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
                .WithParameterList(method.ParameterList.WithTrailingTrivia())
                .WithTrailingTrivia(method.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            return document.WithSyntaxRoot(root.ReplaceNode(method, declaration));
        }
    }
}
