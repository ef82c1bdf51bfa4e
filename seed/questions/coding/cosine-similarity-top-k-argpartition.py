import numpy as np


def normalize(E, eps=1e-12):
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    return E / np.maximum(norms, eps), norms.ravel() > eps


def topk_cosine(Q, E, k, exclude_self=False, batch=512):
    En, valid = normalize(E)
    Qn, _ = normalize(Q)
    all_idx, all_sc = [], []
    for s in range(0, len(Qn), batch):
        S = Qn[s : s + batch] @ En.T
        S[:, ~valid] = -np.inf                                   # zero vectors never match
        if exclude_self:
            rows = np.arange(S.shape[0])
            S[rows, s + rows] = -np.inf
        idx = np.argpartition(-S, k - 1, axis=1)[:, :k]
        sc = np.take_along_axis(S, idx, 1)
        order = np.argsort(-sc, axis=1, kind="stable")
        all_idx.append(np.take_along_axis(idx, order, 1))
        all_sc.append(np.take_along_axis(sc, order, 1))
    return np.vstack(all_idx), np.vstack(all_sc)


# Worked example.
V = np.array([[1.0, 0.0], [2.0, 2.0], [0.0, -3.0], [0.0, 0.0]])
idx, sc = topk_cosine(V[:1], V, k=2, exclude_self=True)
assert idx.tolist() == [[1, 2]] and np.allclose(sc, [[np.sqrt(0.5), 0.0]])
idx, sc = topk_cosine(V[1:2], V, k=3)
assert idx.tolist() == [[1, 0, 2]] and np.allclose(sc, [[1.0, np.sqrt(0.5), -np.sqrt(0.5)]])

# Random embeddings: equal to the full sort, descending, no self, batch-invariant.
rng = np.random.default_rng(0)
E = rng.normal(size=(2000, 32)) * rng.uniform(0.1, 10, size=(2000, 1))   # varied norms
k = 10
idx, sc = topk_cosine(E, E, k, exclude_self=True, batch=300)
En = E / np.linalg.norm(E, axis=1, keepdims=True)
S = En @ En.T
np.fill_diagonal(S, -np.inf)
ref = np.argsort(-S, axis=1)[:, :k]
assert np.allclose(sc, np.take_along_axis(S, ref, 1))
assert all(set(a) == set(b) for a, b in zip(idx, ref))
assert np.all(np.diff(sc, axis=1) <= 0)
assert not np.any(idx == np.arange(len(E))[:, None])
idx2, _ = topk_cosine(E, E, k, exclude_self=True, batch=2000)
assert np.array_equal(idx, idx2)

# Unit vectors: Euclidean distance ranking equals cosine ranking.
D2 = 2 - 2 * (En[:5] @ En.T)
np.fill_diagonal(D2[:, :5], np.inf)
assert all(set(a) == set(b) for a, b in zip(np.argsort(D2, axis=1)[:, :k], idx[:5]))
print("ok")
