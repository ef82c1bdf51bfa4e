"""MLE: closed forms vs numerical maximization, and Fisher-information standard errors."""
import numpy as np

rng = np.random.default_rng(2)


def argmax_on_grid(loglik, lo, hi, n_grid=200_001):
    grid = np.linspace(lo, hi, n_grid)
    return grid[np.argmax(loglik(grid))]


# Bernoulli: 12 clicks in 400 impressions
k, n = 12, 400
p_hat = argmax_on_grid(lambda p: k * np.log(p) + (n - k) * np.log1p(-p), 1e-6, 1 - 1e-6)
assert abs(p_hat - k / n) < 1e-5
se = np.sqrt(0.03 * 0.97 / n)
assert abs(se - 0.0085) < 1e-4
# MAP with Beta(2, 50): (k + a - 1) / (n + a + b - 2)
p_map = argmax_on_grid(lambda p: (k + 1) * np.log(p) + (n - k + 49) * np.log1p(-p), 1e-6, 1 - 1e-6)
assert abs(p_map - 13 / 450) < 1e-5

# Poisson
x = rng.poisson(4.2, size=500)
lam_hat = argmax_on_grid(lambda l: x.sum() * np.log(l) - len(x) * l, 0.1, 20)
assert abs(lam_hat - x.mean()) < 1e-4

# Gaussian: maximize over mu (grid) then sigma^2 (grid) and compare with closed forms
y = rng.normal(10, 3, size=50)
mu_hat = argmax_on_grid(lambda m: -((y[:, None] - m) ** 2).sum(0), 5, 15, 20_001)
s2_hat = argmax_on_grid(lambda s2: -len(y) / 2 * np.log(s2) - ((y - y.mean()) ** 2).sum() / (2 * s2), 0.5, 30)
assert abs(mu_hat - y.mean()) < 1e-3
assert abs(s2_hat - y.var(ddof=0)) < 1e-3          # the MLE divides by n, not n - 1
print(f"p_hat={p_hat:.4f} p_map={p_map:.4f} lambda_hat={lam_hat:.4f} mu_hat={mu_hat:.3f} s2_hat={s2_hat:.3f}")

# Fisher information: sd of lambda_hat across datasets ~ sqrt(lambda / n)
lam, m = 4.2, 200
estimates = rng.poisson(lam, size=(20_000, m)).mean(axis=1)
print(f"sd(lambda_hat)={estimates.std():.4f} vs sqrt(lambda/n)={np.sqrt(lam / m):.4f}")
assert abs(estimates.std() / np.sqrt(lam / m) - 1) < 0.02

# bias of the Gaussian variance MLE: E = (n-1)/n * sigma^2
n_small = 5
sims = rng.normal(0, 2, size=(200_000, n_small)).var(axis=1, ddof=0)
assert abs(sims.mean() - (n_small - 1) / n_small * 4) < 0.02
