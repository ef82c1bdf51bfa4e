"""Weight quantisation in miniature: absmax int8 and int4, per-tensor vs per-group scales,
the effect of outliers, and the decode-speed arithmetic of fewer bytes per weight."""
import numpy as np

rng = np.random.default_rng(0)
W = rng.normal(0, 0.02, size=(1024, 1024)).astype(np.float32)
W[rng.integers(0, 1024, 20), rng.integers(0, 1024, 20)] = 0.5   # a few large outlier weights
x = rng.normal(size=(16, 1024)).astype(np.float32)


def quantize(w, bits, group=None):
    """Symmetric absmax quantisation; one scale per tensor or per `group` consecutive inputs."""
    qmax = 2 ** (bits - 1) - 1                                   # 127 for int8, 7 for int4
    shape = w.shape
    g = w.reshape(-1, group) if group else w.reshape(1, -1)
    scale = np.abs(g).max(axis=1, keepdims=True) / qmax
    q = np.clip(np.round(g / scale), -qmax, qmax)
    return (q * scale).reshape(shape), scale


def rel_err(w_hat):
    return np.linalg.norm(x @ W.T - x @ w_hat.T) / np.linalg.norm(x @ W.T)


errs = {}
for bits in (8, 4):
    for group in (None, 128, 32):
        w_hat, scale = quantize(W, bits, group)
        # rounding error is at most half a quantisation step everywhere
        step = np.repeat(scale, group or W.size, axis=1).reshape(W.shape) if group else scale
        assert np.all(np.abs(W - w_hat) <= step / 2 + 1e-7)
        errs[(bits, group)] = rel_err(w_hat)
        print(f"int{bits} {'per-tensor' if group is None else f'group={group}':>10}: "
              f"output error {errs[(bits, group)]:.4f}")

# Outliers stretch a per-tensor scale, so small weights round to zero; groups localise the damage
assert errs[(4, 128)] < errs[(4, None)] / 3
assert errs[(4, 32)] < errs[(4, 128)]
assert errs[(8, 128)] < errs[(4, 128)]
# Per-tensor int4 with outliers rounds most weights to zero
w4, _ = quantize(W, 4)
assert np.mean(w4 == 0) > 0.9

# Storage cost of the scales: fp16 scale per group of 128 int4 weights = 4 + 16/128 bits
bits_per_weight = 4 + 16 / 128
assert bits_per_weight == 4.125

# Decode at batch 1 is bandwidth-bound: time/token >= bytes of weights / HBM bandwidth
params, bw = 70e9, 3.35e12                        # 70B model, 3.35 TB/s (one H100 of bandwidth)
for name, bytes_per in [("fp16", 2), ("int8", 1), ("int4", 4.125 / 8)]:
    print(f"{name}: {params * bytes_per / 1e9:6.1f} GB of weights, >= {params * bytes_per / bw * 1e3:5.1f} ms/token")
assert np.isclose(params * 2 / bw * 1e3, 41.8, atol=0.1)
