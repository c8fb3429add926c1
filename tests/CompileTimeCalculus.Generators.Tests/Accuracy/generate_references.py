#!/usr/bin/env python3
"""Reference derivatives for the accuracy harness (AccuracyTests.cs), computed once with mpmath at 60 digits.

Each reference derivative is written in a cancellation-free analytic form, independently of the engine, then rounded
to the nearest double. Run from this folder: python3 generate_references.py > references.tsv
"""
from mpmath import mp, mpf, exp, log, log1p, tanh, sech, sqrt, fabs

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

# family -> (C# body, {order: reference derivative}, domain)
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

POINTS = [1e-300, 1e-8, 0.5, 1.0, 3.0, 20.0, 40.0, 700.0, 1e300]

def main():
    print("family\tbody\torder\tx\treference")
    for name, (body, derivatives, domain) in FAMILIES.items():
        for order, reference in derivatives.items():
            for p in POINTS:
                for x in (p, -p):
                    if domain is not None and not domain(mpf(x)):
                        continue
                    value = float(reference(mpf(x)))
                    print(f"{name}\t{body}\t{order}\t{x!r}\t{value!r}")

if __name__ == "__main__":
    main()
