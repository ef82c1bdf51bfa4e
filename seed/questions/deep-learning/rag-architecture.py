"""Hybrid retrieval for RAG: BM25 from scratch, a toy dense retriever, and reciprocal rank fusion."""
import math
import re
from collections import Counter

import numpy as np

docs = {
    "d1": "To reset your password open Settings then Security and choose Reset password",
    "d2": "Error code E-4012 means the payment card was declined by the issuing bank",
    "d3": "If you forgot your login credentials you can recover access from the sign in page",
    "d4": "Our refund policy allows returns within 30 days of purchase",
    "d5": "Two factor authentication adds a one time code to every sign in",
    "d6": "Payments may fail when the bank rejects the card or the address does not match",
}
ids = list(docs)
tok = lambda s: re.findall(r"[a-z0-9\-]+", s.lower())
corpus = [tok(docs[i]) for i in ids]
N = len(corpus)
avgdl = sum(map(len, corpus)) / N
df = Counter(t for d in corpus for t in set(d))


def bm25(query, k1=1.5, b=0.75):
    scores = np.zeros(N)
    for t in tok(query):
        if t not in df:
            continue
        idf = math.log((N - df[t] + 0.5) / (df[t] + 0.5) + 1)   # Lucene's non-negative idf
        for j, d in enumerate(corpus):
            f = d.count(t)
            scores[j] += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * len(d) / avgdl))
    return scores


# Toy "dense" embeddings: concept space [account-access, payments, refunds, security-codes].
# A real system gets these from a bi-encoder; here they are written by hand to show the idea.
doc_emb = {"d1": [0.9, 0, 0, 0.2], "d2": [0, 0.9, 0, 0.1], "d3": [0.95, 0, 0, 0],
           "d4": [0, 0.3, 0.9, 0], "d5": [0.4, 0, 0, 0.9], "d6": [0, 0.95, 0.1, 0]}
E = np.array([doc_emb[i] for i in ids], dtype=float)
E /= np.linalg.norm(E, axis=1, keepdims=True)


def dense(query_vec):
    q = np.asarray(query_vec, float)
    return E @ (q / np.linalg.norm(q))


def ranking(scores):
    return [ids[j] for j in np.argsort(-scores, kind="stable")]


def rrf(rankings, k=60):
    fused = Counter()
    for r in rankings:
        for rank, doc in enumerate(r, start=1):
            fused[doc] += 1 / (k + rank)
    return [d for d, _ in sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))]


# Query 1: paraphrase with no shared keywords -> lexical search is weak, dense finds it
q1, q1_vec = "unable to get into my profile", [1, 0, 0, 0]
bm, dn = ranking(bm25(q1)), ranking(dense(q1_vec))
print("paraphrase  BM25:", bm[:3], " dense:", dn[:3], " RRF:", rrf([bm, dn])[:3])
assert dn[0] == "d3" and bm25(q1)[ids.index("d3")] == 0.0
# the fused list still surfaces d3 near the top, where a cross-encoder reranker can promote it
assert "d3" in rrf([bm, dn])[:2]

# Query 2: an exact identifier -> dense is vague about it, BM25 nails it
q2, q2_vec = "what does E-4012 mean", [0, 1, 0, 0]
bm, dn = ranking(bm25(q2)), ranking(dense(q2_vec))
print("identifier  BM25:", bm[:3], " dense:", dn[:3], " RRF:", rrf([bm, dn])[:3])
assert bm[0] == "d2" and dn[0] == "d6"
assert rrf([bm, dn])[0] == "d2"           # fusion keeps the exact match on top

# RRF uses ranks only, so it needs no score calibration between retrievers
assert rrf([["a", "b"], ["b", "a"]]) == ["a", "b"]   # ties broken by id
assert math.isclose(1 / 61 + 1 / 62, sum(1 / (60 + r) for r in (1, 2)))
