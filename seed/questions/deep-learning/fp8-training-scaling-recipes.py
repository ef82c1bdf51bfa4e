"""FP8 training numerics simulated in PyTorch (torch 1.13 has no float8 dtype, so values are rounded
to the E4M3/E5M2 grids in float32): why scaling factors are needed, delayed vs current scaling
when the range jumps, per-tensor vs 1x128 block scales with outliers, and an MLP trained with
FP8 GEMMs (E4M3 forward, E5M2 gradients) against an fp32 baseline."""
import torch
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
FMT = {"E4M3": (3, -6, 448.0), "E5M2": (2, -14, 57344.0)}   # mantissa bits, min normal exponent, max


def to_fp8(x, fmt):
    """Round to nearest representable FP8 value (with subnormals), saturating at the max."""
    m, emin, fmax = FMT[fmt]
    e = torch.floor(torch.log2(x.abs().clamp_min(1e-30))).clamp_min(emin)
    step = 2.0 ** (e - m)
    return (torch.round(x / step) * step).clamp(-fmax, fmax)


def scaled(x, fmt, amax=None, margin=0):
    """Scale so that amax maps to the format max (times 2^-margin), cast, unscale."""
    amax = x.abs().max() if amax is None else amax
    s = FMT[fmt][2] / amax / 2 ** margin
    return to_fp8(x * s, fmt) / s


def rel(a, b):
    return ((a - b).norm() / b.norm()).item()


# 1) Without a scale, small gradients underflow; large activations saturate.
g = torch.randn(10000) * 1e-6                                   # typical late-training gradient size
print(f"gradients ~1e-6: unscaled E5M2 zeros {(to_fp8(g, 'E5M2') == 0).float().mean():.1%}, "
      f"unscaled E4M3 zeros {(to_fp8(g, 'E4M3') == 0).float().mean():.1%}, "
      f"scaled E5M2 error {rel(scaled(g, 'E5M2'), g):.3f}")
assert (to_fp8(g, "E5M2") == 0).float().mean() > 0.99           # E5M2 min subnormal 2^-16 = 1.5e-5
assert rel(scaled(g, "E5M2"), g) < 0.1
a = torch.randn(10000) * 300
assert (to_fp8(a, "E4M3").abs() == 448).float().mean() > 0.1   # >10% clipped at 448 without a scale
assert rel(scaled(a, "E4M3"), a) < 0.05

# 2) Delayed scaling (amax from a history window) vs current (just-in-time) scaling
history, sat_delayed, sat_current = [], [], []
for step in range(40):
    x = torch.randn(4096) * (1.0 if step < 30 else 8.0)        # range jumps 8x at step 30 (a spike)
    amax_hist = max(history[-16:]) if history else x.abs().max()
    s_del = 448 / amax_hist
    sat_delayed.append(((x * s_del).abs() > 448).float().mean().item())
    s_cur = 448 / x.abs().max()
    sat_current.append(((x * s_cur).abs() > 448 * 1.0001).float().mean().item())   # float slack
    history.append(x.abs().max())
print(f"spike step: delayed scaling saturates {sat_delayed[30]:.1%} of values, current scaling "
      f"{sat_current[30]:.1%}; delayed recovers once the history holds the new amax ({sat_delayed[31]:.2%})")
assert sat_delayed[30] > 0.3 and max(sat_current) == 0 and sat_delayed[31] < 1e-3

# 3) One scale per tensor vs one per 1x128 tile, activations with outlier channels. FP8 has ~constant
#    relative precision over its normal range (448 / 2^-6 = 2^15), so moderate outliers are harmless;
#    once the outliers push ordinary values into the subnormal range, fine-grained scales are needed.
res = {}
for boost in (200.0, 20000.0):
    act = torch.randn(64, 1024)
    act[:, torch.randperm(1024)[:4]] *= boost
    per_tensor = scaled(act, "E4M3")
    per_tile = torch.cat([scaled(t, "E4M3") for t in act.reshape(-1, 128)]).reshape(64, 1024)
    small = act.abs() < 3                                       # the ordinary (non-outlier) values
    res[boost] = (rel(per_tensor[small], act[small]), rel(per_tile[small], act[small]))
    print(f"outliers x{boost:g}: E4M3 error on ordinary values, per-tensor {res[boost][0]:.3f}, "
          f"1x128 tiles {res[boost][1]:.3f}")
assert res[200.0][0] < 0.05                                     # per-tensor is fine for 200x outliers
assert res[20000.0][1] < 0.5 * res[20000.0][0]                   # tiles win when the range is extreme


# 4) Train an MLP with FP8 GEMMs: E4M3 for activations and weights, E5M2 for output gradients
class FP8Matmul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w):
        xq, wq = scaled(x, "E4M3"), scaled(w, "E4M3")
        ctx.save_for_backward(xq, wq)                           # saved in FP8 too: half the memory
        return xq @ wq.t()                                      # accumulate in fp32

    @staticmethod
    def backward(ctx, gy):
        xq, wq = ctx.saved_tensors
        gq = scaled(gy, "E5M2")
        return gq @ wq, gq.t() @ xq


def run(fp8, steps=400):
    torch.manual_seed(1)
    W1 = (torch.randn(128, 32) / 32 ** 0.5).requires_grad_()   # fp32 master weights
    W2 = (torch.randn(1, 128) / 128 ** 0.5).requires_grad_()
    opt = torch.optim.Adam([W1, W2], lr=3e-3)
    mm = FP8Matmul.apply if fp8 else (lambda x, w: x @ w.t())
    for _ in range(steps):
        x = torch.randn(256, 32)
        y = torch.sin(x[:, :1] * 2) + x[:, 1:2] * x[:, 2:3]
        loss = F.mse_loss(mm(F.gelu(mm(x, W1)), W2), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    x = torch.randn(4096, 32)
    y = torch.sin(x[:, :1] * 2) + x[:, 1:2] * x[:, 2:3]
    with torch.no_grad():
        return F.mse_loss(F.gelu(x @ W1.t()) @ W2.t(), y).item()


l32, l8 = run(False), run(True)
print(f"test MSE after 400 steps: fp32 GEMMs {l32:.4f}, simulated FP8 GEMMs {l8:.4f}")
assert abs(l8 - l32) / l32 < 0.1
