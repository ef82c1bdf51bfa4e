"""KV-cache memory calculator checked against hand arithmetic, and a check that cached
incremental decoding gives exactly the same attention output as recomputing from scratch."""
import numpy as np


def kv_cache_bytes(n_layers, n_kv_heads, d_head, seq_len, batch=1, bytes_per_elem=2):
    # 2 tensors (K and V) per layer, each n_kv_heads x d_head per token
    return 2 * n_layers * n_kv_heads * d_head * seq_len * batch * bytes_per_elem


MiB, GiB = 2**20, 2**30

# Llama-2-7B: 32 layers, 32 heads (no GQA), d_head 128, fp16
per_tok = kv_cache_bytes(32, 32, 128, 1)
assert per_tok == 524_288 == 0.5 * MiB                  # 2*32*32*128*2 bytes
assert kv_cache_bytes(32, 32, 128, 4096) == 2 * GiB      # one 4k-token sequence

# Llama-2-70B: 80 layers, 64 query heads but 8 KV heads (GQA), d_head 128
assert kv_cache_bytes(80, 8, 128, 1) == 327_680         # 320 KiB per token
# Without GQA it would be 8x more: 2.5 MiB per token
assert kv_cache_bytes(80, 64, 128, 1) == 8 * 327_680

# Llama-3-8B: 32 layers, 8 KV heads -> 128 KiB/token; 32 users x 8k tokens:
total = kv_cache_bytes(32, 8, 128, 8192, batch=32)
print(f"Llama-3-8B, 32 x 8k tokens: {total/GiB:.0f} GiB of KV cache (weights are ~16 GB)")
assert total == 32 * GiB

# ---- Cached decoding == full recomputation (single head, causal) ---------------------
rng = np.random.default_rng(0)
d_model, d_head, T = 16, 8, 10
Wq, Wk, Wv = (rng.normal(size=(d_model, d_head)) / 4 for _ in range(3))
x = rng.normal(size=(T, d_model))


def softmax(z):
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def full_causal_attention(x):
    q, k, v = x @ Wq, x @ Wk, x @ Wv
    scores = q @ k.T / np.sqrt(d_head)
    scores[np.triu_indices(len(x), 1)] = -np.inf
    return softmax(scores) @ v


ref = full_causal_attention(x)
K_cache, V_cache, outs = [], [], []
for t in range(T):                         # one new token per step
    q = x[t] @ Wq
    K_cache.append(x[t] @ Wk)              # compute K, V for the new token only ...
    V_cache.append(x[t] @ Wv)              # ... and append: past tokens are never recomputed
    K, V = np.array(K_cache), np.array(V_cache)
    outs.append(softmax(q @ K.T / np.sqrt(d_head)) @ V)
assert np.allclose(np.array(outs), ref)

# Work per step: with the cache, step t does O(t * d) attention work; without it, recomputing
# the prefix costs O(t^2 * d) per step, O(T^3 * d) over a generation instead of O(T^2 * d).
steps = np.arange(1, 4097)
assert (steps**2).sum() / steps.sum() > 2700            # ~2/3 * T: thousands of times more work
