import numpy as np


def sq_dists(X, C):
    """Squared Euclidean distances, shape (n, k), via the expansion trick."""
    d = (X * X).sum(1)[:, None] - 2.0 * X @ C.T + (C * C).sum(1)[None, :]
    return np.maximum(d, 0.0)  # cancellation can give tiny negatives


def kmeans_pp_init(X, k, rng):
    n = X.shape[0]
    centers = [X[rng.integers(n)]]
    d2 = sq_dists(X, np.array(centers))[:, 0]
    for _ in range(1, k):
        probs = d2 / d2.sum()
        centers.append(X[rng.choice(n, p=probs)])
        d2 = np.minimum(d2, sq_dists(X, centers[-1][None, :])[:, 0])
    return np.array(centers)


def kmeans(X, k, init=None, max_iter=300, tol=1e-6, seed=0):
    rng = np.random.default_rng(seed)
    C = kmeans_pp_init(X, k, rng) if init is None else np.array(init, dtype=float)
    history = []
    for _ in range(max_iter):
        D = sq_dists(X, C)
        labels = D.argmin(1)
        inertia = D[np.arange(len(X)), labels].sum()
        history.append(inertia)
        newC = C.copy()
        for j in range(k):
            members = X[labels == j]
            if len(members):
                newC[j] = members.mean(0)
        # Repair empty clusters: move each to the point farthest from its centroid.
        for j in range(k):
            if not np.any(labels == j):
                far = D[np.arange(len(X)), labels].argmax()
                newC[j] = X[far]
                labels[far] = j
                D[far, :] = 0.0  # do not pick the same point twice
        C = newC
        if len(history) > 1 and history[-2] - history[-1] <= tol * history[-2]:
            break
    D = sq_dists(X, C)
    labels = D.argmin(1)
    return C, labels, D[np.arange(len(X)), labels].sum(), history


rng = np.random.default_rng(42)
true_centers = np.array([[0.0, 0.0], [6.0, 6.0], [-6.0, 5.0]])
X = np.vstack([c + rng.normal(scale=0.7, size=(300, 2)) for c in true_centers])

C, labels, inertia, hist = kmeans(X, 3, seed=1)

# 1. Inertia is monotonically non-increasing (up to float noise).
assert all(b <= a + 1e-9 for a, b in zip(hist, hist[1:]))
# 2. Fixed point: each point is nearest its own centroid, centroid = mean of members.
assert np.array_equal(sq_dists(X, C).argmin(1), labels)
for j in range(3):
    assert np.allclose(C[j], X[labels == j].mean(0), atol=1e-6)
# 3. Recovered centres match the truth (order is arbitrary).
order = sq_dists(true_centers, C).argmin(1)
assert np.all(np.linalg.norm(C[order] - true_centers, axis=1) < 0.1)
# 4. A degenerate init (two identical centres) still yields 3 non-empty clusters.
C2, labels2, inertia2, _ = kmeans(X, 3, init=[[0, 0], [0, 0], [6, 6]])
assert len(np.unique(labels2)) == 3
assert abs(inertia2 - inertia) / inertia < 1e-6
print("inertia", round(inertia, 2), "iterations", len(hist))
