"""LayerNorm and RMSNorm from scratch in PyTorch: forward checked against nn.LayerNorm
(and F.layer_norm), a hand-derived LayerNorm backward checked against autograd, gradcheck,
invariance properties, and the two classic bugs (unbiased variance, eps outside the sqrt)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import gradcheck

torch.manual_seed(0)


class MyLayerNorm(nn.Module):
    def __init__(self, normalized_shape, eps=1e-5):
        super().__init__()
        self.shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(self.shape))
        self.bias = nn.Parameter(torch.zeros(self.shape))

    def forward(self, x):
        dims = tuple(range(-len(self.shape), 0))             # normalize over the trailing dims
        mu = x.mean(dim=dims, keepdim=True)
        var = x.var(dim=dims, keepdim=True, unbiased=False)  # biased (divide by N), like torch
        return (x - mu) / torch.sqrt(var + self.eps) * self.weight + self.bias


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        # Compute the statistic in at least float32 (half inputs are upcast), then cast back.
        xf = x.to(torch.promote_types(x.dtype, torch.float32))
        rms_inv = torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (xf * rms_inv).to(x.dtype) * self.weight


def layernorm_backward(dy, x, gamma, eps):
    """Analytic gradient of y = gamma * xhat + beta w.r.t. x over the last dim."""
    mu = x.mean(-1, keepdim=True)
    inv = 1.0 / torch.sqrt(x.var(-1, keepdim=True, unbiased=False) + eps)
    xhat = (x - mu) * inv
    g = dy * gamma
    dx = inv * (g - g.mean(-1, keepdim=True) - xhat * (g * xhat).mean(-1, keepdim=True))
    dgamma = (dy * xhat).sum(dim=tuple(range(dy.dim() - 1)))
    dbeta = dy.sum(dim=tuple(range(dy.dim() - 1)))
    return dx, dgamma, dbeta


B, T, D = 4, 5, 16
x = torch.randn(B, T, D) * 3 + 2

# ---- forward matches torch, including multi-dim normalized_shape ----
mine, ref = MyLayerNorm(D), nn.LayerNorm(D)
with torch.no_grad():
    for m in (mine, ref):
        m.weight.copy_(torch.randn(D)); m.bias.copy_(torch.randn(D))
    ref.weight.copy_(mine.weight); ref.bias.copy_(mine.bias)
assert torch.allclose(mine(x), ref(x), atol=1e-5)
assert torch.allclose(MyLayerNorm((T, D))(x), nn.LayerNorm((T, D))(x), atol=1e-5)

# ---- hand-derived backward matches autograd ----
xd = x.double().requires_grad_()
gamma, beta = torch.randn(D, dtype=torch.double, requires_grad=True), torch.randn(D, dtype=torch.double, requires_grad=True)
y = F.layer_norm(xd, (D,), gamma, beta, eps=1e-5)
dy = torch.randn_like(y)
auto = torch.autograd.grad(y, (xd, gamma, beta), dy)
manual = layernorm_backward(dy, xd.detach(), gamma.detach(), 1e-5)
assert all(torch.allclose(a, m, atol=1e-10) for a, m in zip(auto, manual))
# Row sums of dx are zero: LayerNorm output ignores a shift of its input.
assert torch.allclose(manual[0].sum(-1), torch.zeros(B, T, dtype=torch.double), atol=1e-10)

# ---- gradcheck through the modules (float64) ----
ln64, rms64 = MyLayerNorm(D).double(), RMSNorm(D).double()
xs = torch.randn(3, D, dtype=torch.double, requires_grad=True)
assert gradcheck(ln64, (xs,)) and gradcheck(rms64, (xs,))

# ---- invariances: LayerNorm to shift and scale, RMSNorm to scale only ----
ln, rms = MyLayerNorm(D), RMSNorm(D)
assert torch.allclose(ln(x), ln(5 * x + 7), atol=1e-4)
assert torch.allclose(rms(x), rms(5 * x), atol=1e-5)
assert not torch.allclose(rms(x), rms(x + 7), atol=1e-2)
# RMSNorm equals LayerNorm (no bias) exactly when the input has zero mean.
xc = x - x.mean(-1, keepdim=True)
assert torch.allclose(rms(xc), F.layer_norm(xc, (D,), eps=1e-6), atol=1e-5)
# Output statistics: LayerNorm rows have mean 0 and (biased) variance ~1; RMSNorm rows have RMS ~1.
out = ln(x)
assert torch.allclose(out.mean(-1), torch.zeros(B, T), atol=1e-5)
assert torch.allclose(rms(x).pow(2).mean(-1), torch.ones(B, T), atol=1e-4)

# ---- the classic bugs give measurably different answers ----
def ln_unbiased(x, eps=1e-5):
    return (x - x.mean(-1, keepdim=True)) / torch.sqrt(x.var(-1, keepdim=True) + eps)
def ln_eps_outside(x, eps=1e-5):
    return (x - x.mean(-1, keepdim=True)) / (x.std(-1, unbiased=False, keepdim=True) + eps)
err_unbiased = (ln_unbiased(x) - F.layer_norm(x, (D,))).abs().max().item()
small = torch.randn(2, D) * 1e-3                                # tiny activations: eps matters
err_eps = (ln_eps_outside(small) - F.layer_norm(small, (D,))).abs().max().item()
print(f"unbiased-variance bug max error: {err_unbiased:.4f} (D={D}); eps-outside-sqrt on tiny input: {err_eps:.4f}")
assert err_unbiased > 1e-2 and err_eps > 1e-2
# Half precision: squaring activations of ~1e3 overflows fp16 (max 65504). Accumulating in
# float32 keeps the statistic finite; the naive all-half version returns zeros.
xh = (x * 100).half()
rms_h = RMSNorm(D).half()
naive = xh * (xh.pow(2).mean(-1, keepdim=True) + 1e-6).pow(-0.5)   # all in fp16
assert torch.isinf(xh.pow(2)).any() and (naive == 0).any()
out_h = rms_h(xh)
assert out_h.dtype == torch.float16 and torch.isfinite(out_h).all()
assert torch.allclose(out_h.float(), RMSNorm(D)(x * 100), atol=1e-2)
