"""Integrated gradients in PyTorch: completeness, why plain gradients fail under saturation, and how
many integration steps you need."""
import torch

torch.manual_seed(0)


def integrated_gradients(f, x, baseline, steps=64):
    # trapezoidal rule on the straight path baseline -> x
    alphas = torch.linspace(0, 1, steps + 1).unsqueeze(1)
    path = (baseline + alphas * (x - baseline)).requires_grad_(True)
    grads, = torch.autograd.grad(f(path).sum(), path)
    avg_grad = (grads[:-1] + grads[1:]).mean(0) / 2
    return (x - baseline) * avg_grad


# 1) Saturation: F(x) = min(1, x1 + x2) = 1 - relu(1 - x1 - x2). At x = (1, 1) the function is flat.
sat = lambda z: 1 - torch.relu(1 - z[..., 0] - z[..., 1])
x, base = torch.tensor([1.0, 1.0]), torch.zeros(2)
xg = x.clone().requires_grad_(True)
grad, = torch.autograd.grad(sat(xg), xg)
ig = integrated_gradients(sat, x, base, steps=1000)
print(f"saturated F: gradient*input {(grad * x).tolist()}, IG {ig.numpy().round(3).tolist()}, "
      f"F(x)-F(0) = {(sat(x) - sat(base)).item():.1f}")
assert torch.all(grad == 0)                                  # gradients say: nothing matters
assert torch.allclose(ig, torch.tensor([0.5, 0.5]), atol=2e-3)  # IG splits the output change fairly

# 2) Linear model: IG equals (x - x') * w exactly, for any number of steps
w = torch.randn(5)
lin = lambda z: z @ w
x5, b5 = torch.randn(5), torch.randn(5)
assert torch.allclose(integrated_gradients(lin, x5, b5, steps=1), (x5 - b5) * w, atol=1e-6)

# 3) A random MLP: completeness sum_i IG_i = F(x) - F(x'), and the Riemann error shrinks with steps
net = torch.nn.Sequential(torch.nn.Linear(10, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64),
                          torch.nn.Tanh(), torch.nn.Linear(64, 1))
F = lambda z: net(z).squeeze(-1)
x10 = 2 * torch.randn(10)
baseline = torch.zeros(10)
target = (F(x10) - F(baseline)).item()
errs = {}
for steps in (4, 16, 64, 256):
    attr = integrated_gradients(F, x10, baseline, steps)
    errs[steps] = abs(attr.sum().item() - target)
    print(f"steps {steps:4d}: sum of IG {attr.sum().item():+.5f} vs F(x)-F(x') {target:+.5f}  "
          f"completeness error {errs[steps]:.2e}")
assert errs[256] < 1e-3 * max(1.0, abs(target))
assert errs[256] < errs[16] and errs[64] < errs[4]

# Gradient*input has no such guarantee on the same network
xr = x10.clone().requires_grad_(True)
g, = torch.autograd.grad(F(xr), xr)
gxi = (g * x10).sum().item()
print(f"gradient*input sums to {gxi:+.5f}, not {target:+.5f}")
assert abs(gxi - target) > 10 * errs[256]

# Baseline choice changes the answer: the attributions explain F(x) - F(x'), relative to x'
attr_b = integrated_gradients(F, x10, x10 * 0.5, 256)
assert abs(attr_b.sum().item() - (F(x10) - F(x10 * 0.5)).item()) < 1e-3
print("ok")
