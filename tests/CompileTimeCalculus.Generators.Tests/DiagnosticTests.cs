using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>Every unsupported construct gets its diagnostic on the exact span, through the Roslyn analyzer test harness.</summary>
public class DiagnosticTests
{
    private const string Prelude = "using System;\nusing CompileTimeCalculus;\n";

    private static async Task Verify(string source, bool ignoreInformation = false)
    {
        var test = new CSharpAnalyzerTest<CalculusAnalyzer, DefaultVerifier>
        {
            TestCode = Prelude + source,
            // Offline: no reference pack is downloaded; the references come from Basic.Reference.Assemblies.
            ReferenceAssemblies = new ReferenceAssemblies("net8.0"),
        };
        test.TestState.AdditionalReferences.AddRange(Harness.References);
        if (ignoreInformation) test.DisabledDiagnostics.AddRange(new[] { DiagnosticIds.DomainProblem, DiagnosticIds.NonDifferentiablePoint });
        await test.RunAsync();
    }

    private static string InClass(string members) => "public static partial class C\n{\n    private const double K = 2.0;\n    private static readonly double R = 2.0;\n    private static double " +
        "Field;\n" + members + "\n}\n";

    public static TheoryData<string, string> Cases => new()
    {
        // Declarations (CALC1xx)
        { "type not partial", "public static class {|CALC101:C|}\n{\n    [Derivative] public static double F(double x) => x * x;\n}\n" },
        { "outer type not partial", "public static class {|CALC101:Outer|}\n{\n    public static partial class Inner { [Derivative] public static double F(double x) => x * x; }\n}\n" },
        { "not static", "public partial class C\n{\n    [Derivative] public double {|CALC102:F|}(double x) => x * x;\n}\n" },
        { "instance antiderivative", "public partial class C\n{\n    [Antiderivative] public double {|CALC102:F|}(double x) => x * x;\n}\n" },
        { "returns int", InClass("    [Derivative] public static {|CALC103:int|} F(double x) => (int)x;") },
        { "ref parameter", InClass("    [Derivative] public static double F({|CALC103:ref double x|}) => x * x;") },
        { "string parameter", InClass("    [Derivative] public static double F(double x, {|CALC103:string s|}) => x;") },
        { "no floating parameter", InClass("    [Derivative] public static double F{|CALC103:(int n)|} => n;") },
        { "generic method", InClass("    [Derivative] public static double F{|CALC103:<T>|}(double x) => x;") },
        { "ambiguous variable", InClass("    [{|CALC104:Derivative|}] public static double F(double x, double y) => x * y;") },
        { "unknown variable", InClass("    [Derivative({|CALC104:WithRespectTo = \"z\"|})] public static double F(double x, double y) => x * y;") },
        { "order 4", InClass("    [Derivative({|CALC105:Order = 4|})] public static double F(double x) => x * x;") },
        { "name taken", InClass("    [{|CALC107:Derivative|}] public static double F(double x) => x * x;\n    public static double FDerivative(double x) => 2 * x;") },
        { "invalid name", InClass("    [Derivative({|CALC107:Name = \"1st\"|})] public static double F(double x) => x * x;") },

        // Unsupported constructs (CALC201)
        { "while loop", InClass("    [Derivative] public static double F(double x) { {|CALC201:while (x > 1) x /= 2;|} return x; }") },
        { "return inside a loop", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { for (int i = 0; i < w.Length; i++) { if (w[i] > 0) {|CALC201:return w[i];|} } return 0; " +
            "}") },
        { "write to an element", InClass("    [Gradient] public static double F(Span<double> w) { {|CALC201:w[0] = 1|}; return w[0]; }") },
        { "buffer length from a counter", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { double s = 0; for (int i = 1; i < w.Length; i++) { Span<double> h = stackalloc " +
            "double[{|CALC201:i|}]; h[0] = w[i]; s += h[0]; } return s; }") },
        { "float buffer in a double method", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { {|CALC201:h = stackalloc float[2]|}; return w[0]; " +
            "}").Replace("{|CALC201:h", "Span<float> {|CALC201:h") },
        { "goto", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { double s = 0; for (int i = 0; i < w.Length; i++) { s += w[i]; if (s > 1) {|CALC201:goto End;|} } End: " +
            "return s; }") },
        { "gradient naming a field of another type", "public partial class M\n{\n    public string Name = \"\";\n    [Gradient{|CALC104:(nameof(Name))|}] public double F(double x) => x * x;\n}\n" },
        { "field with the name of a parameter", "public partial class M\n{\n    public double x = 1;\n    [Gradient] public double F(double x) => x * {|CALC201:this.x|};\n}\n" },
        { "changed int local as an index", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { int k = 0; k++; return w[{|CALC201:k|}]; }") },
        { "loop with a step of 2", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { double s = 0; {|CALC201:for (int i = 0; i < w.Length; i += 2) s += w[i];|} return s; }") },
        { "counter changed in the loop", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) { double s = 0; for (int i = 0; i < w.Length; i++) { s += w[i]; {|CALC201:i++|}; } " +
            "return s; }") },
        { "integer division in arithmetic", InClass("    [Gradient] public static double F(ReadOnlySpan<double> w) => w[0] * ({|CALC202:w.Length / 2|});") },
        { "loop in an antiderivative", InClass("    [Antiderivative] public static double F(double x) { double s = 0; {|CALC201:for (int i = 1; i <= 3; i++) s += x * i;|} return s; }") },
        { "remainder", InClass("    [Derivative] public static double F(double x) => {|CALC201:x % 2.0|};") },
        { "static readonly field", InClass("    [Derivative] public static double F(double x) => {|CALC201:R|} * x;") },
        { "mutable static field", InClass("    [Derivative] public static double F(double x) => {|CALC201:Field|} * x;") },
        { "assignment", InClass("    [Derivative] public static double F(double x) => {|CALC201:x = 2|};") },
        { "switch expression", InClass("    [Derivative] public static double F(double x) => {|CALC201:x switch { > 0 => x, _ => 0.0 }|};") },
        { "pattern condition", InClass("    [Derivative] public static double F(double x) => {|CALC201:x is > 0|} ? x : 0.0;") },
        { "property", InClass("    [Derivative] public static double F(double x) => x * {|CALC201:DateTime.Now.Second|};") },
        { "no body", "public static partial class C\n{\n    [Derivative] public static extern double {|CALC201:F|}(double x);\n}\n" },

        // Integer and decimal arithmetic (CALC202)
        { "integer division", InClass("    [Derivative] public static double F(double x) => {|CALC202:1 / 2|} * x;") },
        { "integer parameter arithmetic", InClass("    [Derivative] public static double F(double x, int n) => {|CALC202:n / 2|} * x;") },
        { "decimal", InClass("    [Derivative] public static double F(double x) => x * (double){|CALC202:1.5m|};") },
        { "integer Math overload", InClass("    [Derivative] public static double F(double x, long n) => x * {|CALC202:Math.Abs(n)|};") },

        // Calls (CALC203, CALC204)
        { "instance call", InClass("    [Derivative] public static double F(double x) => x * {|CALC203:Random.Shared.NextDouble()|};") },
        { "unsupported Math function", InClass("    [Derivative] public static double F(double x) => {|CALC203:Math.IEEERemainder(x, 2.0)|};") },
        { "runtime-library function without a derivative", InClass("    [Derivative] public static double F(double x) => x * {|CALC203:SpecialFunctions.ExpIntegralE1(x + 1)|};") },
        { "metadata method", InClass("    [Derivative] public static double F(double x) => x * {|CALC203:double.Parse(\"2\")|};") },
        { "callee with a loop where C# may skip it", InClass("    [Derivative] public static double F(double x) => x > 0 ? {|CALC203:G(x)|} : 0;\n    public static double G(double x) { double s = " +
            "0; for (int i = 0; i < 3; i++) s += x; return s; }") },
        { "callee with a loop in an antiderivative", InClass("    [Antiderivative] public static double F(double x) => {|CALC201:G(x)|};\n    public static double G(double x) { double s = 0; for " +
            "(int i = 0; i < 3; i++) s += x; return s; }") },
        { "recursion", InClass("    [Derivative] public static double F(double x) => x < 1 ? x : {|CALC204:F(x / 2)|};") },
        { "mutual recursion", InClass("    [Derivative] public static double F(double x) => {|CALC203:G(x)|};\n    public static double G(double x) => x < 1 ? x : F(x / 2);") },

        // Limits and verification (CALC205, CALC206)
        { "too deep", InClass("    [Derivative] public static double F(double x) => " +
            "" + new string('(', 250) + "{|CALC205:x|}" + new string(')', 250) + ";").Replace("{|CALC205:x|}", "x").Replace("=> (", "=> {|CALC205:(").Replace(");\n}", ")|};\n}") },
        { "nowhere finite", InClass("    [Derivative] public static double {|CALC206:F|}(double x) => Math.Log(-1 - x * x);") },
        // (with CALC302 on the Math.Log, see InformationCases)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_problem_at_its_exact_location(string name, string source)
    {
        _ = name;
        await Verify(source, ignoreInformation: true);
    }

    public static TheoryData<string, string> InformationCases => new()
    {
        { "log of a negative everywhere", InClass("    [Derivative] public static double {|CALC206:F|}(double x) => {|CALC302:Math.Log(-1 - x * x)|};") },
        { "sqrt of a negative everywhere", InClass("    [Derivative] public static double {|CALC206:F|}(double x) => x + {|CALC302:Math.Sqrt(-2 - Math.Exp(x))|};") },
        { "abs kink", InClass("    [Derivative] public static double F(double x) => {|CALC303:Math.Abs(x)|} * 2;") },
        { "relu kink", InClass("    [Derivative] public static double F(double x) => {|CALC303:Math.Max(x, 0.0)|};") },
        { "conditional switch", InClass("    [Derivative] public static double F(double x) => {|CALC303:x > 0|} ? x : 0.0;") },
        { "steps", InClass("    [Derivative] public static double F(double x) => {|CALC303:Math.Floor(x)|} + x;") },
        { "kink in something constant is not reported", InClass("    [Derivative(WithRespectTo = nameof(x))] public static double F(double x, double k) => x * Math.Abs(k);") },
        { "log that is positive somewhere is not reported", InClass("    [Derivative] public static double F(double x) => Math.Log(x - 5);") },
    };

    [Theory]
    [MemberData(nameof(InformationCases))]
    public async Task Reports_information_where_it_helps(string name, string source)
    {
        _ = name;
        await Verify(source);
    }

    public static TheoryData<string, string> SilentCases => new()
    {
        { "const field and Math constants", InClass("    [Derivative] public static double F(double x) => K * Math.PI * Math.E * Math.Tau * x;") },
        { "casts between float and double", InClass("    [Derivative] public static float F(float x) => (float)Math.Sin((double)x) * 2f;") },
        { "integer parameter held constant", InClass("    [Derivative] public static double F(double x, int n) => Math.Pow(x, n);") },
        { "integer constant arithmetic", InClass("    [Derivative] public static double F(double x) => (2 * 3) * x;") },
        { "single return block", InClass("    [Derivative] public static double F(double x) { return x * x; }") },
        { "locals and early return", InClass("    [Derivative] public static double F(double x) { if (x < 0) return -x; var y = x * x; y += 1; return y; }") },
        { "callee with a block body", InClass("    [Derivative] public static double F(double x) => G(x);\n    public static double G(double x) { var y = x; if (y > 1) y = 1; return y * y; }") },
        { "integer arithmetic with parameters", InClass("    [Derivative] public static double F(double x, int n) => x * (n * n + 1);") },
        { "piecewise with && and !", InClass("    [Derivative] public static double F(double x) => x > -1 && !(x > 1) ? x * x : 1.0;") },
        { "clamp and friends", InClass("    [Derivative] public static double F(double x) => Math.Clamp(x, -1.0, 1.0) + Math.FusedMultiplyAdd(x, x, 1.0) + Math.ScaleB(x, 3) + Math.Floor(x) + " +
            "Math.Sign(x);") },
        { "chain across methods", InClass("    [Derivative] public static double F(double x) => G(2 * x) + H(x);\n    public static double G(double u) => Math.Exp(u);\n    private static double " +
            "H(double v) => G(v) * v;") },
    };

    [Theory]
    [MemberData(nameof(SilentCases))]
    public async Task Stays_silent_on_supported_code(string name, string source)
    {
        _ = name;
        await Verify(source, ignoreInformation: true);
    }
}
