"""Check the SQL readout: z from counts, its p-value, z^2 = Pearson chi-square, and a
permutation test that needs no normal approximation."""
import math

import numpy as np

n_c, x_c, n_t, x_t = 30, 6, 31, 13          # the SQL query's first four columns

p_c, p_t = x_c / n_c, x_t / n_t
p_pool = (x_c + x_t) / (n_c + n_t)
se_pooled = math.sqrt(p_pool * (1 - p_pool) * (1 / n_c + 1 / n_t))
z = (p_t - p_c) / se_pooled
p_two_sided = math.erfc(abs(z) / math.sqrt(2))          # = 2 * (1 - Phi(|z|))
assert round(z, 4) == 1.8495
assert 0.064 < p_two_sided < 0.065                      # not significant at alpha = 0.05

# z^2 equals the Pearson chi-square statistic of the 2x2 table (no continuity correction).
table = np.array([[x_c, n_c - x_c], [x_t, n_t - x_t]], dtype=float)
expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
chi2 = ((table - expected) ** 2 / expected).sum()
assert np.isclose(chi2, z ** 2)

# The unpooled (Wald) 95% CI for the difference, as in the SQL: it straddles 0.
se_unpooled = math.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)
lo, hi = p_t - p_c - 1.96 * se_unpooled, p_t - p_c + 1.96 * se_unpooled
assert round(lo, 4) == -0.0057 and round(hi, 4) == 0.4444

# Permutation test: shuffle labels, recompute the difference in rates.
rng = np.random.default_rng(42)
outcomes = np.r_[np.ones(x_c + x_t), np.zeros(n_c + n_t - x_c - x_t)]
observed = p_t - p_c
diffs = np.empty(20_000)
for i in range(diffs.size):
    perm = rng.permutation(outcomes)
    diffs[i] = perm[n_c:].mean() - perm[:n_c].mean()
p_perm = np.mean(np.abs(diffs) >= abs(observed) - 1e-12)
assert 0.05 < p_perm < 0.12                              # same conclusion as the z-test

# Sample size needed to detect a 20% -> 25% change with 80% power, alpha 0.05 (two-sided).
z_a, z_b = 1.959964, 0.841621
p1, p2 = 0.20, 0.25
n_per_arm = (z_a + z_b) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2
assert 1_080 < n_per_arm < 1_100
print(f"z={z:.4f} p={p_two_sided:.4f} perm_p={p_perm:.4f} n_per_arm={n_per_arm:.0f}")
