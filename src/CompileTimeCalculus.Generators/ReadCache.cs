using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Roslyn re-runs every ForAttributeWithMetadataName transform on every edit, so in a project with 10,000 marked
    /// methods one keystroke would re-read 10,000 bodies. A method's request depends only on its own text, on the
    /// declarations of the compilation (its "skeleton": every token outside method bodies, which covers usings, types,
    /// const fields and signatures) and on the references; for a method that calls nothing but Math and MathF, those
    /// three determine the request exactly, so it is reused. Methods that call other methods of the compilation (whose
    /// bodies they inline) are always read again.
    /// </summary>
    internal static class ReadCache
    {
        private const int MaxEntries = 200_000;

        private readonly struct Key : IEquatable<Key>
        {
            public Key(ulong method, ulong file, ulong fingerprint, int reader)
            {
                Method = method;
                File = file;
                Fingerprint = fingerprint;
                Reader = reader;
            }

            public ulong Method { get; }
            public ulong File { get; }
            public ulong Fingerprint { get; }
            public int Reader { get; }
            public bool Equals(Key other) => Method == other.Method && File == other.File && Fingerprint == other.Fingerprint && Reader == other.Reader;
            public override bool Equals(object? obj) => obj is Key k && Equals(k);
            public override int GetHashCode() => unchecked((int)(Method ^ (File * 31) ^ (Fingerprint * 17)) + Reader);
        }

        /// <summary>Which attribute a request was read for: one method can carry several.</summary>
        internal enum Reader { Derivative, Antiderivative, Gradient }

        internal delegate FrontEnd.ReadResult MethodReader(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct);

        private sealed class Box
        {
            public Box(ulong value) => Value = value;
            public ulong Value { get; }
        }

        private static readonly ConcurrentDictionary<Key, MethodRequest?> Entries = new();
        private static readonly ConditionalWeakTable<Compilation, Box> Fingerprints = new();
        private static readonly ConditionalWeakTable<SyntaxTree, Box> Skeletons = new();

        private static int s_reads;

        /// <summary>Forgets every request read (benchmarks measure a process that has seen nothing yet).</summary>
        internal static void Clear() => Entries.Clear();

        /// <summary>How many methods were really read (not reused); for tests.</summary>
        internal static int Reads => Volatile.Read(ref s_reads);

        public static MethodRequest? ReadDerivative(GeneratorAttributeSyntaxContext context, CancellationToken ct) =>
            ReadCached(context, ct, Reader.Derivative, FrontEnd.ReadDerivative);

        public static MethodRequest? ReadAntiderivative(GeneratorAttributeSyntaxContext context, CancellationToken ct) =>
            ReadCached(context, ct, Reader.Antiderivative, FrontEnd.ReadAntiderivative);

        public static MethodRequest? ReadGradient(GeneratorAttributeSyntaxContext context, CancellationToken ct) =>
            ReadCached(context, ct, Reader.Gradient, FrontEnd.ReadGradient);

        private static MethodRequest? ReadCached(GeneratorAttributeSyntaxContext context, CancellationToken ct, Reader reader, MethodReader read)
        {
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            if (IsLaterDuplicate((IMethodSymbol)context.TargetSymbol, syntax)) return null;
            if (!CallsOnlyMath(syntax)) return Read(context, ct, read);
            var key = new Key(Hash(syntax.ToString()), Hash(syntax.SyntaxTree.FilePath), Fingerprint(context.SemanticModel.Compilation, ct), (int)reader);
            if (Entries.TryGetValue(key, out var cached)) return cached;
            var request = Read(context, ct, read);
            if (Entries.Count >= MaxEntries) Entries.Clear();
            Entries[key] = request;
            return request;
        }

        /// <summary>Reads without the cache (partial methods, whose requests depend on another method's body).</summary>
        public static MethodRequest? Read(GeneratorAttributeSyntaxContext context, CancellationToken ct, MethodReader read)
        {
            Interlocked.Increment(ref s_reads);
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            var method = (IMethodSymbol)context.TargetSymbol;
            if (IsLaterDuplicate(method, syntax)) return null;
            return read(syntax, method, context.Attributes[0], context.SemanticModel, ct).Request;
        }

        /// <summary>
        /// A second declaration of the same method (already CS0111 in user code) would emit under the same hint name,
        /// which makes Roslyn throw when it merges the outputs; only the first declaration is generated.
        /// </summary>
        internal static bool IsLaterDuplicate(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            foreach (var other in method.ContainingType.GetMembers(method.Name))
            {
                if (other is not IMethodSymbol sibling || SymbolEqualityComparer.Default.Equals(sibling, method) || !FrontEnd.SameParameterTypes(sibling, method)) continue;
                foreach (var reference in sibling.DeclaringSyntaxReferences)
                {
                    int byFile = string.CompareOrdinal(reference.SyntaxTree.FilePath, syntax.SyntaxTree.FilePath);
                    if (byFile < 0 || byFile == 0 && reference.Span.Start < syntax.SpanStart) return true;
                }
            }
            return false;
        }

        private static bool CallsOnlyMath(MethodDeclarationSyntax syntax)
        {
            foreach (var node in syntax.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation) continue;
                switch (invocation.Expression)
                {
                    case IdentifierNameSyntax { Identifier.ValueText: "nameof" }:
                        continue;
                    case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Math" or "MathF" } }:
                        continue;
                    default:
                        return false;
                }
            }
            return true;
        }

        private static ulong Fingerprint(Compilation compilation, CancellationToken ct)
        {
            if (Fingerprints.TryGetValue(compilation, out var known)) return known.Value;
            // Options by the fields that can change a translation (their GetHashCode is not implemented in every host).
            var options = compilation.Options;
            ulong hash = Mix(14695981039346656037UL, (ulong)options.OutputKind);
            hash = Mix(hash, options.CheckOverflow ? 1UL : 2UL);
            hash = Mix(hash, (ulong)options.NullableContextOptions);
            foreach (var tree in compilation.SyntaxTrees)
            {
                ct.ThrowIfCancellationRequested();
                hash = Mix(hash, Hash(tree.FilePath));
                hash = Mix(hash, tree.Options is CSharpParseOptions parse ? (ulong)parse.LanguageVersion : 0UL);
                hash = Mix(hash, Skeleton(tree, ct));
            }
            foreach (var reference in compilation.References) hash = Mix(hash, (ulong)RuntimeHelpers.GetHashCode(reference));
            return Fingerprints.GetValue(compilation, _ => new Box(hash)).Value;
        }

        /// <summary>A hash of every token outside method, accessor, constructor and operator bodies.</summary>
        private static ulong Skeleton(SyntaxTree tree, CancellationToken ct)
        {
            if (Skeletons.TryGetValue(tree, out var known)) return known.Value;
            ulong hash = 14695981039346656037UL;
            var root = tree.GetRoot(ct);
            foreach (var token in root.DescendantTokens(node => !IsBody(node)))
            {
                hash = Mix(hash, (ulong)token.RawKind);
                hash = Mix(hash, Hash(token.ValueText));
            }
            return Skeletons.GetValue(tree, _ => new Box(hash)).Value;
        }

        private static bool IsBody(SyntaxNode node) =>
            node is BlockSyntax or ArrowExpressionClauseSyntax && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax;

        private static ulong Hash(string text)
        {
            ulong hash = 14695981039346656037UL;
            foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
            return hash;
        }

        private static ulong Mix(ulong hash, ulong value) => (hash ^ value) * 1099511628211UL + (value >> 29);
    }
}
