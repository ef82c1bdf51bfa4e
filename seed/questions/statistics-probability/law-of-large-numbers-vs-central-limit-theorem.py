"""LLN vs CLT on coin flips: the fraction converges, the count wanders like sqrt(n)."""
from math import erf, exp, sqrt

import numpy as np

rng = np.random.default_rng(8)
runs, n_max = 2000, 1_000_000
checkpoints = [100, 10_000, 1_000_000]

# simulate head counts at each checkpoint incrementally (binomial increments)
counts = np.zeros(runs)
prev = 0
frac_dev, count_dev = {}, {}
for n in checkpoints:
    counts += rng.binomial(n - prev, 0.5, size=runs)
    prev = n
    frac_dev[n] = np.mean(np.abs(counts / n - 0.5))
    count_dev[n] = np.mean(np.abs(counts - n / 2))
print("mean |fraction - 0.5|:", {k: round(v, 5) for k, v in frac_dev.items()})
print("mean |count - n/2|:   ", {k: round(v, 1) for k, v in count_dev.items()})

# LLN: the fraction's deviation shrinks; CLT: E|Z| * sigma/sqrt(n) with E|Z| = sqrt(2/pi)
for n in checkpoints:
    assert abs(frac_dev[n] - sqrt(2 / np.pi) * 0.5 / sqrt(n)) / (0.5 / sqrt(n)) < 0.06
assert frac_dev[1_000_000] < frac_dev[100] / 50
# ...while the count's deviation grows like sqrt(n): x100 flips -> x10 deviation
assert 8 < count_dev[1_000_000] / count_dev[10_000] < 12

# Chebyshev vs CLT vs Hoeffding for P(|p_hat - 0.5| >= 0.01) at n = 10,000
n, eps = 10_000, 0.01
chebyshev = 0.25 / (n * eps**2)
clt = 2 * (1 - 0.5 * (1 + erf((eps * sqrt(n) / 0.5) / sqrt(2))))
hoeffding = 2 * exp(-2 * n * eps**2)
sim = np.mean(np.abs(rng.binomial(n, 0.5, 200_000) / n - 0.5) >= eps)
print(f"chebyshev={chebyshev:.3f} hoeffding={hoeffding:.3f} clt={clt:.4f} simulated={sim:.4f}")
assert chebyshev == 0.25 and abs(clt - 0.0455) < 1e-3
assert sim <= hoeffding and sim <= chebyshev
assert abs(sim - clt) < 0.01     # the exact binomial includes the boundary, so slightly above the CLT value

# sample size for +/-1% at 95%
assert round(1.96**2 * 0.25 / 0.01**2) == 9604
