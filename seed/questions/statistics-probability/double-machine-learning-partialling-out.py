"""Double machine learning for a partially linear model: residual-on-residual with cross-fitting."""
import numpy as np
from sklearn.ensemble import RandomForestRegressor

rng = np.random.default_rng(0)
n, theta = 4_000, 0.5
X = rng.uniform(-2, 2, (n, 5))
m = np.sin(2 * X[:, 0]) + 0.5 * X[:, 1] ** 2                      # E[T | X]: nonlinear confounding
g = 2 * np.cos(2 * X[:, 0]) + X[:, 1] ** 2 + 0.5 * X[:, 2]        # effect of X on Y
T = m + rng.normal(0, 1, n)                                        # continuous treatment (e.g. ad spend, discount)
Y = theta * T + g + rng.normal(0, 1, n)


def rf(leaf):
    return RandomForestRegressor(n_estimators=60, min_samples_leaf=leaf, max_features=3, random_state=0, n_jobs=1)


def dml(leaf=5, folds=2):
    """theta_hat = sum(t_res * y_res) / sum(t_res^2), with residuals from out-of-fold predictions (cross-fitting)."""
    y_res, t_res = np.empty(n), np.empty(n)
    idx = rng.permutation(n); parts = np.array_split(idx, folds)
    for k in range(folds):
        test = parts[k]
        train = np.setdiff1d(idx, test)                                     # nuisance models never see their own rows
        y_res[test] = Y[test] - rf(leaf).fit(X[train], Y[train]).predict(X[test])
        t_res[test] = T[test] - rf(leaf).fit(X[train], T[train]).predict(X[test])
    est = np.sum(t_res * y_res) / np.sum(t_res ** 2)
    psi = (y_res - est * t_res) * t_res                                     # Neyman-orthogonal score
    se = np.sqrt(np.mean(psi ** 2) / np.mean(t_res ** 2) ** 2 / n)
    return est, se


# baseline 1: regress Y on T only.  baseline 2: OLS with linear controls (misses the nonlinear confounding)
naive = np.polyfit(T, Y, 1)[0]
Xl = np.column_stack([np.ones(n), T, X])
ols = np.linalg.lstsq(Xl, Y, rcond=None)[0][1]
est_cf, se_cf = dml()
print(f"true theta {theta}")
print(f"Y ~ T only: {naive:.3f};  OLS with linear controls: {ols:.3f}")
print(f"DML, random forests, 2-fold cross-fitting: {est_cf:.3f} +/- {1.96 * se_cf:.3f}")
assert abs(naive - theta) > 0.3 and abs(ols - theta) > 0.15
assert abs(est_cf - theta) < 3 * se_cf

# the naive "partial out with linear models" version misses the nonlinear confounding; DML's interval excludes it
assert abs(ols - est_cf) > 5 * se_cf

# Frisch-Waugh-Lovell: with *linear* nuisance models, residual-on-residual equals the OLS coefficient exactly
Xc = np.column_stack([np.ones(n), X])
ry = Y - Xc @ np.linalg.lstsq(Xc, Y, rcond=None)[0]
rt = T - Xc @ np.linalg.lstsq(Xc, T, rcond=None)[0]
assert np.isclose(np.sum(rt * ry) / np.sum(rt ** 2), ols)
