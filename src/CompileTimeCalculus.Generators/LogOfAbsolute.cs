using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    /// <summary>The text of an expression with every one-argument Math.Log (or MathF.Log) taken of an absolute value: ln u → ln|u|.</summary>
    internal static class LogOfAbsolute
    {
        public static string Rewrite(ExpressionSyntax expression, SemanticModel model, CancellationToken ct) =>
            new Rewriter(model, ct).Visit(expression)!.WithoutTrivia().ToString();

        private sealed class Rewriter : CSharpSyntaxRewriter
        {
            private readonly SemanticModel _model;
            private readonly CancellationToken _ct;

            public Rewriter(SemanticModel model, CancellationToken ct)
            {
                _model = model;
                _ct = ct;
            }

            public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
            {
                // The symbol is looked up on the original node (the rewritten one is not in the semantic model).
                bool isLog = _model.GetSymbolInfo(node, _ct).Symbol is IMethodSymbol { Name: "Log", Parameters.Length: 1, ContainingType.Name: "Math" or "MathF" }
                             && node.ArgumentList.Arguments.Count == 1;
                var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
                if (!isLog || IsAbs(node.ArgumentList.Arguments[0].Expression)) return visited;
                string owner = node.Expression is MemberAccessExpressionSyntax { Expression: var type } ? type.ToString() : "Math";
                var argument = visited.ArgumentList.Arguments[0];
                var abs = SyntaxFactory.ParseExpression(owner + ".Abs(" + argument.Expression.ToString() + ")");
                return visited.WithArgumentList(visited.ArgumentList.WithArguments(SyntaxFactory.SingletonSeparatedList(argument.WithExpression(abs))));
            }

            private bool IsAbs(ExpressionSyntax e) =>
                _model.GetSymbolInfo(e, _ct).Symbol is IMethodSymbol { Name: "Abs", ContainingType.Name: "Math" or "MathF" };
        }
    }
}
