"""Ratio metric (clicks per page view, randomized by user): naive vs delta-method vs bootstrap SE."""
import numpy as np

rng = np.random.default_rng(10)
N_USERS = 5000


def simulate_users(n):
    views = rng.geometric(0.1, n)                      # page views per user, mean 10, very uneven
    user_ctr = rng.beta(2, 18, n)                      # users differ in CTR (mean 0.1)
    clicks = rng.binomial(views, user_ctr)
    return clicks.astype(float), views.astype(float)


def delta_se(y, x):
    n = len(x)
    mx, my = x.mean(), y.mean()
    vx, vy = x.var(ddof=1), y.var(ddof=1)
    cxy = np.cov(x, y)[0, 1]
    var = (vy / mx**2 - 2 * my * cxy / mx**3 + my**2 * vx / mx**4) / n
    return np.sqrt(var)


def linearized_se(y, x):
    r = y.sum() / x.sum()
    lin = (y - r * x) / x.mean()                        # per-user linearized metric
    return lin.std(ddof=1) / np.sqrt(len(x))


# "truth": the spread of the ratio across many independent samples of users
ratios = []
for _ in range(1500):
    y, x = simulate_users(N_USERS)
    ratios.append(y.sum() / x.sum())
true_se = np.std(ratios)

y, x = simulate_users(N_USERS)
r = y.sum() / x.sum()
naive_se = np.sqrt(r * (1 - r) / x.sum())             # pretends page views are independent
d_se = delta_se(y, x)
boot = []
for _ in range(1000):
    idx = rng.integers(0, N_USERS, N_USERS)            # resample users, not page views
    boot.append(y[idx].sum() / x[idx].sum())
b_se = np.std(boot)
print(f"true SE={true_se:.5f} delta={d_se:.5f} linearized={linearized_se(y, x):.5f} bootstrap={b_se:.5f} naive={naive_se:.5f}")

assert np.isclose(d_se, linearized_se(y, x), rtol=1e-3)     # two forms of the same formula
assert abs(d_se / true_se - 1) < 0.10
assert abs(b_se / true_se - 1) < 0.10
assert naive_se < 0.75 * true_se                            # naive SE is far too small

# consequence: A/A tests with the naive SE reject far more than 5%
fp_naive = fp_delta = 0
reps = 400
for _ in range(reps):
    yc, xc = simulate_users(N_USERS)
    yt, xt = simulate_users(N_USERS)
    rc, rt = yc.sum() / xc.sum(), yt.sum() / xt.sum()
    se_n = np.sqrt(rc * (1 - rc) / xc.sum() + rt * (1 - rt) / xt.sum())
    se_d = np.sqrt(delta_se(yc, xc) ** 2 + delta_se(yt, xt) ** 2)
    fp_naive += abs(rt - rc) / se_n > 1.96
    fp_delta += abs(rt - rc) / se_d > 1.96
print(f"A/A false-positive rate: naive={fp_naive / reps:.3f} delta={fp_delta / reps:.3f}")
assert fp_naive / reps > 0.10 and fp_delta / reps < 0.08
