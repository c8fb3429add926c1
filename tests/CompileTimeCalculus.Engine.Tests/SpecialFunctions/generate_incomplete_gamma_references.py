#!/usr/bin/env python3
"""Reference values of Kummer's e^(−z)·M(s, s + 1, z) and of e^y·y^(1−s)·Γ(s, y) for SpecialFunctionTests.cs, with mpmath at 40 digits.

Run from this folder: python3 generate_incomplete_gamma_references.py > incomplete-gamma-references.tsv
Columns: function (ScaledKummerM or ScaledUpperGamma), s (repr), argument (repr), reference.
"""
from mpmath import mp, mpf, hyp1f1, gammainc, exp

mp.dps = 40

orders = [1.0 / 3, 2.0 / 3, 0.25, 1.5, 2.7, 5.0 / 3, -1.0 / 3, -2.0 / 3, -1.5]
kummer_points = [-300.0, -80.0, -40.5, -10.0, -2.5, -2.0, -1.0, -0.1, 0.0, 1e-6, 0.5, 3.0, 12.0, 39.0, 41.0, 100.0, 600.0]
gamma_points = [1e-6, 0.01, 0.3, 0.9, 1.2, 2.0, 2.8, 3.6, 10.0, 50.0, 700.0]

print("function\ts\targument\treference")
for s in orders:
    for z in kummer_points:
        v = exp(-mpf(z)) * hyp1f1(mpf(s), mpf(s) + 1, mpf(z))
        if abs(v) > 1e300:
            continue
        print(f"ScaledKummerM\t{s!r}\t{z!r}\t{float(v)!r}")
    for y in gamma_points:
        v = exp(mpf(y)) * mpf(y) ** (1 - mpf(s)) * gammainc(mpf(s), mpf(y))
        print(f"ScaledUpperGamma\t{s!r}\t{y!r}\t{float(v)!r}")
