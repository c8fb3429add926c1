#!/usr/bin/env python3
"""Reference values of Li₂, Li₃, Li₄ at complex arguments r·e^(iφ) for SpecialFunctionTests.cs, with mpmath at 40 digits.

Run from this folder: python3 generate_complex_polylogarithm_references.py > complex-polylogarithm-references.tsv
Columns: order k, r (repr), φ (repr), Re Li_k(r·e^(iφ)), Im Li_k(r·e^(iφ)) (principal branch); rows with k written as
"tail1" … "tail4" give Re and Im of Li_k(z) − z (r ≤ 1), what the library's *TailRe/*TailIm functions compute.
"""
from mpmath import mp, mpf, polylog, exp, mpc, log

mp.dps = 40

moduli = [1e-9, 0.1, 0.3, 0.5, 0.5000001, 0.7, 0.9, 0.99, 0.999999, 1.0, 1.000001, 1.3, 2.0, 7.5, 1e3]
angles = [0.0, 1e-9, 1e-4, 0.3, 1.0, 1.5707963267948966, 2.0, 3.0, 3.141592653589793, -0.7, -3.1, 4.0, 6.2, 10.0, -25.0]

print("k\tr\tphi\tre\tim")
for k in (2, 3, 4):
    for r in moduli:
        for phi in angles:
            if r > 1 and phi == 0.0:
                continue  # on the branch cut
            if r == 1.0 and phi == 0.0:
                pass
            z = mpf(r) * exp(mpc(0, 1) * mpf(phi))
            v = polylog(k, z)
            print(f"{k}\t{r!r}\t{phi!r}\t{float(v.real)!r}\t{float(v.imag)!r}")

tail_moduli = [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.5000001, 0.8, 1.0]
for k in (1, 2, 3, 4):
    for r in tail_moduli:
        for phi in angles:
            if r == 1.0 and phi == 0.0:
                continue
            z = mpf(r) * exp(mpc(0, 1) * mpf(phi))
            v = (-log(1 - z) if k == 1 else polylog(k, z)) - z
            print(f"tail{k}\t{r!r}\t{phi!r}\t{float(v.real)!r}\t{float(v.imag)!r}")
