using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// A source file's methods that carry attributes, found without binding anything: the syntax step re-runs only for the
    /// edited file, where ForAttributeWithMetadataName re-binds every marked method of the project on every edit.
    /// </summary>
    internal sealed record MarkedFile(string Path, ulong TextHash, EquatableArray<MarkedMethod> Methods)
    {
        public static MarkedFile Find(SyntaxNode root, CancellationToken ct)
        {
            // Hashes read the source text in place: this runs on every keystroke in the edited file.
            var text = root.SyntaxTree.GetText(ct);
            var methods = new List<MarkedMethod>();
            foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                ct.ThrowIfCancellationRequested();
                if (node is MethodDeclarationSyntax { AttributeLists.Count: > 0 } method)
                    methods.Add(new MarkedMethod(method.SpanStart, method.Span.Length, ReadCache.Hash(text, method.Span)));
            }
            ulong fileHash = methods.Count == 0 ? 0 : ReadCache.Hash(text, new TextSpan(0, text.Length));
            return new MarkedFile(root.SyntaxTree.FilePath, fileHash, new EquatableArray<MarkedMethod>(methods.ToArray()));
        }
    }

    /// <summary>A method with attributes, located by its span; its text's hash keys the read cache.</summary>
    internal readonly record struct MarkedMethod(int SpanStart, int Length, ulong TextHash);

    /// <summary>
    /// Reads a file's marked methods into requests. The file step runs again for every file whenever the compilation
    /// changes (a keystroke anywhere), so in a project with 10,000 marked methods reading them all each time would cost
    /// a second. A method's requests depend only on its own text, on the declarations of the compilation (its
    /// "skeleton": every token outside method bodies, which covers usings, types, const fields and signatures) and on
    /// the references; for a method that calls nothing but Math and MathF, those three determine the requests exactly,
    /// so they are reused without binding anything. Methods that call other methods of the compilation (whose bodies
    /// they inline) and partial methods filled from another method's body are always read again.
    /// </summary>
    internal static class ReadCache
    {
        private const int MaxEntries = 200_000;

        private readonly struct Key : IEquatable<Key>
        {
            public Key(ulong method, ulong file, int index, ulong fingerprint)
            {
                Method = method;
                File = file;
                Index = index;
                Fingerprint = fingerprint;
            }

            public ulong Method { get; }
            public ulong File { get; }
            /// <summary>The method's place among its file's marked methods: identical duplicates differ only by it.</summary>
            public int Index { get; }
            public ulong Fingerprint { get; }
            public bool Equals(Key other) => Method == other.Method && File == other.File && Index == other.Index && Fingerprint == other.Fingerprint;
            public override bool Equals(object? obj) => obj is Key k && Equals(k);
            public override int GetHashCode() => unchecked((int)(Method ^ (File * 31) ^ (Fingerprint * 17)) + Index);
        }

        /// <summary>What one method was read into; <see cref="Reusable"/> when nothing outside its text and the skeleton can change it.</summary>
        private sealed class Entry
        {
            public Entry(MethodRequest[] requests, bool reusable)
            {
                Requests = requests;
                Reusable = reusable;
            }

            public MethodRequest[] Requests { get; }
            public bool Reusable { get; }
        }

        internal delegate FrontEnd.ReadResult MethodReader(MethodDeclarationSyntax syntax, IMethodSymbol method, AttributeData attribute, SemanticModel model, CancellationToken ct);

        private sealed class Box
        {
            public Box(ulong value) => Value = value;
            public ulong Value { get; }
        }

        /// <summary>The attribute types of one compilation, each with its reader (the generator and the analyzer share it).</summary>
        internal sealed class Readers
        {
            public static Readers Of(Compilation compilation) => ReadersByCompilation.GetValue(compilation, static c => new Readers(c));

            private Readers(Compilation compilation)
            {
                void Add(string name, MethodReader reader, bool readsOtherBodies)
                {
                    if (compilation.GetTypeByMetadataName(name) is { } type) ByAttribute[type] = (reader, readsOtherBodies);
                }
                Add(KnownNames.DerivativeAttribute, FrontEnd.ReadDerivative, false);
                Add(KnownNames.DerivativeOfAttribute, FrontEnd.ReadDerivativeOf, true);
                Add(KnownNames.AntiderivativeAttribute, FrontEnd.ReadAntiderivative, false);
                Add(KnownNames.AntiderivativeOfAttribute, FrontEnd.ReadAntiderivativeOf, true);
                Add(KnownNames.DefiniteIntegralAttribute, FrontEnd.ReadDefiniteIntegral, true);
                Add(KnownNames.GradientAttribute, FrontEnd.ReadGradient, false);
                Add(KnownNames.HessianAttribute, FrontEnd.ReadHessian, false);
                Add(KnownNames.JacobianAttribute, FrontEnd.ReadJacobian, false);
                Add(KnownNames.JacobianVectorProductAttribute, FrontEnd.ReadJacobianVectorProduct, false);
                Add(KnownNames.HessianVectorProductAttribute, FrontEnd.ReadHessianVectorProduct, false);
                Add(KnownNames.VectorJacobianProductAttribute, FrontEnd.ReadVectorJacobianProduct, false);
            }

            public Dictionary<INamedTypeSymbol, (MethodReader Read, bool ReadsOtherBodies)> ByAttribute { get; } = new(SymbolEqualityComparer.Default);
        }

        private static readonly ConcurrentDictionary<Key, Entry> Entries = new();
        private static readonly ConditionalWeakTable<Compilation, Box> Fingerprints = new();
        private static readonly ConditionalWeakTable<Compilation, Readers> ReadersByCompilation = new();
        private static readonly ConditionalWeakTable<SyntaxTree, Box> Skeletons = new();

        [ThreadStatic] private static int ReadsOnThisThread;

        /// <summary>Forgets every request read (benchmarks measure a process that has seen nothing yet).</summary>
        internal static void Clear()
        {
            Entries.Clear();
            FileResults = new ConditionalWeakTable<MarkedFile, FileResultHolder>();
        }

        /// <summary>How many methods were really read (not reused) on this thread; for tests.</summary>
        internal static int Reads => ReadsOnThisThread;

        /// <summary>The requests of every marked method of <paramref name="file"/>, in source order.</summary>
        public static EquatableArray<MethodRequest> ReadFile(MarkedFile file, Compilation compilation, CancellationToken ct)
        {
            ulong fingerprint = Fingerprint(compilation, ct);
            // An unchanged file is the same model object: its last result stands while the declarations stand.
            var holder = FileResults.GetOrCreateValue(file);
            if (holder.Last is { } last && last.Fingerprint == fingerprint) return last.Requests;
            var result = ReadFile(file, compilation, fingerprint, ct, out bool reusable);
            holder.Last = reusable ? new FileResult(fingerprint, result) : null;
            return result;
        }

        private sealed class FileResult
        {
            public FileResult(ulong fingerprint, EquatableArray<MethodRequest> requests)
            {
                Fingerprint = fingerprint;
                Requests = requests;
            }

            public ulong Fingerprint { get; }
            public EquatableArray<MethodRequest> Requests { get; }
        }

        private sealed class FileResultHolder
        {
            public volatile FileResult? Last;
        }

        private static ConditionalWeakTable<MarkedFile, FileResultHolder> FileResults = new();

        private static EquatableArray<MethodRequest> ReadFile(MarkedFile file, Compilation compilation, ulong fingerprint, CancellationToken ct, out bool reusable)
        {
            reusable = true;
            ulong path = Hash(file.Path);
            var requests = new List<MethodRequest>();
            SyntaxTree? tree = null;
            for (int i = 0; i < file.Methods.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var marked = file.Methods[i];
                var key = new Key(marked.TextHash, path, i, fingerprint);
                if (!Entries.TryGetValue(key, out var entry) || !entry.Reusable)
                {
                    tree ??= FindTree(compilation, file, ct);
                    if (tree is null)
                    {
                        reusable = false;
                        break;
                    }
                    entry = ReadMethod(tree, marked, compilation, ct);
                    reusable &= entry.Reusable;
                    if (entry.Reusable)
                    {
                        if (Entries.Count >= MaxEntries) Entries.Clear();
                        Entries[key] = entry;
                    }
                }
                requests.AddRange(entry.Requests);
            }
            return new EquatableArray<MethodRequest>(requests.ToArray());
        }

        private static Entry ReadMethod(SyntaxTree tree, MarkedMethod marked, Compilation compilation, CancellationToken ct)
        {
            ReadsOnThisThread++;
            var span = new TextSpan(marked.SpanStart, marked.Length);
            var syntax = tree.GetRoot(ct).FindToken(marked.SpanStart).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Span == span);
            var readers = Readers.Of(compilation);
            if (syntax is null || readers.ByAttribute.Count == 0) return new Entry(Array.Empty<MethodRequest>(), reusable: true);
            var model = compilation.GetSemanticModel(tree);
            if (model.GetDeclaredSymbol(syntax, ct) is not IMethodSymbol method) return new Entry(Array.Empty<MethodRequest>(), reusable: true);

            var requests = new List<MethodRequest>();
            bool reusable = CallsOnlyMath(syntax);
            bool duplicate = false, checkedDuplicate = false;
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type || !readers.ByAttribute.TryGetValue(type, out var reader)) continue;
                // Attributes of the other part of a partial method belong to that declaration.
                if (attribute.ApplicationSyntaxReference is not { } application || application.SyntaxTree != tree || !syntax.Span.Contains(application.Span)) continue;
                if (!checkedDuplicate)
                {
                    duplicate = IsLaterDuplicate(method, syntax);
                    checkedDuplicate = true;
                }
                if (duplicate) break;
                if (reader.ReadsOtherBodies) reusable = false;
                if (reader.Read(syntax, method, attribute, model, ct).Request is { } request) requests.Add(request);
            }
            return new Entry(requests.ToArray(), reusable);
        }

        /// <summary>The tree a file model was found in: by path, and by text where several trees share one path.</summary>
        private static SyntaxTree? FindTree(Compilation compilation, MarkedFile file, CancellationToken ct)
        {
            SyntaxTree? only = null;
            int count = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath != file.Path) continue;
                only = tree;
                count++;
            }
            if (count <= 1) return only;
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath == file.Path && Hash(tree.GetText(ct), new TextSpan(0, tree.Length)) == file.TextHash) return tree;
            }
            return null;
        }

        /// <summary>
        /// A second declaration of the same method (already CS0111 in user code) would emit the same member twice; only
        /// the first declaration is generated.
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

        internal static bool CallsOnlyMath(MethodDeclarationSyntax syntax)
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
                // A body under #if has the same text in every configuration: the symbols decide which code it is.
                if (tree.Options is CSharpParseOptions symbols)
                    foreach (var symbol in symbols.PreprocessorSymbolNames.OrderBy(n => n, StringComparer.Ordinal)) hash = Mix(hash, Hash(symbol));
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

        [ThreadStatic] private static char[]? ChunkOfThisThread;

        /// <summary>The hash of a span of source text, read in chunks without building a string.</summary>
        internal static ulong Hash(SourceText text, TextSpan span)
        {
            var chunk = ChunkOfThisThread ??= new char[1024];
            ulong hash = 14695981039346656037UL;
            for (int start = span.Start; start < span.End; start += chunk.Length)
            {
                int count = Math.Min(chunk.Length, span.End - start);
                text.CopyTo(start, chunk, 0, count);
                for (int i = 0; i < count; i++) hash = (hash ^ chunk[i]) * 1099511628211UL;
            }
            return hash;
        }

        internal static ulong Hash(string text)
        {
            ulong hash = 14695981039346656037UL;
            foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
            return hash;
        }

        private static ulong Mix(ulong hash, ulong value) => (hash ^ value) * 1099511628211UL + (value >> 29);
    }
}
