using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Where a diagnostic's help link leads. Each diagnostic has a page docs/diagnostics/ID.md, in the repository and in the
    /// NuGet package; the package's build props set the MSBuild property <c>CompileTimeCalculusHelpLinkBase</c> to its own
    /// copy, and a project may set it to a site of its own (a URL or a folder). Reported diagnostics carry that base; the
    /// catalog's descriptors carry the relative path, which is where the page is in both the repository and the package.
    /// </summary>
    internal static class HelpLinks
    {
        public const string RelativeBase = "docs/diagnostics/";
        public const string PropertyName = "CompileTimeCalculusHelpLinkBase";

        private static readonly ConcurrentDictionary<(string Base, string Id), DiagnosticDescriptor> Rebased = new();

        public static string For(string id) => RelativeBase + id + ".md";

        /// <summary>The configured base as an absolute URI ending in '/' (a folder becomes a file URI), or null when none is set.</summary>
        public static string? Base(AnalyzerConfigOptions globalOptions)
        {
            if (!globalOptions.TryGetValue("build_property." + PropertyName, out var value) || string.IsNullOrWhiteSpace(value)) return null;
            value = value.Trim();
            string uri = Uri.TryCreate(value, UriKind.Absolute, out var parsed) ? parsed.AbsoluteUri : value;
            return uri.EndsWith("/", StringComparison.Ordinal) ? uri : uri + "/";
        }

        /// <summary>The same diagnostic (message, location, severity, properties) with its help link under <paramref name="helpBase"/>.</summary>
        public static Diagnostic Rebase(Diagnostic diagnostic, string? helpBase)
        {
            if (helpBase is null) return diagnostic;
            var original = diagnostic.Descriptor;
            // The message is already formatted: the copy passes it through "{0}".
            var descriptor = Rebased.GetOrAdd((helpBase, original.Id), key => new DiagnosticDescriptor(original.Id, original.Title, "{0}", original.Category,
                original.DefaultSeverity, original.IsEnabledByDefault, original.Description, key.Base + key.Id + ".md", original.CustomTags.ToArray()));
            return Diagnostic.Create(descriptor, diagnostic.Location, diagnostic.Severity, diagnostic.AdditionalLocations, diagnostic.Properties,
                diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }

        public static void Report(this SyntaxNodeAnalysisContext context, Diagnostic diagnostic) =>
            context.ReportDiagnostic(Rebase(diagnostic, Base(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions)));
    }
}
