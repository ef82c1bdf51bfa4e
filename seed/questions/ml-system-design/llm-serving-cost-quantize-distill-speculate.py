"""Serving-cost model for a 70B chat model on H100s: baseline BF16, FP8 (W8A8 + FP8 KV), INT4
weight-only, speculative decoding and a distilled 8B model. Decode step time is
max(compute, memory) with efficiency factors; throughput is taken at the largest batch that
meets the per-token latency target and fits in memory."""
import numpy as np

rng = np.random.default_rng(0)
BW, PEAK_BF16, PEAK_FP8, HBM = 3.35e12, 989e12, 1979e12, 80e9
EFF_BW, EFF_C = 0.7, 0.5                 # achievable fraction of bandwidth / peak in real kernels
PRICE = 3.0                               # $ per H100-hour (assumption)
CTX = 2000                                # average tokens in context during decode
TPOT_SLO = 0.030                          # 30 ms per output token

# ---- speculative decoding: expected tokens per verification round ----
def expected_tokens(alpha, k):
    """Draft proposes k tokens, each accepted with prob alpha until the first rejection; the target
    always contributes one token (the correction or the bonus token): (1 - alpha^(k+1)) / (1 - alpha)."""
    return (1 - alpha ** (k + 1)) / (1 - alpha)


alpha, k = 0.7, 4
sim = []
for _ in range(200_000):
    n = 0
    while n < k and rng.random() < alpha:
        n += 1
    sim.append(n + 1)
assert abs(np.mean(sim) - expected_tokens(alpha, k)) < 0.01
print(f"alpha={alpha}, k={k}: {expected_tokens(alpha, k):.3f} tokens per round (simulated {np.mean(sim):.3f})")


def step_time(params, gpus, batch, w_bytes, kv_tok, peak, tokens_per_seq=1):
    """One forward pass over batch x tokens_per_seq tokens; reads weights once and each sequence's KV."""
    mem = (params * w_bytes + batch * CTX * kv_tok) / (gpus * BW * EFF_BW)
    comp = 2 * params * batch * tokens_per_seq / (gpus * peak * EFF_C)
    return max(mem, comp)


def option(name, params, gpus, w_bytes, kv_tok, peak, draft=None):
    """Return batch-1 TPOT, and at the largest batch meeting the SLO: batch, TPOT, tokens/s/GPU, $/M."""
    kv_room = gpus * HBM * 0.9 - params * w_bytes - (draft[0] * 2 if draft else 0)
    max_batch = int(kv_room // (CTX * kv_tok))

    def tpot(B):
        if draft is None:
            return step_time(params, gpus, B, w_bytes, kv_tok, peak)
        d_params, d_kv = draft
        t_draft = k * step_time(d_params, gpus, B, 2, d_kv, PEAK_BF16)      # k small-model steps
        t_verify = step_time(params, gpus, B, w_bytes, kv_tok, peak, tokens_per_seq=k + 1)
        return (t_draft + t_verify) / expected_tokens(alpha, k)

    ok = [B for B in range(1, max_batch + 1) if tpot(B) <= TPOT_SLO]
    B = max(ok)
    tps_gpu = B / tpot(B) / gpus
    cost = PRICE / (tps_gpu * 3600) * 1e6
    return dict(name=name, gpus=gpus, tpot1=tpot(1), batch=B, tpot=tpot(B), tps_gpu=tps_gpu, cost=cost)


KV70 = 2 * 80 * 8 * 128 * 2               # Llama-2/3-70B-like GQA, bytes per token in BF16 (320 KiB)
KV8 = 2 * 32 * 8 * 128 * 2                # 8B GQA (128 KiB)
KV1 = 2 * 16 * 8 * 64 * 2                 # ~1B draft model
rows = [
    option("70B BF16, TP8", 70e9, 8, 2, KV70, PEAK_BF16),
    option("70B FP8 W8A8 + FP8 KV, TP4", 70e9, 4, 1, KV70 / 2, PEAK_FP8),
    option("70B INT4 weights (W4A16), TP2", 70e9, 2, 0.5, KV70, PEAK_BF16),
    option("70B INT4 weights + FP8 KV, TP2", 70e9, 2, 0.5, KV70 / 2, PEAK_BF16),
    option("70B BF16 + 1B draft (k=4), TP8", 70e9, 8, 2, KV70, PEAK_BF16, draft=(1e9, KV1)),
    option("distilled 8B BF16, 1 GPU", 8e9, 1, 2, KV8, PEAK_BF16),
]
print(f"{'option':34s} GPUs  TPOT@B=1  batch@SLO  TPOT   tok/s/GPU  $/M tokens")
for r in rows:
    print(f"{r['name']:34s} {r['gpus']:3d}  {r['tpot1']*1e3:6.1f} ms  {r['batch']:7d}  {r['tpot']*1e3:5.1f} ms"
          f"  {r['tps_gpu']:8,.0f}  {r['cost']:7.3f}")

base, fp8, int4, int4kv, spec, dist = rows
assert fp8["cost"] < 0.6 * base["cost"]                 # fewer bytes and 2x FLOPs: about half the cost
# INT4 weights alone: same batch-1 latency on 2 GPUs as BF16 on 8, but at the SLO-limited batch the
# KV-cache reads dominate, so the cost per token does not move; quantizing the KV cache does.
assert abs(int4["tpot1"] / base["tpot1"] - 1) < 0.05 and abs(int4["cost"] / base["cost"] - 1) < 0.05
assert int4kv["cost"] < 0.8 * int4["cost"]
assert spec["tpot1"] < base["tpot1"] / 1.5               # speculation: big latency win at small batch ...
assert spec["cost"] > 0.9 * base["cost"]                 # ... little or no cost win at the SLO-limited batch
assert dist["cost"] < min(r["cost"] for r in rows[:4])   # a smaller model is the biggest lever
print(f"relative cost vs BF16: FP8 {fp8['cost']/base['cost']:.2f}, INT4 {int4['cost']/base['cost']:.2f}, "
      f"INT4 + FP8 KV {int4kv['cost']/base['cost']:.2f}, "
      f"speculative {spec['cost']/base['cost']:.2f}, distilled 8B {dist['cost']/base['cost']:.2f}")
