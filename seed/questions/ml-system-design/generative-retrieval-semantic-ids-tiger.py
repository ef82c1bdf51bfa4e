"""Semantic IDs by residual k-means (an RQ-VAE without the neural encoder), collisions and the
extra disambiguation token, and trie-constrained beam search over IDs compared with exact search."""
import numpy as np

rng = np.random.default_rng(0)
N_ITEMS, DIM, LEVELS, CODES = 3000, 16, 3, 64


def kmeans(X, k, iters=25):
    C = X[rng.choice(len(X), k, replace=False)].copy()
    for _ in range(iters):
        a = ((X[:, None, :] - C[None]) ** 2).sum(-1).argmin(1)
        for j in range(k):
            if np.any(a == j):
                C[j] = X[a == j].mean(0)
    return C, ((X[:, None, :] - C[None]) ** 2).sum(-1).argmin(1)


# Item content embeddings with a topic -> subtopic hierarchy
topics = rng.normal(0, 3, (12, DIM))
sub = topics[rng.integers(0, 12, 60)] + rng.normal(0, 1.2, (60, DIM))
E = sub[rng.integers(0, 60, N_ITEMS)] + rng.normal(0, 0.5, (N_ITEMS, DIM))

# Residual quantisation: level l quantises what levels < l left over
codebooks, codes, resid = [], [], E.copy()
errors = [np.mean((E ** 2).sum(1))]
for level in range(LEVELS):
    C, a = kmeans(resid, CODES)
    codebooks.append(C); codes.append(a)
    resid = resid - C[a]
    errors.append(np.mean((resid ** 2).sum(1)))
codes = np.stack(codes, 1)                                   # (N_ITEMS, LEVELS) semantic IDs
print("reconstruction error by number of levels:", np.round(errors, 2))
assert all(e2 < e1 for e1, e2 in zip(errors, errors[1:]))   # each level refines the previous

# Similar items share prefixes: cosine similarity within the same first code vs random pairs
cos = lambda a, b: (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)
i, j = rng.integers(0, N_ITEMS, (2, 20000))
same = codes[i, 0] == codes[j, 0]
print(f"mean cosine: same first code {cos(E[i[same]], E[j[same]]).mean():.3f}, "
      f"different {cos(E[i[~same]], E[j[~same]]).mean():.3f}")
assert cos(E[i[same]], E[j[same]]).mean() > cos(E[i[~same]], E[j[~same]]).mean() + 0.3

# Collisions: items with identical (c1, c2, c3) get a 4th token 0, 1, 2, ... to stay unique
keys = [tuple(c) for c in codes]
seen, full_ids = {}, []
for k in keys:
    full_ids.append(k + (seen.get(k, 0),))
    seen[k] = seen.get(k, 0) + 1
n_coll = sum(v - 1 for v in seen.values() if v > 1)
print(f"{CODES}^{LEVELS} = {CODES ** LEVELS} possible IDs for {N_ITEMS} items; "
      f"{n_coll} items needed a disambiguation token, max bucket {max(seen.values())}")
assert len(set(full_ids)) == N_ITEMS

# Trie of valid prefixes, so decoding can only emit IDs that exist
valid = [set() for _ in range(LEVELS + 1)]
for c in codes:
    for l in range(1, LEVELS + 1):
        valid[l].add(tuple(c[:l]))


def beam_decode(q, beam):
    """Stand-in for the seq2seq decoder: token score = -||residual - codeword||^2, level by level,
    keeping the `beam` best valid prefixes (TIGER scores tokens with a transformer instead)."""
    beams = [((), 0.0, q.copy())]
    for l in range(LEVELS):
        cand = []
        for prefix, score, r in beams:
            d = ((r[None] - codebooks[l]) ** 2).sum(1)
            for c in range(CODES):
                p = prefix + (c,)
                if p in valid[l + 1]:
                    cand.append((p, score - d[c], r - codebooks[l][c]))
        beams = sorted(cand, key=lambda t: -t[1])[:beam]
    return [p for p, _, _ in beams]


index = {}
for it, c in enumerate(codes):
    index.setdefault(tuple(c), []).append(it)

queries = E[rng.choice(N_ITEMS, 200, replace=False)] + rng.normal(0, 0.7, (200, DIM))
recall = {}
for beam in (4, 16, 64):
    hits = 0
    for q in queries:
        true_top10 = set(np.argsort(((E - q) ** 2).sum(1))[:10])     # exact nearest neighbours
        ids = beam_decode(q, beam)
        assert all(p in valid[LEVELS] for p in ids)                  # never an invalid ID
        got = [it for p in ids for it in index[p]]
        hits += len(true_top10 & set(got)) / 10
    recall[beam] = hits / len(queries)
print("recall of the exact top-10 inside the decoded ID buckets, by beam width:",
      {b: round(r, 3) for b, r in recall.items()})
assert recall[4] < recall[16] < recall[64] and recall[64] > 0.9
print("ok")
