import numpy as np


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def causal_mha(X, Wq, Wk, Wv, Wo, h, return_weights=False):
    B, T, d = X.shape
    dk = d // h

    def split(M):                                   # (B,T,d) -> (B,h,T,dk)
        return M.reshape(B, T, h, dk).transpose(0, 2, 1, 3)

    Q, K, V = split(X @ Wq), split(X @ Wk), split(X @ Wv)
    scores = Q @ K.transpose(0, 1, 3, 2) / np.sqrt(dk)          # (B,h,T,T)
    future = np.triu(np.ones((T, T), dtype=bool), k=1)          # s > t
    scores = np.where(future, -np.inf, scores)
    A = softmax(scores, axis=-1)
    out = (A @ V).transpose(0, 2, 1, 3).reshape(B, T, d) @ Wo
    return (out, A) if return_weights else out


def attention_loop(X, Wq, Wk, Wv, Wo, h):
    B, T, d = X.shape
    dk = d // h
    out = np.zeros((B, T, d))
    for b in range(B):
        Q, K, V = X[b] @ Wq, X[b] @ Wk, X[b] @ Wv
        for t in range(T):
            heads = []
            for j in range(h):
                sl = slice(j * dk, (j + 1) * dk)
                s = np.array([Q[t, sl] @ K[u, sl] for u in range(t + 1)]) / np.sqrt(dk)
                w = np.exp(s - s.max()); w /= w.sum()
                heads.append(w @ V[: t + 1, sl])
            out[b, t] = np.concatenate(heads) @ Wo
    return out


rng = np.random.default_rng(0)
B, T, d, h = 2, 8, 16, 4
X = rng.normal(size=(B, T, d))
Wq, Wk, Wv, Wo = (rng.normal(scale=d ** -0.5, size=(d, d)) for _ in range(4))

out, A = causal_mha(X, Wq, Wk, Wv, Wo, h, return_weights=True)
assert out.shape == (B, T, d)
assert np.allclose(A.sum(-1), 1.0)
assert np.all(A[..., np.triu_indices(T, k=1)[0], np.triu_indices(T, k=1)[1]] == 0.0)
# Position 0 attends only to itself: its head outputs are exactly v_0.
assert np.allclose(out[:, 0], (X[:, 0] @ Wv) @ Wo)
assert np.allclose(out, attention_loop(X, Wq, Wk, Wv, Wo, h))

# Causality: changing token 5 leaves positions 0-4 untouched.
X2 = X.copy(); X2[:, 5] += 10.0
out2 = causal_mha(X2, Wq, Wk, Wv, Wo, h)
assert np.allclose(out2[:, :5], out[:, :5])
assert not np.allclose(out2[:, 5:], out[:, 5:])

# Incremental decoding with a KV cache reproduces the full pass.
dk = d // h
K_cache = np.zeros((B, h, 0, dk)); V_cache = np.zeros((B, h, 0, dk))
steps = []
for t in range(T):
    x = X[:, t : t + 1]                                           # (B,1,d)
    q, k, v = (np.asarray(x @ W).reshape(B, 1, h, dk).transpose(0, 2, 1, 3) for W in (Wq, Wk, Wv))
    K_cache = np.concatenate([K_cache, k], axis=2)
    V_cache = np.concatenate([V_cache, v], axis=2)
    w = softmax(q @ K_cache.transpose(0, 1, 3, 2) / np.sqrt(dk))  # no mask needed: cache holds only the past
    steps.append((w @ V_cache).transpose(0, 2, 1, 3).reshape(B, 1, d) @ Wo)
assert np.allclose(np.concatenate(steps, axis=1), out, atol=1e-12)
print("ok")
