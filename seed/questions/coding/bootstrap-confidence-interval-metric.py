import numpy as np

rng = np.random.default_rng(0)


def bootstrap(stat, n, B, rng):
    """Apply stat to B resampled index arrays; stat takes an (B, n) index matrix."""
    idx = rng.integers(0, n, size=(B, n))
    return stat(idx)


# 1. Standard error of the mean matches s / sqrt(n).
x = rng.exponential(2.0, 400)
boots = bootstrap(lambda I: x[I].mean(1), len(x), 4000, rng)
assert abs(boots.std() / (x.std(ddof=1) / np.sqrt(len(x))) - 1) < 0.05
lo, hi = np.percentile(boots, [2.5, 97.5])
assert lo < x.mean() < hi

# 2. Coverage of the 95% percentile interval, by simulation.
covered = 0
for _ in range(300):
    s = rng.exponential(2.0, 60)                     # true mean 2
    b = s[rng.integers(0, 60, size=(1000, 60))].mean(1)
    lo, hi = np.percentile(b, [2.5, 97.5])
    covered += lo <= 2.0 <= hi
assert 0.90 <= covered / 300 <= 0.98, covered

# 3. Ratio metric (CTR) with many impressions per user: bootstrap users, compare to the delta method.
n_users = 2000
impr = rng.geometric(0.05, n_users)                  # impressions per user, mean 20
user_ctr = rng.beta(2, 30, n_users)                  # users differ in click propensity
clicks = rng.binomial(impr, user_ctr)
R = clicks.sum() / impr.sum()
boots = bootstrap(lambda I: clicks[I].sum(1) / impr[I].sum(1), n_users, 3000, rng)
mx = impr.mean()
var_delta = (clicks.var(ddof=1) - 2 * R * np.cov(clicks, impr)[0, 1] + R ** 2 * impr.var(ddof=1)) / (n_users * mx ** 2)
assert abs(boots.std() / np.sqrt(var_delta) - 1) < 0.10, (boots.std(), np.sqrt(var_delta))
# Naive impression-level bootstrap treats every impression as independent: too narrow.
flat = np.repeat(np.r_[0, 1], [impr.sum() - clicks.sum(), clicks.sum()])
se_flat = np.sqrt(R * (1 - R) / len(flat))           # its bootstrap se equals the binomial se
assert se_flat < 0.8 * boots.std()

# 4. Paired comparison of two correlated models' accuracy.
n = 1500
correct_a = rng.random(n) < 0.80
flip = rng.random(n) < 0.10                          # B agrees with A on 90% of examples
correct_b = np.where(flip, rng.random(n) < 0.6, correct_a)
I = rng.integers(0, n, size=(4000, n))
acc_a, acc_b = correct_a[I].mean(1), correct_b[I].mean(1)
diff = acc_a - acc_b
paired_width = np.subtract(*np.percentile(diff, [97.5, 2.5]))
unpaired_width = 2 * 1.96 * np.sqrt(acc_a.var() + acc_b.var())
assert paired_width < 0.5 * unpaired_width
print(f"CTR={R:.4f} se_boot={boots.std():.5f} se_delta={np.sqrt(var_delta):.5f} se_naive={se_flat:.5f}")
print("paired diff CI", np.percentile(diff, [2.5, 97.5]).round(4))
