"""Capacity math for serving a 70B-class chat model: KV-cache size, Little's law, GPUs, cost per token.

Model shape (Llama-2/3-70B-like): 80 layers, grouped-query attention with 8 KV heads of dim 128,
FP16 weights and KV cache. Hardware: nodes of 8 x 80 GB GPUs with ~3.35 TB/s HBM bandwidth each.
All traffic numbers are planning assumptions, not measurements.
"""
import math
import numpy as np

# ---------- memory ----------------------------------------------------------
layers, kv_heads, head_dim, bytes_fp16 = 80, 8, 128, 2
params = 70e9
kv_bytes_per_token = 2 * layers * kv_heads * head_dim * bytes_fp16    # K and V
assert kv_bytes_per_token == 327_680                                   # 320 KiB per token

weights_gb = params * bytes_fp16 / 1e9                                 # 140 GB
node_hbm_gb = 8 * 80
usable_for_kv_gb = node_hbm_gb * 0.9 - weights_gb                      # 10% for activations etc.
avg_ctx = 2_000                                                        # prompt + output, average
seq_per_node = int(usable_for_kv_gb * 1e9 // (kv_bytes_per_token * avg_ctx))
print(f"KV per token {kv_bytes_per_token / 1024:.0f} KiB; {usable_for_kv_gb:.0f} GB free "
      f"-> {seq_per_node} concurrent 2k-token sequences per 8-GPU node")
# without GQA (64 KV heads, plain multi-head attention) the node holds 8x fewer sequences
seq_no_gqa = int(usable_for_kv_gb * 1e9 // (kv_bytes_per_token * 8 * avg_ctx))
assert seq_no_gqa == 83 and abs(seq_per_node / seq_no_gqa - 8) < 0.1

# the second limit: the batch size at which a decode step still meets the 30 ms TPOT target,
# found by load test (each step also streams every active sequence's KV cache from HBM)
latency_limited_batch = 256
per_node = min(seq_per_node, latency_limited_batch)

# decode is memory-bound: every step streams all weights once from HBM
step_floor_ms = weights_gb / (8 * 3.35e3) * 1e3                         # GB / (GB/s) -> ms
print(f"decode step lower bound: {step_floor_ms:.1f} ms (weights only, perfect tensor parallel)")
assert 5.0 < step_floor_ms < 5.5

# ---------- Little's law: concurrency = arrival rate x time in system --------
rps = 1_000                      # requests per second at peak
out_tokens = 400                 # average generated tokens
tpot_s = 0.030                   # 30 ms per output token at the batch sizes we run
ttft_s = 0.5                     # queue + prefill
time_in_system = ttft_s + out_tokens * tpot_s                          # 12.5 s
concurrency = rps * time_in_system                                     # 12,500 sequences
nodes = math.ceil(concurrency / (per_node * 0.7))                  # 70% target utilization
gpu_hour_usd = 3.0
cost_per_hour = nodes * 8 * gpu_hour_usd
tokens_per_hour = rps * out_tokens * 3600
usd_per_m_out = cost_per_hour / (tokens_per_hour / 1e6)
print(f"in flight {concurrency:,.0f} -> {nodes} nodes ({nodes * 8} GPUs), "
      f"${cost_per_hour:,.0f}/h, ${usd_per_m_out:.2f} per 1M output tokens")
assert concurrency == 12_500 and nodes == 70
assert abs(usd_per_m_out - 1.17) < 0.01

# ---------- check Little's law by simulation ---------------------------------
rng = np.random.default_rng(3)
T = 600.0
n = rng.poisson(rps * T)
arrive = np.sort(rng.uniform(0, T, n))
dur = ttft_s + rng.gamma(2.0, out_tokens / 2.0, n) * tpot_s            # mean 12.5 s, skewed
probe = np.linspace(100, 500, 400)                                      # skip warm-up and tail
in_system = [np.sum((arrive <= t) & (arrive + dur > t)) for t in probe]
print(f"simulated mean in flight {np.mean(in_system):,.0f} vs Little's law {concurrency:,.0f}")
assert abs(np.mean(in_system) / concurrency - 1) < 0.03
