"""MAP with a Gaussian prior is ridge regression; MAP for a coin is add-pseudo-counts; priors wash out with data."""
import numpy as np

rng = np.random.default_rng(14)

# 1) Linear-Gaussian model: y = Xw + e, e ~ N(0, s2), prior w ~ N(0, tau2 I)
n, d, s2, tau2 = 50, 10, 1.0, 0.25
X = rng.normal(size=(n, d))
w_true = rng.normal(0, np.sqrt(tau2), d)
y = X @ w_true + rng.normal(0, np.sqrt(s2), n)

lam = s2 / tau2                                           # prior precision relative to noise
w_ridge = np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)


def neg_log_posterior(w):
    return ((y - X @ w) ** 2).sum() / (2 * s2) + (w ** 2).sum() / (2 * tau2)


# the posterior is Gaussian with mean = ridge solution; check it is the minimiser of -log posterior
grad = -X.T @ (y - X @ w_ridge) / s2 + w_ridge / tau2
assert np.allclose(grad, 0, atol=1e-10)
for _ in range(100):                                      # random perturbations only increase it
    assert neg_log_posterior(w_ridge + 1e-3 * rng.normal(size=d)) > neg_log_posterior(w_ridge)
w_mle = np.linalg.lstsq(X, y, rcond=None)[0]
print("||w_mle - w|| =", round(np.linalg.norm(w_mle - w_true), 3),
      " ||w_map - w|| =", round(np.linalg.norm(w_ridge - w_true), 3))
assert np.linalg.norm(w_ridge) < np.linalg.norm(w_mle)    # shrinkage toward the prior mean

# 2) Coin with a Beta(a, b) prior: MAP = (k + a - 1) / (n + a + b - 2), MLE = k / n
a, b = 5, 5
for n_flips, k in [(3, 3), (30, 24), (3000, 2400)]:
    mle = k / n_flips
    map_ = (k + a - 1) / (n_flips + a + b - 2)
    grid = np.linspace(1e-6, 1 - 1e-6, 200001)
    log_post = (k + a - 1) * np.log(grid) + (n_flips - k + b - 1) * np.log(1 - grid)
    assert abs(grid[log_post.argmax()] - map_) < 1e-5
    print(f"n={n_flips:5d} heads={k:5d}: MLE {mle:.3f}  MAP {map_:.3f}")
assert abs((2400 + 4) / (3000 + 8) - 0.8) < 0.002          # prior washes out with data
assert (3 + 4) / (3 + 8) < 0.65                             # but dominates with 3 flips (MLE says 1.0)
print("ok")
