import numpy as np
import pandas as pd


class GaussianNB:
    def fit(self, X, y, var_smoothing=1e-9):
        self.classes_ = np.unique(y)
        eps = var_smoothing * X.var(0).max()
        self.prior_ = np.array([np.mean(y == c) for c in self.classes_])
        self.mu_ = np.array([X[y == c].mean(0) for c in self.classes_])
        self.var_ = np.array([X[y == c].var(0) for c in self.classes_]) + eps
        return self

    def joint_log_likelihood(self, X):
        # shape (n, C): log prior + sum_j log N(x_j; mu_cj, var_cj)
        diff2 = (X[:, None, :] - self.mu_[None, :, :]) ** 2
        ll = -0.5 * (np.log(2 * np.pi * self.var_)[None] + diff2 / self.var_[None]).sum(-1)
        return ll + np.log(self.prior_)[None]

    def predict_log_proba(self, X):
        jll = self.joint_log_likelihood(X)
        m = jll.max(1, keepdims=True)
        return jll - (m + np.log(np.exp(jll - m).sum(1, keepdims=True)))

    def predict(self, X):
        return self.classes_[self.joint_log_likelihood(X).argmax(1)]


# Worked example: one feature, two classes.
X1 = np.array([[1.0], [2.0], [3.0], [6.0], [7.0], [8.0]])
y1 = np.array([0, 0, 0, 1, 1, 1])
nb = GaussianNB().fit(X1, y1, var_smoothing=0.0)
assert np.allclose(nb.var_.ravel(), [2 / 3, 2 / 3])
p = np.exp(nb.predict_log_proba(np.array([[4.5], [4.0]])))
assert np.isclose(p[0, 0], 0.5)
assert np.isclose(p[1, 0], 1 / (1 + np.exp(-3.75)))            # 0.977

# Random 3-class problem: parameters match pandas, predictions match direct density products.
rng = np.random.default_rng(0)
y = rng.integers(0, 3, 600)
X = rng.normal(loc=y[:, None] * np.array([1.0, -0.5, 2.0]), scale=[1.0, 0.7, 1.5], size=(600, 3))
nb = GaussianNB().fit(X, y, var_smoothing=0.0)
df = pd.DataFrame(X).assign(y=y)
assert np.allclose(nb.mu_, df.groupby("y").mean().to_numpy())
assert np.allclose(nb.var_, df.groupby("y").var(ddof=0).to_numpy())

Xq = rng.normal(size=(50, 3)) * 2
dens = np.exp(-(Xq[:, None, :] - nb.mu_) ** 2 / (2 * nb.var_)) / np.sqrt(2 * np.pi * nb.var_)
direct = dens.prod(-1) * nb.prior_
direct /= direct.sum(1, keepdims=True)
assert np.allclose(np.exp(nb.predict_log_proba(Xq)), direct)
assert np.array_equal(nb.predict(Xq), direct.argmax(1))

# Far-away query: direct products underflow to 0/0, log-space still works.
far = np.array([[200.0, -200.0, 300.0]])
lp = nb.predict_log_proba(far)
assert np.all(np.isfinite(lp)) and np.isclose(np.exp(lp).sum(), 1.0)
acc = (nb.predict(X) == y).mean()
assert acc > 0.7
print("train accuracy", round(acc, 3))
