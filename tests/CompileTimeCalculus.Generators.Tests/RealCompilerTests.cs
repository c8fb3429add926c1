namespace CompileTimeCalculus.Generators.Tests;

/// <summary>Hostile input in the real compiler process (csc through dotnet build), where a stack overflow would kill the build.</summary>
public class RealCompilerTests
{
    [Fact]
    public void Ten_thousand_deep_nesting_and_a_ten_thousand_term_sum_are_diagnosed_in_csc()
    {
        string root = PackageTests.RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "ctc-deep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            File.WriteAllText(Path.Combine(work, "Deep.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{root}/src/CompileTimeCalculus/CompileTimeCalculus.csproj" />
                    <ProjectReference Include="{root}/src/CompileTimeCalculus.Generators/CompileTimeCalculus.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                    <ProjectReference Include="{root}/src/CompileTimeCalculus.Engine/CompileTimeCalculus.Engine.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            const int n = 10_000;
            File.WriteAllText(Path.Combine(work, "Deep.cs"),
                "using System;\nusing CompileTimeCalculus;\npublic static partial class Deep\n{\n" +
                "    [Derivative] public static double Parens(double x) => " + new string('(', n) + "x" + new string(')', n) + ";\n" +
                "    [Derivative] public static double Sum(double x) => " + string.Join(" + ", Enumerable.Repeat("x", n)) + ";\n" +
                "    [Derivative] public static double Fine(double x) => x * x;\n}\n");

            // csc's own parser sometimes overflows on 10,000 nested parentheses before any generator runs (about one
            // build in four in one series here, in LanguageParser.ScanType); such a build is retried, and a stack
            // overflow with one of our frames on it fails the test at once.
            int exitCode = 0;
            string output = "";
            for (int attempt = 0; attempt < 4; attempt++)
            {
                (exitCode, output) = PackageTests.Run(work, "build -p:UseSharedCompilation=false");
                if (!output.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase)) break;
                Assert.DoesNotContain("at CompileTimeCalculus.", output);
                Assert.Contains("at Microsoft.CodeAnalysis.CSharp.Syntax.InternalSyntax.LanguageParser", output);
            }
            Assert.NotEqual(0, exitCode); // the two CALC205 errors fail the build, as errors should
            Assert.DoesNotContain("Stack overflow", output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("CS8785", output);
            Assert.Contains("Deep.cs(5,", output);
            Assert.Contains("error CALC205: 'Parens'", output);
            Assert.Contains("error CALC205: 'Sum'", output);
            Assert.DoesNotContain("'Fine'", output);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}
