"""Custom torch.autograd.Function examples, checked with torch.autograd.gradcheck:
a numerically stable logsumexp, a matmul with a hand-written backward, and a
straight-through estimator (STE) for rounding, whose gradient is deliberately not the true one."""
import torch
from torch.autograd import Function, gradcheck

torch.manual_seed(0)


class LogSumExp(Function):
    @staticmethod
    def forward(ctx, x, dim):
        m = x.amax(dim=dim, keepdim=True)
        m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))   # all -inf row: shift by 0
        out = m + torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True))
        ctx.save_for_backward(x, out)
        ctx.dim = dim
        return out.squeeze(dim)

    @staticmethod
    def backward(ctx, grad_out):
        x, out = ctx.saved_tensors
        softmax = torch.exp(x - out)                 # d lse / d x_i = softmax_i, reusing out
        return grad_out.unsqueeze(ctx.dim) * softmax, None   # no gradient for `dim`


class MatMul(Function):
    @staticmethod
    def forward(ctx, A, B):
        ctx.save_for_backward(A, B)
        return A @ B

    @staticmethod
    def backward(ctx, dC):
        A, B = ctx.saved_tensors
        dA = dC @ B.transpose(-1, -2) if ctx.needs_input_grad[0] else None
        dB = A.transpose(-1, -2) @ dC if ctx.needs_input_grad[1] else None
        return dA, dB


class RoundSTE(Function):
    """Forward: round. Backward: pass the gradient through where |x| <= clip (clipped identity)."""

    @staticmethod
    def forward(ctx, x, clip):
        ctx.save_for_backward(x)
        ctx.clip = clip
        return torch.round(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * (x.abs() <= ctx.clip).to(g.dtype), None


# ---- logsumexp: stable where the naive formula overflows, and gradcheck passes ----
big = torch.tensor([[1000.0, 1000.0], [-1000.0, -1000.0]])
naive = torch.log(torch.exp(big).sum(1))
ours = LogSumExp.apply(big, 1)
print("naive:", naive.tolist(), " stable:", ours.tolist())
assert torch.isinf(naive[0]) and naive[1] == -float("inf")
assert torch.allclose(ours, torch.tensor([1000.0, -1000.0]) + torch.log(torch.tensor(2.0)))
assert torch.allclose(ours, torch.logsumexp(big, 1))

x = torch.randn(4, 7, dtype=torch.double, requires_grad=True)
assert gradcheck(lambda t: LogSumExp.apply(t, 1), (x,), eps=1e-6, atol=1e-8)
assert gradcheck(lambda t: LogSumExp.apply(t, 0), (x,), eps=1e-6, atol=1e-8)
# The gradient of logsumexp is softmax, so each row of the gradient sums to 1.
LogSumExp.apply(x, 1).sum().backward()
assert torch.allclose(x.grad.sum(1), torch.ones(4, dtype=torch.double))
# A row of all -inf gives -inf, not NaN.
assert LogSumExp.apply(torch.full((1, 3), -float("inf")), 1).item() == -float("inf")

# ---- matmul backward: dA = dC B^T, dB = A^T dC, also for batched inputs ----
A = torch.randn(3, 4, dtype=torch.double, requires_grad=True)
B = torch.randn(4, 5, dtype=torch.double, requires_grad=True)
assert gradcheck(MatMul.apply, (A, B))
Ab = torch.randn(2, 3, 4, dtype=torch.double, requires_grad=True)
Bb = torch.randn(2, 4, 5, dtype=torch.double, requires_grad=True)
assert gradcheck(MatMul.apply, (Ab, Bb))
B_const = torch.randn(4, 5, dtype=torch.double)                     # needs_input_grad[1] False
MatMul.apply(A, B_const).sum().backward()
assert torch.allclose(A.grad, torch.ones(3, 5, dtype=torch.double) @ B_const.T)

# ---- STE: plain round has zero gradient almost everywhere; STE lets a quantized weight learn ----
w = torch.tensor([0.3], requires_grad=True)
torch.round(w * 4).sum().backward()
assert w.grad.item() == 0.0                                          # nothing to learn from

target = 2.75                                                        # representable: 11 / 4
for use_ste in (False, True):
    w = torch.tensor([0.3], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.05)
    for _ in range(200):
        opt.zero_grad()
        q = (RoundSTE.apply(w * 4, 100.0) if use_ste else torch.round(w * 4)) / 4
        loss = ((q - target) ** 2).sum()
        loss.backward()
        opt.step()
    print(f"STE={use_ste}: w={w.item():.3f}, quantized={q.item():.2f}, loss={loss.item():.4f}")
    if use_ste:
        assert q.item() == target and loss.item() == 0.0
    else:
        assert abs(w.item() - 0.3) < 1e-7 and loss.item() > 5                  # never moved
# The clip zeroes the gradient outside the range, like the hardtanh-STE used for binarization.
z = torch.tensor([0.5, 3.0], requires_grad=True)
RoundSTE.apply(z, 1.0).sum().backward()
assert z.grad.tolist() == [1.0, 0.0]
