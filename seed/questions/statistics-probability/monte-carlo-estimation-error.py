"""Monte Carlo error: 1/sqrt(n) scaling, CI coverage, importance sampling for a rare event, antithetic variates."""
from math import erfc, sqrt

import numpy as np

rng = np.random.default_rng(43)

# 1) estimate pi: indicator of a dart inside the quarter circle, p = pi/4
def estimate_pi(n):
    xy = rng.random((n, 2))
    inside = (xy**2).sum(axis=1) <= 1.0
    est = 4 * inside.mean()
    se = 4 * inside.std(ddof=1) / sqrt(n)
    return est, se

errors = {}
for n in (10_000, 1_000_000):
    runs = [estimate_pi(n)[0] for _ in range(100 if n == 10_000 else 20)]
    errors[n] = np.std(runs)
theory = {n: 4 * sqrt((np.pi / 4) * (1 - np.pi / 4) / n) for n in errors}
print("sd of pi estimate:", {n: f"{errors[n]:.5f} (theory {theory[n]:.5f})" for n in errors})
assert all(abs(errors[n] / theory[n] - 1) < 0.35 for n in errors)
assert abs(theory[10_000] / theory[1_000_000] - 10) < 1e-9     # 100x samples -> 10x smaller error

# 2) the reported 95% CI covers pi about 95% of the time
cover = np.mean([abs(est - np.pi) < 1.96 * se for est, se in (estimate_pi(20_000) for _ in range(400))])
print(f"CI coverage={cover:.3f}")
assert 0.92 < cover < 0.98

# 3) rare event P(Z > 4) = 3.17e-5: naive MC vs importance sampling from N(4, 1)
p_true = 0.5 * erfc(4 / sqrt(2))
n = 100_000
naive = np.mean(rng.normal(size=n) > 4)
y = rng.normal(4.0, 1.0, n)
w = np.exp(-y**2 / 2 + (y - 4.0) ** 2 / 2)                        # f(y) / g(y)
h = (y > 4) * w
is_est, is_se = h.mean(), h.std(ddof=1) / sqrt(n)
naive_se = sqrt(p_true * (1 - p_true) / n)
print(f"P(Z>4)={p_true:.3e} naive={naive:.3e} (se {naive_se:.1e}) IS={is_est:.3e} (se {is_se:.1e})")
assert abs(is_est - p_true) / p_true < 0.02
assert naive_se / is_se > 50                                       # thousands of times fewer samples needed

# 4) antithetic variates for E[exp(U)] = e - 1
m = 50_000
u = rng.random(m)
plain = np.exp(rng.random(2 * m))                                  # same budget: 2m evaluations
anti = 0.5 * (np.exp(u) + np.exp(1 - u))
var_ratio = (anti.var() / m) / (plain.var() / (2 * m))
print(f"antithetic variance ratio={var_ratio:.3f}")
assert abs(anti.mean() - (np.e - 1)) < 0.002 and var_ratio < 0.05
