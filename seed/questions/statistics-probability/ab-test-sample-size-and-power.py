"""A/B test sample size: formula, power by simulation, MDE vs traffic, unequal splits."""
from math import sqrt
from statistics import NormalDist

import numpy as np

ND = NormalDist()
Z_A, Z_B = ND.inv_cdf(0.975), ND.inv_cdf(0.80)


def n_per_group(p, delta, z_a=Z_A, z_b=Z_B):
    return (z_a + z_b) ** 2 * 2 * p * (1 - p) / delta**2


def power(p, delta, n):
    return ND.cdf(delta / sqrt(2 * p * (1 - p) / n) - Z_A)


p, delta = 0.05, 0.0025
n = n_per_group(p, delta)
print(f"n per group={n:,.0f}")
assert 119_000 < n < 119_600
assert abs((Z_A + Z_B) ** 2 - 7.85) < 0.01

# power by simulation at the planned n: 4,000 simulated experiments
rng = np.random.default_rng(12)
n_int = int(round(n))
reps = 4000
c = rng.binomial(n_int, p, reps) / n_int
t = rng.binomial(n_int, p + delta, reps) / n_int
pool = (c + t) / 2
z = (t - c) / np.sqrt(pool * (1 - pool) * 2 / n_int)
sim_power = np.mean(np.abs(z) > Z_A)
print(f"simulated power={sim_power:.3f}")
assert abs(sim_power - 0.80) < 0.025

# false-positive rate at the same n with no effect
t0 = rng.binomial(n_int, p, reps) / n_int
pool0 = (c + t0) / 2
fpr = np.mean(np.abs((t0 - c) / np.sqrt(pool0 * (1 - pool0) * 2 / n_int)) > Z_A)
assert abs(fpr - 0.05) < 0.012

# MDE with only 20,000 users per group, and power at half the MDE
mde = (Z_A + Z_B) * sqrt(2 * p * (1 - p) / 20_000)
print(f"MDE at 20k/group={mde:.4f} ({mde / p:.0%} relative)")
assert abs(mde - 0.0061) < 0.0001
assert abs(power(p, delta / 2, n) - 0.29) < 0.01

# halving the MDE quadruples n
assert np.isclose(n_per_group(p, delta / 2) / n, 4)

# unequal split: total traffic factor 1 / (4 f (1 - f))
assert abs(1 / (4 * 0.1 * 0.9) - 2.78) < 0.01

# Bonferroni for 10 comparisons: (z_{0.9975} + z_{0.8})^2
factor = (ND.inv_cdf(1 - 0.005 / 2) + Z_B) ** 2
print(f"Bonferroni factor={factor:.2f} vs 7.85")
assert abs(factor - 13.31) < 0.01 and abs(factor / 7.85 - 1.70) < 0.01
