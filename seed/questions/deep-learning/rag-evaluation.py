"""Retrieval metrics for RAG (recall@k, MRR, nDCG@k) on a tiny labelled set, plus
judge-vs-human agreement (Cohen's kappa) for a faithfulness grader."""
import math

import numpy as np

# For each question: the retriever's ranked chunk ids and the set of relevant chunk ids
runs = [
    (["c7", "c2", "c9", "c4", "c1"], {"c2"}),        # relevant at rank 2
    (["c3", "c8", "c5", "c6", "c0"], {"c5", "c11"}),  # one of two relevant found, at rank 3
    (["c4", "c1", "c2", "c9", "c8"], {"c10"}),       # miss
    (["c6", "c3", "c7", "c0", "c2"], {"c6"}),        # hit at rank 1
]


def recall_at_k(ranked, rel, k):
    return len(set(ranked[:k]) & rel) / len(rel)


def reciprocal_rank(ranked, rel):
    for i, c in enumerate(ranked, start=1):
        if c in rel:
            return 1 / i
    return 0.0


def ndcg_at_k(ranked, rel, k):
    dcg = sum(1 / math.log2(i + 1) for i, c in enumerate(ranked[:k], start=1) if c in rel)
    idcg = sum(1 / math.log2(i + 1) for i in range(1, min(len(rel), k) + 1))
    return dcg / idcg


r1 = np.mean([recall_at_k(r, s, 1) for r, s in runs])
r5 = np.mean([recall_at_k(r, s, 5) for r, s in runs])
mrr = np.mean([reciprocal_rank(r, s) for r, s in runs])
ndcg5 = np.mean([ndcg_at_k(r, s, 5) for r, s in runs])
print(f"recall@1={r1:.3f} recall@5={r5:.3f} MRR={mrr:.3f} nDCG@5={ndcg5:.3f}")

assert np.isclose(r1, 0.25)                         # only question 4 has a hit at rank 1
assert np.isclose(r5, (1 + 0.5 + 0 + 1) / 4)        # 0.625
assert np.isclose(mrr, (1 / 2 + 1 / 3 + 0 + 1) / 4)
# nDCG of question 2: one hit at rank 3, ideal has two hits at ranks 1-2
assert np.isclose(ndcg_at_k(*runs[1], 5), (1 / 2) / (1 + 1 / math.log2(3)))

# Faithfulness judge vs human labels on 20 answers (1 = grounded, 0 = unsupported claim)
human = np.array([1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1])
judge = np.array([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1])
p_obs = np.mean(human == judge)
p_exp = human.mean() * judge.mean() + (1 - human.mean()) * (1 - judge.mean())
kappa = (p_obs - p_exp) / (1 - p_exp)
print(f"raw agreement {p_obs:.2f}, Cohen's kappa {kappa:.2f}")
assert np.isclose(p_obs, 0.9)
# 90% raw agreement looks great, but kappa is lower: with 80% grounded answers,
# a judge that always says "grounded" would already agree 80% of the time.
assert kappa < 0.7 and np.isclose(np.mean(human == 1), 0.8)
# and the judge's recall on the failures we care about (unsupported answers) is only 50%
assert np.isclose(np.mean(judge[human == 0] == 0), 0.5)
