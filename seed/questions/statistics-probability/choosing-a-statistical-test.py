"""Student vs Welch t-test under unequal variances, a permutation test, and Mann-Whitney U - no scipy."""
from math import erf, lgamma, pi, sqrt

import numpy as np

rng = np.random.default_rng(23)


def t_cdf(t, df, grid=20_001):
    """CDF of Student's t by numerical integration of its density."""
    x = np.linspace(-60, t, grid)
    logc = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * np.log(df * pi)
    pdf = np.exp(logc - (df + 1) / 2 * np.log1p(x**2 / df))
    return float(np.trapz(pdf, x))


def t_crit(df, alpha=0.05):
    lo, hi = 0.0, 20.0
    for _ in range(60):                          # bisection for the 1 - alpha/2 quantile
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_cdf(mid, df) < 1 - alpha / 2 else (lo, mid)
    return (lo + hi) / 2


assert abs(t_crit(10) - 2.228) < 2e-3 and abs(t_crit(30) - 2.042) < 2e-3


def student(a, b):
    n1, n2 = len(a), len(b)
    sp2 = ((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2)
    return (a.mean() - b.mean()) / sqrt(sp2 * (1 / n1 + 1 / n2)), n1 + n2 - 2


def welch(a, b):
    v1, v2 = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (v1 + v2) ** 2 / (v1**2 / (len(a) - 1) + v2**2 / (len(b) - 1))   # Welch-Satterthwaite
    return (a.mean() - b.mean()) / sqrt(v1 + v2), df


# Type I error when the small group has the large variance (equal means)
reps = 4000
crit_student = t_crit(218)
rej_s = rej_w = 0
crit_cache = {}
for _ in range(reps):
    a, b = rng.normal(0, 4, 20), rng.normal(0, 1, 200)
    ts, _ = student(a, b)
    tw, dfw = welch(a, b)
    key = int(round(dfw))
    if key not in crit_cache:
        crit_cache[key] = t_crit(key)
    rej_s += abs(ts) > crit_student
    rej_w += abs(tw) > crit_cache[key]
print(f"type I error: Student={rej_s / reps:.3f} Welch={rej_w / reps:.3f}")
assert rej_s / reps > 0.25                     # badly inflated
assert abs(rej_w / reps - 0.05) < 0.012        # holds nominal level


# permutation test on a small skewed sample: exact-in-spirit p-value for the mean difference
a = rng.exponential(1.0, 25)
b = rng.exponential(1.6, 25)
obs = b.mean() - a.mean()
pooled = np.concatenate([a, b])
perm = np.array([np.diff([p[:25].mean(), p[25:].mean()])[0] for p in (rng.permutation(pooled) for _ in range(10_000))])
p_perm = (1 + np.sum(np.abs(perm) >= abs(obs))) / (1 + len(perm))
print(f"permutation p={p_perm:.4f}")
assert 0 < p_perm < 1


# Mann-Whitney U with the normal approximation (no ties for continuous data)
def mann_whitney_p(x, y):
    n1, n2 = len(x), len(y)
    ranks = np.empty(n1 + n2)
    ranks[np.argsort(np.concatenate([x, y]))] = np.arange(1, n1 + n2 + 1)
    u = ranks[:n1].sum() - n1 * (n1 + 1) / 2
    z = (u - n1 * n2 / 2) / sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    return 2 * (1 - 0.5 * (1 + erf(abs(z) / sqrt(2)))), u


# U counts pairs (x_i > y_j): check against brute force
x, y = rng.normal(size=30), rng.normal(0.8, 1, 40)
p_mw, u = mann_whitney_p(x, y)
assert u == np.sum(x[:, None] > y[None, :])
assert p_mw < 0.01
print(f"Mann-Whitney U={u:.0f} p={p_mw:.5f}")
