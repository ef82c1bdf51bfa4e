"""Law of total expectation and variance, checked on a random sum and on a two-segment mixture."""
import numpy as np

rng = np.random.default_rng(53)

# 1) random sum: N ~ Poisson(4) orders per user per month, each order ~ Exponential(mean 30)
lam, mu = 4.0, 30.0
n_users = 400_000
N = rng.poisson(lam, n_users)
orders = rng.exponential(mu, N.sum())
owner = np.repeat(np.arange(n_users), N)
totals = np.bincount(owner, weights=orders, minlength=n_users)

mean_theory = lam * mu                                  # E[N] E[X]
var_theory = lam * mu**2 + lam * mu**2                  # E[N] Var(X) + Var(N) E[X]^2
print(f"random sum: mean={totals.mean():.2f} ({mean_theory}) var={totals.var():.0f} ({var_theory:.0f})")
assert abs(totals.mean() / mean_theory - 1) < 0.01
assert abs(totals.var() / var_theory - 1) < 0.02

# 2) mixture: 20% heavy users (mean 50, sd 10), 80% light users (mean 5, sd 2)
w = np.array([0.2, 0.8])
means = np.array([50.0, 5.0])
sds = np.array([10.0, 2.0])
total_mean = w @ means
within = w @ sds**2                                     # E[Var(Y | G)]
between = w @ (means - total_mean) ** 2                 # Var(E[Y | G])
g = rng.random(1_000_000) < w[0]
y = np.where(g, rng.normal(50, 10, g.size), rng.normal(5, 2, g.size))
print(f"mixture: var={y.var():.1f} = within {within:.1f} + between {between:.1f}")
assert abs(total_mean - 14.0) < 1e-12 and abs(within - 23.2) < 1e-9 and abs(between - 324.0) < 1e-9
assert abs(y.var() / (within + between) - 1) < 0.01
# the between-segment part is 93% of the variance: stratifying on segment removes it
assert between / (within + between) > 0.9
