"""Depthwise-separable convolution in numpy: it equals a standard convolution whose kernel is
constrained to W[o, c] = P[o, c] * D[c], and its cost ratio is 1/C_out + 1/k^2."""
import numpy as np

rng = np.random.default_rng(0)


def conv2d(x, w, pad=1):
    """Standard conv. x: (C_in, H, W), w: (C_out, C_in, k, k), stride 1."""
    c_out, c_in, k, _ = w.shape
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    H, W = x.shape[1] - k + 1, x.shape[2] - k + 1
    out = np.zeros((c_out, H, W))
    for i in range(k):
        for j in range(k):                                  # accumulate one kernel tap at a time
            out += np.einsum("oc,chw->ohw", w[:, :, i, j], x[:, i:i + H, j:j + W])
    return out


def depthwise(x, d, pad=1):
    """One k x k filter per channel, no channel mixing. d: (C, k, k)."""
    C, k, _ = d.shape
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    H, W = x.shape[1] - k + 1, x.shape[2] - k + 1
    out = np.zeros((C, H, W))
    for i in range(k):
        for j in range(k):
            out += d[:, i, j][:, None, None] * x[:, i:i + H, j:j + W]
    return out


def pointwise(x, p):
    """1x1 conv: mixes channels at each pixel. p: (C_out, C_in)."""
    return np.einsum("oc,chw->ohw", p, x)


C_in, C_out, k, H = 32, 64, 3, 14
x = rng.normal(size=(C_in, H, H))
D = rng.normal(size=(C_in, k, k))
P = rng.normal(size=(C_out, C_in))

separable = pointwise(depthwise(x, D), P)
W_equiv = P[:, :, None, None] * D[None, :, :, :]            # rank-constrained full kernel
assert np.allclose(separable, conv2d(x, W_equiv))

# Cost: parameters and multiply-accumulates (MACs) per output pixel.
std_params = k * k * C_in * C_out
sep_params = k * k * C_in + C_in * C_out
ratio = sep_params / std_params
assert np.isclose(ratio, 1 / C_out + 1 / k ** 2)
print(f"C_in={C_in}, C_out={C_out}, k={k}: separable uses {ratio:.3f} of the weights/MACs ({1/ratio:.1f}x fewer)")

# MobileNet-sized layer: 512 -> 512 channels, 3x3, 14x14 map.
c, hw = 512, 14 * 14
std_macs = 9 * c * c * hw
sep_macs = 9 * c * hw + c * c * hw
assert round(std_macs / 1e6, 1) == 462.4 and round(sep_macs / 1e6, 1) == 52.3
assert 8.8 < std_macs / sep_macs < 8.9                    # ~8.8x fewer

# Arithmetic intensity (MACs per element read/written, fp16 ignored): depthwise is memory-bound.
dw_intensity = (9 * c * hw) / (2 * c * hw + 9 * c)
pw_intensity = (c * c * hw) / (2 * c * hw + c * c)
assert dw_intensity < 5 < 100 < pw_intensity
print(f"MACs per element moved: depthwise {dw_intensity:.1f}, pointwise {pw_intensity:.1f}")
