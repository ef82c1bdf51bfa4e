"""Double descent with random ReLU features and minimum-norm least squares."""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # tiny matrices: threads only add overhead
import numpy as np  # noqa: E402

rng = np.random.default_rng(17)
n_train, n_test, d, noise = 100, 1000, 5, 0.3
widths = [10, 25, 50, 80, 95, 100, 105, 120, 200, 400, 1000]
target = lambda X: np.sin(X @ np.ones(d)) + 0.5 * X[:, 0] ** 2


def test_mse(p, trial_rng, ridge=0.0):
    X = trial_rng.normal(size=(n_train, d))
    Xt = trial_rng.normal(size=(n_test, d))
    y = target(X) + noise * trial_rng.normal(size=n_train)
    W = trial_rng.normal(size=(d, p)) / np.sqrt(d)
    feats = lambda A: np.maximum(A @ W, 0) / np.sqrt(p)
    F, Ft = feats(X), feats(Xt)
    # pinv gives least squares when p < n and the minimum-norm interpolator when p > n
    if ridge == 0.0:
        beta = np.linalg.pinv(F) @ y
    else:
        beta = np.linalg.solve(F.T @ F + ridge * np.eye(p), F.T @ y)
    return np.mean((Ft @ beta - target(Xt)) ** 2), np.mean((F @ beta - y) ** 2)


errs, train_errs = {}, {}
for p in widths:
    runs = [test_mse(p, np.random.default_rng(1000 * s + p)) for s in range(10)]
    errs[p] = np.median([r[0] for r in runs])
    train_errs[p] = np.median([r[1] for r in runs])
    print(f"p={p:5d}  train MSE {train_errs[p]:.4f}  test MSE {errs[p]:8.3f}")

best_under = min(errs[p] for p in widths if p <= 50)
assert errs[100] > 10 * best_under                 # the peak at the interpolation threshold p = n
assert train_errs[100] < 1e-6 and train_errs[1000] < 1e-6   # both interpolate the training data
assert errs[1000] < errs[100] / 10                 # the second descent
assert errs[1000] < errs[200] < errs[100]          # error keeps falling past the threshold

# a little explicit ridge regularization removes the peak
ridge_peak = np.median([test_mse(100, np.random.default_rng(1000 * s + 100), ridge=1e-2)[0] for s in range(10)])
print(f"p=100 with ridge 1e-2: test MSE {ridge_peak:.3f}")
assert ridge_peak < 1.5 * best_under
print("ok")
