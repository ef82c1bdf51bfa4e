"""IVF (inverted-file) approximate nearest-neighbour search from scratch: recall@10 vs nprobe,
and the fraction of the database scanned, against exact brute force."""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matmuls: threads only add overhead
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402

rng = np.random.default_rng(0)
N, d, n_queries, k = 10_000, 32, 100, 10

# Clustered data, like real embeddings (topics), normalised for cosine similarity
centers = rng.normal(size=(50, d))
X = centers[rng.integers(0, 50, N)] + 1.0 * rng.normal(size=(N, d))
X /= np.linalg.norm(X, axis=1, keepdims=True)
Q = centers[rng.integers(0, 50, n_queries)] + 1.0 * rng.normal(size=(n_queries, d))
Q /= np.linalg.norm(Q, axis=1, keepdims=True)

# Exact ground truth: inner product on unit vectors == cosine
exact = np.argsort(-(Q @ X.T), axis=1)[:, :k]


def kmeans(data, n_lists, iters=10):
    C = data[rng.choice(len(data), n_lists, replace=False)]
    for _ in range(iters):
        assign = np.argmax(data @ C.T, axis=1)          # spherical k-means on unit vectors
        sums = np.zeros_like(C)
        np.add.at(sums, assign, data)
        nonempty = np.linalg.norm(sums, axis=1) > 0
        C[nonempty] = sums[nonempty] / np.linalg.norm(sums[nonempty], axis=1, keepdims=True)
    return C, np.argmax(data @ C.T, axis=1)


n_lists = 100                                            # = sqrt(N); FAISS guides use 4-16 sqrt(N)
C, assign = kmeans(X, n_lists)
lists = [np.flatnonzero(assign == c) for c in range(n_lists)]


def ivf_search(q, nprobe):
    probe = np.argsort(-(C @ q))[:nprobe]                 # nearest coarse centroids
    cand = np.concatenate([lists[c] for c in probe])
    top = cand[np.argsort(-(X[cand] @ q))[:k]]
    return top, len(cand)


def recall_at_k(nprobe):
    hits, scanned = 0, 0
    for i, q in enumerate(Q):
        top, n_cand = ivf_search(q, nprobe)
        hits += len(set(top) & set(exact[i]))
        scanned += n_cand
    return hits / (n_queries * k), scanned / (n_queries * N)


results = {p: recall_at_k(p) for p in (1, 2, 4, 8, 16, 32, n_lists)}
for p, (rec, frac) in results.items():
    print(f"nprobe={p:4d}  recall@10={rec:.3f}  scanned={frac:6.1%} of the vectors")

recalls = [results[p][0] for p in sorted(results)]
assert all(b >= a - 1e-12 for a, b in zip(recalls, recalls[1:]))   # more probes, more recall
assert results[n_lists][0] == 1.0                                  # probing all lists is exact
assert results[16][0] > 0.9 and results[16][1] < 0.25              # >90% recall scanning <25%
assert results[1][0] < results[16][0]
assert results[8][0] > 0.95 and results[8][1] < 0.10              # the usual operating point

# Memory arithmetic for 100M 768-d vectors
n, dim = 100_000_000, 768
flat_gb = n * dim * 4 / 1e9                 # float32
pq_gb = n * 96 / 1e9                         # PQ with 96 sub-quantisers x 8 bits
hnsw_links_gb = n * 32 * 2 * 4 / 1e9        # ~2M int32 neighbour ids per vector at M=32 (layer 0)
print(f"flat {flat_gb:.0f} GB, PQ96 {pq_gb:.1f} GB, HNSW links ~{hnsw_links_gb:.0f} GB extra")
assert np.isclose(flat_gb, 307.2) and np.isclose(pq_gb, 9.6) and flat_gb / pq_gb == 32
