"""Point-in-time join with pandas.merge_asof, checked against a brute-force definition."""
import numpy as np
import pandas as pd

snap = pd.DataFrame(
    {
        "user_id": [1, 1, 1, 2, 2, 3, 5, 5],
        "as_of_ts": pd.to_datetime(["2025-06-01", "2025-06-08", "2025-06-15", "2025-06-01",
                                    "2025-06-15", "2025-06-10", "2025-06-08", "2025-06-15"]),
        "orders_30d": [4, 3, 0, 7, 6, 1, 2, 2],
    }
)
snap["available_at"] = snap["as_of_ts"] + pd.Timedelta(hours=2)     # pipeline write delay
labels = pd.DataFrame(
    {
        "label_id": [1, 2, 3, 4, 5, 6, 7],
        "user_id": [1, 1, 2, 3, 4, 2, 5],
        "prediction_ts": pd.to_datetime(["2025-06-10 12:00", "2025-06-15 01:00",
                                         "2025-06-14 09:00", "2025-06-05 08:00",
                                         "2025-06-12 10:00", "2025-06-20 18:30",
                                         "2025-06-15 02:00"]),
    }
)

# merge_asof needs both sides sorted by the time key; 'by' matches the entity.
pit = pd.merge_asof(
    labels.sort_values("prediction_ts"),
    snap.sort_values("available_at"),
    left_on="prediction_ts", right_on="available_at", by="user_id",
    direction="backward",              # latest row with available_at <= prediction_ts
    allow_exact_matches=True,          # available exactly at prediction time: usable
).sort_values("label_id").reset_index(drop=True)


def brute_force(row):
    ok = snap[(snap.user_id == row.user_id) & (snap.available_at <= row.prediction_ts)]
    return ok.sort_values("as_of_ts").orders_30d.iloc[-1] if len(ok) else np.nan


expected = labels.apply(brute_force, axis=1)
assert np.allclose(pit["orders_30d"].to_numpy(dtype=float), expected.to_numpy(dtype=float),
                   equal_nan=True)
assert pit["orders_30d"].tolist()[:3] == [3, 3, 7]     # label 2 must NOT see the 06-15 snapshot
assert pit["orders_30d"].isna().tolist() == [False, False, False, True, True, False, False]

# Optional freshness limit on the AGE OF THE DATA, prediction_ts - as_of_ts <= 7 days, as the
# definition states. Apply it after the join: merge_asof's `tolerance` measures the distance on
# the join key, prediction_ts - available_at, which is 2 h shorter here.
MAX_AGE = pd.Timedelta(days=7)
age = pit["prediction_ts"] - pit["as_of_ts"]
fresh = pit.assign(orders_30d=pit["orders_30d"].where(age <= MAX_AGE))
assert fresh["orders_30d"].isna().tolist() == [False, True, True, True, True, False, False]
# label 2 (7 d 1 h old) and label 3 (13 d old) lose their features; 4 and 5 never had any.

# The tolerance version disagrees exactly at the boundary: label 2's snapshot became available
# 6 d 23 h before the prediction, so `tolerance` keeps data that is 7 d 1 h old.
by_tolerance = pd.merge_asof(labels.sort_values("prediction_ts"), snap.sort_values("available_at"),
                             left_on="prediction_ts", right_on="available_at", by="user_id",
                             tolerance=MAX_AGE).sort_values("label_id").reset_index(drop=True)
assert by_tolerance.loc[1, "orders_30d"] == 3 and np.isnan(fresh.loc[1, "orders_30d"])
assert age[1] == pd.Timedelta(days=7, hours=1)

# No leakage anywhere: every joined snapshot was available before the prediction.
assert (pit.dropna(subset=["available_at"]).eval("available_at <= prediction_ts")).all()
print(pit[["label_id", "user_id", "prediction_ts", "as_of_ts", "orders_30d"]])
