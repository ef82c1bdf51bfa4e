"""Three evaluation calculations: the unbiased pass@k estimator, benchmark error bars,
and Bradley-Terry ratings from pairwise battles (the Arena-style leaderboard)."""
import math

import numpy as np

rng = np.random.default_rng(0)


# ---- 1) pass@k: n samples, c correct -> P(at least one of k random samples is correct)
def pass_at_k(n, c, k):
    if n - c < k:
        return 1.0
    return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))   # stable form of 1 - C(n-c,k)/C(n,k)


assert math.isclose(pass_at_k(10, 3, 1), 0.3)
assert math.isclose(pass_at_k(200, 20, 10), 1 - math.comb(180, 10) / math.comb(200, 10))
# Monte Carlo: draw k of the n samples without replacement
n, c, k = 20, 4, 5
pool = np.array([1] * c + [0] * (n - c))
draws = np.argsort(rng.random((50_000, n)), axis=1)[:, :k]   # 50k random k-subsets
mc = pool[draws].any(axis=1).mean()
assert abs(mc - pass_at_k(n, c, k)) < 0.01
# Plugging p = c/n into 1 - (1 - p)^k treats the k draws as independent (with replacement)
# and comes out lower than the without-replacement estimate from the same n samples
assert pass_at_k(n, c, k) > 1 - (1 - c / n) ** k

# ---- 2) Error bars: 95% CI half-width of an accuracy on a benchmark of size m
half = lambda p, m: 1.96 * math.sqrt(p * (1 - p) / m)
assert round(half(0.8, 14_042), 4) == 0.0066      # MMLU: +-0.7 points
assert round(half(0.5, 164), 3) == 0.077          # HumanEval: +-7.7 points

# ---- 3) Bradley-Terry ratings from pairwise votes
true_strength = np.array([1.0, 0.5, 0.0, -0.5])   # 4 models, log-odds scale
n_battles = 20_000
a = rng.integers(0, 4, n_battles)
b = (a + rng.integers(1, 4, n_battles)) % 4        # a different opponent
a_wins = rng.random(n_battles) < 1 / (1 + np.exp(-(true_strength[a] - true_strength[b])))

s = np.zeros(4)
for _ in range(500):                               # gradient ascent on the BT log-likelihood
    p = 1 / (1 + np.exp(-(s[a] - s[b])))
    resid = a_wins - p
    g = np.bincount(a, resid, minlength=4) - np.bincount(b, resid, minlength=4)
    s += 2.0 * g / n_battles
    s -= s.mean()                                  # ratings are only defined up to a shift
elo = 400 / math.log(10) * s + 1000                # Elo scale: 400 points = 10x odds
print("Elo-scale ratings:", np.round(elo, 0))
assert np.allclose(s, true_strength - true_strength.mean(), atol=0.08)
assert list(np.argsort(-s)) == [0, 1, 2, 3]
# Elo expected score: a 100-point gap means the stronger model wins ~64% of the time
assert round(1 / (1 + 10 ** (-100 / 400)), 2) == 0.64
