"""L1 gives exact zeros, L2 only shrinks: lasso by coordinate descent vs ridge in closed form."""
import numpy as np

rng = np.random.default_rng(1)
n, p = 200, 20
X = rng.normal(size=(n, p))
X = (X - X.mean(0)) / X.std(0)
w_true = np.zeros(p)
w_true[:4] = [3.0, -2.0, 1.5, 1.0]            # only 4 informative features
y = X @ w_true + rng.normal(0, 1.0, n)
y = y - y.mean()


def soft_threshold(z, t):
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def lasso_cd(X, y, lam, n_iter=500):
    """minimise (1/2n)||y - Xw||^2 + lam * ||w||_1 by cyclic coordinate descent"""
    n, p = X.shape
    w = np.zeros(p)
    col_sq = (X ** 2).sum(0) / n
    r = y.copy()
    for _ in range(n_iter):
        for j in range(p):
            r += X[:, j] * w[j]                 # remove feature j from the fit
            w[j] = soft_threshold(X[:, j] @ r / n, lam) / col_sq[j]
            r -= X[:, j] * w[j]
    return w


def ridge(X, y, lam):
    """minimise (1/2n)||y - Xw||^2 + (lam/2) * ||w||^2  ->  (X'X/n + lam I)^-1 X'y/n"""
    n, p = X.shape
    return np.linalg.solve(X.T @ X / n + lam * np.eye(p), X.T @ y / n)


lam = 0.1
w_l1 = lasso_cd(X, y, lam)
w_l2 = ridge(X, y, lam)
print("lasso:", np.round(w_l1, 2))
print("ridge:", np.round(w_l2, 2))

# 1) lasso sets the noise features exactly to zero; ridge sets none to zero
assert np.all(w_l1[4:] == 0.0)                # all 16 noise weights are exactly zero
assert np.all(w_l1[:4] != 0)
assert np.all(w_l2 != 0)

# 2) lasso optimality (KKT): |x_j'(y - Xw)/n| <= lam, with equality and matching sign when w_j != 0
g = X.T @ (y - X @ w_l1) / n
active = w_l1 != 0
assert np.all(np.abs(g[~active]) <= lam + 1e-8)
assert np.allclose(g[active], lam * np.sign(w_l1[active]), atol=1e-6)

# 3) ridge gradient is zero at its solution
assert np.allclose(X.T @ (X @ w_l2 - y) / n + lam * w_l2, 0, atol=1e-10)

# 4) with an orthonormal design (X'X/n = I): lasso = soft-threshold(OLS), ridge = OLS / (1 + lam)
Q, _ = np.linalg.qr(rng.normal(size=(n, p)))
Xo = Q * np.sqrt(n)
w_ols = Xo.T @ y / n
assert np.allclose(lasso_cd(Xo, y, lam, 50), soft_threshold(w_ols, lam), atol=1e-10)
assert np.allclose(ridge(Xo, y, lam), w_ols / (1 + lam))
print("ok")
