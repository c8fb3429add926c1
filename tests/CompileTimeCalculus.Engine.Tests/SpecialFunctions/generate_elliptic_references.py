#!/usr/bin/env python3
"""Reference values of the incomplete elliptic integrals for SpecialFunctionTests.cs, with mpmath at 40 digits.

Run from this folder: python3 generate_elliptic_references.py > elliptic-references.tsv
Columns: function, its arguments (F and E: φ, m; Π: n, φ, m, in repr form), reference (repr of the nearest double).
Legendre's form with the parameter m = k², as mpmath's ellipf, ellipe and ellippi; only points where the value is real.
"""
import math
from mpmath import mp, ellipf, ellipe, ellippi

mp.dps = 40

points = []
for m in [-5.0, -0.5, 0.0, 1e-9, 0.3, 0.7, 0.99, 0.999999, 1.0, 1.5, 2.0, 3.0]:
    limit = math.pi / 2 if m <= 1 else math.asin(1 / math.sqrt(m))
    for phi in [-limit * 0.999, -0.7 * limit, -1e-8, 0.2 * limit, 0.5 * limit, 0.93 * limit, limit * 0.999999]:
        points.append((phi, m))
# Beyond a half period: F(φ + π|m) = F(φ|m) + 2K(m).
points += [(3.5, 0.3), (-7.2, -2.0), (10.0, 0.9), (100.0, 0.5)]

print("function\targuments\treference")
for phi, m in points:
    for name, f in (("EllipticF", ellipf), ("EllipticE", ellipe)):
        value = complex(f(phi, m))
        if value.imag == 0:
            print(f"{name}\t{phi!r} {m!r}\t{float(value.real)!r}")
for n in [-3.0, -0.5, 0.3, 0.8]:
    for phi, m in [(0.4, 0.5), (1.2, 0.9), (-1.0, -1.0), (1.5, 0.2), (0.3, 2.0)]:
        if n * math.sin(phi) ** 2 >= 1 or m * math.sin(phi) ** 2 > 1:
            continue
        value = complex(ellippi(n, phi, m))
        print(f"EllipticPi\t{n!r} {phi!r} {m!r}\t{float(value.real)!r}")
