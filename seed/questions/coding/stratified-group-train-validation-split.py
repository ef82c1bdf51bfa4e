import hashlib
import numpy as np
import pandas as pd


def stratified_split(y, frac, rng):
    val = np.zeros(len(y), dtype=bool)
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        val[idx[: int(round(frac * len(idx)))]] = True
    return val


def hash_group_split(groups, frac, salt="v1"):
    def bucket(g):
        h = hashlib.md5(f"{salt}:{g}".encode()).hexdigest()
        return int(h[:8], 16) % 10_000
    b = pd.Series(groups).map(bucket).to_numpy()
    return b < frac * 10_000


def stratified_group_split(groups, y, frac, rng):
    df = pd.DataFrame({"g": groups, "y": y})
    counts = pd.crosstab(df.g, df.y)                      # rows per (group, class)
    target = frac * counts.sum(0).to_numpy()
    # Largest groups first; random order among equal sizes.
    order = counts.assign(n=counts.sum(1), r=rng.random(len(counts))).sort_values(["n", "r"], ascending=False).index
    val_counts = np.zeros(counts.shape[1])
    val_groups = set()
    for g in order:
        c = counts.loc[g].to_numpy()
        # relative deviation per class, so the rare class counts as much as the common one
        if (np.abs(val_counts + c - target) / target).sum() < (np.abs(val_counts - target) / target).sum():
            val_counts += c
            val_groups.add(g)
    return df.g.isin(val_groups).to_numpy()


rng = np.random.default_rng(0)
n_users = 500
activity = rng.pareto(2.5, n_users) * 10 + 1                  # heavy-tailed rows per user
rows = rng.poisson(activity) + 1
user = np.repeat(np.arange(n_users), rows)
user_rate = np.clip(rng.beta(1, 9, n_users), 0, 1)           # users differ in positive rate
y = (rng.random(len(user)) < user_rate[user]).astype(int)
base = y.mean()

# 1. Stratified: class rates match (up to rounding), but users leak across sets.
v = stratified_split(y, 0.2, rng)
assert abs(y[v].mean() - base) < 0.005
assert len(set(user[v]) & set(user[~v])) > 0

# 2. Hash split: deterministic, no overlap.
h1, h2 = hash_group_split(user, 0.2), hash_group_split(user, 0.2)
assert np.array_equal(h1, h2)
assert not set(user[h1]) & set(user[~h1])

# 3. Stratified-group split: no overlap, size and positive rate close to target.
sg = stratified_group_split(user, y, 0.2, rng)
assert not set(user[sg]) & set(user[~sg])
assert abs(sg.mean() - 0.2) < 0.02, sg.mean()
assert abs(y[sg].mean() - base) < 0.01, (y[sg].mean(), base)
print(f"rows={len(y)} base={base:.3f} hash: frac={h1.mean():.3f} rate={y[h1].mean():.3f} "
      f"strat-group: frac={sg.mean():.3f} rate={y[sg].mean():.3f}")
