"""Target encoding: in-sample encoding leaks the label; out-of-fold + smoothing does not. Plus hashing collisions."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(13)
n, n_cat = 20_000, 5_000
df = pd.DataFrame({"city": rng.integers(0, n_cat, n)})    # ~4 rows per category
df["y"] = (rng.uniform(size=n) < 0.1).astype(int)         # label independent of city
prior = df["y"].mean()


def auc(y, s):
    r = pd.Series(s).rank().to_numpy()                    # average ranks handle ties
    n1 = y.sum(); n0 = len(y) - n1
    return (r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def smoothed_mean(sum_y, count, m=20):
    # shrink each category mean toward the prior with m pseudo-observations
    return (sum_y + m * prior) / (count + m)


# 1) naive in-sample encoding (no smoothing): each row's own label is inside its feature
g = df.groupby("city")["y"].agg(["sum", "count"])
naive = df["city"].map(g["sum"] / g["count"]).to_numpy()
auc_naive = auc(df["y"].to_numpy(), naive)

# 2) out-of-fold encoding: each row is encoded with statistics from the other folds only
folds = rng.integers(0, 5, n)
oof = np.empty(n)
for f in range(5):
    tr = folds != f
    gs = df[tr].groupby("city")["y"].agg(["sum", "count"])
    cats = df.loc[~tr, "city"]
    s = cats.map(gs["sum"]).fillna(0).to_numpy()
    c = cats.map(gs["count"]).fillna(0).to_numpy()
    oof[~tr] = smoothed_mean(s, c)

y = df["y"].to_numpy()
auc_oof = auc(y, oof)
print(f"'AUC' of the encoded feature on training rows: in-sample {auc_naive:.3f}, out-of-fold {auc_oof:.3f}")
assert auc_naive > 0.75            # the feature looks highly predictive...
assert abs(auc_oof - 0.5) < 0.03   # ...but carries no real signal

# 3) leave-one-out also leaks: inside a category, LOO mean = (S - y_i)/(c - 1), so every positive gets a
#    strictly lower value than every negative of the same category -- the label is recoverable
df["loo"] = (df["city"].map(g["sum"]) - df["y"]) / (df["city"].map(g["count"]) - 1)
pos_max = df[df.y == 1].groupby("city")["loo"].max()
neg_min = df[df.y == 0].groupby("city")["loo"].min()
both = pos_max.index.intersection(neg_min.index)           # categories holding both labels
assert len(both) > 1000 and (pos_max[both] < neg_min[both]).all()

# 4) feature hashing: K categories into m buckets, expected fraction sharing a bucket with another
K, m = 5_000, 2 ** 14
buckets = rng.integers(0, m, K)                          # ideal hash = uniform random bucket
shared = np.bincount(buckets, minlength=m)[buckets] > 1
expected = 1 - (1 - 1 / m) ** (K - 1)
print(f"hashing {K} categories into {m} buckets: {shared.mean():.3f} collide, theory {expected:.3f}")
assert abs(shared.mean() - expected) < 0.02
print("ok")
