"""Rolling z-score in pandas (time window, current day excluded), with the two-pass cleanup,
and a median/MAD variant that needs no second pass."""
import numpy as np
import pandas as pd

orders = {1: 151, 2: 118, 3: 121, 4: 117, 5: 124, 6: 130, 7: 148, 8: 155, 9: 119, 10: 122,
          11: 120, 12: 126, 13: 133, 14: 150, 16: 121, 17: 123, 18: 119, 19: 127, 20: 131,
          21: 290, 22: 157, 23: 120, 24: 54, 25: 122, 26: 125, 27: 134, 28: 152, 29: 158,
          30: 123}                                        # 2025-06-15 missing, as in the fixture
s = pd.Series(list(orders.values()), dtype=float,
              index=pd.to_datetime([f"2025-06-{d:02d}" for d in orders]))


def rolling_z(x, window="14D", min_n=7):
    r = x.rolling(window, closed="left")                  # previous 14 days, today excluded
    mean, sd, n = r.mean(), r.std(ddof=1), r.count()      # NaN values are skipped
    z = (s - mean) / sd
    return z.where(n >= min_n)


z1 = rolling_z(s)
assert z1[abs(z1) > 3].index.strftime("%m-%d").tolist() == ["06-21"]      # outage masked
assert round(z1["2025-06-21"], 2) == 12.63 and round(z1["2025-06-24"], 2) == -1.89

z2 = rolling_z(s.mask(abs(z1) > 3))                      # pass 2: drop pass-1 anomalies
assert z2[abs(z2) > 3].index.strftime("%m-%d").tolist() == ["06-21", "06-24"]
assert round(z2["2025-06-24"], 2) == -6.1                # same as the SQL

# Robust alternative: median and MAD (scaled by 1.4826 to estimate sigma under normality).
r = s.rolling("14D", closed="left")
med = r.median()
mad = r.apply(lambda w: np.median(np.abs(w - np.median(w))), raw=True) * 1.4826
robust_z = ((s - med) / mad).where(r.count() >= 7)
flags = robust_z[abs(robust_z) > 3.5].index.strftime("%m-%d").tolist()
assert "06-21" in flags and "06-24" in flags              # one pass finds both...
assert "06-29" in flags                                   # ...and a busy Sunday: MAD is narrow
                                                          # and knows nothing of the weekly cycle

# With a weekly cycle, a same-weekday baseline is tighter: Saturdays only.
sat = s[s.index.dayofweek == 5]
assert sat.drop(pd.Timestamp("2025-06-21")).std() < 3    # 148, 150, 152: very stable
print(pd.DataFrame({"orders": s, "z_pass1": z1.round(2), "z_pass2": z2.round(2),
                    "robust_z": robust_z.round(2)}).tail(10))
