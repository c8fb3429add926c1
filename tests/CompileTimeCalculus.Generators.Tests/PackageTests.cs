using System.Diagnostics;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>The package, packed once from a copy of the sources into a folder feed the consumers restore from.</summary>
public sealed class PackedPackage : IDisposable
{
    public PackedPackage()
    {
        string root = PackageTests.RepositoryRoot();
        Work = Path.Combine(Path.GetTempPath(), "ctc-package-" + Guid.NewGuid().ToString("N"));
        string sources = Path.Combine(Work, "repo");
        PackageTests.CopyDirectory(Path.Combine(root, "src"), Path.Combine(sources, "src"));
        File.Copy(Path.Combine(root, "Directory.Build.props"), Path.Combine(sources, "Directory.Build.props"));
        File.Copy(Path.Combine(root, "README.md"), Path.Combine(sources, "README.md"));
        PackageTests.CopyDirectory(Path.Combine(root, "docs", "diagnostics"), Path.Combine(sources, "docs", "diagnostics"));
        Feed = Path.Combine(Work, "feed");
        PackResult = PackageTests.Run(sources, $"pack src/CompileTimeCalculus/CompileTimeCalculus.csproj -c Release -o \"{Feed}\"");
    }

    public string Work { get; }
    public string Feed { get; }
    public (int ExitCode, string Output) PackResult { get; }

    /// <summary>
    /// A consumer folder whose NuGet.config takes CompileTimeCalculus only from the feed, into its own package folder (a
    /// re-packed same version is never taken from a shared cache), and everything else from the usual source.
    /// </summary>
    public string NewConsumer(string name)
    {
        string consumer = Path.Combine(Work, name);
        Directory.CreateDirectory(consumer);
        string shared = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(Work, "packages-" + name)}" /></config>
              <fallbackPackageFolders><add key="shared" value="{shared}" /></fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="CompileTimeCalculus" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return consumer;
    }

    public void Dispose()
    {
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Builds fresh consumers against the packed package from a local folder feed, and runs them: proof that the generator,
/// the engine and the analyzer made it into the package and work there, on every target the runtime library supports.
/// </summary>
public class PackageTests(PackedPackage package) : IClassFixture<PackedPackage>
{
    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Generators.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Generators.sln not found above " + AppContext.BaseDirectory);
    }

    internal static (int ExitCode, string Output) Run(string workingDirectory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBuildExtensionsPath"] = null;
        start.Environment["MSBUILD_EXE_PATH"] = null;
        start.Environment["MSBuildSDKsPath"] = null;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {arguments} did not finish in 5 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private const string Consumer = """
        using System;
        using CompileTimeCalculus;

        public static partial class Activations
        {
            [Derivative(Order = 2)] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
            [Derivative] public static float Softplus(float x) => MathF.Log(1 + MathF.Exp(x));
            [DerivativeOf(nameof(Sigmoid))] public static partial double SigmoidPrime(double x);
            [Antiderivative(LowerLimit = double.NegativeInfinity)] public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 1, Numeric = true)]
            public static double Reciprocal(double x, double lambda) => Math.Exp(-lambda * x) / (x * Math.Sqrt(x * x - 1));
            public static double Square(double x) => x * x;
            [DefiniteIntegral(nameof(Square), 0, 1)] public static partial double AreaUnderSquare();

            [Gradient(nameof(w))]
            public static float Loss(ReadOnlySpan<float> w, ReadOnlySpan<float> x, float y)
            {
                float z = 0;
                for (int i = 0; i < w.Length; i++)
                    z += w[i] * x[i];
                return (z - y) * (z - y);
            }
        }

        public static partial class Mistakes
        {
            public static double Exp2(double x) => Math.Exp(2 * x);
            // Deliberate: the missing chain-rule coefficient the analyzer exists for.
            [AntiderivativeOf(nameof(Exp2))] public static double Exp2Integral(double x) => Math.Exp(2 * x);

            // Deliberate: the consumer lowers CALC202 to a warning, so the build succeeds and shows it.
            [Derivative] public static double Half(double x) => 1 / 2 * x;
        }

        public static class Program
        {
            public static void Main()
            {
                Console.WriteLine($"sigmoid'(0) = {Activations.SigmoidDerivative(0):R}");
                Console.WriteLine($"sigmoid''(1) = {Activations.SigmoidSecondDerivative(1):R}");
                Console.WriteLine($"prime(0) = {Activations.SigmoidPrime(0):R}");
                Console.WriteLine($"softplus'(0) = {Activations.SoftplusDerivative(0f):R}");
                Console.WriteLine($"Phi(1.96) = {Activations.NormalPdfAntiderivative(1.96):F6}");
                Console.WriteLine($"reciprocal(1) = {Activations.ReciprocalAntiderivative(1, 0.5):R}");
                Console.WriteLine($"area = {Activations.AreaUnderSquare():R}");
                Span<float> g = stackalloc float[2];
                float loss = Activations.LossGradient(new float[] { 1, 2 }, new float[] { 3, 4 }, 10, g);
                Console.WriteLine($"loss = {loss}, gradient = ({g[0]}, {g[1]})");
            }
        }
        """;

    [Fact]
    public void Packed_package_builds_and_runs_a_fresh_consumer()
    {
        {
            var pack = package.PackResult;
            Assert.True(pack.ExitCode == 0, pack.Output);
            string packageFile = Assert.Single(Directory.GetFiles(package.Feed, "CompileTimeCalculus.*.nupkg"));
            Assert.Equal("CompileTimeCalculus.0.1.0.nupkg", Path.GetFileName(packageFile));
            using (var zip = System.IO.Compression.ZipFile.OpenRead(packageFile))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/CompileTimeCalculus.Generators.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/CompileTimeCalculus.Engine.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/CompileTimeCalculus.CodeFixes.dll", entries);
                Assert.Contains("lib/netstandard2.0/CompileTimeCalculus.dll", entries);
                Assert.Contains("lib/net8.0/CompileTimeCalculus.dll", entries);
                Assert.Contains("docs/diagnostics/CALC001.md", entries);
            }

            string consumer = package.NewConsumer("consumer");
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="CompileTimeCalculus" Version="0.1.0" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, ".editorconfig"), "root = true\n[*.cs]\ndotnet_diagnostic.CALC202.severity = warning\n");
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), Consumer);

            var build = Run(consumer, "build -c Release -p:UseSharedCompilation=false -p:ErrorLog=build.sarif");
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains("warning CALC202", build.Output);
            Assert.Contains("warning CALC001", build.Output);
            // The help link of a reported diagnostic is the page shipped in the package, which exists.
            string log = File.ReadAllText(Path.Combine(consumer, "build.sarif"));
            var link = System.Text.RegularExpressions.Regex.Match(log, "\"helpUri\": \"(file:[^\"]*/docs/diagnostics/CALC001\\.md)\"");
            Assert.True(link.Success, log);
            Assert.True(File.Exists(new Uri(link.Groups[1].Value).LocalPath), link.Groups[1].Value);

            var run = Run(consumer, "run -c Release --no-build");
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("sigmoid'(0) = 0.25", run.Output);
            Assert.Contains("prime(0) = 0.25", run.Output);
            Assert.Contains("softplus'(0) = 0.5", run.Output);
            Assert.Contains("sigmoid''(1) = -0.0908577", run.Output);
            Assert.Contains("Phi(1.96) = 0.975002", run.Output);
            Assert.Contains("reciprocal(1) = 0", run.Output);
            Assert.Contains("area = 0.3333333333333333", run.Output);
            Assert.Contains("loss = 1, gradient = (6, 8)", run.Output); // z = 11: 2(z − y)·x
        }
    }

    private const string Library = """
        using System;
        using CompileTimeCalculus;

        public static partial class Library
        {
            // float code: MathF does not exist on .NET Framework or .NET Standard 2.0.
            [Derivative] public static float Softplus(float x) => (float)Math.Log(1 + Math.Exp(x));
            [Derivative(Order = 2)] public static float Wave(float x) => (float)Math.Sin(3 * x) * x;
            [Gradient] public static float Loss(float w, float b) => (w * 2 - b) * (w * 2 - b) + (float)Math.Exp(-w);
            // Antiderivatives whose answers need arsinh and arcosh, which Math lacks there too.
            [Antiderivative] public static double InverseHypotenuse(double x) => 1 / Math.Sqrt(1 + x * x);
            [Antiderivative(LowerLimit = 2)] public static double InverseRoot(double x) => 1 / Math.Sqrt(x * x - 1);
            [Antiderivative] public static float FloatInverseHypotenuse(float x) => 1 / (float)Math.Sqrt(1 + x * x);
        }
        """;

    [Fact]
    public void A_library_for_net_framework_net_standard_and_net_builds_with_every_emitted_method()
    {
        Assert.True(package.PackResult.ExitCode == 0, package.PackResult.Output);
        string library = package.NewConsumer("library");
        File.WriteAllText(Path.Combine(library, "Library.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>netstandard2.0;net48;net8.0</TargetFrameworks>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CompileTimeCalculus" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(library, "Library.cs"), Library);
        var build = Run(library, "build -c Release -p:UseSharedCompilation=false -p:EmitCompilerGeneratedFiles=true");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain(": error ", build.Output);
        Assert.DoesNotContain("warning CALC", build.Output);
        foreach (string target in new[] { "netstandard2.0", "net48", "net8.0" })
        {
            Assert.True(File.Exists(Path.Combine(library, "bin", "Release", target, "Library.dll")), target + " was not built");
            string generated = string.Concat(Directory.GetFiles(Path.Combine(library, "obj", "Release", target, "generated"), "*.g.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
            Assert.Contains("SoftplusDerivative", generated);
            Assert.Contains("InverseRootAntiderivative", generated);
            // Each target gets what it has: MathF and Math.Asinh on .NET 8, casts and the runtime library's arsinh elsewhere.
            Assert.Equal(target == "net8.0", generated.Contains("global::System.MathF.", StringComparison.Ordinal));
            Assert.Equal(target != "net8.0", generated.Contains("(float)global::System.Math.", StringComparison.Ordinal));
        }

        // The .NET Standard build runs here: its float derivative, through (float)Math instead of MathF.
        var assembly = System.Reflection.Assembly.LoadFrom(Path.Combine(library, "bin", "Release", "netstandard2.0", "Library.dll"));
        var softplus = assembly.GetType("Library")!.GetMethod("SoftplusDerivative")!;
        Assert.Equal(0.5f, (float)softplus.Invoke(null, new object[] { 0f })!, 6);
        var asinh = assembly.GetType("Library")!.GetMethod("InverseHypotenuseAntiderivative")!;
        Assert.Equal(Math.Asinh(3.0), (double)asinh.Invoke(null, new object[] { 3.0 })!, 12);
        var acosh = assembly.GetType("Library")!.GetMethod("InverseRootAntiderivative")!;
        Assert.Equal(Math.Acosh(3.0) - Math.Acosh(2.0), (double)acosh.Invoke(null, new object[] { 3.0 })!, 12);
    }
}
