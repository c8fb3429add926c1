using CompileTimeCalculus;

namespace SecondOrder;

public static partial class Pricing
{
    /// <summary>Black-Scholes price of a European call, with the library's exact normal CDF.</summary>
    [Hessian]
    public static double Call(double spot, double volatility, double years, double rate)
    {
        const double strike = 95.0;
        double d1 = (Math.Log(spot / strike) + (rate + volatility * volatility / 2) * years) / (volatility * Math.Sqrt(years));
        double d2 = d1 - volatility * Math.Sqrt(years);
        return spot * SpecialFunctions.NormalCdf(d1) - strike * Math.Exp(-rate * years) * SpecialFunctions.NormalCdf(d2);
    }
}

public static partial class Fit
{
    // Eight measurements of a decay y = a·e^(−b·t) + c (a = 2.5, b = 1.3, c = 0.5, with a little noise).
    [Hessian]
    public static double Loss(double a, double b, double c) =>
        Squared(a, b, c, 0.0, 3.012) + Squared(a, b, c, 0.4, 1.987) + Squared(a, b, c, 0.8, 1.373) + Squared(a, b, c, 1.2, 1.026) +
        Squared(a, b, c, 1.6, 0.811) + Squared(a, b, c, 2.0, 0.682) + Squared(a, b, c, 2.8, 0.568) + Squared(a, b, c, 4.0, 0.513);

    private static double Squared(double a, double b, double c, double t, double y)
    {
        double r = a * Math.Exp(-b * t) + c - y;
        return r * r;
    }
}
