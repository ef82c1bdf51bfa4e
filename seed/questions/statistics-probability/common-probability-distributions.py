"""Relations between common distributions, checked by simulation and closed forms."""
from math import comb, exp, factorial

import numpy as np

rng = np.random.default_rng(21)

# 1) Binomial(n, p) -> Poisson(np): total variation distance is small
n, p = 10_000, 0.0005
lam = n * p
binom_pmf = np.array([comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(40)])
pois_pmf = np.array([exp(-lam) * lam**k / factorial(k) for k in range(40)])
tv = 0.5 * np.abs(binom_pmf - pois_pmf).sum()
print(f"TV(Binomial, Poisson)={tv:.2e}")
assert tv < p  # error of order p

# 2) Poisson process: exponential gaps -> Poisson counts per unit window, variance = mean
rate, horizon = 3.0, 20_000.0
gaps = rng.exponential(1 / rate, size=int(rate * horizon * 1.2))
times = np.cumsum(gaps)
times = times[times < horizon]
counts = np.bincount(times.astype(int), minlength=int(horizon))
print(f"counts per window: mean={counts.mean():.3f} var={counts.var():.3f}")
assert abs(counts.mean() - rate) < 0.05 and abs(counts.var() - rate) < 0.15
assert abs(np.mean(counts == 0) - exp(-3)) < 0.005                # error-free hour
assert abs(np.mean(counts >= 2) - (1 - exp(-3) * 4)) < 0.01        # at least two errors

# 3) memorylessness: P(T > s + t | T > s) = P(T > t)
t_samples = rng.exponential(1 / rate, size=1_000_000)
s, t = 0.5, 1 / 6
cond = np.mean(t_samples[t_samples > s] > s + t)
assert abs(cond - exp(-rate * t)) < 0.005
assert abs(np.mean(t_samples < 1 / 6) - (1 - exp(-0.5))) < 0.002    # next error within 10 minutes

# 4) geometric mean and variance (trials until first success)
g = rng.geometric(0.2, size=1_000_000)
assert abs(g.mean() - 5) < 0.02 and abs(g.var() - 0.8 / 0.04) < 0.2

# 5) min of exponentials with rates 1, 2, 3 is Exponential(6); T_3 wins with prob 3/6
T = rng.exponential(1 / np.array([1.0, 2.0, 3.0]), size=(500_000, 3))
m = T.min(axis=1)
assert abs(m.mean() - 1 / 6) < 0.002
assert abs(np.mean(T.argmin(axis=1) == 2) - 0.5) < 0.005

# 6) sum of k exponentials = Gamma(k, rate): mean k/rate, variance k/rate^2
k = 4
S = rng.exponential(1 / rate, size=(500_000, k)).sum(axis=1)
assert abs(S.mean() - k / rate) < 0.01 and abs(S.var() - k / rate**2) < 0.01
print("all distribution relations check out")
