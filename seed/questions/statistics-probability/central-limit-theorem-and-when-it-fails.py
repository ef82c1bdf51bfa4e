"""When the CLT-based 95% interval works, is slow, or fails."""
import numpy as np

rng = np.random.default_rng(5)


def coverage(sampler, mu, n, reps=4000):
    x = sampler((reps, n))
    half = 1.96 * x.std(axis=1, ddof=1) / np.sqrt(n)
    return np.mean(np.abs(x.mean(axis=1) - mu) < half)


exp_ = lambda shape: rng.exponential(1.0, shape)            # skewness 2
logn = lambda shape: rng.lognormal(0.0, 2.0, shape)          # finite variance, skewness ~414
pareto = lambda shape: rng.pareto(1.5, shape) + 1.0          # tail index 1.5: infinite variance, mean 3

results = {}
for name, sampler, mu in [("exponential", exp_, 1.0), ("lognormal", logn, np.exp(2.0)), ("pareto1.5", pareto, 3.0)]:
    results[name] = [coverage(sampler, mu, n) for n in (10, 100, 1000)]
    print(name, np.round(results[name], 3))

# exponential: poor at n=10, fine by n=1000
assert results["exponential"][0] < 0.90 and abs(results["exponential"][2] - 0.95) < 0.015
# lognormal(sigma=2): finite variance but still far from 95% at n=1000
assert results["lognormal"][2] < 0.90
# Pareto with alpha=1.5: stuck well below nominal
assert results["pareto1.5"][2] < 0.85

# skewness of lognormal(sigma=2) and the 355*gamma^2 rule
s2 = 4.0
gamma = (np.exp(s2) + 2) * np.sqrt(np.exp(s2) - 1)
print(f"lognormal skewness={gamma:.0f}, n needed ~ {355 * gamma**2:.2e}")
assert 400 < gamma < 420

# Cauchy: the mean of n draws is again standard Cauchy, so its spread does not shrink
iqr = {}
for n in (1, 100, 2000):
    means = rng.standard_cauchy((4000, n)).mean(axis=1)
    q1, q3 = np.percentile(means, [25, 75])
    iqr[n] = q3 - q1
print("Cauchy IQR of the mean:", {k: round(v, 2) for k, v in iqr.items()})
assert all(abs(v - 2.0) < 0.25 for v in iqr.values())   # standard Cauchy IQR is exactly 2

# normal data: IQR of the mean shrinks like 1/sqrt(n)
norm_iqr = np.subtract(*np.percentile(rng.normal(size=(4000, 100)).mean(axis=1), [75, 25]))
assert abs(norm_iqr - 1.349 / 10) < 0.01
