import numpy as np
import pandas as pd


def daily_and_wau(events, start, end, window=7):
    days = pd.date_range(start, end, freq="D")
    ud = (events.assign(day=events.ts.dt.normalize())[["user_id", "day"]].drop_duplicates())
    dau = ud.groupby("day").user_id.nunique().reindex(days, fill_value=0)
    # Each active day counts towards the `window` window ends day, day+1, ..., day+window-1.
    offsets = pd.to_timedelta(np.arange(window), unit="D")
    expanded = ud.loc[ud.index.repeat(window)].copy()
    expanded["end"] = expanded.day + np.tile(offsets, len(ud))
    wau = (expanded[expanded.end.between(days[0], days[-1])]
           .groupby("end").user_id.nunique().reindex(days, fill_value=0))
    return pd.DataFrame({"dau": dau, "wau": wau, "stickiness": dau / wau.replace(0, np.nan)})


def wau_last_seen(events, start, end, window=7):
    """For each day, users whose last activity on or before that day is within window-1 days."""
    days = pd.date_range(start, end, freq="D")
    ud = events.assign(day=events.ts.dt.normalize())[["user_id", "day"]].drop_duplicates()
    out = []
    for d in days:
        last = ud[ud.day <= d].groupby("user_id").day.max()
        out.append(int((last >= d - pd.Timedelta(days=window - 1)).sum()))
    return pd.Series(out, index=days)


def wau_bruteforce(events, start, end, window=7):
    days = pd.date_range(start, end, freq="D")
    pairs = set(zip(events.user_id, events.ts.dt.normalize()))
    return pd.Series([len({u for u, a in pairs if d - pd.Timedelta(days=window - 1) <= a <= d})
                      for d in days], index=days)


D = lambda k: pd.Timestamp("2025-04-01") + pd.Timedelta(days=k - 1)
ev = pd.DataFrame({"user_id": [1, 1, 1, 2, 3],
                   "ts": [D(1) + pd.Timedelta(hours=9), D(1) + pd.Timedelta(hours=20),
                          D(3) + pd.Timedelta(hours=8), D(2) + pd.Timedelta(hours=12),
                          D(9) + pd.Timedelta(hours=7)]})
res = daily_and_wau(ev, D(1), D(10))
assert res.dau.tolist() == [1, 1, 1, 0, 0, 0, 0, 0, 1, 0]
assert res.wau.tolist() == [1, 2, 2, 2, 2, 2, 2, 2, 2, 1]
naive = res.dau.rolling(7, min_periods=1).sum()
assert naive.tolist()[2:7] == [3, 3, 3, 3, 3]                  # double-counts user 1
assert res.stickiness.iloc[0] == 1.0 and res.stickiness.iloc[3] == 0.0    # day 4: nobody active, WAU 2

# Random data: expansion == last-seen == brute force.
rng = np.random.default_rng(0)
n = 3000
rand = pd.DataFrame({"user_id": rng.integers(0, 200, n),
                     "ts": D(1) + pd.to_timedelta(rng.integers(0, 45 * 24 * 60, n), unit="min")})
r = daily_and_wau(rand, D(1), D(45))
assert (r.wau >= r.dau).all()
assert r.wau.equals(wau_last_seen(rand, D(1), D(45)).astype(r.wau.dtype))
assert r.wau.equals(wau_bruteforce(rand, D(1), D(45)).astype(r.wau.dtype))
print(r.head(10))
