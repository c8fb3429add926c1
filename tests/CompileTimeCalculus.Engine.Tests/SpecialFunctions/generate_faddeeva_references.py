#!/usr/bin/env python3
"""Reference values of the Faddeeva function w(z) = e^(−z²)·erfc(−iz) for SpecialFunctionTests.cs, with mpmath at 40 digits.

Run from this folder: python3 generate_faddeeva_references.py > faddeeva-references.tsv
Columns: x (repr), y (repr), Re w(x + iy), Im w(x + iy).
"""
from mpmath import mp, mpf, mpc, exp, erfc

mp.dps = 40

xs = [0.0, 1e-8, 0.1, 0.3, 0.49, 0.51, 1.0, 2.0, 3.5, 5.0, 7.9, 8.1, 12.0, 20.0, 50.0, 300.0, -0.7, -4.0, -9.0]
ys = [0.0, 1e-8, 0.05, 0.2, 0.45, 0.6, 1.0, 2.5, 4.0, 7.0, 9.0, 15.0, 60.0, -0.3, -1.2, -3.0]

print("x\ty\tre\tim")
for x in xs:
    for y in ys:
        if y < 0 and (x * x - y * y) < -600:
            continue
        z = mpc(x, y)
        v = exp(-z * z) * erfc(-1j * z)
        print(f"{x!r}\t{y!r}\t{float(v.real)!r}\t{float(v.imag)!r}")
