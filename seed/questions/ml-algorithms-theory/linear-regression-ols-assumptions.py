"""OLS: normal equations = lstsq = QR, residuals are orthogonal to X, Var(beta) = sigma^2 (X'X)^-1."""
import numpy as np

rng = np.random.default_rng(3)
n, p, sigma = 100, 3, 0.5
X = np.column_stack([np.ones(n), rng.normal(size=(n, p - 1))])   # intercept column
beta = np.array([1.0, 2.0, -0.5])
y = X @ beta + rng.normal(0, sigma, n)

b_normal = np.linalg.solve(X.T @ X, X.T @ y)          # (X'X)^-1 X'y, fine when well conditioned
b_lstsq, *_ = np.linalg.lstsq(X, y, rcond=None)       # SVD-based, what you should call
Q, R = np.linalg.qr(X)
b_qr = np.linalg.solve(R, Q.T @ y)                    # what statistical packages do
assert np.allclose(b_normal, b_lstsq) and np.allclose(b_qr, b_lstsq)

resid = y - X @ b_lstsq
assert np.allclose(X.T @ resid, 0, atol=1e-9)         # residuals orthogonal to every column
assert abs(resid.mean()) < 1e-12                       # ... so they sum to zero with an intercept
s2 = resid @ resid / (n - p)                           # unbiased noise variance
print("beta_hat", b_lstsq.round(3), "sigma_hat^2", round(s2, 4))

# Sampling distribution: redraw the noise 3000 times with X fixed
cov_theory = sigma**2 * np.linalg.inv(X.T @ X)
H = np.linalg.solve(X.T @ X, X.T)                      # beta_hat = H y
Y = X @ beta + rng.normal(0, sigma, (3000, n))
B = Y @ H.T
assert np.allclose(B.mean(0), beta, atol=0.01)         # unbiased (Gauss-Markov setting)
assert np.allclose(np.cov(B.T), cov_theory, rtol=0.1, atol=1e-4)

# Ill-conditioning: squaring the condition number is why normal equations lose digits
Xc = np.linspace(0, 1, n)[:, None] ** np.arange(0, 9)          # raw polynomial basis, degree 8
print("cond(X) = %.1e, cond(X'X) = %.1e" % (np.linalg.cond(Xc), np.linalg.cond(Xc.T @ Xc)))
assert np.isclose(np.log10(np.linalg.cond(Xc.T @ Xc)), 2 * np.log10(np.linalg.cond(Xc)), atol=0.1)
print("ok")
