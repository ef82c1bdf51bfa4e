import numpy as np


def gradient_descent(X, y, lr=None, max_iter=100_000, tol=1e-10):
    """Fit y ~ X w + b by batch GD on standardized features; return (w, b, iters) in original units."""
    n, d = X.shape
    mu, sigma = X.mean(0), X.std(0)
    sigma[sigma == 0] = 1.0                      # constant column: leave it unscaled
    Z = np.hstack([(X - mu) / sigma, np.ones((n, 1))])
    if lr is None:
        lam_max = np.linalg.eigvalsh(Z.T @ Z / n).max()
        lr = 1.0 / lam_max
    theta = np.zeros(d + 1)
    for it in range(1, max_iter + 1):
        grad = Z.T @ (Z @ theta - y) / n
        theta -= lr * grad
        if not np.all(np.isfinite(theta)):
            raise FloatingPointError(f"diverged at iteration {it} (lr={lr:.3g})")
        if np.linalg.norm(grad) < tol:
            break
    w_std, b_std = theta[:-1], theta[-1]
    w = w_std / sigma
    b = b_std - np.sum(w_std * mu / sigma)
    return w, b, it


rng = np.random.default_rng(0)
n = 500
X = np.column_stack([rng.normal(0, 1, n), rng.normal(50, 1e4, n), rng.uniform(0, 3, n)])
w_true, b_true = np.array([2.0, -3e-4, 0.5]), 4.0
y = X @ w_true + b_true + rng.normal(0, 0.1, n)

w, b, iters = gradient_descent(X, y)

# Closed form on the raw data with an explicit intercept column.
A = np.hstack([X, np.ones((n, 1))])
theta_ls, *_ = np.linalg.lstsq(A, y, rcond=None)
assert np.allclose(w, theta_ls[:-1], rtol=1e-6, atol=1e-9), (w, theta_ls)
assert np.isclose(b, theta_ls[-1], atol=1e-6)
assert np.allclose(w, w_true, rtol=0.05)         # and close to the generating weights
print("converged in", iters, "iterations")

# A learning rate above 2 / lambda_max diverges.
Z = np.hstack([(X - X.mean(0)) / X.std(0), np.ones((n, 1))])
lam_max = np.linalg.eigvalsh(Z.T @ Z / n).max()
try:
    with np.errstate(over="ignore", invalid="ignore"):
        gradient_descent(X, y, lr=2.05 / lam_max, max_iter=20_000)
    raise AssertionError("expected divergence")
except FloatingPointError:
    pass
