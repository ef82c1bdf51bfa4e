"""Regression discontinuity: local linear estimates (sharp and fuzzy), bandwidth bias, and a density (manipulation) check."""
import math
import numpy as np

rng = np.random.default_rng(0)
n, c, tau = 60_000, 0.0, 0.4
x = rng.uniform(-1, 1, n)                                  # running variable (e.g. a score), cutoff at 0
f = lambda x: 1.0 + 0.8 * x + 1.5 * x ** 2 + 2.0 * x ** 3    # smooth but curved outcome without treatment


def local_linear_jump(x, y, c, h):
    """Weighted (triangular kernel) linear fit on each side within bandwidth h; return the jump at c."""
    est = []
    for side in (x < c, x >= c):
        m = side & (np.abs(x - c) < h)
        w = 1 - np.abs(x[m] - c) / h
        Xd = np.column_stack([np.ones(m.sum()), x[m] - c])
        beta = np.linalg.solve(Xd.T @ (Xd * w[:, None]), Xd.T @ (w * y[m]))
        est.append(beta[0])                                # intercept = fitted value at the cutoff
    return est[1] - est[0]


# Sharp RD: everyone above the cutoff is treated
D = (x >= c).astype(float)
y = f(x) + tau * D + rng.normal(0, 0.5, n)
naive = y[D == 1].mean() - y[D == 0].mean()
print(f"naive difference in means above vs below: {naive:.3f}  (true jump {tau})")
for h in (0.1, 0.25, 0.5, 1.0):
    print(f"  local linear, bandwidth {h:4.2f}: {local_linear_jump(x, y, c, h):.3f}")
assert abs(naive - tau) > 0.5                               # compares different kinds of units
assert abs(local_linear_jump(x, y, c, 0.25) - tau) < 0.08
# with curvature, a wide bandwidth biases a linear fit: bias ~ curvature * h^2
assert abs(local_linear_jump(x, y, c, 1.0) - tau) > abs(local_linear_jump(x, y, c, 0.25) - tau)

# Fuzzy RD: crossing the cutoff raises the treatment probability from 0.2 to 0.7 (not 0 -> 1)
T = (rng.random(n) < np.where(x >= c, 0.7, 0.2)).astype(float)
y2 = f(x) + tau * T + rng.normal(0, 0.5, n)
jump_y = local_linear_jump(x, y2, c, 0.25)
jump_t = local_linear_jump(x, T, c, 0.25)
print(f"fuzzy RD: jump in Y {jump_y:.3f} / jump in P(treated) {jump_t:.3f} = {jump_y / jump_t:.3f}")
assert abs(jump_t - 0.5) < 0.05
assert abs(jump_y / jump_t - tau) < 0.15                   # IV at the cutoff (Wald ratio)

# Manipulation: 30% of units just below the cutoff nudge their score just above it (e.g. re-taking a test)
x_m = x.copy()
near = (x_m > -0.05) & (x_m < 0) & (rng.random(n) < 0.3)
x_m[near] = rng.uniform(0, 0.05, near.sum())


def bunching_z(x, c, h=0.05):
    """Crude density check: counts in [c-h, c) vs [c, c+h) should be equal for a smooth density (binomial z).
    McCrary (2008) does this properly with local linear fits to the histogram on each side."""
    below, above = np.sum((x >= c - h) & (x < c)), np.sum((x >= c) & (x < c + h))
    return (above - below) / math.sqrt(above + below)


print(f"density check z: clean data {bunching_z(x, c):.2f}, manipulated data {bunching_z(x_m, c):.2f}")
assert abs(bunching_z(x, c)) < 3 and bunching_z(x_m, c) > 5
