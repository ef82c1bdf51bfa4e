"""Birthday problem: exact product, exponential approximation, simulation, and hash collisions."""
from math import exp, log, prod, sqrt

import numpy as np


def p_shared(n, days=365):
    return 1 - prod((days - k) / days for k in range(n))


assert abs(p_shared(23) - 0.5073) < 1e-4
assert abs(p_shared(50) - 0.9704) < 1e-4
assert p_shared(22) < 0.5 < p_shared(23)
# approximation 1 - exp(-n(n-1)/(2d))
assert abs((1 - exp(-23 * 22 / 730)) - p_shared(23)) < 0.01

# simulation
rng = np.random.default_rng(47)
b = rng.integers(0, 365, size=(200_000, 23))
b.sort(axis=1)
sim = np.mean((np.diff(b, axis=1) == 0).any(axis=1))
print(f"P(shared | 23)={p_shared(23):.4f} simulated={sim:.4f}")
assert abs(sim - p_shared(23)) < 0.005

# people needed for probability 1/2 ~ sqrt(2 d ln 2) = 1.1774 sqrt(d)
assert abs(sqrt(2 * 365 * log(2)) - 22.49) < 0.01
# 64-bit ids: how many before a 50% chance of a collision? ~5.1e9
n_half = 1.1774 * sqrt(2.0**64)
assert 5.0e9 < n_half < 5.2e9
# someone sharing YOUR birthday among 22 others: much less likely
assert abs((1 - (364 / 365) ** 22) - 0.0586) < 1e-3
print(f"64-bit collision at 50%: ~{n_half:.2e} ids")
