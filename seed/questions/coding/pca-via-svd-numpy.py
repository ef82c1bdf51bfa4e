import numpy as np


class PCA:
    def __init__(self, k):
        self.k = k

    def fit(self, X):
        n = X.shape[0]
        self.mean_ = X.mean(0)
        U, s, Vt = np.linalg.svd(X - self.mean_, full_matrices=False)
        # Deterministic signs: the largest-|.| entry of each direction v_i is positive
        # (scikit-learn >= 1.5; older versions looked at u_i instead).
        signs = np.sign(Vt[np.arange(Vt.shape[0]), np.abs(Vt).argmax(1)])
        U, Vt = U * signs, Vt * signs[:, None]
        self.singular_values_ = s
        self.explained_variance_ = s ** 2 / (n - 1)
        self.explained_variance_ratio_ = self.explained_variance_ / self.explained_variance_.sum()
        self.components_ = Vt[: self.k]          # (k, d), rows are directions
        self._train_scores = U[:, : self.k] * s[: self.k]
        return self

    def transform(self, X):
        return (X - self.mean_) @ self.components_.T

    def inverse_transform(self, T):
        return T @ self.components_ + self.mean_


rng = np.random.default_rng(0)
A = rng.normal(size=(5, 5))
Q, _ = np.linalg.qr(A)
cov = Q @ np.diag([10.0, 4.0, 0.5, 0.2, 0.1]) @ Q.T
X = rng.multivariate_normal(mean=[3, -1, 0, 2, 5], cov=cov, size=500)

pca = PCA(k=2).fit(X)

# Eigenvalues and eigenvectors of the sample covariance agree with the SVD route.
S = np.cov(X, rowvar=False)                        # uses n - 1
evals, evecs = np.linalg.eigh(S)
evals, evecs = evals[::-1], evecs[:, ::-1]
assert np.allclose(pca.explained_variance_, evals)
for i in range(2):
    assert np.isclose(abs(pca.components_[i] @ evecs[:, i]), 1.0)
# Sign convention holds: each component's largest-magnitude loading is positive.
assert np.all(pca.components_[np.arange(2), np.abs(pca.components_).argmax(1)] > 0)

# Scores: X_c V == U Sigma, uncorrelated, with variances equal to the eigenvalues.
T = pca.transform(X)
assert np.allclose(T, pca._train_scores)
assert np.allclose(np.cov(T, rowvar=False), np.diag(evals[:2]), atol=1e-8)

# Reconstruction error equals the discarded squared singular values (Eckart-Young).
err = np.sum((X - pca.inverse_transform(T)) ** 2)
assert np.isclose(err, np.sum(pca.singular_values_[2:] ** 2))
assert pca.explained_variance_ratio_[:2].sum() > 0.85

# New data is centred with the training mean, not its own.
x_new = X[:3] + 100.0
assert np.allclose(pca.transform(x_new), T[:3] + 100.0 * pca.components_.sum(1))
print("explained variance ratio", np.round(pca.explained_variance_ratio_, 3))
