namespace CompileTimeCalculus.Generators.Tests;

/// <summary>Representative user code: the textbook's worked examples (docs/worked-examples.md), ML activations, piecewise and multi-parameter functions.</summary>
internal static class Sources
{
    public const string Functions = """
        using System;
        using CompileTimeCalculus;

        namespace Samples
        {
            public static partial class Functions
            {
                private const double Delta = 1.0;
                private const double Alpha = 1.5;

                [Derivative] public static double Square(double x) => x * x;
                [Derivative(Order = 2)] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
                [Derivative] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
                [Derivative] public static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                [Derivative] public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
                [Derivative] public static double LogisticPdf(double t) => Math.Exp(-t) / ((1 + Math.Exp(-t)) * (1 + Math.Exp(-t)));
                [Derivative] public static double RootExp(double x) => Math.Sqrt(x) * Math.Exp(Math.Sqrt(x));
                [Derivative] public static double TrigSubstitution(double x) => x * x / Math.Sqrt(1 - x * x);
                [Derivative] public static double NestedTrig(double x) => Math.Sin(Math.Cos(3 * x));
                [Derivative] public static double Relu(double x) => Math.Max(x, 0.0);
                [Derivative] public static double Elu(double x) => x > 0 ? x : Alpha * (Math.Exp(x) - 1);
                [Derivative] public static double Huber(double x) => Math.Abs(x) <= Delta ? 0.5 * x * x : Delta * (Math.Abs(x) - 0.5 * Delta);
                [Derivative(WithRespectTo = nameof(z))] public static double Scaled(double z, double k) => k * Softplus(z);
                [Derivative(WithRespectTo = nameof(x))] public static double Angle(double y, double x) => Math.Atan2(y, x);
                [Derivative] public static double Logarithms(double x) => Math.Log10(x) + Math.Log(x, 3) + Math.Log2(x);
                [Derivative] public static double SelfPower(double x) => Math.Pow(x, x);
                [Derivative] public static float Swish(float x) => x / (1 + MathF.Exp(-x));
                [Derivative(Order = 3)] public static double Tanh(double x) => Math.Tanh(x);
                [Derivative] public static double InverseTrig(double x) => Math.Asin(x) + Math.Acos(x / 2) + Math.Atan(x);
                [Derivative] public static double InverseHyperbolic(double x) => Math.Asinh(x) + Math.Acosh(x + 2) + Math.Atanh(x / 2);
                [Derivative] public static double CbrtAbs(double x) => Math.Cbrt(x) * Math.Abs(x);
                [Derivative(WithRespectTo = nameof(tau))] public static double DiscountedReward(double tau, double gamma, double beta) => gamma * tau * Math.Exp(-beta * tau);
                [Derivative(Name = "Poly")] public static double Polynomial(double x) => 3 * x * x * x - 2 * x * x + x - 7;
                [Derivative] internal static double MixedPrecision(float x) => Math.Sin((double)x) * 2.5;

                [DerivativeOf(nameof(Softplus))] public static partial double SoftplusPrime(double x);
                [DerivativeOf(nameof(Sigmoid), Order = 2)] public static partial double SigmoidCurvature(double u);
            }
        }

        namespace Samples.Nested
        {
            public partial class Outer<T>
            {
                internal partial struct Inner
                {
                    [Derivative] public static double Wave(double x) => Math.Sin(x) * Math.Cos(2 * x);
                }
            }
        }
        """;

    /// <summary>Every generated method of <see cref="Functions"/>: (type, source method, emitted method).</summary>
    public static readonly (string Type, string Source, string Emitted)[] Emitted =
    {
        ("Samples.Functions", "Square", "SquareDerivative"),
        ("Samples.Functions", "Sigmoid", "SigmoidDerivative"),
        ("Samples.Functions", "SigmoidDerivative", "SigmoidSecondDerivative"),
        ("Samples.Functions", "Softplus", "SoftplusDerivative"),
        ("Samples.Functions", "Gelu", "GeluDerivative"),
        ("Samples.Functions", "NormalPdf", "NormalPdfDerivative"),
        ("Samples.Functions", "LogisticPdf", "LogisticPdfDerivative"),
        ("Samples.Functions", "RootExp", "RootExpDerivative"),
        ("Samples.Functions", "TrigSubstitution", "TrigSubstitutionDerivative"),
        ("Samples.Functions", "NestedTrig", "NestedTrigDerivative"),
        ("Samples.Functions", "Relu", "ReluDerivative"),
        ("Samples.Functions", "Elu", "EluDerivative"),
        ("Samples.Functions", "Huber", "HuberDerivative"),
        ("Samples.Functions", "Logarithms", "LogarithmsDerivative"),
        ("Samples.Functions", "SelfPower", "SelfPowerDerivative"),
        ("Samples.Functions", "Swish", "SwishDerivative"),
        ("Samples.Functions", "Tanh", "TanhDerivative"),
        ("Samples.Functions", "TanhDerivative", "TanhSecondDerivative"),
        ("Samples.Functions", "TanhSecondDerivative", "TanhThirdDerivative"),
        ("Samples.Functions", "InverseTrig", "InverseTrigDerivative"),
        ("Samples.Functions", "InverseHyperbolic", "InverseHyperbolicDerivative"),
        ("Samples.Functions", "CbrtAbs", "CbrtAbsDerivative"),
        ("Samples.Functions", "Polynomial", "PolyDerivative"),
        ("Samples.Functions", "MixedPrecision", "MixedPrecisionDerivative"),
        ("Samples.Functions", "Softplus", "SoftplusPrime"),
        ("Samples.Functions", "SigmoidDerivative", "SigmoidCurvature"),
        ("Samples.Nested.Outer`1+Inner", "Wave", "WaveDerivative"),
    };
}
