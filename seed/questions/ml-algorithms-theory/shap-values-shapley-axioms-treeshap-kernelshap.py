"""Exact Shapley values by enumerating coalitions (interventional value function), the axioms
checked numerically, KernelSHAP's weighted regression recovering them, and how correlated
features split credit under the conditional (observational) value function."""
import itertools
from math import comb, factorial

import numpy as np
from sklearn.tree import DecisionTreeRegressor

rng = np.random.default_rng(0)


def value_interventional(f, x, S, background):
    """v(S) = E_background[ f(x_S, X_notS) ]: features in S fixed to x, the rest from data."""
    Z = background.copy()
    Z[:, list(S)] = x[list(S)]
    return f(Z).mean()


def exact_shapley(v, M):
    phi = np.zeros(M)
    for i in range(M):
        others = [j for j in range(M) if j != i]
        for k in range(M):
            for S in itertools.combinations(others, k):
                w = factorial(k) * factorial(M - k - 1) / factorial(M)
                phi[i] += w * (v(set(S) | {i}) - v(set(S)))
    return phi


def kernel_shap(v, M):
    """Weighted least squares over all coalitions with the Shapley kernel; the empty and full
    coalitions get a huge weight, which enforces phi_0 = v(empty) and efficiency."""
    rows, targets, weights = [], [], []
    for k in range(M + 1):
        for S in itertools.combinations(range(M), k):
            z = np.zeros(M); z[list(S)] = 1
            w = 1e9 if k in (0, M) else (M - 1) / (comb(M, k) * k * (M - k))
            rows.append(np.r_[1, z]); targets.append(v(set(S))); weights.append(w)
    X, y, W = np.array(rows), np.array(targets), np.sqrt(np.array(weights))
    coef, *_ = np.linalg.lstsq(X * W[:, None], y * W, rcond=None)
    return coef[1:]


# 1) A tree model on 4 features, feature 3 unused by the data-generating process
n, M = 2000, 4
X = rng.normal(size=(n, M))
y = 2 * X[:, 0] + X[:, 1] * (X[:, 2] > 0) + 0.1 * rng.normal(size=n)
tree = DecisionTreeRegressor(max_depth=6, random_state=0).fit(X, y)
bg = X[rng.choice(n, 200, replace=False)]
x = np.array([1.0, 1.5, 0.8, -0.3])
v = lambda S: value_interventional(tree.predict, x, S, bg)
phi = exact_shapley(v, M)
print("tree: phi =", phi.round(3), " f(x) - E f =", round(tree.predict(x[None])[0] - v(set()), 3))
assert np.isclose(phi.sum(), tree.predict(x[None])[0] - v(set()))      # efficiency
assert np.allclose(kernel_shap(v, M), phi, atol=1e-6)                    # KernelSHAP = exact here
assert phi[0] > phi[1] > phi[2] > abs(phi[3]) and abs(phi[3]) < 0.05     # x3 never used by the truth
print(f"model evaluations for exact values: 2^{M} coalitions x {len(bg)} background rows = {2**M * len(bg)}")

# 2) Linear model with independent features: phi_i = w_i (x_i - E[x_i])
w = np.array([3.0, -2.0, 0.0, 0.5])
lin = lambda Z: Z @ w
phi_lin = exact_shapley(lambda S: value_interventional(lin, x, S, bg), M)
assert np.allclose(phi_lin, w * (x - bg.mean(axis=0)))
assert np.isclose(phi_lin[2], 0.0)                                       # dummy: unused -> 0

# 3) Symmetry and how a pure interaction is split: f = x0 * x1 with baseline point (0, 0)
inter = lambda Z: Z[:, 0] * Z[:, 1]
base = np.zeros((1, 2))
phi_int = exact_shapley(lambda S: value_interventional(inter, np.array([2.0, 2.0]), S, base), 2)
print("f = x0*x1 at (2, 2), baseline (0, 0): phi =", phi_int)
assert np.allclose(phi_int, [2.0, 2.0])                                  # 4 split equally

# 4) Correlated features: model uses ONLY x0; x1 is a near-copy (corr rho)
rho = 0.95
f_only_x0 = lambda Z: Z[:, 0]
xc = np.array([1.0, 1.0])
Zc = rng.multivariate_normal([0, 0], [[1, rho], [rho, 1]], size=200_000)
phi_int_c = exact_shapley(lambda S: value_interventional(f_only_x0, xc, S, Zc), 2)


def v_conditional(S):
    """Observational value: E[f(X) | X_S = x_S] for a standard bivariate normal."""
    if S == {0} or S == {0, 1}:
        return xc[0]
    if S == {1}:
        return rho * xc[1]                       # E[X0 | X1 = x1] = rho * x1
    return 0.0


phi_cond = exact_shapley(v_conditional, 2)
print(f"model uses only x0; corr(x0, x1) = {rho}: interventional phi = {phi_int_c.round(3)}, "
      f"conditional phi = {phi_cond.round(3)}")
assert abs(phi_int_c[1]) < 0.01                          # true to the model: x1 gets nothing
assert np.allclose(phi_cond, [1 - rho / 2, rho / 2])     # true to the data: x1 gets 0.475
print("ok")
