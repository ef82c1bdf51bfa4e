"""CUPED: unbiased, variance reduced by 1 - rho^2, and equal to regression adjustment."""
import numpy as np

rng = np.random.default_rng(2024)
RHO, EFFECT, N, REPS = 0.7, 0.5, 2000, 2000


def one_experiment():
    x = rng.normal(10, 3, N)                                    # pre-period metric
    y = 10 + RHO * (x - 10) + np.sqrt(1 - RHO**2) * 3 * rng.normal(size=N)   # corr(x, y) = 0.7, sd 3
    t = rng.permutation(np.repeat([0, 1], N // 2))
    y = y + EFFECT * t
    raw = y[t == 1].mean() - y[t == 0].mean()
    theta = np.cov(x, y)[0, 1] / x.var(ddof=1)                  # pooled over both arms
    y_cv = y - theta * (x - x.mean())
    cuped = y_cv[t == 1].mean() - y_cv[t == 0].mean()
    return raw, cuped, x, y, t


results = np.array([one_experiment()[:2] for _ in range(REPS)])
raw, cuped = results[:, 0], results[:, 1]
ratio = cuped.var() / raw.var()
print(f"mean raw={raw.mean():.4f} mean cuped={cuped.mean():.4f} var ratio={ratio:.3f} (theory {1 - RHO**2:.2f})")
assert abs(raw.mean() - EFFECT) < 0.02 and abs(cuped.mean() - EFFECT) < 0.02     # both unbiased
assert abs(ratio - (1 - RHO**2)) < 0.05                                           # ~51% of the variance

# same estimate as OLS y ~ 1 + t + x (up to pooled-vs-regression theta)
_, cuped_one, x, y, t = one_experiment()
X = np.column_stack([np.ones(N), t, x])
beta = np.linalg.lstsq(X, y, rcond=None)[0]
print(f"CUPED={cuped_one:.4f} OLS coefficient on T={beta[1]:.4f}")
assert abs(cuped_one - beta[1]) < 0.01

# equivalent traffic: same precision as raw with N / (1 - rho^2) users, MDE shrinks by 1 - sqrt(1 - rho^2)
assert abs((1 - np.sqrt(1 - RHO**2)) - 0.286) < 0.001
