"""Differential privacy: the Laplace mechanism's e^eps bound, Gaussian-mechanism noise,
randomised response (local DP), and DP-SGD (per-example clipping + Gaussian noise) in PyTorch."""
import math

import numpy as np
import torch

rng = np.random.default_rng(0)
torch.manual_seed(0)

# 1) Laplace mechanism for a count (sensitivity 1): output density ratio between neighbours <= e^eps
eps, sens = 1.0, 1.0
b = sens / eps
count_D, count_D2 = 42, 43                                  # neighbouring datasets differ by one person
lap_pdf = lambda z, mu: np.exp(-np.abs(z - mu) / b) / (2 * b)
grid = np.linspace(20, 65, 10_001)
ratio = lap_pdf(grid, count_D) / lap_pdf(grid, count_D2)
print(f"Laplace eps={eps}: max density ratio {ratio.max():.4f}, e^eps = {math.e ** eps:.4f}")
assert ratio.max() <= math.e ** eps + 1e-9 and ratio.min() >= math.e ** -eps - 1e-9
noisy = count_D + rng.laplace(0, b, 200_000)
assert abs(np.mean(np.abs(noisy - count_D)) - b) < 0.01     # mean absolute error = sens / eps
# empirically, the probability of any output event changes by at most e^eps
noisy2 = count_D2 + rng.laplace(0, b, 200_000)
event = lambda s: np.mean(s <= 41.5)
print(f"P(output <= 41.5): D {event(noisy):.4f}, D' {event(noisy2):.4f}, ratio {event(noisy) / event(noisy2):.3f}")
assert event(noisy) / event(noisy2) <= math.e ** eps * 1.05

# 2) Gaussian mechanism (classical bound, eps < 1): sigma = sens2 * sqrt(2 ln(1.25/delta)) / eps
def gaussian_sigma(eps, delta, sens2=1.0):
    return sens2 * math.sqrt(2 * math.log(1.25 / delta)) / eps

s = gaussian_sigma(0.5, 1e-5)
print(f"Gaussian mechanism eps=0.5, delta=1e-5: sigma = {s:.2f} x L2 sensitivity")
assert abs(s - 9.69) < 0.01
# a mean of n values clipped to [0, 100] has sensitivity 100/n (replace-one neighbours)
n = 10_000
print(f"clipped mean of {n} salaries in [0, 100k]: Laplace scale at eps=1 is {100_000 / n / 1.0:.0f}")

# 3) Randomised response (local DP): truthful with prob 1/2, else a fair coin -> eps = ln 3
true_rate, m = 0.30, 100_000
truth = rng.random(m) < true_rate
honest = rng.random(m) < 0.5
answer = np.where(honest, truth, rng.random(m) < 0.5)
est = 2 * answer.mean() - 0.5                               # P(yes) = p/2 + 1/4
print(f"randomised response: eps = ln 3 = {math.log(3):.3f}; estimated rate {est:.3f} (true 0.30)")
assert abs(est - true_rate) < 0.01
assert np.isclose((0.5 + 0.25) / 0.25, 3.0)                 # P(yes|yes) / P(yes|no)

# 4) DP-SGD on logistic regression: clip each example's gradient to norm C, add N(0, (sigma C)^2)
d, N = 10, 4000
w_true = torch.randn(d)
X = torch.randn(N, d)
y = (torch.sigmoid(X @ w_true) > torch.rand(N)).float()


def per_example_grads(w, xb, yb):
    """Closed form for logistic loss: (sigmoid(x.w) - y) x, one row per example."""
    return (torch.sigmoid(xb @ w) - yb)[:, None] * xb


# check the closed form against autograd, one example at a time
w0 = torch.randn(d, requires_grad=True)
for i in range(3):
    loss = torch.nn.functional.binary_cross_entropy_with_logits(X[i] @ w0, y[i])
    g, = torch.autograd.grad(loss, w0)
    assert torch.allclose(g, per_example_grads(w0.detach(), X[i:i + 1], y[i:i + 1])[0], atol=1e-6)


def train(dp, C=1.0, noise_mult=1.0, lr=0.5, steps=600, batch=200):
    w = torch.zeros(d)
    for _ in range(steps):
        idx = torch.randint(0, N, (batch,))
        G = per_example_grads(w, X[idx], y[idx])
        if dp:
            scale = torch.clamp(C / (G.norm(dim=1) + 1e-12), max=1.0)
            G = G * scale[:, None]                          # every example's norm <= C
            assert G.norm(dim=1).max() <= C + 1e-5
            g = (G.sum(0) + noise_mult * C * torch.randn(d)) / batch
        else:
            g = G.mean(0)
        w -= lr * g
    return ((torch.sigmoid(X @ w) > 0.5).float() == y).float().mean().item()


acc_plain, acc_dp = train(dp=False), train(dp=True)
print(f"accuracy: SGD {acc_plain:.3f}, DP-SGD (C=1, noise multiplier 1.0) {acc_dp:.3f}")
assert acc_dp > acc_plain - 0.05
print("ok")
