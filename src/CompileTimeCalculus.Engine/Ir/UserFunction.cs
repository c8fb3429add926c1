using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CompileTimeCalculus.Engine.Ir
{
    /// <summary>
    /// A method of the user's code that the engines do not read but call, because the user declared its derivatives
    /// (<c>[DerivativeOf(nameof(F))]</c> with a body). Emitted code calls <see cref="Name"/> for the value and the declared
    /// method for each partial derivative; the engine never needs the bodies.
    /// </summary>
    /// <remarks>
    /// The engine cannot evaluate the user's code at build time, so verification evaluates a stand-in with the same shape
    /// (<see cref="Surrogate"/>): 1 + ½·sin(z) with z = Σ aᵢ·uᵢ + b, whose declared partials are its true partials. A
    /// derivative through F is then checked for everything the engine did around F (the chain rule, the product rule, the
    /// emitted code), while the declared derivative itself is checked against F's body by the analyzers.
    /// </remarks>
    public sealed class UserFunction : IEquatable<UserFunction>
    {
        private readonly string[] _partialIndices;
        private readonly string[] _partialMethods;
        private readonly int _hash;

        /// <param name="name">The C# expression that names the method in emitted code (global::-qualified).</param>
        /// <param name="display">The method's name as the user wrote it, for messages.</param>
        /// <param name="arity">How many number parameters it takes.</param>
        /// <param name="partials">For each declared derivative, its multi-index ("0", "0,0", "1") and the method computing it.</param>
        /// <param name="single">Whether the method takes and returns float (emitted double code converts at the call).</param>
        public UserFunction(string name, string display, int arity, IEnumerable<(string Index, string Method)> partials, bool single = false)
        {
            Single = single;
            Name = name;
            Display = display;
            Arity = arity;
            var sorted = new List<(string Index, string Method)>(partials);
            sorted.Sort((a, b) => string.CompareOrdinal(a.Index, b.Index));
            _partialIndices = new string[sorted.Count];
            _partialMethods = new string[sorted.Count];
            int hash = Expr.StableHash(name) ^ arity ^ (single ? 1 << 20 : 0);
            for (int i = 0; i < sorted.Count; i++)
            {
                _partialIndices[i] = sorted[i].Index;
                _partialMethods[i] = sorted[i].Method;
                hash = Expr.Mix(hash, Expr.Mix(Expr.StableHash(sorted[i].Index), Expr.StableHash(sorted[i].Method)));
            }
            _hash = hash;
        }

        /// <summary>
        /// Separates a method from the tuple element that holds a partial derivative ("global::P.Gradient#w" is called as
        /// <c>global::P.Gradient(…).w</c>): the form a [GradientOf] method declares.
        /// </summary>
        public const char MemberSeparator = '#';

        /// <summary>How a call of <paramref name="method"/> (a value in <see cref="Partials"/>) reads in C#.</summary>
        public static string CallText(string method, string arguments)
        {
            int separator = method.IndexOf(MemberSeparator);
            return separator < 0 ? method + "(" + arguments + ")" : method.Substring(0, separator) + "(" + arguments + ")." + method.Substring(separator + 1);
        }

        public string Name { get; }
        public string Display { get; }
        public int Arity { get; }

        /// <summary>Whether it computes in float.</summary>
        public bool Single { get; }

        /// <summary>The declared derivatives, as (multi-index, method) pairs in ordinal order of the index.</summary>
        public IEnumerable<(string Index, string Method)> Partials
        {
            get
            {
                for (int i = 0; i < _partialIndices.Length; i++) yield return (_partialIndices[i], _partialMethods[i]);
            }
        }

        /// <summary>The multi-index as text: the argument positions differentiated by, ascending ("" for the value).</summary>
        public static string IndexText(IReadOnlyList<int> index)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < index.Count; i++) sb.Append(i == 0 ? "" : ",").Append(index[i].ToString(CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>The method that computes the derivative with this multi-index (the function itself for none), or null.</summary>
        public string? MethodFor(IReadOnlyList<int> index)
        {
            if (index.Count == 0) return Name;
            int at = Array.IndexOf(_partialIndices, IndexText(index));
            return at < 0 ? null : _partialMethods[at];
        }

        /// <summary>The stand-in value of the derivative with this multi-index at the arguments (see the remarks).</summary>
        public double Surrogate(IReadOnlyList<int> index, IReadOnlyList<double> arguments)
        {
            // Slopes in [0.6, 1.4) and an offset in [0, 1), fixed per function so every probe sees the same stand-in.
            uint state = (uint)Expr.StableHash(Name);
            double z = Next(ref state);
            var slopes = new double[Arity];
            for (int i = 0; i < Arity; i++)
            {
                slopes[i] = 0.6 + 0.8 * Next(ref state);
                z += slopes[i] * arguments[i];
            }
            if (index.Count == 0) return 1 + 0.5 * Math.Sin(z);
            double factor = 0.5;
            foreach (int i in index) factor *= slopes[i];
            // The k-th derivative of sin is sin shifted by k quarter turns.
            return (index.Count % 4) switch
            {
                1 => factor * Math.Cos(z),
                2 => -factor * Math.Sin(z),
                3 => -factor * Math.Cos(z),
                _ => factor * Math.Sin(z),
            };
        }

        private static double Next(ref uint state)
        {
            state = state * 1664525u + 1013904223u;
            return (state >> 8) / (double)(1 << 24);
        }

        public bool Equals(UserFunction? other) =>
            other is not null && (ReferenceEquals(this, other) || _hash == other._hash && Name == other.Name && Display == other.Display && Arity == other.Arity && Single == other.Single
                && SameStrings(_partialIndices, other._partialIndices) && SameStrings(_partialMethods, other._partialMethods));

        private static bool SameStrings(string[] a, string[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is UserFunction f && Equals(f);

        public override int GetHashCode() => _hash;

        public override string ToString() => Display;
    }
}
