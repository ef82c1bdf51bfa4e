"""Classifier and classifier-free guidance with exact scores on a 1-D two-class mixture.

Class c in {0, 1}, x0 | c ~ N(mu_c, 1), mu = (-1.5, +1.5). With unit data variance the VP forward
process keeps x_t | c ~ N(sqrt(abar_t) mu_c, 1), so every score is available in closed form and the
classifier p(c | x_t) is a logistic function whose gradient we take with autograd."""
import math
import torch

torch.manual_seed(0)
mu = torch.tensor([-1.5, 1.5])
T = 1000
betas = torch.linspace(1e-4, 0.02, T, dtype=torch.float64)
alphas = 1 - betas
abar = torch.cumprod(alphas, 0)


def log_p_x_given_c(x, a, c):             # a = sqrt(abar_t)
    return -0.5 * (x - a * mu[c]) ** 2     # up to a constant shared by both classes


def log_p_x(x, a):
    return torch.logsumexp(torch.stack([log_p_x_given_c(x, a, 0), log_p_x_given_c(x, a, 1)]), 0) - math.log(2)


def score(fn, x):
    x = x.detach().requires_grad_(True)
    return torch.autograd.grad(fn(x).sum(), x)[0]


# 1) Bayes: grad log p(x|c) = grad log p(x) + grad log p(c|x), so exact classifier guidance
#    and exact classifier-free guidance are the same field.
x = torch.linspace(-4, 4, 81, dtype=torch.float64)
a = abar[500].sqrt()
cond = score(lambda z: log_p_x_given_c(z, a, 1), x)
uncond = score(lambda z: log_p_x(z, a), x)
clf = score(lambda z: log_p_x_given_c(z, a, 1) - log_p_x(z, a) + math.log(0.5), x)  # log p(c=1|x)
assert torch.allclose(cond, uncond + clf, atol=1e-10)
assert torch.allclose(cond, -(x - a * mu[1]), atol=1e-10)
p1 = torch.sigmoid(2 * a * mu[1] * x)
assert torch.allclose(uncond, -(x - a * (p1 * mu[1] + (1 - p1) * mu[0])), atol=1e-10)


def sample(w, c=1, n=20_000):
    """DDPM ancestral sampling with eps = eps_uncond + w (eps_cond - eps_uncond)."""
    x = torch.randn(n, dtype=torch.float64)
    for t in reversed(range(T)):
        a = abar[t].sqrt()
        s_c = -(x - a * mu[c])                                   # closed-form scores (checked above)
        p1 = torch.sigmoid(2 * a * mu[1] * x)                    # p(c=1 | x_t)
        s_u = -(x - a * (p1 * mu[1] + (1 - p1) * mu[0]))
        s = s_u + w * (s_c - s_u)                      # guided score
        eps = -(1 - abar[t]).sqrt() * s
        x = (x - betas[t] / (1 - abar[t]).sqrt() * eps) / alphas[t].sqrt()
        if t > 0:
            x = x + betas[t].sqrt() * torch.randn_like(x)
    return x.detach()


res = {}
for w in (0.0, 1.0, 3.0, 7.0):
    xs = sample(w)
    acc = (xs > 0).double().mean().item()          # Bayes classifier says "class 1" iff x > 0
    res[w] = (xs.mean().item(), xs.std().item(), acc)
    print(f"w={w:3.0f}: mean {res[w][0]:+.3f}  std {res[w][1]:.3f}  fraction classified as c=1 {acc:.4f}")

# The tilted target p(x|c) p(c|x)^(w-1), which guidance is often said to sample, computed on a grid at t=0
grid = torch.linspace(-8, 10, 20001, dtype=torch.float64)
for w in (3.0,):
    logq = log_p_x_given_c(grid, 1.0, 1) + (w - 1) * (log_p_x_given_c(grid, 1.0, 1) - log_p_x(grid, 1.0) + math.log(0.5))
    q = torch.softmax(logq, 0)
    m_tilt = (q * grid).sum().item()
    sd_tilt = ((q * (grid - m_tilt) ** 2).sum()).sqrt().item()
    print(f"tilted target at w={w:.0f}: mean {m_tilt:+.3f}  std {sd_tilt:.3f} (guided sampler: {res[w][0]:+.3f}, {res[w][1]:.3f})")

assert abs(res[0.0][0]) < 0.05 and abs(res[0.0][1] - math.sqrt(1 + 1.5 ** 2)) < 0.05   # unconditional mixture
assert abs(res[1.0][0] - 1.5) < 0.03 and abs(res[1.0][1] - 1.0) < 0.03                 # w = 1: exact p(x|c)
assert abs(res[1.0][2] - 0.9332) < 0.01                                                  # Phi(1.5)
assert res[7.0][1] < res[3.0][1] < res[1.0][1]          # diversity falls as w grows
assert res[7.0][2] >= res[3.0][2] > res[1.0][2] + 0.05  # class fidelity rises
assert res[3.0][0] - m_tilt > 0.2                       # guided sampling overshoots the tilted distribution
print("ok")
