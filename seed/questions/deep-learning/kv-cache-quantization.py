"""KV-cache quantisation in NumPy: why keys want per-channel scales and values per-token scales
(the KIVI observation), the attention-output error, and the memory/concurrency arithmetic."""
import numpy as np

rng = np.random.default_rng(0)
T, d = 1024, 128                         # cached tokens, head dimension


def quant(x, bits, axis, group=32):
    """Asymmetric min-max quantisation, one (scale, zero) per group of `group` elements.
    axis=1 (per token): groups of channels within a token's row, computable as each token arrives.
    axis=0 (per channel): groups of `group` consecutive tokens within one channel."""
    if axis == 1:
        return quant(x.T, bits, 0, group).T
    out = np.empty_like(x)
    for i in range(0, len(x), group):
        blk = x[i:i + group]
        lo, hi = blk.min(0, keepdims=True), blk.max(0, keepdims=True)
        s = (hi - lo) / (2 ** bits - 1)
        out[i:i + group] = np.round((blk - lo) / s) * s + lo
    return out


def attention(q, K, V):
    z = K @ q / np.sqrt(d)
    p = np.exp(z - z.max())
    return (p / p.sum()) @ V


def rel(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


def out_err(out, ref):
    """Output error per query, relative to the norm of a typical value vector (rms over rows of V),
    since a diffuse attention output is an average that is much shorter than any single value."""
    return np.sqrt(np.mean(np.sum((out - ref) ** 2, 1))) / np.sqrt(np.mean(np.sum(V ** 2, 1)))


# Keys: a few channels with large, consistent magnitude (reported for LLM keys by KIVI and KVQuant);
# values: no channel structure.
key_channel_scale = np.ones(d)
key_channel_scale[rng.choice(d, 6, replace=False)] = 12.0
K = 0.5 * (rng.normal(size=(T, d)) + rng.normal(size=d)) * key_channel_scale
V = rng.normal(size=(T, d))
queries = rng.normal(size=(64, d))

out_ref = np.array([attention(q, K, V) for q in queries])
for bits in (4, 2):
    res = {}
    for name, kax, vax in [("K per-token,   V per-token", 1, 1),
                           ("K per-channel, V per-token", 0, 1),
                           ("K per-token,   V per-channel", 1, 0)]:
        Kq, Vq = quant(K, bits, kax), quant(V, bits, vax)
        out = np.array([attention(q, Kq, Vq) for q in queries])
        res[name] = (rel(Kq, K), rel(Vq, V), out_err(out, out_ref))
    print(f"{bits}-bit cache, groups of 32    K err    V err    attention-output err")
    for k, (ek, ev, eo) in res.items():
        print(f"  {k:30s} {ek:.3f}   {ev:.3f}   {eo:.3f}")
    # keys: per-channel scales isolate the outlier channels -> far smaller error
    assert res["K per-channel, V per-token"][0] < 0.5 * res["K per-token,   V per-token"][0]
    assert res["K per-channel, V per-token"][2] < 0.5 * res["K per-token,   V per-token"][2]
    # values have no channel structure: the two groupings are equally accurate, and per-token
    # needs no buffering of a group of future tokens
    assert abs(res["K per-token,   V per-channel"][1] / res["K per-token,   V per-token"][1] - 1) < 0.1
    if bits == 4:
        assert res["K per-channel, V per-token"][2] < 0.03

out8 = np.array([attention(q, quant(K, 8, 0), quant(V, 8, 1)) for q in queries])
print(f"8-bit cache attention-output error: {out_err(out8, out_ref):.4f}")
assert out_err(out8, out_ref) < 0.002


# ---------------- memory arithmetic ----------------
def kv_bytes_per_token(layers, kv_heads, head_dim, bits, group=None, meta_bytes=4):
    """2 (K and V) x layers x kv_heads x head_dim elements; plus per-group metadata
    (an fp16 scale and fp16 zero-point = 4 bytes per group)."""
    elems = 2 * layers * kv_heads * head_dim
    meta = elems / group * meta_bytes if group else 0
    return elems * bits / 8 + meta


GiB = 2 ** 30
llama3_8b = dict(layers=32, kv_heads=8, head_dim=128)
fp16 = kv_bytes_per_token(**llama3_8b, bits=16)
fp8 = kv_bytes_per_token(**llama3_8b, bits=8)                  # per-tensor scale: negligible metadata
int4 = kv_bytes_per_token(**llama3_8b, bits=4, group=64)
int2 = kv_bytes_per_token(**llama3_8b, bits=2, group=32)
assert fp16 == 128 * 1024                                       # 128 KiB per token
assert int4 / fp16 == (4 + 32 / 64) / 16                        # 4.5 effective bits

free = 0.9 * 80e9 - 16e9          # H100 80 GB, 90% usable, minus 16 GB of bf16 weights
ctx = 8192
print(f"\nLlama-3-8B, {ctx}-token sequences on one 80 GB GPU ({free/1e9:.0f} GB for cache):")
conc = {}
for name, b in [("fp16", fp16), ("fp8", fp8), ("int4 g64", int4), ("int2 g32", int2)]:
    conc[name] = int(free // (b * ctx))
    print(f"  {name:9s} {b/1024:6.1f} KiB/token  {b*ctx/GiB:5.2f} GiB/sequence  -> {conc[name]:4d} sequences")
assert conc["fp8"] in (2 * conc["fp16"], 2 * conc["fp16"] + 1)

# Decode step at batch B is bandwidth-bound: it reads the weights once and every sequence's cache.
bw = 3.35e12
for name, b in [("fp16", fp16), ("fp8", fp8), ("int4 g64", int4)]:
    B = conc["fp16"]
    t = (16e9 + B * ctx * b) / bw
    print(f"  batch {B}, {name:8s} cache: step >= {t*1e3:.1f} ms -> {B/t:,.0f} tokens/s upper bound")
t16 = (16e9 + conc["fp16"] * ctx * fp16) / bw
t8 = (16e9 + conc["fp16"] * ctx * fp8) / bw
assert 1.5 < t16 / t8 < 2.0      # halving cache bytes speeds decode, less than 2x because weights are read too
