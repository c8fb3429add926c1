#!/usr/bin/env python3
"""References for the accuracy harness (AccuracyTests.cs): derivatives, antiderivatives and gradients of each family,
computed once with mpmath at 60 digits.

Each reference is written in a cancellation-free analytic form, independently of the engine, then rounded to the
nearest double (the C# bodies and the attributes that mark them travel with the table). Run from this folder: python3 generate_references.py > references.tsv
"""
import mpmath
from mpmath import mp, mpf, exp, expm1, log, log1p, tanh, sech, sqrt, fabs, erfc, atan, cosh, cbrt

mp.dps = 60

def sig(x):
    return 1 / (1 + exp(-x)) if x >= 0 else exp(x) / (1 + exp(x))

def dsig(x):
    e = exp(-fabs(x))
    return e / (1 + e) ** 2

def softplus(x):
    return x + log1p(exp(-x)) if x > 0 else log1p(exp(x))

C_GELU = mpf(0.7978845608028654)
A_GELU = mpf(0.044715)
SQRT_2PI = mpf(2.5066282746310002)  # Math.Sqrt(2 * Math.PI) as the C# code computes it

def gelu1(x):
    z = C_GELU * (x + A_GELU * x ** 3)
    return sig(2 * z) + x / 2 * sech(z) ** 2 * C_GELU * (1 + 3 * A_GELU * x ** 2)

def mish1(x):
    sp = softplus(x)
    return tanh(sp) + x * sech(sp) ** 2 * sig(x)

# Derivative families: name -> (C# body, {order: reference derivative}, domain)
FAMILIES = {
    "Sigmoid": ("1 / (1 + Math.Exp(-x))", {1: dsig, 2: lambda x: -dsig(x) * tanh(x / 2)}, None),
    "Softplus": ("Math.Log(1 + Math.Exp(x))", {1: sig, 2: dsig}, None),
    "Swish": ("x / (1 + Math.Exp(-x))", {1: lambda x: sig(x) + x * dsig(x)}, None),
    "Gelu": ("0.5 * x * (1 + Math.Tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))", {1: gelu1}, None),
    "Mish": ("x * Math.Tanh(Math.Log(1 + Math.Exp(x)))", {1: mish1}, None),
    "Tanh": ("Math.Tanh(x)", {1: lambda x: sech(x) ** 2, 2: lambda x: -2 * tanh(x) * sech(x) ** 2}, None),
    "NormalPdf": ("Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)", {1: lambda x: -x * exp(-x * x / 2) / SQRT_2PI}, None),
    "LogisticPdf": ("Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x)))", {1: lambda x: -dsig(x) * tanh(x / 2)}, None),
    "LogOnePlusSquare": ("Math.Log(1 + x * x)", {1: lambda x: 2 * x / (1 + x * x)}, None),
    "Atan": ("Math.Atan(x)", {1: lambda x: 1 / (1 + x * x)}, None),
    "Asinh": ("Math.Asinh(x)", {1: lambda x: 1 / sqrt(1 + x * x)}, None),
    "Hypotenuse": ("Math.Sqrt(1 + x * x)", {1: lambda x: x / sqrt(1 + x * x)}, None),
    "LogOnePlus": ("Math.Log(1 + x)", {1: lambda x: 1 / (1 + x)}, lambda x: x > -1),
    "LogSumExp": ("Math.Log(Math.Exp(x) + Math.Exp(-x))", {1: lambda x: tanh(x)}, None),
    "SoftplusOfSquare": ("Math.Log(1 + Math.Exp(x * x - 4))", {1: lambda x: 2 * x * sig(x * x - 4)}, None),
    "Elu": ("x > 0 ? x : Math.Exp(x) - 1", {1: lambda x: mpf(1) if x > 0 else exp(x)}, None),
}

# The extreme-argument sweep: derivative forms of the function table (inverse trigonometric and hyperbolic functions,
# roots, powers, quotients) where a textbook evaluation squares x and overflows or cancels near a domain edge.
SWEEP = {
    "Acosh": ("Math.Acosh(x)", {1: lambda x: 1 / (sqrt(x - 1) * sqrt(x + 1))}, lambda x: x > 1),
    "Asin": ("Math.Asin(x)", {1: lambda x: 1 / (sqrt(1 - x) * sqrt(1 + x))}, lambda x: fabs(x) < 1),
    "Acos": ("Math.Acos(x)", {1: lambda x: -1 / (sqrt(1 - x) * sqrt(1 + x))}, lambda x: fabs(x) < 1),
    "Atanh": ("Math.Atanh(x)", {1: lambda x: 1 / ((1 - x) * (1 + x))}, lambda x: fabs(x) < 1),
    "AtanSweep": ("Math.Atan(x)", {1: lambda x: 1 / (1 + x * x)}, None),
    "AsinhSweep": ("Math.Asinh(x)", {1: lambda x: 1 / sqrt(1 + x * x)}, None),
    "Cbrt": ("Math.Cbrt(x)", {1: lambda x: 1 / (3 * cbrt(fabs(x)) ** 2)}, lambda x: x != 0),
    "Sqrt": ("Math.Sqrt(x)", {1: lambda x: 1 / (2 * sqrt(x))}, lambda x: x > 0),
    "PowThreeHalves": ("Math.Pow(x, 1.5)", {1: lambda x: mpf(1.5) * sqrt(x)}, lambda x: x > 0),
    "Reciprocal": ("1 / x", {1: lambda x: -1 / (x * x)}, None),
    "InverseHypotenuse": ("1 / Math.Sqrt(1 + x * x)", {1: lambda x: -x / (1 + x * x) ** mpf(1.5)}, None),
    # Not next to |x| = 1, where the derivative is 0: a value that is a difference of two terms near 1/2 there is a
    # matter of conditioning, not of range.
    "RationalBump": ("x / (1 + x * x)", {1: lambda x: (1 - x * x) / (1 + x * x) ** 2}, lambda x: fabs(fabs(x) - 1) > 1e-3),
    "ScaledHypotenuse": ("Math.Sqrt(x * x + 4)", {1: lambda x: x / sqrt(x * x + 4)}, None),
    "LogOfSquare": ("Math.Log(x * x + 1)", {1: lambda x: 2 * x / (x * x + 1)}, None),
}

SWEEP_POINTS = [1e-300, 1e-200, 1e-154, 1e-100, 1e-20, 1e-8, 0.5, 0.999999, 1.000001, 1.5, 3.0, 40.0, 1e10, 1e100, 1e154, 1e155,
                1e160, 1e200, 1e300, 1e308]

def normal_cdf(x):
    if fabs(x) > 1e4:  # mpmath's erfc series check overflows; the CDF is 0 or 1 to far below double precision
        return mpf(1) if x > 0 else mpf(0)
    return erfc(-x / sqrt(2)) / 2

def log_cosh(x):
    # cosh(x) rounds to 1 for tiny x even at 60 digits: the series there.
    return x * x / 2 - x ** 4 / 12 if fabs(x) < 1e-5 else log(cosh(x))

def log_ratio(x):
    # ln|x/(x + 1)|: x/(x + 1) rounds to 1 for huge x even at 60 digits.
    return -log1p(1 / x) if fabs(x) > 1 else log(fabs(x)) - log(fabs(x + 1))

def log_one_plus(x):
    return log1p(x) if x > -1 else log(-1 - x)

# Antiderivative families: name -> (C# integrand, LowerLimit attribute text or None, reference F with that constant, domain)
ANTIDERIVATIVES = {
    "NormalCdf": ("Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI)", "double.NegativeInfinity", normal_cdf, None),
    "LogisticCdf": ("Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x)))", "double.NegativeInfinity", sig, None),
    "SoftplusFromSigmoid": ("1 / (1 + Math.Exp(-x))", "double.NegativeInfinity", softplus, None),
    "LogCosh": ("Math.Tanh(x)", None, log_cosh, None),
    "CauchyLog": ("2 * x / (1 + x * x)", None, lambda x: log1p(x * x), None),
    "ArctanDifference": ("1 / (1 + (x + 1) * (x + 1)) - 1 / (1 + x * x)", None, lambda x: atan(1 / (1 + x * (x + 1))) if x * (x + 1) > -1 else atan(x + 1) - atan(x), None),
    "LogRatio": ("1 / (x * (x + 1))", None, log_ratio, lambda x: x != 0 and x != -1),
    "LogAbsOnePlus": ("1 / (1 + x)", "0", log_one_plus, lambda x: x != -1),
    "Gaussian": ("x * Math.Exp(-x * x)", None, lambda x: -exp(-x * x) / 2, None),
    "Sech2": ("1 / (Math.Cosh(x) * Math.Cosh(x))", None, tanh, None),
}

# CDFs with parameters, as statistics code writes them: name -> (C# parameters, C# integrand, LowerLimit, fixed values of
# the parameters, reference CDF of x, domain). Negative scales are a sign case of their own (the integrand is then
# negative, and so is its integral). References in forms without cancellation, so the tails are right to 60 digits.
MU, SCALE = mpf(0.5), mpf(2)

def laplace_cdf(x, mu, b):
    z = (x - mu) / b
    return exp(z) / 2 if z < 0 else 1 - exp(-z) / 2

def cauchy_cdf(x, x0, g):
    z = (x - x0) / g
    return atan(-1 / z) / mpmath.pi if z < 0 else mpf(1) / 2 + atan(z) / mpmath.pi

def student2_cdf(x):
    r = sqrt(2 + x * x)
    return 1 / (r * (r - x)) if x < 0 else mpf(1) / 2 + x / (2 * r)

PARAMETRIC_CDFS = {
    "NormalCdfScaled": ("double x, double mu, double sigma", "Math.Exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * Math.Sqrt(2 * Math.PI))",
                        "double.NegativeInfinity", "0.5,2", lambda x: normal_cdf((x - MU) / SCALE), None),
    "NormalCdfNegativeScale": ("double x, double mu, double sigma", "Math.Exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * Math.Sqrt(2 * Math.PI))",
                               "double.NegativeInfinity", "0.5,-2", lambda x: -normal_cdf((x - MU) / SCALE), None),
    "LaplaceCdf": ("double x, double mu, double b", "Math.Exp(-Math.Abs(x - mu) / b) / (2 * b)", "double.NegativeInfinity", "0.5,2",
                   lambda x: laplace_cdf(x, MU, SCALE), None),
    "CauchyCdf": ("double x, double x0, double gamma", "1 / (Math.PI * gamma * (1 + ((x - x0) / gamma) * ((x - x0) / gamma)))", "double.NegativeInfinity",
                  "0.5,2", lambda x: cauchy_cdf(x, MU, SCALE), None),
    "ExponentialCdf": ("double x, double lambda", "lambda * Math.Exp(-lambda * x)", "0", "2", lambda x: -expm1(-SCALE * x), lambda x: x > 0),
    "RayleighCdf": ("double x, double sigma", "x / (sigma * sigma) * Math.Exp(-x * x / (2 * sigma * sigma))", "0", "2",
                    lambda x: -expm1(-x * x / (2 * SCALE * SCALE)), lambda x: x > 0),
    "HyperbolicSecantCdf": ("double x", "0.5 / Math.Cosh(Math.PI * x / 2)", "double.NegativeInfinity", "",
                            lambda x: 2 / mpmath.pi * atan(exp(mpmath.pi * x / 2)), None),
    "StudentT2Cdf": ("double x", "1 / Math.Pow(2 + x * x, 1.5)", "double.NegativeInfinity", "", student2_cdf, None),
}

# Gradient families: name -> (C# parameters, C# body, fixed values of the other parameters, {partial: reference}, domain);
# the first parameter runs over the points.
Y = mpf(0.25)
GRADIENTS = {
    "LogLoss": ("double z, double y", "Math.Log(1 + Math.Exp(z)) - y * z", "0.25", {"z": lambda z: sig(z) - Y}),
    "BinaryCrossEntropy": ("double z, double y", "-(y * Math.Log(1 / (1 + Math.Exp(-z))) + (1 - y) * Math.Log(1 - 1 / (1 + Math.Exp(-z))))", "0.25",
                           {"z": lambda z: sig(z) - Y}),
    "SoftmaxTwo": ("double a, double b", "Math.Log(Math.Exp(a) + Math.Exp(b)) - a", "0.5", {"a": lambda a: -sig(mpf(0.5) - a)}),
    "CauchyNll": ("double m, double x", "Math.Log(1 + (x - m) * (x - m))", "0.5", {"m": lambda m: -2 * (mpf(0.5) - m) / (1 + (mpf(0.5) - m) ** 2)}),
    "LogCoshLoss": ("double p, double t", "Math.Log(Math.Cosh(p - t))", "0.5", {"p": lambda p: tanh(p - mpf(0.5))}),
}

POINTS = [1e-300, 1e-8, 0.5, 1.0, 3.0, 20.0, 40.0, 700.0, 1e300]

def xs(domain, points=POINTS):
    for p in points:
        for x in (p, -p):
            if domain is None or domain(mpf(x)):
                yield x

def main():
    print("family\tattribute\tparameters\tbody\tfixed\temitted\telement\tx\treference")
    for name, (body, derivatives, domain) in FAMILIES.items():
        attribute = f"Derivative(Order = {max(derivatives)})"
        for order, reference in derivatives.items():
            emitted = name + ("Derivative" if order == 1 else "SecondDerivative")
            for x in xs(domain):
                print(f"{name}\t{attribute}\tdouble x\t{body}\t\t{emitted}\t-1\t{x!r}\t{float(reference(mpf(x)))!r}")
    for name, (body, derivatives, domain) in SWEEP.items():
        for x in xs(domain, SWEEP_POINTS):
            value = float(derivatives[1](mpf(x)))
            if value in (float("inf"), float("-inf")):
                continue  # overflows in double: nothing to promise
            print(f"{name}\tDerivative\tdouble x\t{body}\t\t{name}Derivative\t-1\t{x!r}\t{float(derivatives[1](mpf(x)))!r}")
    for name, (body, lower, reference, domain) in ANTIDERIVATIVES.items():
        attribute = "Antiderivative" + (f"(LowerLimit = {lower})" if lower else "")
        for x in xs(domain):
            print(f"{name}\t{attribute}\tdouble x\t{body}\t\t{name}Antiderivative\t-1\t{x!r}\t{float(reference(mpf(x)))!r}")
    for name, (parameters, body, lower, fixed, reference, domain) in PARAMETRIC_CDFS.items():
        attribute = f"Antiderivative(WithRespectTo = nameof(x), LowerLimit = {lower})"
        for x in xs(domain):
            print(f"{name}\t{attribute}\t{parameters}\t{body}\t{fixed}\t{name}Antiderivative\t-1\t{x!r}\t{float(reference(mpf(x)))!r}")
    for name, (parameters, body, fixed, partials) in GRADIENTS.items():
        names = [p.split()[1] for p in parameters.split(", ")]
        attribute = "Gradient(" + ", ".join(f"nameof({p})" for p in partials) + ")"
        for partial, reference in partials.items():
            element = 1 + list(partials).index(partial)
            for x in xs(None):
                print(f"{name}\t{attribute}\t{parameters}\t{body}\t{fixed}\t{name}Gradient\t{element}\t{x!r}\t{float(reference(mpf(x)))!r}")

if __name__ == "__main__":
    main()
