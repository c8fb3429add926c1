using System;
using System.Collections.Generic;
using CompileTimeCalculus.Engine.Ir;

namespace CompileTimeCalculus.Engine.Differentiation
{
    /// <summary>
    /// Differentiating through a user function needs a derivative the user has not declared (the second derivative of F
    /// where only F′ has a [DerivativeOf] method). The engines report it as <see cref="EngineProblemKind.MissingDerivative"/>.
    /// </summary>
    public sealed class MissingDerivativeException : Exception
    {
        public MissingDerivativeException(UserFunction function, IReadOnlyList<int> index) : base(Describe(function, index)) { }

        private static string Describe(UserFunction function, IReadOnlyList<int> index)
        {
            string known = "";
            foreach (var (declared, method) in function.Partials) known += (known.Length == 0 ? "" : ", ") + Short(method);
            string which = function.Arity == 1
                ? Ordinal(index.Count) + " derivative"
                : "partial derivative by argument" + (index.Count > 1 ? "s " : " ") + string.Join(", ", Positions(index));
            string declaredPart = known.Length == 0 ? "none is declared" : "the declared ones are " + known;
            return $"the {which} of '{function.Display}' is needed and {declaredPart}; declare it with [DerivativeOf] on a method " +
                "with a body (for a derivative of a derivative method, [DerivativeOf(nameof(ThatMethod))])";
        }

        private static IEnumerable<string> Positions(IReadOnlyList<int> index)
        {
            foreach (int i in index) yield return (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string Ordinal(int n) => n switch { 1 => "first", 2 => "second", 3 => "third", _ => n + "th" };

        private static string Short(string method)
        {
            int dot = method.LastIndexOf('.');
            return "'" + (dot < 0 ? method : method.Substring(dot + 1)) + "'";
        }
    }
}
