"""Leakage demo: selecting features on all the data before CV finds 'signal' in pure noise."""
import numpy as np

rng = np.random.default_rng(12)
n, p, k = 100, 5000, 20
X = rng.normal(size=(n, p))                 # pure noise features
y = np.r_[np.zeros(n // 2), np.ones(n // 2)]
rng.shuffle(y)                              # labels independent of X: true accuracy is 50%
folds = np.arange(n) % 5
rng.shuffle(folds)


def top_k_by_correlation(X, y, k):
    Xc = (X - X.mean(0)) / X.std(0)
    yc = (y - y.mean()) / y.std()
    return np.argsort(-np.abs(Xc.T @ yc))[:k]


def nearest_centroid_acc(Xtr, ytr, Xte, yte):
    c0, c1 = Xtr[ytr == 0].mean(0), Xtr[ytr == 1].mean(0)
    pred = (np.linalg.norm(Xte - c1, axis=1) < np.linalg.norm(Xte - c0, axis=1)).astype(float)
    return (pred == yte).mean()


# WRONG: select on all rows, then cross-validate the classifier
sel_all = top_k_by_correlation(X, y, k)
leaky = np.mean([nearest_centroid_acc(X[folds != f][:, sel_all], y[folds != f],
                                      X[folds == f][:, sel_all], y[folds == f]) for f in range(5)])

# RIGHT: selection is part of the model, so it is refitted inside each training fold
honest = []
for f in range(5):
    tr, te = folds != f, folds == f
    sel = top_k_by_correlation(X[tr], y[tr], k)
    honest.append(nearest_centroid_acc(X[tr][:, sel], y[tr], X[te][:, sel], y[te]))
honest = np.mean(honest)

print(f"CV accuracy on pure noise: leaky selection {leaky:.2f}, selection inside folds {honest:.2f}")
assert leaky > 0.8            # looks like a great model
assert abs(honest - 0.5) < 0.15   # is a coin flip
print("ok")
