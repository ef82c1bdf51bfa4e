"""Number formats for quantisation in NumPy: affine int8 (scale, zero-point), per-tensor vs
per-channel scales, the s^2/12 rounding-error law, FP8 (E4M3/E5M2) and block-scaled FP4 (E2M1)."""
import numpy as np

rng = np.random.default_rng(0)


# ---------- integer formats ----------
def quant_affine(x, bits=8, symmetric=True, axis=None):
    """Return (q, scale, zero_point). axis=None: per-tensor; axis=1: one scale per row."""
    red = dict(axis=axis, keepdims=True) if axis is not None else {}
    if symmetric:                                   # z = 0, grid [-(2^(b-1)-1), 2^(b-1)-1]
        qmax = 2 ** (bits - 1) - 1
        s = np.abs(x).max(**red) / qmax
        z = np.zeros_like(s)
        q = np.clip(np.round(x / s), -qmax, qmax)
    else:                                           # unsigned grid [0, 2^b - 1], z shifts min to 0
        qmax = 2 ** bits - 1
        lo, hi = np.minimum(x.min(**red), 0), np.maximum(x.max(**red), 0)
        s = (hi - lo) / qmax
        z = np.round(-lo / s)
        q = np.clip(np.round(x / s) + z, 0, qmax)
    return q, s, z


def dequant(q, s, z):
    return s * (q - z)


# ---------- floating-point formats (round to nearest even, saturate) ----------
FORMATS = {  # name: (exponent bits, mantissa bits, bias, max finite value)
    "E4M3": (4, 3, 7, 448.0),
    "E5M2": (5, 2, 15, 57344.0),
    "E2M1": (2, 1, 1, 6.0),
}


def round_float(x, fmt):
    e_bits, m_bits, bias, fmax = FORMATS[fmt]
    emin = 1 - bias                                 # smallest normal exponent; below it: subnormals
    ax = np.abs(x)
    e = np.floor(np.log2(np.maximum(ax, 1e-45)))
    e = np.maximum(e, emin)
    step = 2.0 ** (e - m_bits)                      # spacing of representable values near x
    y = np.round(ax / step) * step
    return np.sign(x) * np.minimum(y, fmax)


def quant_fp(x, fmt, block=None, pow2_scale=False):
    """Scale so the block max maps to the format max, round, scale back."""
    fmax = FORMATS[fmt][3]
    xb = x.reshape(-1, block) if block else x.reshape(1, -1)
    s = np.abs(xb).max(1, keepdims=True) / fmax
    if pow2_scale:                                   # MX-style shared E8M0 scale (a power of two)
        s = 2.0 ** np.ceil(np.log2(s))
    return (round_float(xb / s, fmt) * s).reshape(x.shape)


def rel_err(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


# 1) The rounding-error law: without clipping, error ~ U(-s/2, s/2), so MSE = s^2/12.
x = rng.uniform(-1, 1, 1_000_000)
q, s, z = quant_affine(x, bits=8)
mse = np.mean((dequant(q, s, z) - x) ** 2)
print(f"int8 per-tensor: s={s:.5f}  MSE={mse:.3e}  s^2/12={s**2/12:.3e}")
assert abs(mse / (s ** 2 / 12) - 1) < 0.01

# each extra bit roughly halves s, so the MSE falls ~4x per bit (~6 dB of SQNR per bit)
for b in (4, 6, 8):
    q, s, z = quant_affine(x, bits=b)
    m = np.mean((dequant(q, s, z) - x) ** 2)
    print(f"  int{b}: MSE={m:.3e}  SQNR={10*np.log10(np.mean(x**2)/m):.1f} dB")
    assert abs(m / (s ** 2 / 12) - 1) < 0.02

# 2) Asymmetric (zero-point) quantisation wins on one-sided data such as post-ReLU/GELU activations.
relu = np.maximum(rng.normal(size=100_000), 0)
e_sym = rel_err(dequant(*quant_affine(relu, symmetric=True)), relu)
e_asym = rel_err(dequant(*quant_affine(relu, symmetric=False)), relu)
print(f"ReLU data int8: symmetric err={e_sym:.4f}  asymmetric err={e_asym:.4f}")
assert e_asym < 0.6 * e_sym                          # symmetric wastes the negative half of the grid
q, s, z = quant_affine(relu, symmetric=False)
assert np.all(dequant(q, s, z)[relu == 0] == 0.0)    # real 0 maps to integer z exactly (ReLU zeros, padding)

# 3) Per-channel vs per-tensor for a weight whose output rows have very different ranges.
W = rng.normal(size=(256, 512)) * np.exp(rng.normal(0, 1.0, size=(256, 1)))
e_tensor = rel_err(dequant(*quant_affine(W, bits=4)), W)
e_channel = rel_err(dequant(*quant_affine(W, bits=4, axis=1)), W)
print(f"int4 weight: per-tensor err={e_tensor:.3f}  per-output-channel err={e_channel:.3f}")
assert e_channel < 0.5 * e_tensor

# 4) Why per-output-channel (weights) x per-token (activations): the scales factor out of the
#    integer GEMM, so the kernel accumulates int8*int8 in int32 and rescales once at the end.
X = rng.normal(size=(16, 512)) * np.exp(rng.normal(0, 1, size=(16, 1)))
qx, sx, _ = quant_affine(X, axis=1)                  # one scale per token (row of X)
qw, sw, _ = quant_affine(W, axis=1)                  # one scale per output channel (row of W)
acc = qx.astype(np.int64) @ qw.astype(np.int64).T    # exact integer accumulation
assert np.abs(acc).max() < 2 ** 31                   # fits int32 accumulators
Y_int = acc * sx * sw.T                              # rescale: s_x[i] * s_w[j]
Y_deq = dequant(qx, sx, 0) @ dequant(qw, sw, 0).T
assert np.allclose(Y_int, Y_deq)
print(f"int8 GEMM output error vs fp64: {rel_err(Y_int, X @ W.T):.4f}")

# 5) Float formats: constant *relative* precision, set by the mantissa bits.
assert round_float(np.array([1e6]), "E4M3")[0] == 448 and round_float(np.array([1e6]), "E5M2")[0] == 57344
grid = np.unique(np.abs(round_float(np.linspace(-6, 6, 10001), "E2M1")))
print("E2M1 (FP4) magnitudes:", grid)
assert np.allclose(grid, [0, 0.5, 1, 1.5, 2, 3, 4, 6])
v = rng.uniform(0.02, 400, 100_000)                  # inside the normal range of E4M3
for fmt, m in (("E4M3", 3), ("E5M2", 2)):
    worst = np.max(np.abs(round_float(v, fmt) - v) / v)
    assert worst <= 2.0 ** -(m + 1) + 1e-12          # half a unit in the last place
    print(f"{fmt}: worst relative rounding error {worst:.4f} <= 2^-{m+1} = {2.0**-(m+1):.4f}")

# 6) Heavy-tailed tensor (Student-t, like LLM activations): compare formats at equal bit budget.
t = rng.standard_t(df=3, size=2 ** 16)
res = {
    "int8 per-tensor": rel_err(dequant(*quant_affine(t)), t),
    "fp8 E4M3 per-tensor": rel_err(quant_fp(t, "E4M3"), t),
    "int4 per-tensor": rel_err(dequant(*quant_affine(t, bits=4)), t),
    "int4 group-32": rel_err(dequant(*quant_affine(t.reshape(-1, 32), bits=4, axis=1)).ravel(), t),
    "MXFP4 (E2M1, block 32, pow2 scale)": rel_err(quant_fp(t, "E2M1", block=32, pow2_scale=True), t),
    "NVFP4-like (E2M1, block 16)": rel_err(quant_fp(t, "E2M1", block=16), t),
}
for k, val in res.items():
    print(f"  {k:36s} rel. error {val:.4f}")
assert res["fp8 E4M3 per-tensor"] < res["int8 per-tensor"]      # outliers stretch the int grid
assert res["int4 group-32"] < 0.5 * res["int4 per-tensor"]       # small blocks rescue 4 bits
assert res["NVFP4-like (E2M1, block 16)"] < res["MXFP4 (E2M1, block 32, pow2 scale)"]
# storage cost in bits per element, including the shared scales
bits = {"int4 g128 + fp16 scale": 4 + 16 / 128, "MXFP4": 4 + 8 / 32, "NVFP4": 4 + 8 / 16}
print("bits/element:", bits)
assert bits["MXFP4"] == 4.25 and bits["NVFP4"] == 4.5
