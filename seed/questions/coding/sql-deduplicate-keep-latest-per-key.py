"""Keep the latest row per key in pandas, two ways, and the naive way that fails."""
import pandas as pd

rows = [
    (1, "free", "2025-05-01 10:00:00", "2025-05-01 10:05:00"),
    (1, "pro", "2025-05-03 09:00:00", "2025-05-03 09:01:00"),
    (1, "pro", "2025-05-03 09:00:00", "2025-05-03 09:01:00"),   # exact duplicate
    (2, "team", "2025-05-04 08:00:00", "2025-05-04 08:00:10"),
    (2, "pro", "2025-05-04 08:00:00", "2025-05-04 08:00:45"),   # same source time, loaded later
    (3, "pro", "2025-05-05 18:00:00", "2025-05-05 18:00:05"),
    (3, "free", "2025-05-02 07:00:00", "2025-05-06 02:00:00"),  # late-arriving OLD change
    (4, "free", "2025-05-01 11:00:00", "2025-05-01 11:00:02"),
    (4, "pro", None, "2025-05-07 09:00:00"),                    # no source time
]
df = pd.DataFrame(rows, columns=["user_id", "plan", "updated_at", "ingested_at"])
df["updated_at"] = pd.to_datetime(df["updated_at"])
df["ingested_at"] = pd.to_datetime(df["ingested_at"])
expected = {1: "pro", 2: "pro", 3: "pro", 4: "free"}

# 1) sort, then drop_duplicates(keep="last"): NaT first so it never ends up last.
a = (df.sort_values(["user_id", "updated_at", "ingested_at"], na_position="first", kind="mergesort")
       .drop_duplicates("user_id", keep="last"))
assert dict(zip(a.user_id, a.plan)) == expected

# 2) the ROW_NUMBER() = 1 equivalent: rank inside the group after sorting descending.
b = df.sort_values(["user_id", "updated_at", "ingested_at"], ascending=[True, False, False],
                   na_position="last", kind="mergesort")
b = b[b.groupby("user_id").cumcount() == 0]
assert dict(zip(b.user_id, b.plan)) == expected

# The naive "latest by load time" is wrong for user 3 (an old change arrived last).
naive = df.sort_values("ingested_at").drop_duplicates("user_id", keep="last")
assert dict(zip(naive.user_id, naive.plan))[3] == "free"
print(a[["user_id", "plan", "updated_at"]].to_string(index=False))
