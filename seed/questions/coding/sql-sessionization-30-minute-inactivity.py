"""Sessionization in pandas: diff within user, flag gaps > 30 min, cumulative sum."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
# 200 users, bursts of activity: within a burst gaps of 0-20 min, between bursts 0.5-10 h.
rows = []
n_bursts = 0
for user in range(200):
    t = pd.Timestamp("2025-05-10") + pd.Timedelta(minutes=int(rng.integers(0, 600)))
    for _ in range(rng.integers(1, 5)):                # bursts (true sessions)
        n_bursts += 1
        for _ in range(rng.integers(1, 8)):            # events in the burst
            rows.append((user, t))
            t += pd.Timedelta(seconds=int(rng.integers(0, 20 * 60)))
        t += pd.Timedelta(minutes=int(rng.integers(31, 600)))
events = pd.DataFrame(rows, columns=["user_id", "ts"]).sample(frac=1, random_state=1)


def sessionize(df, idle=pd.Timedelta(minutes=30)):
    df = df.sort_values(["user_id", "ts"], kind="mergesort")
    gap = df.groupby("user_id")["ts"].diff()          # NaT on each user's first event
    new = gap.isna() | (gap > idle)                    # strictly more than 30 min idle
    df = df.assign(session_n=new.astype(int).groupby(df["user_id"]).cumsum())
    return df


s = sessionize(events)
sessions = s.groupby(["user_id", "session_n"]).agg(start=("ts", "min"), end=("ts", "max"),
                                                   events=("ts", "size"))

# Every in-session gap is <= 30 min and every gap between a user's sessions is > 30 min.
within = s.groupby(["user_id", "session_n"])["ts"].diff().dropna()
assert (within <= pd.Timedelta(minutes=30)).all()
between = (sessions["start"] - sessions.groupby(level="user_id")["end"].shift()).dropna()
assert (between > pd.Timedelta(minutes=30)).all()
assert sessions["events"].sum() == len(events)

# The generator's bursts are separated by > 30 min and their own gaps are < 20 min,
# so the sessions recover the true bursts exactly.
assert len(sessions) == n_bursts

# Boundary: a gap of exactly 30 minutes stays in the same session.
edge = pd.DataFrame({"user_id": [1, 1, 1],
                     "ts": pd.to_datetime(["2025-05-10 14:00", "2025-05-10 14:30",
                                           "2025-05-10 15:00:01"])})
assert sessionize(edge)["session_n"].tolist() == [1, 1, 2]
print(sessions.head())
