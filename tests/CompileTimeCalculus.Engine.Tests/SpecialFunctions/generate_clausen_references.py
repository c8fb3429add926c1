#!/usr/bin/env python3
"""Reference values of Clausen's functions for SpecialFunctionTests.cs, with mpmath at 40 digits.

Run from this folder: python3 generate_clausen_references.py > clausen-references.tsv
Columns: function (Clausen2 = Σ sin(kθ)/k², Clausen3 = Σ cos(kθ)/k³, Clausen4 = Σ sin(kθ)/k⁴), θ (repr), reference.
"""
from mpmath import mp, mpf, clsin, clcos

mp.dps = 40

points = [1e-12, 1e-6, 0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.1, 3.14, 3.2, 4.0, 5.0, 6.0, 6.28, 6.3, -0.3, -2.2, -4.5, 10.0, 25.0, -40.0, 100.0]

print("function\ttheta\treference")
for theta in points:
    t = mpf(theta)
    print(f"Clausen2\t{theta!r}\t{float(clsin(2, t))!r}")
    print(f"Clausen3\t{theta!r}\t{float(clcos(3, t))!r}")
    print(f"Clausen4\t{theta!r}\t{float(clsin(4, t))!r}")
