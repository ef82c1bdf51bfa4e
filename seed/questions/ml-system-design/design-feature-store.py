"""Point-in-time join vs naive "latest value" join in a feature store.

A nightly batch job writes, for every user, the number of purchases made up to
the end of day d. The value lands in the store at 02:00 on day d+1 (created_ts).
Label events are sessions; label = 1 if the user bought in that session.
"""
import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n_users, n_days = 400, 30
start = pd.Timestamp("2025-03-01")

# --- simulate sessions (the label spine) -----------------------------------
rows = []
rate = rng.beta(1, 6, size=n_users)            # latent purchase propensity per user
for u in range(n_users):
    n_sess = rng.poisson(12)
    days = rng.integers(0, n_days, size=n_sess)
    secs = rng.integers(0, 86400, size=n_sess)
    for d, s in zip(days, secs):
        ts = start + pd.Timedelta(days=int(d), seconds=int(s))
        rows.append((u, ts, int(rng.random() < rate[u])))
labels = pd.DataFrame(rows, columns=["user_id", "label_ts", "label"])
labels = labels.sort_values("label_ts").reset_index(drop=True)

# --- the feature table the nightly job would have written ------------------
feat_rows = []
for d in range(n_days):
    day_end = start + pd.Timedelta(days=d + 1)            # exclusive end of day d
    created = day_end + pd.Timedelta(hours=2)            # lands at 02:00 next day
    upto = labels[labels.label_ts < day_end].groupby("user_id")["label"].sum()
    for u in range(n_users):
        feat_rows.append((u, created, int(upto.get(u, 0))))
features = pd.DataFrame(feat_rows, columns=["user_id", "created_ts", "purchases_to_date"])
features = features.sort_values("created_ts").reset_index(drop=True)

# --- correct: as-of join on availability time ------------------------------
pit = pd.merge_asof(
    labels, features, left_on="label_ts", right_on="created_ts",
    by="user_id", direction="backward", allow_exact_matches=True,
)
pit["purchases_to_date"] = pit["purchases_to_date"].fillna(0)  # nothing available yet

# --- wrong: take the latest value in the table ------------------------------
latest = features.sort_values("created_ts").groupby("user_id").tail(1)
naive = labels.merge(latest, on="user_id", how="left")


def auc(score, y):
    """Rank-based AUC (Mann-Whitney U), ties get average ranks."""
    s = pd.Series(score).rank(method="average").to_numpy()
    y = np.asarray(y)
    n1, n0 = y.sum(), len(y) - y.sum()
    return (s[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


auc_pit = auc(pit.purchases_to_date, pit.label)
auc_naive = auc(naive.purchases_to_date, naive.label)
leaky_rows = (naive.created_ts > naive.label_ts).mean()
print(f"AUC point-in-time: {auc_pit:.3f}")
print(f"AUC naive latest : {auc_naive:.3f}  ({leaky_rows:.0%} of rows read a future value)")

# 1) the as-of join never reads a value created after the label event
matched = pit.dropna(subset=["created_ts"])
assert (matched.created_ts <= matched.label_ts).all()
# 2) the value it reads equals a brute-force recomputation for a sample of rows
for _, r in pit.sample(50, random_state=0).iterrows():
    avail = features[(features.user_id == r.user_id) & (features.created_ts <= r.label_ts)]
    expect = avail.purchases_to_date.iloc[-1] if len(avail) else 0
    assert r.purchases_to_date == expect
# 3) the naive join reads the future for most rows and looks better offline than it is
assert leaky_rows > 0.5
assert auc_naive > auc_pit + 0.05
