"""Cold-start items: empirical-Bayes (Beta-Binomial) shrinkage of click-through rates for items
with few impressions, with the prior fitted on established items by the method of moments."""
import numpy as np

rng = np.random.default_rng(4)
a_true, b_true = 3.0, 60.0                      # item CTRs ~ Beta(3, 60): mean ~4.8%
old_ctr = rng.beta(a_true, b_true, size=5_000)  # established items with plenty of traffic
old_imps = rng.integers(5_000, 50_000, size=5_000)
old_clicks = rng.binomial(old_imps, old_ctr)

# Fit the prior on established items: method of moments on their (nearly exact) CTRs,
# subtracting the average binomial noise from the observed variance.
obs = old_clicks / old_imps
m = obs.mean()
v = obs.var() - np.mean(obs * (1 - obs) / old_imps)
k = m * (1 - m) / v - 1                          # alpha + beta
alpha, beta = m * k, (1 - m) * k
print(f"fitted prior Beta({alpha:.2f}, {beta:.2f}) vs true Beta({a_true}, {b_true})")

# New items: only 20-200 impressions each.
new_ctr = rng.beta(a_true, b_true, size=20_000)
new_imps = rng.integers(20, 200, size=20_000)
new_clicks = rng.binomial(new_imps, new_ctr)
raw = new_clicks / new_imps
shrunk = (new_clicks + alpha) / (new_imps + alpha + beta)     # posterior mean

mse_raw = np.mean((raw - new_ctr) ** 2)
mse_shrunk = np.mean((shrunk - new_ctr) ** 2)
print(f"MSE raw {mse_raw:.2e}, shrunk {mse_shrunk:.2e}")

# Ranking new items by raw CTR puts lucky 1-click-in-20 items on top; shrinkage does not.
top_raw = np.argsort(-raw)[:100]
top_shr = np.argsort(-shrunk)[:100]
print(f"true CTR of top-100 by raw {new_ctr[top_raw].mean():.4f}, by shrunk {new_ctr[top_shr].mean():.4f}")

assert abs(alpha / (alpha + beta) - a_true / (a_true + b_true)) < 0.002
assert abs(k - (a_true + b_true)) / (a_true + b_true) < 0.15
assert mse_shrunk < 0.6 * mse_raw
assert new_ctr[top_shr].mean() > new_ctr[top_raw].mean()
# Posterior mean is a weighted average of the prior mean and the raw CTR, weight n / (n + alpha + beta).
n_i, c_i = 50, 0
wgt = n_i / (n_i + alpha + beta)
assert np.isclose((c_i + alpha) / (n_i + alpha + beta), wgt * (c_i / n_i) + (1 - wgt) * alpha / (alpha + beta))
assert 0 < (c_i + alpha) / (n_i + alpha + beta) < alpha / (alpha + beta)   # 0/50 is 'low', not 'zero'
