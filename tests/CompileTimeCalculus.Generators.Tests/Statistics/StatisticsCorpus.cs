namespace CompileTimeCalculus.Generators.Tests;

/// <summary>
/// Densities, CDFs, moments and physics integrals written the way statistics code writes them: location and scale
/// parameters, normalizing constants spelled out, `Math.Pow` or products for squares. Not edited to fit the integrator.
/// </summary>
public static class StatisticsCorpus
{
    public const string Source = """
        using System;
        using CompileTimeCalculus;

        public static partial class Stats
        {
            // CDFs as antiderivatives from the left end of the support.
            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double NormalPdf(double x, double mu, double sigma) =>
                Math.Exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * Math.Sqrt(2 * Math.PI));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double NormalPdfPow(double x, double mu, double sigma) =>
                1 / (sigma * Math.Sqrt(2 * Math.PI)) * Math.Exp(-Math.Pow(x - mu, 2) / (2 * sigma * sigma));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double StandardNormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double CauchyPdf(double x, double x0, double gamma) =>
                1 / (Math.PI * gamma * (1 + ((x - x0) / gamma) * ((x - x0) / gamma)));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double CauchyPdfGammaSquared(double x, double x0, double gamma) =>
                gamma / (Math.PI * ((x - x0) * (x - x0) + gamma * gamma));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double LogisticPdf(double x, double mu, double s) =>
                Math.Exp(-(x - mu) / s) / (s * (1 + Math.Exp(-(x - mu) / s)) * (1 + Math.Exp(-(x - mu) / s)));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double LaplacePdf(double x, double mu, double b) => Math.Exp(-Math.Abs(x - mu) / b) / (2 * b);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double GumbelPdf(double x, double mu, double beta) =>
                Math.Exp(-(x - mu) / beta - Math.Exp(-(x - mu) / beta)) / beta;

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double HyperbolicSecantPdf(double x) => 0.5 / Math.Cosh(Math.PI * x / 2);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double ExponentialPdf(double x, double lambda) => lambda * Math.Exp(-lambda * x);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double RayleighPdf(double x, double sigma) => x / (sigma * sigma) * Math.Exp(-x * x / (2 * sigma * sigma));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double WeibullPdf2(double x, double lambda) => 2 * x / (lambda * lambda) * Math.Exp(-(x / lambda) * (x / lambda));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double LogNormalPdf(double x, double mu, double sigma) =>
                Math.Exp(-(Math.Log(x) - mu) * (Math.Log(x) - mu) / (2 * sigma * sigma)) / (x * sigma * Math.Sqrt(2 * Math.PI));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double MaxwellPdf(double x, double a) =>
                Math.Sqrt(2 / Math.PI) * x * x * Math.Exp(-x * x / (2 * a * a)) / (a * a * a);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double HalfNormalPdf(double x, double sigma) =>
                Math.Sqrt(2) / (sigma * Math.Sqrt(Math.PI)) * Math.Exp(-x * x / (2 * sigma * sigma));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double GammaShape2Pdf(double x, double theta) => x * Math.Exp(-x / theta) / (theta * theta);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double ErlangShape3Pdf(double x, double lambda) => lambda * lambda * lambda * x * x * Math.Exp(-lambda * x) / 2;

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 1)]
            public static double ParetoPdf3(double x) => 3 / Math.Pow(x, 4);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double LogLogisticPdf2(double x, double alpha) =>
                2 * x / (alpha * alpha) / ((1 + (x / alpha) * (x / alpha)) * (1 + (x / alpha) * (x / alpha)));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double StudentT1Pdf(double x) => 1 / (Math.PI * (1 + x * x));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double StudentT2Pdf(double x) => 1 / Math.Pow(2 + x * x, 1.5);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double UniformPdf(double x, double a, double b) => x >= a && x <= b ? 1 / (b - a) : 0;

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double TriangularPdf(double x, double a, double b, double c) =>
                x < a || x > b ? 0 : x < c ? 2 * (x - a) / ((b - a) * (c - a)) : 2 * (b - x) / ((b - a) * (b - c));

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = 0)]
            public static double BetaPdf22(double x) => x >= 0 && x <= 1 ? 6 * x * (1 - x) : 0;

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = -1)]
            public static double SemicirclePdf(double x) => 2 / Math.PI * Math.Sqrt(1 - x * x);

            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double GaussianKernel(double x, double h) => Math.Exp(-x * x / (2 * h * h)) / (h * Math.Sqrt(2 * Math.PI));

            // Integrals with a parameter, as physics and signal code writes them.
            [Antiderivative(WithRespectTo = nameof(x))] public static double GaussianWithRate(double x, double a) => Math.Exp(-a * x * x);
            [Antiderivative(WithRespectTo = nameof(x))] public static double CircleHeight(double x, double a) => Math.Sqrt(a * a - x * x);
            [Antiderivative(WithRespectTo = nameof(x))] public static double InverseHypot(double x, double a) => 1 / Math.Sqrt(x * x + a * a);
            [Antiderivative(WithRespectTo = nameof(x))] public static double Lorentzian(double x, double a) => 1 / (a * a + x * x);
            [Antiderivative(WithRespectTo = nameof(t))] public static double DampedOscillation(double t, double gamma, double omega) => Math.Exp(-gamma * t) * Math.Cos(omega * t);
            [Antiderivative(WithRespectTo = nameof(t))] public static double Charging(double t, double tau) => Math.Exp(-t / tau) / tau;
            [Antiderivative(WithRespectTo = nameof(x))] public static double Field(double x, double d) => d / Math.Pow(x * x + d * d, 1.5);
            [Antiderivative(WithRespectTo = nameof(x))] public static double PlanckTail(double x, double k) => x * x * Math.Exp(-k * x);

            // Moments and normalizations.
            public static double Exponential(double x, double lambda) => lambda * Math.Exp(-lambda * x);
            public static double ExponentialX(double x, double lambda) => x * lambda * Math.Exp(-lambda * x);
            public static double NormalX2(double x, double sigma) => x * x * Math.Exp(-x * x / (2 * sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI));
            public static double Gaussian(double x) => Math.Exp(-x * x);
            public static double LaplaceAbs(double x, double b) => Math.Abs(x) * Math.Exp(-Math.Abs(x) / b) / (2 * b);
            public static double RayleighX(double x, double sigma) => x * x / (sigma * sigma) * Math.Exp(-x * x / (2 * sigma * sigma));

            [DefiniteIntegral(nameof(Exponential), 0, double.PositiveInfinity, WithRespectTo = "x")] public static partial double ExponentialMass(double lambda);
            [DefiniteIntegral(nameof(ExponentialX), 0, double.PositiveInfinity, WithRespectTo = "x")] public static partial double ExponentialMean(double lambda);
            [DefiniteIntegral(nameof(NormalX2), double.NegativeInfinity, double.PositiveInfinity, WithRespectTo = "x")] public static partial double NormalVariance(double sigma);
            [DefiniteIntegral(nameof(Gaussian), double.NegativeInfinity, double.PositiveInfinity)] public static partial double GaussianArea();
            [DefiniteIntegral(nameof(RayleighX), 0, double.PositiveInfinity, WithRespectTo = "x")] public static partial double RayleighMean(double sigma);
            [DefiniteIntegral(nameof(LaplaceAbs), double.NegativeInfinity, double.PositiveInfinity, WithRespectTo = "x")] public static partial double LaplaceMeanAbsolute(double b);
        }
        """;

    /// <summary>
    /// What has no closed form here, kept apart from the corpus that is compiled and run: a [DefiniteIntegral] refused has
    /// no body (CS8795). Student's t with 3.5 degrees of freedom (an incomplete beta function) and Γ(s) as an integral.
    /// </summary>
    public const string Refused = """
        using System;
        using CompileTimeCalculus;

        public static partial class Stats
        {
            [Antiderivative(WithRespectTo = nameof(x), LowerLimit = double.NegativeInfinity)]
            public static double StudentT35Pdf(double x) => 0.37177234373209533 * Math.Pow(1 + x * x / 3.5, -2.25);

            public static double GammaIntegrand(double x, double s) => Math.Pow(x, s - 1) * Math.Exp(-x);
            [DefiniteIntegral(nameof(GammaIntegrand), 0, double.PositiveInfinity, WithRespectTo = "x")] public static partial double Gamma(double s);
        }
        """;
}
