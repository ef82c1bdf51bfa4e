"""ROC-AUC = P(score of a random positive > score of a random negative); PR-AUC moves with prevalence."""
import numpy as np

rng = np.random.default_rng(10)


def roc_auc_trapezoid(y, s):
    order = np.argsort(-s, kind="mergesort")
    y = y[order]
    tpr = np.concatenate([[0], np.cumsum(y) / y.sum()])
    fpr = np.concatenate([[0], np.cumsum(1 - y) / (1 - y).sum()])
    trapezoid = getattr(np, "trapezoid", None) or np.trapz   # renamed in NumPy 2.0
    return trapezoid(tpr, fpr)


def auc_pairs(y, s):                       # Mann-Whitney: fraction of (pos, neg) pairs ranked correctly
    pos, neg = s[y == 1], s[y == 0]
    diff = pos[:, None] - neg[None, :]
    return (diff > 0).mean() + 0.5 * (diff == 0).mean()


def auc_ranks(y, s):                       # the same via the rank-sum statistic U
    ranks = np.empty(len(s))
    ranks[np.argsort(s)] = np.arange(1, len(s) + 1)
    n1, n0 = y.sum(), len(y) - y.sum()
    return (ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def average_precision(y, s):               # area under the PR curve, step-wise (no interpolation)
    y = y[np.argsort(-s)]
    tp = np.cumsum(y)
    precision = tp / np.arange(1, len(y) + 1)
    return (precision * y).sum() / y.sum()


n_pos = 1000
s_pos = rng.normal(1.5, 1, n_pos)          # positives score higher on average
y0 = np.r_[np.ones(n_pos), np.zeros(10000)]
s0 = np.r_[s_pos, rng.normal(0, 1, 10000)]
a1, a2, a3 = roc_auc_trapezoid(y0, s0), auc_pairs(y0, s0), auc_ranks(y0, s0)
print(f"AUC trapezoid {a1:.5f}, pairwise {a2:.5f}, rank-sum {a3:.5f}")
assert np.isclose(a1, a2) and np.isclose(a2, a3)
# binormal theory: AUC = Phi(1.5 / sqrt(2)) ~ 0.856
assert abs(a1 - 0.856) < 0.02

# Same classifier, more negatives from the same distribution: ROC-AUC stays, PR-AUC falls
for n_neg in (10_000, 100_000, 1_000_000):
    y = np.r_[np.ones(n_pos), np.zeros(n_neg)]
    s = np.r_[s_pos, rng.normal(0, 1, n_neg)]
    print(f"prevalence {n_pos / (n_pos + n_neg):.4f}: ROC-AUC {auc_ranks(y, s):.3f}, "
          f"PR-AUC (AP) {average_precision(y, s):.3f}")
    assert abs(auc_ranks(y, s) - 0.856) < 0.02
    if n_neg == 10_000:
        ap_hi = average_precision(y, s)
ap_lo = average_precision(y, s)
assert ap_hi > 3 * ap_lo

# A random scorer: ROC-AUC 0.5, AP about the prevalence
s_rand = rng.uniform(size=len(y))
assert abs(auc_ranks(y, s_rand) - 0.5) < 0.03 and average_precision(y, s_rand) < 0.01
print("ok")
