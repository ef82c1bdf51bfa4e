"""Roofline model: arithmetic intensity (FLOPs per byte of HBM traffic) of a matmul, a decode-time
linear layer, attention in prefill and decode, and elementwise ops; attainable throughput
min(peak, intensity x bandwidth) on A100 and H100 (datasheet peaks, dense, no sparsity)."""
import numpy as np

GPUS = {  # peak dense tensor-core FLOP/s, HBM bandwidth in bytes/s
    "A100-80GB-SXM bf16": (312e12, 2.039e12),
    "H100-SXM bf16": (989e12, 3.35e12),
    "H100-SXM fp8": (1979e12, 3.35e12),
}


def ridge(gpu):
    peak, bw = GPUS[gpu]
    return peak / bw


def attainable(intensity, gpu):
    peak, bw = GPUS[gpu]
    return min(peak, intensity * bw)


def matmul(M, N, K, bytes_in=2, bytes_w=2, bytes_out=2):
    """C[M,N] = A[M,K] @ B[K,N]; minimum traffic: read A and B once, write C once."""
    flops = 2 * M * N * K
    traffic = M * K * bytes_in + K * N * bytes_w + M * N * bytes_out
    return flops, traffic


def intensity(f_t):
    return f_t[0] / f_t[1]


# --- closed forms ---
for n in (256, 1024, 4096):
    assert np.isclose(intensity(matmul(n, n, n)), n / 3)            # square fp16 matmul: n/3
d = 8192
for B in (1, 8, 64):                                                 # decode: B tokens x (d x d) weight
    I = intensity(matmul(B, d, d))
    assert abs(I - B) / B < 0.02                                     # ~B FLOPs/byte when B << d
    I4 = intensity(matmul(B, d, d, bytes_w=0.5))                     # int4 weights, fp16 activations
    assert abs(I4 - 4 * B) / (4 * B) < 0.1                           # ~4x the intensity

print("ridge points (FLOPs/byte):", {g: round(ridge(g)) for g in GPUS})
assert round(ridge("A100-80GB-SXM bf16")) == 153 and round(ridge("H100-SXM bf16")) == 295

# batch at which a decode-time linear layer stops being memory-bound
for g in GPUS:
    nb = 1 if "fp8" in g else 2                                      # fp8: 1 byte per element
    B_star = next(B for B in range(1, 4096) if intensity(matmul(B, d, d, nb, nb, nb)) >= ridge(g))
    print(f"  {g:20s} decode GEMM becomes compute-bound at batch ~{B_star}")


# --- attention ---
def attn_prefill_naive(N, dh, b=2):
    """Per head: S = QK^T written to HBM, softmax reads S writes P, then PV. ~5 FLOPs/element softmax."""
    flops = 4 * N * N * dh + 5 * N * N
    traffic = b * (3 * N * dh + N * dh) + b * (N * N) * 4           # write S, read S, write P, read P
    return flops, traffic


def attn_prefill_flash(N, dh, b=2):
    """Fused: Q, K, V read once and O written once (the ideal; real tiling re-reads K,V N/Br times)."""
    return 4 * N * N * dh + 5 * N * N, b * 4 * N * dh


def attn_decode(L, dh, group, b=2):
    """One new token per sequence; a KV head of length L is read once and serves `group` query heads."""
    return group * 4 * L * dh, b * 2 * L * dh


N, dh = 8192, 128
I_naive, I_flash = intensity(attn_prefill_naive(N, dh)), intensity(attn_prefill_flash(N, dh))
print(f"prefill attention N={N}: naive {I_naive:.0f} FLOPs/B, fused {I_flash:.0f} FLOPs/B")
assert I_naive < ridge("A100-80GB-SXM bf16") < ridge("H100-SXM bf16") < I_flash
assert np.isclose(intensity(attn_prefill_flash(N, dh)), (4 * N * dh + 5 * N) / (8 * dh), rtol=1e-9)  # ~N/2
for group in (1, 8):
    I = intensity(attn_decode(32_768, dh, group))
    assert I == group                                               # independent of L and of batch
    print(f"decode attention, {group} query heads per KV head: {I:.0f} FLOPs/byte")

# elementwise: GELU on bf16, ~8 FLOPs per element, 2 bytes in + 2 bytes out
I_gelu = 8 / 4
print(f"GELU: {I_gelu} FLOPs/byte -> {attainable(I_gelu, 'H100-SXM bf16')/1e12:.1f} TFLOP/s of 989")


# --- time estimate for one decode step of a 70B dense model on 8 H100s (tensor parallel) ---
def step_time(params, batch, kv_bytes_per_seq, gpus=8, gpu="H100-SXM bf16", w_bytes=2):
    peak, bw = GPUS[gpu]
    flops = 2 * params * batch
    traffic = params * w_bytes + batch * kv_bytes_per_seq
    return max(flops / (gpus * peak), traffic / (gpus * bw)), flops / (gpus * peak), traffic / (gpus * bw)


kv = 2 * 80 * 8 * 128 * 2 * 2048                                   # Llama-2-70B GQA, 2k tokens, fp16
for B in (1, 32, 256):
    t, tc, tm = step_time(70e9, B, kv)
    bound = "compute" if tc > tm else "memory"
    print(f"70B decode, batch {B:3d}: compute {tc*1e3:5.2f} ms, memory {tm*1e3:5.2f} ms -> {bound}-bound, "
          f"{B/t:,.0f} tokens/s")
t1 = step_time(70e9, 1, kv)
assert t1[2] > 50 * t1[1]                                          # batch 1: bandwidth dominates 50x+
assert abs(t1[0] * 1e3 - 140e9 / (8 * 3.35e12) * 1e3) < 0.1        # ~5.2 ms floor = weights / bandwidth
