"""DDPM in 1-D with an exact noise predictor: the closed-form forward process, and ancestral
sampling that turns pure noise back into a two-mode data distribution."""
import numpy as np

rng = np.random.default_rng(0)
T = 1000
betas = np.linspace(1e-4, 0.02, T)                  # DDPM's linear schedule
alphas = 1 - betas
abar = np.cumprod(alphas)
print(f"abar_T = {abar[-1]:.2e}, SNR at t=T: {abar[-1] / (1 - abar[-1]):.1e}")
assert abar[-1] < 1e-4                               # x_T is essentially pure N(0, 1) noise

# Data: mixture 0.5 N(-2, 0.5^2) + 0.5 N(2, 0.5^2)
mus, s = np.array([-2.0, 2.0]), 0.5
sample_data = lambda n: rng.choice(mus, size=n) + s * rng.normal(size=n)

# 1) Forward process: iterating x_t = sqrt(a_t) x_{t-1} + sqrt(b_t) eps matches the closed form
#    q(x_t | x_0) = N(sqrt(abar_t) x_0, 1 - abar_t).
x0 = np.full(50_000, 1.7)
x = x0.copy()
for t in range(300):
    x = np.sqrt(alphas[t]) * x + np.sqrt(betas[t]) * rng.normal(size=x.shape)
assert np.isclose(x.mean(), np.sqrt(abar[299]) * 1.7, atol=0.02)
assert np.isclose(x.var(), 1 - abar[299], rtol=0.03)


# 2) Exact epsilon-prediction for this data (what a perfect network trained with
#    || eps - eps_theta(x_t, t) ||^2 would learn): eps_hat = (x_t - sqrt(abar) E[x0 | x_t]) / sqrt(1 - abar).
def eps_hat(xt, t):
    a = abar[t]
    var_k = a * s ** 2 + (1 - a)                       # Var(x_t | component k)
    logw = -0.5 * (xt[:, None] - np.sqrt(a) * mus) ** 2 / var_k
    w = np.exp(logw - logw.max(1, keepdims=True)); w /= w.sum(1, keepdims=True)
    x0_k = mus + np.sqrt(a) * s ** 2 / var_k * (xt[:, None] - np.sqrt(a) * mus)
    x0_hat = (w * x0_k).sum(1)
    return (xt - np.sqrt(a) * x0_hat) / np.sqrt(1 - a)


# The optimal predictor has lower MSE than any perturbed version on fresh (x0, eps, t) draws.
t = 400
x0s, eps = sample_data(100_000), rng.normal(size=100_000)
xt = np.sqrt(abar[t]) * x0s + np.sqrt(1 - abar[t]) * eps
mse = np.mean((eps - eps_hat(xt, t)) ** 2)
assert mse < np.mean((eps - 1.05 * eps_hat(xt, t)) ** 2) and mse < np.mean((eps - 0.95 * eps_hat(xt, t)) ** 2)

# 3) Ancestral sampling: x_{t-1} = (x_t - b_t / sqrt(1 - abar_t) * eps_hat) / sqrt(a_t) + sigma_t z
n = 6_000
x = rng.normal(size=n)
for t in range(T - 1, -1, -1):
    mean = (x - betas[t] / np.sqrt(1 - abar[t]) * eps_hat(x, t)) / np.sqrt(alphas[t])
    if t > 0:
        sigma = np.sqrt(betas[t] * (1 - abar[t - 1]) / (1 - abar[t]))   # posterior variance
        x = mean + sigma * rng.normal(size=n)
    else:
        x = mean
pos = x > 0
print(f"generated: {pos.mean():.3f} in the right mode; mode means {x[~pos].mean():.2f}, {x[pos].mean():.2f}; "
      f"within-mode std {x[pos].std():.3f}")
assert abs(pos.mean() - 0.5) < 0.03
assert np.isclose(x[pos].mean(), 2.0, atol=0.05) and np.isclose(x[~pos].mean(), -2.0, atol=0.05)
assert np.isclose(x[pos].std(), s, atol=0.05) and np.isclose(x[~pos].std(), s, atol=0.05)
