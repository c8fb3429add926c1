using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// [DerivativeOf] methods with bodies used by the chain rule: a helper the generator cannot read (a convergence loop) is
/// called, and its declared derivative is called for the chain rule, in derivatives, second derivatives and gradients.
/// The emitted code is compared with finite differences of the helper as it really runs.
/// </summary>
public class CustomDerivativeTests
{
    private const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Special
        {
            // The inverse of y = x + x³/3 by Newton's method: a while loop the generator cannot differentiate through.
            public static double Cubic(double y)
            {
                double x = y / (1 + Math.Abs(y)), step;
                do
                {
                    step = (x + x * x * x / 3 - y) / (1 + x * x);
                    x -= step;
                }
                while (Math.Abs(step) > 1e-15 * (1 + Math.Abs(x)));
                return x;
            }

            // Inverse function rule: x'(y) = 1 / (1 + x²).
            [DerivativeOf(nameof(Cubic))]
            public static double CubicDerivative(double y)
            {
                double x = Cubic(y);
                return 1 / (1 + x * x);
            }

            // x''(y) = −2x·x' / (1 + x²)² = −2x / (1 + x²)³.
            [DerivativeOf(nameof(CubicDerivative))]
            public static double CubicSecondDerivative(double y)
            {
                double x = Cubic(y);
                double s = 1 + x * x;
                return -2 * x / (s * s * s);
            }

            // A table lookup with linear interpolation, its derivative declared piecewise.
            private static readonly double[] Table = { 0.0, 0.5, 0.8, 0.9, 0.95 };
            public static double Lookup(double t)
            {
                int i = Math.Clamp((int)Math.Floor(t), 0, Table.Length - 2);
                return Table[i] + (t - i) * (Table[i + 1] - Table[i]);
            }

            [DerivativeOf(nameof(Lookup))]
            public static double LookupDerivative(double t)
            {
                int i = Math.Clamp((int)Math.Floor(t), 0, Table.Length - 2);
                return Table[i + 1] - Table[i];
            }

            // A float helper: double callers convert their arguments to it.
            public static float CubicF(float y) => (float)Cubic(y);

            [DerivativeOf(nameof(CubicF))]
            public static float CubicFDerivative(float y) => (float)CubicDerivative(y);

            // Two parameters, a partial derivative declared for each.
            public static double Blend(double a, double b)
            {
                double s = 0;
                for (int k = 0; k < 3; k++) s = Math.Sqrt(a * a + b * b + s);
                return s;
            }

            [DerivativeOf(nameof(Blend), WithRespectTo = nameof(a))]
            public static double BlendByA(double a, double b) => Fd(x => Blend(x, b), a);

            [DerivativeOf(nameof(Blend), WithRespectTo = nameof(b))]
            public static double BlendByB(double a, double b) => Fd(x => Blend(a, x), b);

            // The gradient form: one [GradientOf] method whose tuple elements are named after the parameters.
            public static double Norm(double a, double b)
            {
                double s = 0;
                for (int k = 0; k < 2; k++) s += (a * a + b * b) / 2;
                return Math.Sqrt(s);
            }

            [GradientOf(nameof(Norm))]
            public static (double a, double b) NormGradient(double a, double b)
            {
                double n = Norm(a, b);
                return (a / n, b / n);
            }

            private static double Fd(Func<double, double> f, double x)
            {
                double h = 1e-4 * (1 + Math.Abs(x));
                return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h);
            }
        }

        public static partial class Uses
        {
            [Derivative(Order = 2)]
            public static double Composite(double y) => Math.Exp(Special.Cubic(2 * y)) * y;

            [Derivative]
            public static double DoubleCallsFloat(double y) => Special.CubicF((float)y) * y;

            [Derivative]
            public static float FloatCallsDouble(float y) => (float)Special.Cubic(y) * y;

            [Derivative]
            public static double Ramp(double t) => Special.Lookup(t * t) / (1 + t);

            [Derivative]
            public static double Radius(double x) => Special.Norm(Math.Cos(x) * 2, x * x + 1);

            [Derivative]
            public static double Mixed(double x) => Special.Blend(x, 2 * x + 1) * Math.Sin(x);

            [Gradient(nameof(w))]
            public static double Loss(ReadOnlySpan<double> w, double y)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += Special.Cubic(w[i] * y) * Special.Cubic(w[i] * y);
                return s;
            }

            public static double[] LossGradientOf(double[] w, double y)
            {
                var g = new double[w.Length];
                LossGradient(w, y, g);
                return g;
            }

            public static double LossOf(double[] w, double y) => Loss(w, y);
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var (output, _) = Harness.Generate(Source);
        Harness.AssertNoErrorsOrWarnings(output);
        return Harness.Load(output);
    });

    private static Func<double, double> F(string method) => Harness.Function(Compiled.Value, "Uses", method);

    [Theory]
    [InlineData(-1.3)]
    [InlineData(-0.2)]
    [InlineData(0.4)]
    [InlineData(2.5)]
    public void First_and_second_derivatives_through_a_while_loop_use_the_declared_derivatives(double y)
    {
        var value = F("Composite");
        var first = F("CompositeDerivative");
        var second = F("CompositeSecondDerivative");
        Assert.Equal(Harness.FiniteDifference(value, y), first(y), 6);
        Assert.Equal(Harness.FiniteDifference(first, y), second(y), 5);
    }

    [Theory]
    [InlineData(-0.8)]
    [InlineData(1.7)]
    public void Float_and_double_code_call_each_others_helpers_with_conversions(double y)
    {
        Assert.Equal(Harness.FiniteDifference(F("DoubleCallsFloat"), y, 1e-2), F("DoubleCallsFloatDerivative")(y), 3);
        Assert.Equal(Harness.FiniteDifference(F("FloatCallsDouble"), y, 1e-2), F("FloatCallsDoubleDerivative")(y), 3);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.2)]
    [InlineData(1.6)]
    public void A_table_lookup_is_differentiated_through_its_declared_derivative(double t)
    {
        // Away from the table's knots (t² not an integer), where the interpolant is smooth.
        Assert.Equal(Harness.FiniteDifference(F("Ramp"), t, 1e-5), F("RampDerivative")(t), 6);
    }

    [Theory]
    [InlineData(-0.7)]
    [InlineData(0.5)]
    [InlineData(1.9)]
    public void Partial_derivatives_declared_per_parameter_make_the_chain_rule_of_two_arguments(double x)
    {
        Assert.Equal(Harness.FiniteDifference(F("Mixed"), x), F("MixedDerivative")(x), 6);
    }

    [Theory]
    [InlineData(-0.9)]
    [InlineData(0.6)]
    [InlineData(2.2)]
    public void A_gradient_of_method_supplies_the_partials_by_tuple_element(double x)
    {
        Assert.Equal(Harness.FiniteDifference(F("Radius"), x), F("RadiusDerivative")(x), 8);
        var (_, result) = Harness.Generate(Source);
        Assert.Contains("global::Special.NormGradient(", Harness.EmittedMembers(result)["RadiusDerivative"]);
        Assert.Contains(").b", Harness.EmittedMembers(result)["RadiusDerivative"]);
    }

    [Fact]
    public void The_emitted_derivative_calls_the_declared_methods_and_not_an_inlined_body()
    {
        var (_, result) = Harness.Generate(Source);
        var members = Harness.EmittedMembers(result);
        Assert.Contains("global::Special.CubicDerivative(", members["CompositeDerivative"]);
        Assert.Contains("global::Special.CubicSecondDerivative(", members["CompositeSecondDerivative"]);
        Assert.Contains("global::Special.BlendByB(", members["MixedDerivative"]);
        Assert.DoesNotContain("while", members["CompositeDerivative"]);
    }

    [Fact]
    public void A_gradient_through_the_helper_matches_finite_differences()
    {
        var type = Compiled.Value.GetType("Uses")!;
        double[] w = { 0.3, -1.1, 2.0 };
        const double y = 0.7;
        var gradient = (double[])type.GetMethod("LossGradientOf")!.Invoke(null, new object[] { w, y })!;
        var loss = type.GetMethod("LossOf")!;
        for (int i = 0; i < w.Length; i++)
        {
            int k = i;
            double At(double v)
            {
                var copy = (double[])w.Clone();
                copy[k] = v;
                return (double)loss.Invoke(null, new object[] { copy, y })!;
            }
            Assert.Equal(Harness.FiniteDifference(At, w[i]), gradient[i], 6);
        }
    }

    [Fact]
    public void A_higher_derivative_that_is_not_declared_is_reported_with_what_to_declare()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class P
            {
                public static double Root(double y)
                {
                    double x = y;
                    for (int k = 0; k < 50; k++) x -= (x * x * x + x - y) / (3 * x * x + 1);
                    return x;
                }

                [DerivativeOf(nameof(Root))]
                public static double RootPrime(double y) { double x = Root(y); return 1 / (3 * x * x + 1); }

                [Derivative(Order = 2)] public static double G(double y) => Root(y) * y;

                [Derivative] public static double H(double y) => Root(y) * y;
            }
            """;
        var diagnostics = AllDiagnostics(source);
        var missing = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.UnsupportedCall);
        Assert.Contains("second derivative of 'Root'", missing.GetMessage());
        Assert.Contains("[DerivativeOf(nameof(", missing.GetMessage());
        Assert.Contains("'G'", missing.GetMessage());
        // A first derivative needs only what is declared: it is emitted.
        var (_, result) = Harness.GenerateReporting(source);
        Assert.Contains("global::P.RootPrime(", Harness.EmittedMembers(result)["HDerivative"]);
    }

    [Fact]
    public void A_declared_derivative_is_used_by_the_generator_and_still_checked_by_the_analyzer()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class P
            {
                public static double Wave(double x) => Math.Sin(3 * x);

                // Missing the chain-rule factor 3: the analyzer says so; the generator calls it as declared.
                [DerivativeOf(nameof(Wave))]
                public static double WavePrime(double x) => Math.Cos(3 * x);

                [Derivative] public static double G(double x) => Wave(x * x);
            }
            """;
        var diagnostics = AllDiagnostics(source);
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.MissingChainRuleCoefficient && d.GetMessage().Contains("WavePrime"));
        var (_, result) = Harness.GenerateReporting(source);
        Assert.Contains("global::P.WavePrime(", Harness.EmittedMembers(result)["GDerivative"]);
    }

    [Fact]
    public void A_declared_derivative_whose_signature_does_not_match_is_reported_and_not_used()
    {
        const string source = """
            using System;
            using CompileTimeCalculus;
            public static partial class P
            {
                public static double Wave(double x) => Math.Sin(3 * x);

                [DerivativeOf(nameof(Wave))]
                public static double WavePrime(float x) => 3 * Math.Cos(3 * x);

                [Derivative] public static double G(double x) => Wave(x * x);
            }
            """;
        var diagnostics = AllDiagnostics(source);
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.TargetNotFound && d.GetMessage().Contains("Wave"));
        var (_, result) = Harness.GenerateReporting(source);
        string derivative = Harness.EmittedMembers(result)["GDerivative"];
        Assert.DoesNotContain("WavePrime", derivative);
        Assert.Contains("Cos", derivative);
    }

    private static ImmutableArray<Diagnostic> AllDiagnostics(string source)
    {
        var (output, _) = Harness.GenerateReporting(source);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CalculusAnalyzer(), new HandWrittenCalculusAnalyzer());
        return output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }
}
