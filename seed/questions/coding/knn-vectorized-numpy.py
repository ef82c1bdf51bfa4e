import numpy as np


def pairwise_sq_dists(Q, X):
    d = (Q * Q).sum(1)[:, None] - 2.0 * Q @ X.T + (X * X).sum(1)[None, :]
    return np.maximum(d, 0.0)


def knn_predict(Q, X, y, k, n_classes):
    D = pairwise_sq_dists(Q, X)
    idx = np.argpartition(D, k - 1, axis=1)[:, :k]          # k smallest, unordered
    votes = np.zeros((Q.shape[0], n_classes), dtype=int)
    np.add.at(votes, (np.repeat(np.arange(Q.shape[0]), k), y[idx].ravel()), 1)
    return votes.argmax(1)                                  # ties -> smallest label


def knn_predict_loop(Q, X, y, k, n_classes):
    out = []
    for q in Q:
        d = [float(np.sum((q - x) ** 2)) for x in X]
        nearest = np.argsort(d, kind="stable")[:k]
        out.append(np.bincount(y[nearest], minlength=n_classes).argmax())
    return np.array(out)


rng = np.random.default_rng(0)
centers = np.array([[0, 0], [3, 0], [0, 3]])
y = rng.integers(0, 3, 300)
X = centers[y] + rng.normal(size=(300, 2))
Q = rng.uniform(-2, 5, size=(80, 2))

# Broadcasting and the expansion trick agree.
D_b = ((Q[:, None, :] - X[None, :, :]) ** 2).sum(-1)
assert np.allclose(pairwise_sq_dists(Q, X), D_b)

pred = knn_predict(Q, X, y, k=5, n_classes=3)
assert np.array_equal(pred, knn_predict_loop(Q, X, y, k=5, n_classes=3))

# Accuracy on held-out points from the same distribution is far above chance (1/3).
y_test = rng.integers(0, 3, 200)
X_test = centers[y_test] + rng.normal(size=(200, 2))
acc = (knn_predict(X_test, X, y, 7, 3) == y_test).mean()
assert acc > 0.8, acc

# Tie rule: votes 2-2-1 -> smallest label wins.
Xt = np.array([[0.0], [0.1], [0.2], [0.3], [0.4]])
yt = np.array([2, 1, 2, 1, 0])
assert knn_predict(np.array([[0.2]]), Xt, yt, k=5, n_classes=3)[0] == 1
print("accuracy", acc)
