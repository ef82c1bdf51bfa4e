"""Three pieces of an experimentation platform's stats engine, in numpy:
1. deterministic hash-based assignment (stable, ~uniform, independent across experiments);
2. the sample-ratio-mismatch (SRM) alarm, a chi-square test on assignment counts;
3. CUPED variance reduction, whose variance ratio must equal 1 - rho^2.
"""
import hashlib
import math
import numpy as np


# ---------- 1. assignment ---------------------------------------------------
def bucket(user_id: str, salt: str, n_buckets: int = 10_000) -> int:
    h = hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()
    return int(h[:15], 16) % n_buckets


def arm(user_id, salt, treatment_share=0.5):
    return "T" if bucket(user_id, salt) < treatment_share * 10_000 else "C"


users = [f"u{i}" for i in range(100_000)]
a1 = np.array([arm(u, "exp_42") == "T" for u in users])
a1_again = np.array([arm(u, "exp_42") == "T" for u in users])
a2 = np.array([arm(u, "exp_77") == "T" for u in users])
assert (a1 == a1_again).all()                      # same user, same arm, every time
assert abs(a1.mean() - 0.5) < 0.005                # ~50/50
# different salts -> independent splits: P(T in both) ~ 0.25
assert abs((a1 & a2).mean() - 0.25) < 0.005


# ---------- 2. SRM alarm ----------------------------------------------------
def srm_p_value(n_t, n_c, share_t=0.5):
    n = n_t + n_c
    exp_t, exp_c = n * share_t, n * (1 - share_t)
    chi2 = (n_t - exp_t) ** 2 / exp_t + (n_c - exp_c) ** 2 / exp_c
    return math.erfc(math.sqrt(chi2 / 2))          # survival function of chi2 with 1 df


p_ok = srm_p_value(int(a1.sum()), int((~a1).sum()))
p_bad = srm_p_value(50_600, 49_400)                # looks "close to 50/50", is not
print(f"SRM p-value, healthy split: {p_ok:.3f}; 50,600 vs 49,400: {p_bad:.5f}")
assert p_ok > 0.001
assert p_bad < 0.001                               # chi2 = 14.4 -> p = 1.5e-4: stop and debug
assert math.isclose(p_bad, math.erfc(math.sqrt(14.4 / 2)))

# ---------- 3. CUPED --------------------------------------------------------
rng = np.random.default_rng(1)
n = 200_000
pre = rng.gamma(2.0, 10.0, n)                      # pre-period spend per user
treat = rng.random(n) < 0.5
y = 0.8 * pre + rng.normal(0, 8, n) + 0.5 * treat  # true effect = +0.5

theta = np.cov(pre, y)[0, 1] / np.var(pre, ddof=1)
y_cuped = y - theta * (pre - pre.mean())


def diff_and_se(v):
    d = v[treat].mean() - v[~treat].mean()
    se = math.sqrt(v[treat].var(ddof=1) / treat.sum() + v[~treat].var(ddof=1) / (~treat).sum())
    return d, se


d_raw, se_raw = diff_and_se(y)
d_cup, se_cup = diff_and_se(y_cuped)
rho = np.corrcoef(pre, y)[0, 1]
print(f"raw  : effect {d_raw:.3f} +- {1.96 * se_raw:.3f}")
print(f"CUPED: effect {d_cup:.3f} +- {1.96 * se_cup:.3f}  (rho = {rho:.2f}, "
      f"variance x{np.var(y_cuped) / np.var(y):.2f}, i.e. {1 / (1 - rho**2):.1f}x fewer users needed)")

assert np.isclose(np.var(y_cuped) / np.var(y), 1 - rho ** 2, rtol=1e-3)
assert se_cup < 0.65 * se_raw                       # sqrt(1 - rho^2) ~ 0.58
assert abs(d_cup - 0.5) < 3 * se_cup               # still unbiased for the true effect

# sample size per arm for a 5% baseline conversion and a 2% relative MDE
p0, mde = 0.05, 0.05 * 0.02
n_per_arm = 2 * (1.959964 + 0.841621) ** 2 * p0 * (1 - p0) / mde ** 2
print(f"users per arm for 5% -> 5.1% at alpha=0.05, power=0.8: {n_per_arm:,.0f}")
assert 740_000 < n_per_arm < 750_000
