"""CTR model calibration: negative downsampling inflates predictions; the closed-form correction fixes them."""
import numpy as np

rng = np.random.default_rng(42)
d = 6
beta = np.array([-5.0, 0.8, -0.5, 0.4, 0.3, -0.2, 0.6])     # intercept + d weights, base CTR ~1%

def simulate(n):
    X = np.column_stack([np.ones(n), rng.normal(size=(n, d))])
    p = 1 / (1 + np.exp(-X @ beta))
    return X, (rng.random(n) < p).astype(float), p

def fit_logreg(X, y, iters=25):
    """Newton's method (IRLS) for logistic regression."""
    w = np.zeros(X.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-X @ w))
        H = X.T @ (X * (p * (1 - p))[:, None]) + 1e-6 * np.eye(X.shape[1])
        w -= np.linalg.solve(H, X.T @ (p - y))
    return w

def normalized_entropy(y, p):
    ll = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    b = y.mean()
    return ll / -(b * np.log(b) + (1 - b) * np.log(1 - b))

def ece(y, p, bins=10):
    """Expected calibration error over equal-count bins of the prediction."""
    order = np.argsort(p)
    return sum(abs(y[idx].mean() - p[idx].mean()) * len(idx) / len(y)
               for idx in np.array_split(order, bins))

X_train, y_train, _ = simulate(400_000)
X_test, y_test, p_test_true = simulate(400_000)

# Keep every click but only 10% of non-clicks (what ad systems do to save compute).
w_keep = 0.10
keep = (y_train == 1) | (rng.random(len(y_train)) < w_keep)
coef = fit_logreg(X_train[keep], y_train[keep])

q = 1 / (1 + np.exp(-X_test @ coef))                # raw output: calibrated to the downsampled data
p_corr = q / (q + (1 - q) / w_keep)                  # undo the sampling: p = q / (q + (1-q)/w)

print(f"base CTR {y_test.mean():.4f}")
for name, p in [("raw", q), ("corrected", p_corr), ("true p", p_test_true)]:
    print(f"{name:9s} calib ratio sum(p)/sum(y) = {p.sum() / y_test.sum():.3f}  "
          f"ECE = {ece(y_test, p):.5f}  NE = {normalized_entropy(y_test, p):.3f}")

# The correction is exactly a shift of the logit by log(w): only the intercept was biased.
assert np.allclose(np.log(p_corr / (1 - p_corr)), X_test @ coef + np.log(w_keep))
assert abs(coef[0] - (beta[0] - np.log(w_keep))) < 0.1          # intercept absorbed -log(w)
assert np.allclose(coef[1:], beta[1:], atol=0.08)                # slopes are unbiased
assert q.sum() / y_test.sum() > 4                                # raw predictions overstate CTR several-fold
assert abs(p_corr.sum() / y_test.sum() - 1) < 0.10               # corrected: calibration ratio ~ 1
assert ece(y_test, p_corr) < 0.2 * ece(y_test, q)
assert normalized_entropy(y_test, p_corr) < normalized_entropy(y_test, q) < 10
assert normalized_entropy(y_test, p_corr) < 1                    # better than predicting the base rate
# AUC (ranking) is identical: the correction is monotone, so it cannot be seen by AUC.
assert np.all(np.diff(p_corr[np.argsort(q)]) >= 0)
