import numpy as np


def impurity(counts, criterion):
    """Row-wise impurity of class-count vectors, shape (..., C)."""
    n = counts.sum(-1, keepdims=True)
    p = counts / np.maximum(n, 1)
    if criterion == "gini":
        return 1.0 - (p ** 2).sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.where(p > 0, p * np.log2(p), 0.0).sum(-1)


def best_split(x, y, n_classes, criterion="gini"):
    """Return (threshold, weighted child impurity) of the best split x <= t, or (None, None)."""
    order = np.argsort(x, kind="stable")
    v, yy = x[order], y[order]
    onehot = np.eye(n_classes, dtype=np.int64)[yy]
    left = np.cumsum(onehot, axis=0)[:-1]            # left counts after positions 0..n-2
    right = left[-1] + onehot[-1] - left             # totals minus left
    valid = v[:-1] < v[1:]                           # only between distinct values
    if not valid.any():
        return None, None
    nL, n = left.sum(1), len(x)
    score = (nL * impurity(left, criterion) + (n - nL) * impurity(right, criterion)) / n
    score = np.where(valid, score, np.inf)
    i = int(np.argmin(score))
    return (v[i] + v[i + 1]) / 2.0, float(score[i])


def best_split_brute(x, y, n_classes, criterion="gini"):
    best_t, best_s = None, np.inf
    vals = np.unique(x)
    for a, b in zip(vals[:-1], vals[1:]):
        t = (a + b) / 2.0
        L, R = y[x <= t], y[x > t]
        s = (len(L) * impurity(np.bincount(L, minlength=n_classes), criterion)
             + len(R) * impurity(np.bincount(R, minlength=n_classes), criterion)) / len(y)
        if s < best_s - 1e-12:
            best_t, best_s = t, s
    return best_t, (None if best_t is None else float(best_s))


# Worked example from the answer.
x = np.array([1.0, 2.0, 2.0, 3.0, 4.0]); y = np.array([0, 0, 1, 1, 1])
t, s = best_split(x, y, 2)
assert t == 2.5 and np.isclose(s, 3 / 5 * 4 / 9)
assert np.isclose(impurity(np.array([2, 3]), "gini") - s, 0.48 - 4 / 15)

# Random data with many ties, three classes, both criteria: fast == brute force.
rng = np.random.default_rng(1)
for trial in range(200):
    n = rng.integers(2, 40)
    xr = rng.integers(0, 8, n).astype(float)
    yr = rng.integers(0, 3, n)
    for crit in ("gini", "entropy"):
        tf, sf = best_split(xr, yr, 3, crit)
        tb, sb = best_split_brute(xr, yr, 3, crit)
        if tb is None:
            assert tf is None
        else:
            assert np.isclose(sf, sb), (trial, crit, sf, sb)

# Constant feature: no valid split.
assert best_split(np.ones(5), np.array([0, 1, 0, 1, 1]), 2) == (None, None)
print("ok")
