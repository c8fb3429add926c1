namespace CompileTimeCalculus.Benchmarks;

public static partial class Functions
{
    [Derivative] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
    [Derivative] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
    [Derivative] public static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    [Derivative] public static double NormalPdf(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
    [Derivative] public static double NestedTrig(double x) => Math.Sin(Math.Cos(3 * x));
}

/// <summary>What a careful person writes by hand for the same derivatives.</summary>
public static class HandWritten
{
    public static double SigmoidDerivative(double x)
    {
        double s = 1 / (1 + Math.Exp(-x));
        return s * (1 - s);
    }

    public static double SoftplusDerivative(double x) => 1 / (1 + Math.Exp(-x));

    public static double GeluDerivative(double x)
    {
        const double c = 0.7978845608028654; // √(2/π)
        double inner = c * (x + 0.044715 * x * x * x);
        double t = Math.Tanh(inner);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x);
    }

    public static double NormalPdfDerivative(double x) => -x * Math.Exp(-0.5 * x * x) * 0.3989422804014327;

    public static double NestedTrigDerivative(double x)
    {
        double u = 3 * x;
        return -3 * Math.Sin(u) * Math.Cos(Math.Cos(u));
    }
}
