using System.Runtime.CompilerServices;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Compares generated text with a committed expected file, Snapshots/&lt;Class&gt;/&lt;Case&gt;/&lt;HintName&gt;.
/// On mismatch writes a *.received.cs beside it and fails with a diff; CALC_ACCEPT_SNAPSHOTS=1 overwrites;
/// under CI=true nothing is written and a missing expected file fails.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string testClass, string caseName, string hintName, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots", testClass, caseName);
        string expectedPath = Path.Combine(directory, hintName);
        string normalized = Normalize(actual);
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        bool accept = Environment.GetEnvironmentVariable("CALC_ACCEPT_SNAPSHOTS") == "1" && !ci;
        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, normalized);
            return;
        }
        if (!File.Exists(expectedPath))
        {
            if (!ci) WriteReceived(directory, hintName, normalized);
            Assert.Fail($"No expected snapshot at {expectedPath}; run the tests with CALC_ACCEPT_SNAPSHOTS=1 to create it.");
        }
        string expected = Normalize(File.ReadAllText(expectedPath));
        if (expected == normalized)
        {
            string stale = Path.Combine(directory, Path.GetFileNameWithoutExtension(hintName) + ".received.cs");
            if (!ci && File.Exists(stale)) File.Delete(stale);
            return;
        }
        if (!ci) WriteReceived(directory, hintName, normalized);
        Assert.Fail($"Snapshot {expectedPath} differs:\n{Diff(expected, normalized)}");
    }

    private static void WriteReceived(string directory, string hintName, string text)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, Path.GetFileNameWithoutExtension(hintName) + ".received.cs"), text);
    }

    private static string Normalize(string text) =>
        text.Replace("\r\n", "\n").Replace("\"" + KnownNames.GeneratorVersion + "\"", "\"<VERSION>\"");

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = new List<string>();
        for (int i = 0; i < Math.Max(e.Length, a.Length) && lines.Count < 40; i++)
        {
            string? el = i < e.Length ? e[i] : null, al = i < a.Length ? a[i] : null;
            if (el == al) continue;
            if (el is not null) lines.Add($"-{i + 1}: {el}");
            if (al is not null) lines.Add($"+{i + 1}: {al}");
        }
        return string.Join("\n", lines);
    }
}
