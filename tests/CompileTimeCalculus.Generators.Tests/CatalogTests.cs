using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators.Tests;

public class CatalogTests
{
    public static TheoryData<string> Ids() => new(Descriptors().Select(d => d.Id));

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_a_help_page_a_release_entry_and_an_analyzer(string id)
    {
        string root = PackageTests.RepositoryRoot();
        var descriptor = Descriptors().Single(d => d.Id == id);
        Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", id + ".md")), $"docs/diagnostics/{id}.md is missing");
        Assert.Equal("docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);
        string unshipped = File.ReadAllText(Path.Combine(root, "src", "CompileTimeCalculus.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity, unshipped);
        Assert.Contains(new CalculusAnalyzer().SupportedDiagnostics.Concat(new HandWrittenCalculusAnalyzer().SupportedDiagnostics), d => d.Id == id);
        Assert.Contains($"[{id}](docs/diagnostics/{id}.md)", File.ReadAllText(Path.Combine(root, "README.md")));
    }

    [Theory]
    [InlineData("/opt/calculus/docs/diagnostics", "file:///opt/calculus/docs/diagnostics/CALC202.md")]
    [InlineData("https://example.org/calculus/", "https://example.org/calculus/CALC202.md")]
    public void Reported_diagnostics_link_to_the_configured_base(string configured, string expected)
    {
        const string source = """
            using CompileTimeCalculus;
            public static partial class F
            {
                [Derivative] public static double Half(double x) => x * (1 / 2);
            }
            """;
        var (output, _) = Harness.GenerateReporting(source);
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty,
            new ConfiguredOptions(new Dictionary<string, string> { ["build_property.CompileTimeCalculusHelpLinkBase"] = configured }));
        var diagnostics = output.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new CalculusAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var reported = Assert.Single(diagnostics, d => d.Id == "CALC202");
        Assert.Equal(expected, reported.Descriptor.HelpLinkUri);
        // Everything else is as the catalog says.
        Assert.Equal(DiagnosticDescriptors.IntegerArithmetic.Title.ToString(), reported.Descriptor.Title.ToString());
        Assert.Equal(DiagnosticSeverity.Error, reported.Severity);
        Assert.Contains("integer division", reported.GetMessage());
    }

    private sealed class ConfiguredOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;
        public ConfiguredOptions(Dictionary<string, string> values) => _options = new Options(values);
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _options;
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;
        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());
            private readonly Dictionary<string, string> _values;
            public Options(Dictionary<string, string> values) => _values = values;
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }

    [Fact]
    public void Ids_are_unique() => Assert.Equal(Descriptors().Count(), Descriptors().Select(d => d.Id).Distinct().Count());
}
