"""p-values, confidence intervals and error rates, checked by simulation."""
from math import erf, sqrt

import numpy as np

rng = np.random.default_rng(0)


def phi(z):
    return 0.5 * (1.0 + np.vectorize(erf)(np.asarray(z) / sqrt(2.0)))


def z_test_p(diff, se):
    return 2 * (1 - phi(np.abs(diff) / se))


# 1) Under H0 the p-value is Uniform(0,1): each decile holds ~10% of them
n, reps = 400, 20_000
a = rng.normal(0, 1, (reps, n))
b = rng.normal(0, 1, (reps, n))
diff = b.mean(1) - a.mean(1)
se = np.sqrt(a.var(1, ddof=1) / n + b.var(1, ddof=1) / n)
p = z_test_p(diff, se)
deciles = np.histogram(p, bins=10, range=(0, 1))[0] / reps
print("p-value deciles:", np.round(deciles, 3))
assert np.all(np.abs(deciles - 0.1) < 0.01)
type1 = np.mean(p < 0.05)
assert abs(type1 - 0.05) < 0.005

# 2) 95% CI coverage of the true difference (0 here)
lo, hi = diff - 1.959964 * se, diff + 1.959964 * se
coverage = np.mean((lo <= 0) & (0 <= hi))
print(f"type I={type1:.4f}  coverage={coverage:.4f}")
assert abs(coverage - 0.95) < 0.005

# 3) Power against delta with formula 1-beta = Phi(delta/SE - 1.96)
delta = 0.2
b1 = rng.normal(delta, 1, (reps, n))
se1 = np.sqrt(a.var(1, ddof=1) / n + b1.var(1, ddof=1) / n)
power_sim = np.mean(z_test_p(b1.mean(1) - a.mean(1), se1) < 0.05)
power_formula = float(phi(delta / sqrt(2 / n) - 1.959964))
print(f"power sim={power_sim:.3f} formula={power_formula:.3f}")
assert abs(power_sim - power_formula) < 0.015

# 4) Share of significant results that are false when 10% of ideas work, power 80%
ideas = 200_000
works = rng.random(ideas) < 0.10
significant = np.where(works, rng.random(ideas) < 0.80, rng.random(ideas) < 0.05)
false_discovery_share = np.mean(~works[significant])
print(f"false share among wins={false_discovery_share:.3f} (closed form {45/125:.3f})")
assert abs(false_discovery_share - 45 / 125) < 0.01

# 5) the worked example: 10.0% vs 10.6% on 20,000 users each
p1, p2, m = 0.100, 0.106, 20_000
pool = (p1 + p2) / 2
se_pool = sqrt(pool * (1 - pool) * 2 / m)
z = (p2 - p1) / se_pool
p_val = float(z_test_p(p2 - p1, se_pool))
print(f"z={z:.3f} p={p_val:.4f}")
assert abs(z - 1.97) < 0.01 and 0.045 < p_val < 0.05
