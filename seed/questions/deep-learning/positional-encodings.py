"""Positional encodings in numpy: sinusoidal (a shift is a rotation), RoPE (scores depend only on
the relative offset), ALiBi (linear distance penalty), and self-attention's permutation
equivariance without any of them."""
import numpy as np

rng = np.random.default_rng(0)
d = 16


def sinusoidal(positions, d, base=10000.0):
    i = np.arange(d // 2)
    freq = base ** (-2 * i / d)
    ang = np.asarray(positions)[:, None] * freq[None, :]
    pe = np.zeros((len(positions), d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(ang), np.cos(ang)
    return pe


# 1) Without positions, self-attention is permutation-equivariant: shuffle in -> shuffle out.
def self_attn(X):
    S = X @ X.T / np.sqrt(X.shape[1])
    A = np.exp(S - S.max(1, keepdims=True)); A /= A.sum(1, keepdims=True)
    return A @ X


X = rng.normal(size=(7, d))
perm = rng.permutation(7)
assert np.allclose(self_attn(X[perm]), self_attn(X)[perm])

# 2) Sinusoidal: PE(p + k) is a fixed linear map (block rotation) of PE(p), for every p.
k = 5
freq = 10000.0 ** (-2 * np.arange(d // 2) / d)
M = np.zeros((d, d))
for j, w in enumerate(freq):
    c, s = np.cos(w * k), np.sin(w * k)
    # [sin(a+b), cos(a+b)] = [[cos b, sin b], [-sin b, cos b]] @ [sin a, cos a]
    M[2 * j:2 * j + 2, 2 * j:2 * j + 2] = [[c, s], [-s, c]]
P = sinusoidal(np.arange(50), d)
assert np.allclose(P[:-k] @ M.T, P[k:])
assert np.allclose(np.linalg.norm(P, axis=1), np.sqrt(d / 2))   # every position has the same norm


# 3) RoPE: rotate each (even, odd) pair of q and k by angle pos * theta_j.
def rope(x, pos, base=10000.0):
    theta = base ** (-2 * np.arange(d // 2) / d)
    ang = pos * theta
    x1, x2 = x[0::2], x[1::2]
    out = np.empty_like(x)
    out[0::2] = x1 * np.cos(ang) - x2 * np.sin(ang)
    out[1::2] = x1 * np.sin(ang) + x2 * np.cos(ang)
    return out


q, kv = rng.normal(size=d), rng.normal(size=d)
score = lambda m, n: rope(q, m) @ rope(kv, n)
assert np.isclose(score(3, 1), score(103, 101))          # depends only on m - n = 2
assert np.isclose(score(0, 0), q @ kv)                   # offset 0 = plain dot product
assert np.isclose(np.linalg.norm(rope(q, 37)), np.linalg.norm(q))   # rotations keep norms
assert not np.isclose(score(3, 1), score(1, 3))          # direction of the offset matters

# 4) ALiBi: bias = -slope_h * (i - j) on causal logits, slopes geometric: 2^(-8h/H).
H, n = 8, 6
slopes = 2.0 ** (-8 * np.arange(1, H + 1) / H)
i, j = np.arange(n)[:, None], np.arange(n)[None, :]
bias = -slopes[:, None, None] * (i - j)[None]
bias = np.where(j > i, -np.inf, bias)
assert np.isclose(slopes[0], 0.5) and np.isclose(slopes[-1], 1 / 256)
assert np.all(bias[:, np.arange(n), np.arange(n)] == 0)  # no penalty for attending to itself
assert np.isclose(bias[0, 5, 0], -2.5)                   # head 1, distance 5: -0.5 * 5
print("all positional-encoding checks passed")
