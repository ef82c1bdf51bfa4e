"""Scaled dot-product attention in numpy with a causal mask, checked against a per-query loop,
plus why we divide by sqrt(d_k): logit variance and softmax saturation."""
import numpy as np

rng = np.random.default_rng(0)


def softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)           # stability; -inf entries become exp(-inf)=0
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def attention(Q, K, V, causal=False):
    d_k = Q.shape[-1]
    scores = Q @ K.swapaxes(-1, -2) / np.sqrt(d_k)    # (..., n_q, n_k)
    if causal:
        n_q, n_k = scores.shape[-2:]
        mask = np.triu(np.ones((n_q, n_k), dtype=bool), k=1)   # True above the diagonal = future
        scores = np.where(mask, -np.inf, scores)
    weights = softmax(scores)
    return weights @ V, weights


n, d_k, d_v = 6, 16, 8
Q, K, V = rng.normal(size=(n, d_k)), rng.normal(size=(n, d_k)), rng.normal(size=(n, d_v))
out, w = attention(Q, K, V, causal=True)

# Reference: one query at a time, attending only to keys 0..t.
for t in range(n):
    s = K[: t + 1] @ Q[t] / np.sqrt(d_k)
    a = np.exp(s - s.max()); a /= a.sum()
    assert np.allclose(out[t], a @ V[: t + 1])
assert np.allclose(w.sum(axis=1), 1) and np.allclose(np.triu(w, 1), 0)

# Causality: changing a future token must not change earlier outputs.
K2, V2 = K.copy(), V.copy()
K2[4:] += 10 * rng.normal(size=(2, d_k)); V2[4:] += 10
out2, _ = attention(Q, K2, V2, causal=True)
assert np.allclose(out2[:4], out[:4]) and not np.allclose(out2[4:], out[4:])

# Why sqrt(d_k): for q, k with i.i.d. unit-variance entries, Var(q.k) = d_k.
for dk in (16, 256, 1024):
    q, k = rng.normal(size=(20000, dk)), rng.normal(size=(20000, dk))
    dots = (q * k).sum(axis=1)
    assert np.isclose(dots.var() / dk, 1.0, atol=0.05)
    assert np.isclose((dots / np.sqrt(dk)).var(), 1.0, atol=0.05)

# Unscaled logits with d_k = 1024 saturate the softmax: near one-hot weights, tiny gradients.
dk, m = 1024, 64
q, Ks = rng.normal(size=dk), rng.normal(size=(m, dk))
p_raw, p_scaled = softmax(Ks @ q), softmax(Ks @ q / np.sqrt(dk))
# Softmax Jacobian diag(p) - p p^T: its norm collapses when p is one-hot.
jac = lambda p: np.linalg.norm(np.diag(p) - np.outer(p, p))
print(f"max weight unscaled {p_raw.max():.4f} vs scaled {p_scaled.max():.4f}; "
      f"Jacobian norm {jac(p_raw):.1e} vs {jac(p_scaled):.1e}")
assert p_raw.max() > 0.99 and p_scaled.max() < 0.5
assert jac(p_raw) < 0.05 * jac(p_scaled)

# Batched multi-dimensional use works the same way: (batch, heads, n, d).
Qb = rng.normal(size=(2, 3, 5, 4))
ob, wb = attention(Qb, Qb, Qb, causal=True)
assert ob.shape == (2, 3, 5, 4) and np.allclose(wb[..., 0, 0], 1.0)
