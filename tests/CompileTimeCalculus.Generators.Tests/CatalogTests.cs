using System.Reflection;
using Microsoft.CodeAnalysis;

namespace CompileTimeCalculus.Generators.Tests;

public class CatalogTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var d in Descriptors()) data.Add(d.Id);
        return data;
    }

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
        Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);
        string unshipped = File.ReadAllText(Path.Combine(root, "src", "CompileTimeCalculus.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity, unshipped);
        Assert.Contains(new CalculusAnalyzer().SupportedDiagnostics.Concat(new HandWrittenCalculusAnalyzer().SupportedDiagnostics), d => d.Id == id);
        Assert.Contains($"[{id}](docs/diagnostics/{id}.md)", File.ReadAllText(Path.Combine(root, "README.md")));
    }

    [Fact]
    public void Ids_are_unique() => Assert.Equal(Descriptors().Count(), Descriptors().Select(d => d.Id).Distinct().Count());
}
