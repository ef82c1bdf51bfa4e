from collections import defaultdict
import numpy as np
import pandas as pd

users = pd.DataFrame({
    "user_id": [1, 2, 3, 4, 5],
    "country": ["US", "US", "DE", "DE", "FR"],
    "signup_date": pd.to_datetime(["2025-01-02", "2025-01-05", "2025-01-10", "2025-02-01", "2025-02-03"]),
})
events = pd.DataFrame({
    "user_id": [1, 1, 1, 2, 2, 3, 3, 3, 3, 4],
    "ts": pd.to_datetime(["2025-01-03 10:00", "2025-01-03 18:00", "2025-02-07 09:00",
                          "2025-01-06 12:00", "2025-02-10 08:30", "2025-01-11 11:00",
                          "2025-01-12 11:00", "2025-02-12 13:00", "2025-02-12 14:00",
                          "2025-02-02 16:00"]),
    "event": ["view", "purchase", "purchase", "view", "view", "purchase",
              "view", "purchase", "purchase", "view"],
    "amount": [np.nan, 30.0, 12.5, np.nan, np.nan, 99.0, np.nan, 5.0, 20.0, np.nan],
})

ev = events.assign(is_purchase=events.event.eq("purchase"), day=events.ts.dt.normalize())
stats = ev.groupby("user_id").agg(
    n_events=("event", "size"),
    n_purchases=("is_purchase", "sum"),
    revenue=("amount", "sum"),
    first_ts=("ts", "min"),
    active_days=("day", "nunique"),
)
per_user = users.merge(stats, on="user_id", how="left", validate="one_to_one")
per_user = per_user.fillna({"n_events": 0, "n_purchases": 0, "revenue": 0.0, "active_days": 0})
per_user = per_user.astype({"n_events": int, "n_purchases": int, "active_days": int})
per_user["conversion"] = np.where(per_user.n_events > 0, per_user.n_purchases / per_user.n_events.clip(lower=1), np.nan)

pivot = (ev.merge(users[["user_id", "country"]], on="user_id", validate="many_to_one")
           .assign(month=lambda d: d.ts.dt.strftime("%Y-%m"))
           .pivot_table(index="country", columns="month", values="amount", aggfunc="sum", fill_value=0))
top = (per_user.sort_values(["revenue", "user_id"], ascending=[False, True])
               .groupby("country").head(1).set_index("country")["user_id"].sort_index())

# Reference: plain Python loops.
ref = defaultdict(lambda: {"n": 0, "p": 0, "rev": 0.0, "days": set()})
for r in events.itertuples():
    d = ref[r.user_id]
    d["n"] += 1
    d["p"] += r.event == "purchase"
    d["rev"] += 0.0 if np.isnan(r.amount) else r.amount
    d["days"].add(r.ts.date())
for r in per_user.itertuples():
    d = ref[r.user_id]
    assert (r.n_events, r.n_purchases, r.active_days) == (d["n"], d["p"], len(d["days"]))
    assert np.isclose(r.revenue, d["rev"])
assert per_user.set_index("user_id").loc[5, "revenue"] == 0.0          # inactive user kept, zero not NaN
assert pd.isna(per_user.set_index("user_id").loc[5, "first_ts"])       # but no fake date
assert np.isnan(per_user.set_index("user_id").loc[5, "conversion"])

assert pivot.loc["DE", "2025-01"] == 99.0 and pivot.loc["DE", "2025-02"] == 25.0
assert pivot.loc["US", "2025-01"] == 30.0 and pivot.loc["US", "2025-02"] == 12.5
assert "FR" not in pivot.index                                          # no events, no row
assert top.to_dict() == {"DE": 3, "FR": 5, "US": 1}

# validate= catches a duplicated key instead of silently fanning out rows.
dup_users = pd.concat([users, users.iloc[[0]]])
try:
    dup_users.merge(stats, on="user_id", how="left", validate="one_to_one")
    raise AssertionError("expected MergeError")
except pd.errors.MergeError:
    pass
print(per_user[["user_id", "n_events", "n_purchases", "revenue", "active_days"]].to_string(index=False))
