"""Why warmup: Adam's first updates have magnitude ~lr for every parameter whatever the gradient
scale, because v_hat is estimated from one or a few samples. Plus the common schedules."""
import math

import numpy as np

rng = np.random.default_rng(0)

# Gradients spanning 6 orders of magnitude across parameters.
g_scale = 10.0 ** rng.uniform(-6, 0, size=1000)
lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
m = np.zeros(1000); v = np.zeros(1000)
updates = []
for t in range(1, 201):
    g = g_scale * rng.normal(size=1000)
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
    updates.append(lr * m_hat / (np.sqrt(v_hat) + eps))
updates = np.array(updates)

# Step 1: m_hat / sqrt(v_hat) = g / |g| = sign(g): every parameter moves by ~lr, whether its
# gradient is 1e-6 or 1 (only where |g| is comparable to eps = 1e-8 is the step smaller).
first = np.abs(updates[0]) / lr
assert np.mean(np.isclose(first, 1.0, rtol=1e-2)) > 0.95
# Early steps are large and noisy compared with later ones: |update| / lr for a noise-only
# gradient (true mean 0) should shrink as m averages out the noise.
early, late = np.abs(updates[:5]).mean() / lr, np.abs(updates[150:]).mean() / lr
print(f"mean |update|/lr: steps 1-5 {early:.2f}, steps 151-200 {late:.2f}")
assert early > 2 * late

# RAdam's analysis: the variance of the adaptive step is undefined/huge for the first few steps.
rho_inf = 2 / (1 - b2) - 1
rho = lambda t: rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
assert rho(4) < 5 < rho(6)                    # RAdam uses SGD-with-momentum until rho_t > 4 (about 5 steps)


def warmup_cosine(step, peak, warmup, total, floor=0.1):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


def inverse_sqrt(step, d_model=512, warmup=4000):          # "Attention Is All You Need"
    step = max(step, 1)
    return d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)


def wsd(step, peak, warmup, total, decay_frac=0.1):         # warmup-stable-decay
    decay_start = int(total * (1 - decay_frac))
    if step < warmup:
        return peak * (step + 1) / warmup
    if step < decay_start:
        return peak
    return peak * (total - step) / (total - decay_start)


peak, W, N = 3e-4, 2000, 100_000
assert math.isclose(warmup_cosine(W - 1, peak, W, N), peak)
assert math.isclose(warmup_cosine(N, peak, W, N), 0.1 * peak)
assert math.isclose(warmup_cosine(W + (N - W) // 2, peak, W, N), 0.55 * peak)
peak_step = max(range(1, 20000), key=inverse_sqrt)
assert peak_step == 4000 and math.isclose(inverse_sqrt(4000), 512 ** -0.5 * 4000 ** -0.5)
print(f"inverse-sqrt schedule peaks at step {peak_step} with lr {inverse_sqrt(4000):.2e}")
assert wsd(50_000, peak, W, N) == peak and wsd(N, peak, W, N) == 0.0
