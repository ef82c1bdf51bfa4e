"""Generating random variables from uniforms: inverse transform, discrete sampling, Box-Muller, rejection."""
from math import e, pi, sqrt

import numpy as np

rng = np.random.default_rng(41)
N = 400_000

# 1) inverse transform: Exponential(rate) via F^{-1}(u) = -ln(1 - u) / rate
rate = 2.0
u = rng.random(N)
expo = -np.log1p(-u) / rate
assert abs(expo.mean() - 1 / rate) < 0.005 and abs(expo.var() - 1 / rate**2) < 0.005
# KS-style check against the true CDF
xs = np.sort(expo)
ks = np.max(np.abs(np.arange(1, N + 1) / N - (1 - np.exp(-rate * xs))))
assert ks < 0.005

# 2) inverse transform for a discrete distribution: cumulative sums + binary search
p = np.array([0.1, 0.2, 0.3, 0.4])
draws = np.searchsorted(np.cumsum(p), rng.random(N), side="right")
freq = np.bincount(draws, minlength=4) / N
assert np.allclose(freq, p, atol=0.005)

# 3) Box-Muller: two uniforms -> two independent standard normals
u1, u2 = rng.random(N), rng.random(N)
r = np.sqrt(-2 * np.log1p(-u1))
z1, z2 = r * np.cos(2 * pi * u2), r * np.sin(2 * pi * u2)
assert abs(z1.mean()) < 0.01 and abs(z1.std() - 1) < 0.01
assert abs(np.corrcoef(z1, z2)[0, 1]) < 0.01
assert abs(np.mean(np.abs(z1) < 1.96) - 0.95) < 0.003


# 4) rejection sampling: standard normal from a Laplace(0, 1) proposal, M = sqrt(2e/pi)
def normal_by_rejection(n):
    M = sqrt(2 * e / pi)
    out = []
    proposals = 0
    while sum(len(o) for o in out) < n:
        x = rng.laplace(0, 1, n)
        proposals += n
        f = np.exp(-x**2 / 2) / sqrt(2 * pi)
        g = 0.5 * np.exp(-np.abs(x))
        out.append(x[rng.random(n) < f / (M * g)])
    return np.concatenate(out)[:n], n / proposals, M


z, acc, M = normal_by_rejection(200_000)
print(f"rejection sampler: mean={z.mean():.4f}, sd={z.std():.4f}")
assert abs(M - 1.3155) < 1e-3
assert abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01
assert abs(np.mean(z > 1.0) - 0.1587) < 0.004

# exact acceptance rate from one batch
x = rng.laplace(0, 1, N)
accept = rng.random(N) < np.exp(-x**2 / 2) / sqrt(2 * pi) / (M * 0.5 * np.exp(-np.abs(x)))
assert abs(accept.mean() - 1 / M) < 0.003
print(f"acceptance rate={accept.mean():.3f} (theory 1/M={1 / M:.3f})")
