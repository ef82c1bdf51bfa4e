"""Is the coin fair? Exact binomial test, normal approximation, and the flips needed for a given bias."""
from math import comb, erf, sqrt
from statistics import NormalDist

import numpy as np


def phi(z):
    """Standard normal CDF via the error function (no scipy needed)."""
    return 0.5 * (1.0 + erf(z / sqrt(2.0)))


def exact_binomial_p(k, n, p0=0.5):
    """Two-sided exact p-value: total probability of outcomes no more likely than the observed one."""
    pmf = [comb(n, j) * p0**j * (1 - p0) ** (n - j) for j in range(n + 1)]
    return sum(q for q in pmf if q <= pmf[k] * (1 + 1e-9))


def normal_p(k, n, p0=0.5, continuity=False):
    shift = 0.5 if continuity else 0.0
    z = (abs(k - n * p0) - shift) / sqrt(n * p0 * (1 - p0))
    return 2 * (1 - phi(z))


def flips_needed(p1, p0=0.5, alpha=0.05, power=0.8):
    nd = NormalDist()
    za, zb = nd.inv_cdf(1 - alpha / 2), nd.inv_cdf(power)
    return ((za * sqrt(p0 * (1 - p0)) + zb * sqrt(p1 * (1 - p1))) / (p1 - p0)) ** 2


# 60 heads in 100 flips
p_exact = exact_binomial_p(60, 100)
p_norm = normal_p(60, 100)
p_cc = normal_p(60, 100, continuity=True)
print(f"exact={p_exact:.4f}  normal={p_norm:.4f}  normal+cc={p_cc:.4f}")
assert abs(p_exact - 0.0569) < 1e-4          # not significant at 5%
assert abs(p_norm - 0.0455) < 1e-4           # naive approximation says significant
assert abs(p_cc - p_exact) < 0.002           # continuity correction fixes it
# symmetric null: exact two-sided p equals twice the upper tail
upper = sum(comb(100, j) for j in range(60, 101)) / 2**100
assert abs(p_exact - 2 * upper) < 1e-12

# flips needed for 80% power
table = {p1: flips_needed(p1) for p1 in (0.6, 0.55, 0.51)}
print({k: round(v) for k, v in table.items()})
assert round(table[0.55]) == 783 and round(table[0.51]) == 19620
# halving the bias roughly quadruples n
assert 3.8 < table[0.55] / table[0.6] < 4.2

# power by simulation: 0.55 coin, n = 783, two-sided exact-ish test via the z rule
rng = np.random.default_rng(7)
n = int(np.ceil(table[0.55]))
heads = rng.binomial(n, 0.55, size=20_000)
z = (heads - n / 2) / (sqrt(n) / 2)
power = np.mean(np.abs(z) > 1.959964)
# and size under the null
heads0 = rng.binomial(n, 0.5, size=20_000)
size = np.mean(np.abs((heads0 - n / 2) / (sqrt(n) / 2)) > 1.959964)
print(f"simulated power={power:.3f}  simulated size={size:.3f}")
assert abs(power - 0.80) < 0.02
assert abs(size - 0.05) < 0.01
