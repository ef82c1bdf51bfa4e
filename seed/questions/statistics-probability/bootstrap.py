"""Bootstrap: SE of a median, CI coverage for a mean, and the classic failure for the maximum."""
import numpy as np

rng = np.random.default_rng(13)


def boot_stats(x, stat, b=2000):
    idx = rng.integers(0, len(x), size=(b, len(x)))
    return stat(x[idx], axis=1)


# 1) SE of the median of exponential data vs its true sampling SD
n = 200
x = rng.exponential(1.0, n)
se_boot = boot_stats(x, np.median).std()
true_sd = np.std([np.median(rng.exponential(1.0, n)) for _ in range(5000)])
# asymptotic: 1 / (2 f(m) sqrt(n)) with m = ln 2, f(m) = 0.5 -> 1/sqrt(n)
print(f"median SE: bootstrap={se_boot:.4f} simulated={true_sd:.4f} asymptotic={1 / np.sqrt(n):.4f}")
assert abs(se_boot / true_sd - 1) < 0.25 and abs(true_sd * np.sqrt(n) - 1) < 0.08

# 2) coverage of 95% percentile intervals for the mean: skewed data, n = 30 vs n = 300
def coverage(n, reps=600):
    hits = 0
    for _ in range(reps):
        s = rng.exponential(1.0, n)
        lo, hi = np.percentile(boot_stats(s, np.mean, 1000), [2.5, 97.5])
        hits += lo <= 1.0 <= hi
    return hits / reps

c30, c300 = coverage(30), coverage(300)
print(f"percentile-CI coverage: n=30 {c30:.3f}, n=300 {c300:.3f}")
assert 0.88 < c30 < 0.95          # undercovers with small skewed samples
assert abs(c300 - 0.95) < 0.03

# 3) failure: the maximum of Uniform(0, theta). The bootstrap max equals the sample max
#    with probability 1 - (1 - 1/n)^n -> 1 - 1/e ~ 0.632, so it cannot mimic the continuous law.
u = rng.uniform(0, 1, 100)
bmax = boot_stats(u, np.max, 5000)
share_equal = np.mean(bmax == u.max())
print(f"P(bootstrap max == sample max)={share_equal:.3f} (theory {1 - (1 - 1 / 100) ** 100:.3f})")
assert abs(share_equal - (1 - 0.99**100)) < 0.02
