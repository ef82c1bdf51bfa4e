import itertools
import math
import numpy as np


def precision_at_k(ranked, relevant, k):
    return sum(1 for r in ranked[:k] if r in relevant) / k


def recall_at_k(ranked, relevant, k):
    if not relevant:
        raise ValueError("recall undefined with no relevant items")
    return sum(1 for r in ranked[:k] if r in relevant) / len(relevant)


def average_precision_at_k(ranked, relevant, k):
    if not relevant:
        raise ValueError("AP undefined with no relevant items")
    hits, total = 0, 0.0
    for i, r in enumerate(ranked[:k], start=1):
        if r in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k)


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(i + 1) for i, g in enumerate(grades, start=1))


def ndcg_at_k(ranked, grade_of, k):
    """grade_of: dict item -> grade for every judged item (unjudged = 0)."""
    ideal = dcg(sorted(grade_of.values(), reverse=True)[:k])
    if ideal == 0:
        raise ValueError("NDCG undefined with no relevant items")
    return dcg([grade_of.get(r, 0) for r in ranked[:k]]) / ideal


def mean_over_users(metric, runs, k):
    vals = [metric(ranked, rel, k) for ranked, rel in runs if rel]
    return sum(vals) / len(vals)


# Worked example (binary).
ranked, rel = list("abcdef"), {"a", "c", "f"}
assert math.isclose(precision_at_k(ranked, rel, 3), 2 / 3)
assert math.isclose(recall_at_k(ranked, rel, 3), 2 / 3)
assert math.isclose(average_precision_at_k(ranked, rel, 6), (1 + 2 / 3 + 3 / 6) / 3)   # 0.7222
# Worked example (graded).
grades = {"x": 2, "y": 0, "z": 1}
assert math.isclose(ndcg_at_k(["x", "y", "z"], grades, 3), 3.5 / (3 + 1 / math.log2(3)))
# Missing the best item cannot score 1: IDCG uses all judged items.
assert ndcg_at_k(["z", "y"], grades, 2) < 0.5

# IDCG is the best DCG over all orderings (brute force on small cases).
rng = np.random.default_rng(0)
for _ in range(50):
    g = list(rng.integers(0, 4, 6))
    items = [f"i{j}" for j in range(6)]
    gm = dict(zip(items, g))
    if max(g) == 0:
        continue
    best = max(dcg([gm[i] for i in perm[:4]]) for perm in itertools.permutations(items))
    assert math.isclose(dcg(sorted(g, reverse=True)[:4]), best)
    shuffled = list(rng.permutation(items))
    assert 0 <= ndcg_at_k(shuffled, gm, 4) <= 1 + 1e-12

# Vectorized over users: a (U, k) matrix of grades of the shown items plus each user's
# ideal grades; precision@k, AP@k and NDCG@k become a handful of array operations.
def batch_metrics(G, ideal, n_rel, k):
    """G: (U, k) grades of the ranked items; ideal: (U, k) grades sorted descending;
    n_rel: (U,) number of relevant (grade > 0) items per user."""
    hit = (G[:, :k] > 0).astype(float)
    ranks = np.arange(1, k + 1)
    p_at_k = hit.sum(1) / k
    ap = (np.cumsum(hit, 1) / ranks * hit).sum(1) / np.minimum(n_rel, k)
    disc = 1.0 / np.log2(ranks + 1)
    ndcg = ((2.0 ** G[:, :k] - 1) @ disc) / ((2.0 ** ideal[:, :k] - 1) @ disc)
    return p_at_k, ap, ndcg


U, n_items, k = 200, 30, 10
rows_G, rows_ideal, n_rel, loop = [], [], [], []
for u in range(U):
    gm = {f"i{j}": int(g) for j, g in enumerate(rng.integers(0, 3, n_items) * (rng.random(n_items) < 0.3))}
    if max(gm.values()) == 0:
        gm["i0"] = 1
    ranked_u = list(rng.permutation(list(gm)))
    relevant_u = {i for i, g in gm.items() if g > 0}
    rows_G.append([gm[i] for i in ranked_u[:k]])
    rows_ideal.append(sorted(gm.values(), reverse=True)[:k])
    n_rel.append(len(relevant_u))
    loop.append((precision_at_k(ranked_u, relevant_u, k),
                 average_precision_at_k(ranked_u, relevant_u, k),
                 ndcg_at_k(ranked_u, gm, k)))
vec = np.column_stack(batch_metrics(np.array(rows_G, float), np.array(rows_ideal, float),
                                    np.array(n_rel), k))
assert np.allclose(vec, np.array(loop))

# MAP over users skips users with nothing relevant.
runs = [(list("abcdef"), {"a", "c", "f"}), (list("pqr"), {"r"}), (list("uvw"), set())]
assert math.isclose(mean_over_users(average_precision_at_k, runs, 3),
                    ((1 + 2 / 3) / 3 + 1 / 3) / 2)
print("ok")
