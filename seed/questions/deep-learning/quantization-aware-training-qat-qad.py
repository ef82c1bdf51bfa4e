"""Quantization-aware training (QAT) and quantization-aware distillation (QAD) in PyTorch:
fake quantization with a straight-through estimator, a learnable (LSQ-style) step size, and
low-bit recovery compared with post-training quantization (PTQ)."""
import copy
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_num_threads(1)
BITS = 2
QMAX = 2 ** (BITS - 1) - 1                             # symmetric 2-bit grid {-1, 0, 1} (one code unused)


class FakeQuantSTE(torch.autograd.Function):
    """Forward: round to the grid and clip. Backward: identity inside the clip range, 0 outside."""

    @staticmethod
    def forward(ctx, w, scale):
        q = torch.clamp(torch.round(w / scale), -QMAX, QMAX)
        ctx.save_for_backward(w, scale)
        return q * scale

    @staticmethod
    def backward(ctx, g):
        w, scale = ctx.saved_tensors
        inside = (w / scale).abs() <= QMAX + 0.5
        return g * inside, None


def fake_quant_lsq(w, scale):
    """LSQ: same forward; the scale gets a gradient too (round treated as identity via detach)."""
    x = w / scale
    x_q = torch.clamp(x + (torch.round(x) - x).detach(), -QMAX, QMAX)   # STE for round, true clamp grad
    return x_q * scale


class QLinear(nn.Linear):
    def __init__(self, lin, learn_scale=False):
        super().__init__(lin.in_features, lin.out_features)
        self.load_state_dict(lin.state_dict())
        init = self.weight.detach().abs().max(1, keepdim=True).values     # per-output-channel scale
        self.scale = nn.Parameter(init, requires_grad=learn_scale)
        self.learn_scale = learn_scale

    def qweight(self):
        if self.learn_scale:
            return fake_quant_lsq(self.weight, self.scale)
        return FakeQuantSTE.apply(self.weight, self.scale)

    def forward(self, x):
        return F.linear(x, self.qweight(), self.bias)


def quantize_model(model, learn_scale=False):
    m = copy.deepcopy(model)
    for i, layer in enumerate(m):
        if isinstance(layer, nn.Linear):
            m[i] = QLinear(layer, learn_scale)
    return m


# 1) STE gradient: identity inside the range, zero for clipped weights
w = torch.tensor([-5.0, -0.4, 0.2, 0.7, 5.0], requires_grad=True)
FakeQuantSTE.apply(w, torch.tensor(1.0)).sum().backward()
assert torch.equal(w.grad, torch.tensor([0.0, 1.0, 1.0, 1.0, 0.0]))
ws = torch.randn(8, requires_grad=True)
s = torch.tensor(0.5, requires_grad=True)
fake_quant_lsq(ws, s).pow(2).sum().backward()
assert s.grad is not None and s.grad != 0                # the step size is learnable

# 2) A teacher: full-precision MLP classifier
d_in, n_cls = 32, 4
gen = nn.Sequential(nn.Linear(d_in, 64), nn.Tanh(), nn.Linear(64, n_cls))
X = torch.randn(8000, d_in)
with torch.no_grad():
    y = gen(X).argmax(1)
Xtr, ytr, Xte, yte = X[:6000], y[:6000], X[6000:], y[6000:]
fp = nn.Sequential(nn.Linear(d_in, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, n_cls))


def acc(m, X=Xte, y=yte):
    with torch.no_grad():
        return (m(X).argmax(1) == y).float().mean().item()


def fit(m, steps, loss_fn, lr):
    opt = torch.optim.Adam([p for p in m.parameters() if p.requires_grad], lr=lr)
    for _ in range(steps):
        i = torch.randint(0, len(Xtr), (256,))
        loss = loss_fn(m, Xtr[i], ytr[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return m


ce = lambda m, x, t: F.cross_entropy(m(x), t)
fit(fp, 800, ce, 3e-3)
acc_fp = acc(fp)

# 3) PTQ: round the trained weights once
ptq = quantize_model(fp)
acc_ptq = acc(ptq)

# 4) QAT: fine-tune through the fake quantizer on the labelled data
qat = fit(quantize_model(fp, learn_scale=True), 250, ce, 2e-3)


# 5) QAD: same fake-quant student, but the target is the full-precision model's distribution (no labels)
def kd(m, x, _t, T=2.0):
    with torch.no_grad():
        p_teacher = F.softmax(fp(x) / T, -1)
    return F.kl_div(F.log_softmax(m(x) / T, -1), p_teacher, reduction="batchmean") * T * T


qad = fit(quantize_model(fp, learn_scale=True), 250, kd, 2e-3)

with torch.no_grad():
    teacher_pred = fp(Xte).argmax(1)
agree = {k: acc(m, Xte, teacher_pred) for k, m in (("PTQ", ptq), ("QAT", qat), ("QAD", qad))}
print(f"{BITS}-bit weights, per-channel scales")
print(f"  full precision   accuracy {acc_fp:.3f}")
for k, m in (("PTQ", ptq), ("QAT", qat), ("QAD", qad)):
    print(f"  {k}              accuracy {acc(m):.3f}   agreement with FP model {agree[k]:.3f}")

assert acc_ptq < acc_fp - 0.05                        # one-shot rounding to 2 bits hurts badly
assert acc(qat) > acc_ptq + 0.05 and acc(qad) > acc_ptq + 0.05
assert agree["QAD"] >= agree["PTQ"] + 0.05            # QAD tracks the teacher without any labels

# 6) The deployed weights really are on the grid: integers in {-1, 0, 1} times a per-row scale
W = qad[0].qweight().detach()
codes = W / qad[0].scale.detach()
assert torch.allclose(codes, codes.round(), atol=1e-5) and codes.abs().max() <= QMAX
print("exported codes:", sorted(set(codes.round().int().flatten().tolist())))
