"""Position bias in search clicks: estimate examination propensities from a randomized slice,
then de-bias item click-through rates with inverse propensity weighting (IPW)."""
import numpy as np

rng = np.random.default_rng(5)
n_items, n_pos = 60, 10
theta = 1.0 / np.arange(1, n_pos + 1) ** 0.9          # true P(examine | position), position-based model
rel = rng.beta(2, 5, size=n_items)                     # true P(click | examined) per listing
old_score = rel + rng.normal(scale=0.25, size=n_items) # production ranker: correlated with rel but wrong

def simulate(n_queries, randomize):
    """Each query shows 10 of the 60 listings; returns (item, position, click) arrays."""
    items, poss, clicks = [], [], []
    for _ in range(n_queries):
        cand = rng.choice(n_items, size=n_pos, replace=False)
        order = rng.permutation(n_pos) if randomize else np.argsort(-old_score[cand])
        shown = cand[order]
        c = rng.random(n_pos) < theta * rel[shown]
        items.append(shown); poss.append(np.arange(n_pos)); clicks.append(c)
    return np.concatenate(items), np.concatenate(poss), np.concatenate(clicks).astype(float)

# 1) Small randomized slice (e.g. 1% of traffic): position is independent of relevance,
#    so CTR(position k) / CTR(position 1) estimates theta_k / theta_1.
_, pos_r, clk_r = simulate(20_000, randomize=True)
ctr_pos = np.array([clk_r[pos_r == k].mean() for k in range(n_pos)])
theta_hat = ctr_pos / ctr_pos[0]

# 2) Production logs, ranked by the old model.
it, pos, clk = simulate(60_000, randomize=False)
imps = np.bincount(it, minlength=n_items)
naive_ctr = np.bincount(it, weights=clk, minlength=n_items) / imps
ipw = np.bincount(it, weights=clk / theta_hat[pos], minlength=n_items) / imps   # relative to position 1

def spearman(a, b):
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return np.corrcoef(ra, rb)[0, 1]

print("theta true :", np.round(theta / theta[0], 3))
print("theta est. :", np.round(theta_hat, 3))
print(f"Spearman with true relevance: naive CTR {spearman(naive_ctr, rel):.3f}, IPW {spearman(ipw, rel):.3f}")
print(f"Spearman of naive CTR with the OLD ranker's score: {spearman(naive_ctr, old_score):.3f}")

assert np.allclose(theta_hat, theta / theta[0], atol=0.05)      # randomization recovers propensities
assert spearman(ipw, rel) > spearman(naive_ctr, rel) + 0.05     # de-biased labels track relevance better
assert np.allclose(ipw, rel * theta[0], atol=0.06)               # and are unbiased up to the theta_1 scale
