"""PCA via SVD of the centred data equals the eigen-decomposition of the covariance matrix."""
import numpy as np

rng = np.random.default_rng(9)
n, d = 500, 6
latent = rng.normal(size=(n, 2)) * [3.0, 1.5]           # two strong directions
X = latent @ rng.normal(size=(2, d)) + 0.3 * rng.normal(size=(n, d)) + 5.0
Xc = X - X.mean(0)                                        # centring is not optional

# Route 1: eigen-decomposition of the sample covariance
C = Xc.T @ Xc / (n - 1)
evals, evecs = np.linalg.eigh(C)
evals, evecs = evals[::-1], evecs[:, ::-1]               # descending

# Route 2: SVD of the centred data, Xc = U S V'
U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
assert np.allclose(S ** 2 / (n - 1), evals)              # eigenvalues = squared singular values / (n-1)
for k in range(d):                                         # same axes up to sign
    assert np.isclose(abs(Vt[k] @ evecs[:, k]), 1.0, atol=1e-8)
assert np.allclose(Xc @ Vt.T, U * S)                      # scores = U S

ratio = evals / evals.sum()
print("explained variance ratio:", ratio.round(4))
assert ratio[:2].sum() > 0.95

# Rank-k reconstruction error = sum of discarded eigenvalues (Eckart-Young)
k = 2
Xk = (U[:, :k] * S[:k]) @ Vt[:k]
err = ((Xc - Xk) ** 2).sum() / (n - 1)
assert np.isclose(err, evals[k:].sum())

# Forgetting to centre: the first "component" points at the mean instead
_, _, Vt_raw = np.linalg.svd(X, full_matrices=False)
mean_dir = X.mean(0) / np.linalg.norm(X.mean(0))
print("|cos(first raw axis, mean)| =", round(abs(Vt_raw[0] @ mean_dir), 4))
assert abs(Vt_raw[0] @ mean_dir) > 0.99
print("ok")
