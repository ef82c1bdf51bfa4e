"""Post-training INT8 quantization of a classifier layer, the way on-device runtimes do it.

Symmetric quantization: q = round(w / s), s = max|w| / 127, w_hat = s * q.
Per-tensor uses one scale for the whole matrix; per-channel uses one scale per output row.
When rows have very different ranges, per-channel keeps far more precision.
"""
import numpy as np

rng = np.random.default_rng(8)
d_in, n_classes, n = 256, 10, 5_000

# a "trained" linear head whose rows have very different magnitudes (common in real layers)
row_scale = np.exp(rng.normal(0, 1.0, n_classes))[:, None]
W = rng.normal(0, 0.05, (n_classes, d_in)) * row_scale
b = rng.normal(0, 0.1, n_classes)
X = rng.normal(0, 1, (n, d_in))
logits = X @ W.T + b
y = logits.argmax(1)                                  # labels = the float model's decisions


def quantize(w, axis=None):
    amax = np.abs(w).max() if axis is None else np.abs(w).max(axis=axis, keepdims=True)
    s = amax / 127.0
    q = np.clip(np.round(w / s), -127, 127).astype(np.int8)
    return q, s


q_t, s_t = quantize(W)                 # per-tensor
q_c, s_c = quantize(W, axis=1)         # per-channel (per output row)
W_t, W_c = s_t * q_t.astype(np.float64), s_c * q_c.astype(np.float64)


def rel_err(a, ref):
    return np.linalg.norm(a - ref) / np.linalg.norm(ref)


agree_t = np.mean((X @ W_t.T + b).argmax(1) == y)
agree_c = np.mean((X @ W_c.T + b).argmax(1) == y)
print(f"weights: {W.nbytes // 1024} KiB float64 -> {q_c.nbytes // 1024} KiB int8 "
      f"({W.astype(np.float32).nbytes / q_c.nbytes:.0f}x smaller than float32)")
print(f"relative weight error: per-tensor {rel_err(W_t, W):.4f}, per-channel {rel_err(W_c, W):.4f}")
print(f"top-1 agreement with the float model: per-tensor {agree_t:.4f}, per-channel {agree_c:.4f}")

# each weight is off by at most half a quantization step
assert np.all(np.abs(W_c - W) <= s_c / 2 + 1e-12)
assert np.all(np.abs(W_t - W) <= s_t / 2 + 1e-12)
# per-channel scales are much more accurate when row ranges differ
assert rel_err(W_c, W) < 0.5 * rel_err(W_t, W)
assert agree_c >= agree_t and agree_c > 0.99
# int8 storage is 4x smaller than float32
assert W.astype(np.float32).nbytes == 4 * q_c.nbytes
