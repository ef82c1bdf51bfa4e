"""Offline ranking metrics from scratch, checked on a hand-computed example."""
import numpy as np

def precision_at_k(ranked, relevant, k):
    return len(set(ranked[:k]) & relevant) / k

def recall_at_k(ranked, relevant, k):
    return len(set(ranked[:k]) & relevant) / len(relevant)

def average_precision(ranked, relevant, k=None):
    """AP@k: mean of precision@i over the ranks i holding a relevant item, divided by min(|rel|, k)."""
    k = k or len(ranked)
    hits, s = 0, 0.0
    for i, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            s += hits / i
    return s / min(len(relevant), k)

def reciprocal_rank(ranked, relevant):
    for i, item in enumerate(ranked, start=1):
        if item in relevant:
            return 1.0 / i
    return 0.0

def ndcg_at_k(ranked, gains, k):
    """gains: dict item -> graded relevance. Exponential gain 2^rel - 1, log2 discount."""
    g = np.array([gains.get(item, 0) for item in ranked[:k]], dtype=float)
    disc = 1 / np.log2(np.arange(2, len(g) + 2))
    dcg = np.sum((2 ** g - 1) * disc)
    ideal = np.sort(np.array(list(gains.values()), dtype=float))[::-1][:k]
    idcg = np.sum((2 ** ideal - 1) * (1 / np.log2(np.arange(2, len(ideal) + 2))))
    return dcg / idcg if idcg > 0 else 0.0

# One user: the model ranked 6 items; the user later engaged with b, d and f (graded 3, 1, 2).
ranked = ["a", "b", "c", "d", "e", "f"]
gains = {"b": 3, "d": 1, "f": 2}
relevant = set(gains)

p3, r3 = precision_at_k(ranked, relevant, 3), recall_at_k(ranked, relevant, 3)
ap = average_precision(ranked, relevant)
rr = reciprocal_rank(ranked, relevant)
nd = ndcg_at_k(ranked, gains, 6)
print(f"P@3={p3:.3f} R@3={r3:.3f} AP={ap:.4f} RR={rr:.3f} NDCG@6={nd:.4f}")

assert np.isclose(p3, 1 / 3) and np.isclose(r3, 1 / 3)
assert np.isclose(ap, (1 / 2 + 2 / 4 + 3 / 6) / 3)            # hits at ranks 2, 4, 6 -> AP = 0.5
assert np.isclose(rr, 0.5)
dcg = 7 / np.log2(3) + 1 / np.log2(5) + 3 / np.log2(7)        # b at rank 2, d at 4, f at 6
idcg = 7 / np.log2(2) + 3 / np.log2(3) + 1 / np.log2(4)       # ideal order: b, f, d
assert np.isclose(nd, dcg / idcg)
assert np.isclose(ndcg_at_k(["b", "f", "d", "a"], gains, 4), 1.0)   # perfect order scores 1

# Metric sensitivity: swapping the top two items changes NDCG much more than swapping ranks 5 and 6.
top_swap = ndcg_at_k(["b", "a", "c", "d", "e", "f"], gains, 6) - nd
tail_swap = ndcg_at_k(["a", "b", "c", "d", "f", "e"], gains, 6) - nd
assert top_swap > 5 * tail_swap > 0

# Averaged over users: MAP / MRR / mean NDCG. Random ranking of 100 items with 5 relevant:
rng = np.random.default_rng(0)
items = [f"i{j}" for j in range(100)]
rel_sets = [set(rng.choice(items, 5, replace=False)) for _ in range(2000)]
rand_rec10 = np.mean([recall_at_k(list(rng.permutation(items)), s, 10) for s in rel_sets])
assert abs(rand_rec10 - 10 / 100) < 0.01                       # random recall@k = k / N

# The metric decides the winner. Ranker A puts one relevant item first and buries the other two;
# ranker B puts all three at ranks 2-4. Navigational search (one right answer) wants A; a feed or
# a retrieval stage (how many good items reach the user or the ranker) wants B.
rel3 = {"r1", "r2", "r3"}
fill = [f"x{j}" for j in range(30)]
A = ["r1"] + fill[:13] + ["r2"] + fill[13:17] + ["r3"] + fill[17:]     # r1@1, r2@15, r3@20
B = ["x_top", "r1", "r2", "r3"] + fill                                  # r1@2, r2@3, r3@4
bin_gain = {i: 1 for i in rel3}
mA, mB = reciprocal_rank(A, rel3), reciprocal_rank(B, rel3)
rA, rB = recall_at_k(A, rel3, 10), recall_at_k(B, rel3, 10)
nA, nB = ndcg_at_k(A, bin_gain, 10), ndcg_at_k(B, bin_gain, 10)
print(f"A: MRR={mA:.2f} R@10={rA:.2f} NDCG@10={nA:.3f} | B: MRR={mB:.2f} R@10={rB:.2f} NDCG@10={nB:.3f}")
assert mA == 1.0 and mB == 0.5                      # MRR prefers A ...
assert np.isclose(rA, 1 / 3) and rB == 1.0          # ... recall@10 prefers B ...
assert np.isclose(nA, 1 / (1 + 1 / np.log2(3) + 1 / 2)) and nB > nA   # ... and so does NDCG@10 (0.73 vs 0.47)
