import numpy as np


def average_ranks(s):
    """1-based ranks with ties given their average rank (like scipy.stats.rankdata)."""
    order = np.argsort(s, kind="mergesort")
    sorted_s = s[order]
    # boundaries of runs of equal values
    starts = np.r_[0, np.flatnonzero(sorted_s[1:] != sorted_s[:-1]) + 1]
    ends = np.r_[starts[1:], len(s)]
    avg = (starts + 1 + ends) / 2.0                 # mean of ranks starts+1 .. ends
    ranks = np.empty(len(s))
    ranks[order] = np.repeat(avg, ends - starts)
    return ranks


def auc_rank(y, s):
    y = np.asarray(y).astype(bool)
    P, N = y.sum(), (~y).sum()
    if P == 0 or N == 0:
        raise ValueError("AUC needs both classes")
    R = average_ranks(np.asarray(s, float))[y].sum()
    return (R - P * (P + 1) / 2) / (P * N)


def auc_trapezoid(y, s):
    y = np.asarray(y).astype(bool); s = np.asarray(s, float)
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    last_of_group = np.r_[s_sorted[1:] != s_sorted[:-1], True]   # one point per distinct score
    tp = np.cumsum(y_sorted)[last_of_group]
    fp = np.cumsum(~y_sorted)[last_of_group]
    tpr = np.r_[0, tp / y.sum()]
    fpr = np.r_[0, fp / (~y).sum()]
    return np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2)


def auc_pairs(y, s):
    y = np.asarray(y).astype(bool); s = np.asarray(s, float)
    pos, neg = s[y][:, None], s[~y][None, :]
    return ((pos > neg) + 0.5 * (pos == neg)).mean()


# Worked example.
y0, s0 = [1, 0, 1, 0, 1], [0.9, 0.8, 0.8, 0.4, 0.3]
assert np.allclose(average_ranks(np.array(s0)), [5, 3.5, 3.5, 2, 1])
for f in (auc_rank, auc_trapezoid, auc_pairs):
    assert np.isclose(f(y0, s0), 3.5 / 6)

# Random cases with heavy ties: all three agree.
rng = np.random.default_rng(0)
for _ in range(500):
    n = rng.integers(2, 60)
    y = rng.integers(0, 2, n)
    if y.min() == y.max():
        continue
    s = rng.integers(0, 5, n) / 4.0 + 0.3 * y * rng.random(n).round(1)
    a = auc_pairs(y, s)
    assert np.isclose(auc_rank(y, s), a) and np.isclose(auc_trapezoid(y, s), a)

# Invariance to monotone transforms; flipping scores gives 1 - AUC; constant scores give 0.5.
y = rng.integers(0, 2, 300); s = rng.normal(size=300) + y
assert np.isclose(auc_rank(y, s), auc_rank(y, np.exp(3 * s)))
assert np.isclose(auc_rank(y, -s), 1 - auc_rank(y, s))
assert np.isclose(auc_rank(y, np.zeros(300)), 0.5)
try:
    auc_rank(np.ones(4), np.arange(4)); raise AssertionError
except ValueError:
    pass
print("AUC", round(auc_rank(y, s), 4))
