"""Multi-head self-attention in numpy: reshape-based implementation vs an explicit per-head
loop, parameter/FLOP counts, and KV-cache size for MHA vs GQA vs MQA."""
import numpy as np

rng = np.random.default_rng(0)
n, d_model, h = 10, 64, 8
d_head = d_model // h


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


Wq, Wk, Wv, Wo = (rng.normal(scale=d_model ** -0.5, size=(d_model, d_model)) for _ in range(4))
X = rng.normal(size=(n, d_model))


def mha(X):
    split = lambda M: M.reshape(n, h, d_head).transpose(1, 0, 2)        # (h, n, d_head)
    Q, K, V = split(X @ Wq), split(X @ Wk), split(X @ Wv)
    A = softmax(Q @ K.transpose(0, 2, 1) / np.sqrt(d_head))             # (h, n, n)
    heads = A @ V                                                        # (h, n, d_head)
    return heads.transpose(1, 0, 2).reshape(n, d_model) @ Wo, A


out, A = mha(X)

# Reference: loop over heads with column slices of the projection matrices, then W_O as a
# sum of per-head blocks: concat(heads) @ Wo == sum_h head_h @ Wo[rows of head h].
ref = np.zeros((n, d_model))
for i in range(h):
    cols = slice(i * d_head, (i + 1) * d_head)
    q, k, v = X @ Wq[:, cols], X @ Wk[:, cols], X @ Wv[:, cols]
    a = softmax(q @ k.T / np.sqrt(d_head))
    ref += (a @ v) @ Wo[cols, :]
assert np.allclose(out, ref)
assert A.shape == (h, n, n) and np.allclose(A.sum(-1), 1)
assert not np.allclose(A[0], A[1])          # heads compute different attention patterns

# Parameters: 4 d^2 regardless of h. Score FLOPs: 2 n^2 d regardless of h.
params = sum(W.size for W in (Wq, Wk, Wv, Wo))
assert params == 4 * d_model ** 2
score_flops = lambda heads: heads * 2 * n * n * (d_model // heads)
assert score_flops(1) == score_flops(8) == 2 * n * n * d_model

# KV cache per token for a LLaMA-2-70B-like shape: 80 layers, 64 query heads, d_head 128, fp16.
layers, q_heads, dh, bytes_ = 80, 64, 128, 2
kv_bytes = lambda kv_heads: 2 * layers * kv_heads * dh * bytes_       # K and V
mha_b, gqa_b, mqa_b = kv_bytes(64), kv_bytes(8), kv_bytes(1)
print(f"KV cache per token: MHA {mha_b/2**20:.2f} MiB, GQA-8 {gqa_b/2**10:.0f} KiB, MQA {mqa_b/2**10:.0f} KiB")
assert mha_b == 2_621_440 and gqa_b == 327_680 and mqa_b == 40_960
# A 4,096-token context for one sequence:
assert mha_b * 4096 / 2**30 == 10.0 and gqa_b * 4096 / 2**30 == 1.25
