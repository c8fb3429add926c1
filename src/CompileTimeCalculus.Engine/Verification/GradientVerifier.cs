using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CompileTimeCalculus.Engine.Programs;
using CompileTimeCalculus.Engine.Written;

namespace CompileTimeCalculus.Engine.Verification
{
    /// <summary>
    /// Runs the adjoint program and the source program as written at random arguments (arrays of 3 or 5 elements, longer when the
    /// function reads fixed elements past them; some probes with positive values only, for logarithms and roots): the value
    /// must match, and the partial derivatives — each scalar parameter, the elements of each array (up to six per probe) —
    /// must match finite differences of the source wherever those are reliable.
    /// </summary>
    internal static class GradientVerifier
    {
        private const int Probes = 16;

        public static NumericVerifier.Result Check(Program program, WrittenProgram? written, AdjointProgram adjoint, Budget budget)
        {
            var source = new Source(program, written);
            var random = new SplitMix(0x5EED);
            var agreeing = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (p, _) in adjoint.ScalarGradients) agreeing[p] = 0;
            foreach (var (p, _) in adjoint.ArrayGradients) agreeing[p] = 0;
            int total = 0;
            var log = new ProbeLog();
            foreach (var (arguments, value, probe) in FittedProbes(program, source, random, budget, log))
            {
                GradientValues claimed;
                try
                {
                    claimed = ProgramInterpreter.Run(adjoint, arguments, budget);
                }
                catch (Exception e) when (e is ElementOutOfRangeException or IndexOutOfRangeException or KeyNotFoundException or OverflowException or DivideByZeroException)
                {
                    return Fail($"the gradient program failed where the function did not ({e.Message})");
                }
                if (!(Math.Abs(claimed.Value - value) <= 1e-8 * Math.Max(1, Math.Abs(value))))
                    return Fail(string.Format(CultureInfo.InvariantCulture, "at {0} the emitted value is {1:R} but the function is {2:R}", Describe(arguments), claimed.Value, value));

                foreach (var (parameter, _) in adjoint.ScalarGradients)
                {
                    var verdict = Compare(source, arguments, budget, parameter, null, claimed.Scalars[parameter], out double estimate);
                    if (verdict == NumericVerifier.PointVerdict.Disagrees)
                        return Fail(string.Format(CultureInfo.InvariantCulture, "at {0} the partial derivative with respect to {1} is {2:R} but finite differences give {3:R}",
                            Describe(arguments), parameter, claimed.Scalars[parameter], estimate));
                    if (verdict == NumericVerifier.PointVerdict.Agrees)
                    {
                        agreeing[parameter]++;
                        total++;
                    }
                }
                foreach (var (parameter, _) in adjoint.ArrayGradients)
                {
                    var gradient = claimed.Arrays[parameter];
                    foreach (int j in Checked(gradient.Length, probe))
                    {
                        var verdict = Compare(source, arguments, budget, parameter, j, gradient[j], out double estimate);
                        if (verdict == NumericVerifier.PointVerdict.Disagrees)
                            return Fail(string.Format(CultureInfo.InvariantCulture, "at {0} the partial derivative with respect to {1}[{2}] is {3:R} but finite differences give {4:R}",
                                Describe(arguments), parameter, j, gradient[j], estimate));
                        if (verdict == NumericVerifier.PointVerdict.Agrees)
                        {
                            agreeing[parameter]++;
                            total++;
                        }
                    }
                }
            }
            if (!log.AnyValue) return Fail(log.Unchecked("its gradient"));
            var unchecked_ = agreeing.Where(p => p.Value == 0).Select(p => p.Key).ToList();
            if (unchecked_.Count > 0)
                return Fail("finite differences were not reliable at any argument tried for the partial derivative with respect to " + string.Join(", ", unchecked_) +
                    " (a kink or a branch switch everywhere?), so it could not be checked");
            return new NumericVerifier.Result(true, total, "");
        }

        private static NumericVerifier.Result Fail(string explanation) => new(false, 0, explanation);

        /// <summary>What the probes found besides values: whether any was finite, and the first shape no arguments fitted.</summary>
        private sealed class ProbeLog
        {
            public bool AnyValue { get; set; }
            public string? ShapeProblem { get; set; }

            public string Unchecked(string what) => ShapeProblem is not null
                ? "the verifier could not build arguments the function accepts (" + ShapeProblem + "), so " + what + " could not be checked"
                : "the function was not finite at any of the random arguments tried, so " + what + " could not be checked";
        }

        /// <summary>
        /// The probes' arguments where the function as written is finite, with its value: arrays of 3 or 5 elements to start
        /// with, each grown to what the function reads (X[i·d + j] over n = y.Length rows needs n·d elements), so shapes come
        /// from the program itself; every other probe with positive values only, for logarithms and roots.
        /// </summary>
        private static IEnumerable<(ProgramArguments Arguments, double Value, int Probe)> FittedProbes(Program program, Source source, SplitMix random, Budget budget,
            ProbeLog log)
        {
            for (int probe = 0; probe < Probes; probe++)
            {
                bool positive = probe % 2 == 1;
                var arguments = Arguments(program, random, positive, probe % 4 < 2 ? 3 : 5, probe);
                double value = Fit(source, arguments, random, positive, budget, out string? problem);
                if (problem is not null)
                {
                    log.ShapeProblem ??= problem;
                    continue;
                }
                if (!IsFinite(value)) continue;
                log.AnyValue = true;
                yield return (arguments, value, probe);
            }
        }

        /// <summary>
        /// Checks a tangent program (<see cref="ForwardMode"/>) against directional finite differences of the source as
        /// written: at random arguments and random directions, the tangent's value must match d/dt f(x + t·v) at t = 0.
        /// </summary>
        public static NumericVerifier.Result CheckTangent(Program program, WrittenProgram? written, Program tangent,
            IReadOnlyList<(string Parameter, string Direction)> directions, Budget budget)
        {
            var source = new Source(program, written);
            var random = new SplitMix(0x7A9E);
            int agreeing = 0;
            var log = new ProbeLog();
            foreach (var (arguments, _, _) in FittedProbes(program, source, random, budget, log))
            {
                var withDirections = WithDirections(arguments, directions, random);
                double claimed;
                try
                {
                    claimed = ProgramInterpreter.Run(tangent, withDirections, budget);
                }
                catch (Exception e) when (e is ElementOutOfRangeException or IndexOutOfRangeException or KeyNotFoundException or OverflowException or DivideByZeroException)
                {
                    return Fail($"the tangent program failed where the function did not ({e.Message})");
                }
                var varied = arguments.Clone();
                double F(double t)
                {
                    foreach (var (parameter, direction) in directions)
                    {
                        if (arguments.Arrays.TryGetValue(parameter, out var values))
                        {
                            var moved = varied.Arrays[parameter];
                            var along = withDirections.Arrays[direction];
                            for (int i = 0; i < moved.Length; i++) moved[i] = values[i] + t * along[i];
                        }
                        else
                        {
                            varied.Scalars[parameter] = arguments.Scalars[parameter] + t * withDirections.Scalars[direction];
                        }
                    }
                    return source.Run(varied, budget, out _);
                }
                var (verdict, estimate) = NumericVerifier.CheckPoint(F, 0, claimed);
                if (verdict == NumericVerifier.PointVerdict.Disagrees)
                    return Fail(string.Format(CultureInfo.InvariantCulture, "at {0} the directional derivative along {1} is {2:R} but finite differences give {3:R}",
                        Describe(arguments), Describe(withDirections, directions.Select(d => d.Direction)), claimed, estimate));
                if (verdict == NumericVerifier.PointVerdict.Agrees) agreeing++;
            }
            if (!log.AnyValue) return Fail(log.Unchecked("its derivatives"));
            if (agreeing == 0)
                return Fail("finite differences were not reliable at any argument tried for the directional derivative (a kink or a branch switch everywhere?), so it could not be checked");
            return new NumericVerifier.Result(true, agreeing, "");
        }

        /// <summary>The arguments and random directions of the inputs' own scale (a step along them keeps the inputs' signs, for logarithms).</summary>
        private static ProgramArguments WithDirections(ProgramArguments arguments, IReadOnlyList<(string Parameter, string Direction)> directions, SplitMix random)
        {
            var withDirections = arguments.Clone();
            foreach (var (parameter, direction) in directions)
            {
                if (arguments.Arrays.TryGetValue(parameter, out var values))
                    withDirections.Arrays[direction] = values.Select(v => Math.Abs(v) * random.Sample(false) / 4).ToArray();
                else
                    withDirections.Scalars[direction] = Math.Abs(arguments.Scalars[parameter]) * random.Sample(false) / 4;
            }
            return withDirections;
        }

        /// <summary>
        /// Checks a program that writes a layer's output and its tangent into buffers (a Jacobian-vector product) against
        /// the layer read as ȳ·y and its verified tangent program: at random arguments, directions and ȳ
        /// (<paramref name="adjoint"/>), ȳ·buffer must be the layer's value and ȳ·tangent buffer the tangent's.
        /// </summary>
        public static NumericVerifier.Result CheckBuffers(Program program, WrittenProgram? written, Program tangent, IReadOnlyList<(string Parameter, string Direction)> directions,
            AdjointProgram emitted, string adjoint, string buffer, string tangentBuffer, Budget budget)
        {
            var source = new Source(program, written);
            var random = new SplitMix(0xB0FF);
            int compared = 0;
            foreach (var (arguments, value, _) in FittedProbes(program, source, random, budget, new ProbeLog()))
            {
                var withDirections = WithDirections(arguments, directions, random);
                double slope;
                IReadOnlyDictionary<string, double[]> buffers;
                try
                {
                    slope = ProgramInterpreter.Run(tangent, withDirections, budget);
                    buffers = ProgramInterpreter.RunBuffers(emitted, withDirections, budget);
                }
                catch (Exception e) when (e is ElementOutOfRangeException or IndexOutOfRangeException or KeyNotFoundException or OverflowException or DivideByZeroException)
                {
                    return Fail($"the emitted program failed where the layer did not ({e.Message})");
                }
                if (!IsFinite(slope)) continue;
                var weights = arguments.Arrays[adjoint];
                foreach (var (name, expected, what) in new[] { (buffer, value, "output"), (tangentBuffer, slope, "output's tangent") })
                {
                    var values = buffers[name];
                    double sum = 0, scale = 0;
                    for (int j = 0; j < weights.Length; j++)
                    {
                        sum += weights[j] * values[j];
                        scale += Math.Abs(weights[j] * values[j]);
                    }
                    if (!(Math.Abs(sum - expected) <= 1e-9 * Math.Max(scale, Math.Abs(expected)) + 1e-300))
                        return Fail(string.Format(CultureInfo.InvariantCulture, "at {0} the emitted {1} does not match the verified program (ȳ·{1} = {2:R}, expected {3:R})",
                            Describe(withDirections), what, sum, expected));
                }
                compared++;
            }
            return compared > 0 ? new NumericVerifier.Result(true, compared, "")
                : Fail("the layer was not finite at any of the random arguments tried, so its emitted tangent could not be checked");
        }

        private static string Describe(ProgramArguments arguments, IEnumerable<string> names)
        {
            var only = new ProgramArguments();
            foreach (var name in names)
            {
                if (arguments.Arrays.TryGetValue(name, out var values)) only.Arrays[name] = values;
                else only.Scalars[name] = arguments.Scalars[name];
            }
            return Describe(only);
        }

        /// <summary>Longest array the verifier grows to fit the function's reads; past it, the shape is reported instead.</summary>
        private const int MaxFittedLength = 4096;

        /// <summary>
        /// Runs the function, growing each array an element read runs past until every read fits (the lengths a batch
        /// layout implies, found by running it), and returns its value; null problem unless no fit was found.
        /// </summary>
        private static double Fit(Source source, ProgramArguments arguments, SplitMix random, bool positive, Budget budget, out string? problem)
        {
            problem = null;
            for (int round = 0; round < 64; round++)
            {
                var outOfRange = source.TryRun(arguments, budget, out double value);
                if (outOfRange is null) return value;
                var named = new HashSet<string>(StringComparer.Ordinal);
                outOfRange.Element.Index.CollectNames(new HashSet<string>(StringComparer.Ordinal), named);
                var labelArrays = named.Where(source.IsIntegerArray).ToList();
                if (labelArrays.Count > 0 && !arguments.Arrays.ContainsKey(outOfRange.Element.Array) && outOfRange.Index >= outOfRange.Length && outOfRange.Length > 0)
                {
                    // A local buffer indexed by labels (logits[labels[i]]): its length follows from the arguments, so the
                    // labels are brought into its range instead.
                    foreach (var name in labelArrays)
                    {
                        var values = arguments.Arrays[name];
                        for (int i = 0; i < values.Length; i++) values[i] = Math.Min(values[i], outOfRange.Length - 1);
                    }
                    continue;
                }
                if (!arguments.Arrays.TryGetValue(outOfRange.Element.Array, out var array))
                {
                    // A local buffer: its length follows from the arguments, and growing them did not make the index fit.
                    problem = $"{outOfRange.Element.Name} uses index {outOfRange.Element.Index} = {outOfRange.Index} of the local buffer {outOfRange.Element.Array}, " +
                              $"which has {outOfRange.Length} elements; lengths tried: {Lengths(arguments)}";
                    return double.NaN;
                }
                if (outOfRange.Index < array.Length || outOfRange.Index >= MaxFittedLength)
                {
                    problem = $"{outOfRange.Element.Name} reads index {outOfRange.Element.Index} = {outOfRange.Index} of {outOfRange.Element.Array}, " +
                              $"which has {array.Length} elements; lengths tried: {Lengths(arguments)}";
                    return double.NaN;
                }
                var grown = new double[outOfRange.Index + 1];
                Array.Copy(array, grown, array.Length);
                bool labels = source.IsIntegerArray(outOfRange.Element.Array);
                for (int i = array.Length; i < grown.Length; i++) grown[i] = labels ? random.Label() : random.Sample(positive);
                arguments.Arrays[outOfRange.Element.Array] = grown;
            }
            problem = "the function's reads did not settle on fixed lengths (" + Lengths(arguments) + ")";
            return double.NaN;
        }

        private static string Lengths(ProgramArguments arguments) =>
            string.Join(", ", arguments.Arrays.Select(a => a.Key + ".Length = " + a.Value.Length.ToString(CultureInfo.InvariantCulture))
                .Concat(arguments.Integers.Select(i => i.Key + " = " + i.Value.ToString(CultureInfo.InvariantCulture))));

        /// <summary>The elements whose partial derivatives a probe checks: all of a short array, else both ends, the middle and one more.</summary>
        private static IEnumerable<int> Checked(int length, int probe)
        {
            if (length <= 6) return Enumerable.Range(0, length);
            return new SortedSet<int> { 0, 1, length / 2, (probe * 7 + 3) % length, length - 2, length - 1 };
        }

        private static NumericVerifier.PointVerdict Compare(Source source, ProgramArguments arguments, Budget budget, string parameter, int? index, double claimed, out double estimate)
        {
            var varied = arguments.Clone();
            double x = index is int j ? varied.Arrays[parameter][j] : varied.Scalars[parameter];
            double F(double t)
            {
                if (index is int k) varied.Arrays[parameter][k] = t;
                else varied.Scalars[parameter] = t;
                return source.Run(varied, budget, out _);
            }
            var (verdict, r) = NumericVerifier.CheckPoint(F, x, claimed);
            estimate = r;
            return verdict;
        }

        private static ProgramArguments Arguments(Program source, SplitMix random, bool positive, int length, int probe)
        {
            var arguments = new ProgramArguments();
            foreach (var p in source.Parameters)
            {
                switch (p.Kind)
                {
                    case ParameterKind.Scalar: arguments.Scalars[p.Name] = random.Sample(positive); break;
                    case ParameterKind.Integer: arguments.Integers[p.Name] = 2 + probe % 2; break;
                    case ParameterKind.IntegerArray:
                    {
                        var labels = new double[length];
                        for (int i = 0; i < length; i++) labels[i] = random.Label();
                        arguments.Arrays[p.Name] = labels;
                        break;
                    }
                    default:
                        var values = new double[length];
                        for (int i = 0; i < length; i++) values[i] = random.Sample(positive);
                        arguments.Arrays[p.Name] = values;
                        break;
                }
            }
            return arguments;
        }

        /// <summary>The function the gradient is checked against: the body as written where known, else its canonical program.</summary>
        private sealed class Source
        {
            private readonly Program _program;
            private readonly WrittenEvaluator? _written;

            public bool IsIntegerArray(string name)
            {
                foreach (var p in _program.Parameters) if (p.Name == name) return p.Kind == ParameterKind.IntegerArray;
                return false;
            }

            public Source(Program program, WrittenProgram? written)
            {
                _program = program;
                _written = written is null ? null : new WrittenEvaluator(written, singlePrecision: false);
            }

            /// <summary>The out-of-range read that stopped the run, or null with the value.</summary>
            public ElementOutOfRangeException? TryRun(ProgramArguments arguments, Budget budget, out double value)
            {
                try
                {
                    value = _written is not null ? _written.Run(arguments, budget) : ProgramInterpreter.Run(_program, arguments, budget);
                    return null;
                }
                catch (ElementOutOfRangeException e)
                {
                    value = double.NaN;
                    return e;
                }
                catch (Exception e) when (e is ElementOutOfRangeException or IndexOutOfRangeException or KeyNotFoundException or OverflowException or DivideByZeroException)
                {
                    value = double.NaN;
                    return null;
                }
            }

            public double Run(ProgramArguments arguments, Budget budget, out bool outOfRange)
            {
                outOfRange = false;
                try
                {
                    return _written is not null ? _written.Run(arguments, budget) : ProgramInterpreter.Run(_program, arguments, budget);
                }
                catch (Exception e) when (e is ElementOutOfRangeException or IndexOutOfRangeException)
                {
                    outOfRange = true;
                    return double.NaN;
                }
                catch (Exception e) when (e is KeyNotFoundException or OverflowException or DivideByZeroException)
                {
                    return double.NaN;
                }
            }
        }

        private static string Describe(ProgramArguments arguments)
        {
            var parts = new List<string>();
            foreach (var p in arguments.Scalars) parts.Add(p.Key + " = " + p.Value.ToString("G6", CultureInfo.InvariantCulture));
            foreach (var p in arguments.Integers) parts.Add(p.Key + " = " + p.Value.ToString(CultureInfo.InvariantCulture));
            foreach (var p in arguments.Arrays) parts.Add(p.Key + " = [" + string.Join(", ", p.Value.Select(v => v.ToString("G6", CultureInfo.InvariantCulture))) + "]");
            return string.Join(", ", parts);
        }

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        /// <summary>A small deterministic generator (the same arguments on every machine and runtime).</summary>
        private sealed class SplitMix
        {
            private ulong _state;

            public SplitMix(ulong seed) => _state = seed;

            private double NextUnit()
            {
                ulong z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                z ^= z >> 31;
                return (z >> 11) * (1.0 / (1UL << 53));
            }

            /// <summary>An element of an int array: 0, 1 or 2 (a class label, an index, a mask).</summary>
            public double Label() => Math.Floor(3 * NextUnit());

            /// <summary>Magnitudes between 0.1 and 2 (rounded to 3 digits, so messages read well), signed unless positive.</summary>
            public double Sample(bool positive)
            {
                double magnitude = Math.Round(0.1 + 1.9 * NextUnit(), 3);
                return positive || NextUnit() < 0.5 ? magnitude : -magnitude;
            }
        }
    }
}
