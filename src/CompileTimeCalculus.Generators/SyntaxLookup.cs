using System.Collections.Generic;
using System.Threading;
using CompileTimeCalculus.Engine.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    /// <summary>Finds the source expression that translates to a given IR node, to name it in a message or fix it.</summary>
    internal static class SyntaxLookup
    {
        private const int MaxCandidates = 200;

        public static ExpressionSyntax? Find(SyntaxNode body, Expr node, IMethodSymbol owner, SemanticModel model,
            Dictionary<IParameterSymbol, string> env, CancellationToken ct)
        {
            int tried = 0;
            foreach (var candidate in body.DescendantNodesAndSelf())
            {
                if (candidate is not (InvocationExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax)) continue;
                if (++tried > MaxCandidates) break;
                var scratch = new List<Diagnostic>();
                var translated = Translator.TranslateExpression((ExpressionSyntax)candidate, owner, model, env, scratch, ct);
                if (translated is not null && translated.Equals(node)) return (ExpressionSyntax)candidate;
            }
            return null;
        }
    }
}
