import numpy as np
import pandas as pd


def sessionize(df, timeout=pd.Timedelta(minutes=30)):
    df = df.sort_values(["user_id", "ts"], kind="mergesort").reset_index(drop=True)
    gap = df.groupby("user_id")["ts"].diff()
    df["session_id"] = (gap.isna() | (gap > timeout)).cumsum()
    sessions = (df.groupby("session_id")
                  .agg(user_id=("user_id", "first"), start=("ts", "min"), end=("ts", "max"),
                       n_events=("ts", "size"))
                  .assign(duration=lambda s: s.end - s.start))
    sessions["session_number"] = sessions.groupby("user_id").cumcount() + 1
    return df, sessions


def sessionize_loop(df, timeout=pd.Timedelta(minutes=30)):
    rows = sorted(zip(df.user_id, df.ts))
    out, sid, prev = [], 0, None
    for u, t in rows:
        if prev is None or u != prev[0] or t - prev[1] > timeout:
            sid += 1
        out.append((u, t, sid))
        prev = (u, t)
    return out


t = lambda s: pd.Timestamp("2025-03-01 " + s)
df = pd.DataFrame({
    "user_id": ["A", "B", "A", "A", "A", "B", "A"],
    "ts": [t("10:10"), t("10:05"), t("10:00"), t("11:11"), t("10:40"), t("10:50"), t("11:11")],
})
events, sessions = sessionize(df)
assert events.session_id.tolist() == [1, 1, 1, 2, 2, 3, 4]
assert sessions.n_events.tolist() == [3, 2, 1, 1]
assert sessions.duration.tolist() == [pd.Timedelta(minutes=40), pd.Timedelta(0), pd.Timedelta(0), pd.Timedelta(0)]
assert sessions.session_number.tolist() == [1, 2, 1, 2]

# The ungrouped-diff bug: B's first event is compared with A's last one (20 min apart)
# and is glued onto A's session.
bug = pd.DataFrame({"user_id": ["A", "B"], "ts": [t("10:00"), t("10:20")]}).sort_values(["user_id", "ts"])
wrong = (bug.ts.diff().isna() | (bug.ts.diff() > pd.Timedelta(minutes=30))).cumsum()
assert wrong.tolist() == [1, 1]                       # two users in one "session"
assert sessionize(bug)[0].session_id.tolist() == [1, 2]

# Random data, shuffled order: vectorized == loop.
rng = np.random.default_rng(0)
n = 5000
rand = pd.DataFrame({
    "user_id": rng.integers(0, 50, n),
    "ts": pd.Timestamp("2025-03-01") + pd.to_timedelta(rng.integers(0, 3 * 24 * 60, n), unit="min"),
}).sample(frac=1.0, random_state=1)
ev, se = sessionize(rand)
ref = sessionize_loop(rand)
assert list(zip(ev.user_id, ev.ts, ev.session_id)) == ref
assert se.n_events.sum() == n
assert (se.groupby("user_id").start.diff().dropna() > pd.Timedelta(minutes=30)).all()
print(sessions)
