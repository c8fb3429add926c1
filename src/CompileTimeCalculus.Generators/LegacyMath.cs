using System.Text.RegularExpressions;

namespace CompileTimeCalculus.Generators
{
    /// <summary>
    /// Emitted code for targets without System.MathF and the newer System.Math members (.NET Framework, .NET Standard 2.0):
    /// a float call becomes the double one cast back to float, and arsinh, arcosh, artanh and ∛ come from the runtime
    /// library, which carries them for those targets. The same code otherwise, so one emitter serves every target.
    /// </summary>
    internal static class LegacyMath
    {
        private static readonly Regex FloatMember = new(@"(global::System\.|(?<![\w.]))MathF\.(\w+)", RegexOptions.CultureInvariant);
        private static readonly Regex NewerMember = new(@"(global::System\.|(?<![\w.]))Math\.(Cbrt|Asinh|Acosh|Atanh)\(", RegexOptions.CultureInvariant);

        /// <summary>True when the compilation has System.MathF (and with it Math.Cbrt, Asinh, Acosh and Atanh).</summary>
        public static bool IsAvailable(Microsoft.CodeAnalysis.Compilation compilation) => compilation.GetTypeByMetadataName("System.MathF") is not null;

        /// <summary>
        /// <paramref name="code"/> rewritten for a target without MathF: MathF.X(…) → (float)Math.X(…), MathF.PI → (float)Math.PI,
        /// Math.Cbrt(…) → CompileTimeCalculus.StableMath.Cbrt(…). A cast binds tighter than every binary operator and looser than
        /// the call it wraps, so no parentheses are needed around it.
        /// </summary>
        public static string Rewrite(string code)
        {
            code = FloatMember.Replace(code, m => "(float)" + m.Groups[1].Value + "Math." + m.Groups[2].Value);
            return NewerMember.Replace(code, m => (m.Groups[1].Value.Length > 0 ? "global::" : "") + "CompileTimeCalculus.StableMath." + m.Groups[2].Value + "(");
        }
    }
}
