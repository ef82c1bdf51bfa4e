"""FlashAttention's core trick in NumPy: tiled attention with an online softmax gives exactly
the same output as naive attention without ever materialising the N x N score matrix.
Plus grouped-query attention (GQA) as K/V heads shared across query heads."""
import numpy as np

rng = np.random.default_rng(0)
N, d = 256, 64
Q, K, V = (rng.normal(size=(N, d)) for _ in range(3))


def naive_attention(Q, K, V):
    S = Q @ K.T / np.sqrt(d)                       # N x N scores: O(N^2) memory
    P = np.exp(S - S.max(axis=1, keepdims=True))
    return (P / P.sum(axis=1, keepdims=True)) @ V


def flash_attention(Q, K, V, block_q=32, block_k=32):
    out = np.zeros_like(Q)
    for i in range(0, N, block_q):                 # each query block stays "in SRAM"
        q = Q[i:i + block_q]
        m = np.full(len(q), -np.inf)               # running row max
        l = np.zeros(len(q))                       # running softmax denominator
        acc = np.zeros((len(q), d))                # running unnormalised output
        for j in range(0, N, block_k):             # stream K, V blocks
            s = q @ K[j:j + block_k].T / np.sqrt(d)    # only block_q x block_k scores exist
            m_new = np.maximum(m, s.max(axis=1))
            correction = np.exp(m - m_new)         # rescale what was accumulated so far
            p = np.exp(s - m_new[:, None])
            l = l * correction + p.sum(axis=1)
            acc = acc * correction[:, None] + p @ V[j:j + block_k]
            m = m_new
        out[i:i + block_q] = acc / l[:, None]
        # FlashAttention also stores logsumexp = m + log(l) per row for the backward pass
    return out


ref = naive_attention(Q, K, V)
assert np.allclose(flash_attention(Q, K, V), ref)                 # exact, not approximate
assert np.allclose(flash_attention(Q, K, V, 16, 64), ref)         # any block sizes
# Numerically stable even with huge logits (the running max handles it)
assert np.allclose(flash_attention(Q * 30, K, V), naive_attention(Q * 30, K, V))

# HBM traffic for the scores alone at N = 8192, fp16, per head: naive writes and reads S and P
N_big = 8192
naive_bytes = 4 * N_big * N_big * 2                 # write S, read S, write P, read P
print(f"naive attention moves ~{naive_bytes/2**20:.0f} MiB of score traffic per head; flash: none")
assert naive_bytes == 512 * 2**20

# ---- GQA: 8 query heads share 2 K/V heads (groups of 4) ----------------------------
h_q, h_kv, dh, T = 8, 2, 16, 10
x = rng.normal(size=(T, h_q * dh))
Wq = rng.normal(size=(h_q * dh, h_q * dh)) / 8
Wk = rng.normal(size=(h_q * dh, h_kv * dh)) / 8   # K/V projections are h_q/h_kv times smaller
Wv = rng.normal(size=(h_q * dh, h_kv * dh)) / 8
q = (x @ Wq).reshape(T, h_q, dh)
k = (x @ Wk).reshape(T, h_kv, dh)
v = (x @ Wv).reshape(T, h_kv, dh)
group = h_q // h_kv
# query head h reads K/V head h // group
out_gqa = np.stack([naive_attention(q[:, h], k[:, h // group], v[:, h // group]) for h in range(h_q)], 1)
# Equivalent to MHA with each K/V head repeated 'group' times (what kernels avoid doing in memory)
k_rep, v_rep = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
out_rep = np.stack([naive_attention(q[:, h], k_rep[:, h], v_rep[:, h]) for h in range(h_q)], 1)
assert np.allclose(out_gqa, out_rep)
# The KV cache stores h_kv heads instead of h_q: 4x smaller here, 8x for Llama-2-70B (64 -> 8)
assert k.nbytes * h_q // h_kv == k_rep.nbytes
