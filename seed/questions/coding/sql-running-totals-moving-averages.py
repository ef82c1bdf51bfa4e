"""ROWS vs RANGE frames in pandas: rolling(7) counts rows, rolling('7D') counts days."""
import numpy as np
import pandas as pd

orders = {1: 151, 2: 118, 3: 121, 4: 117, 5: 124, 6: 130, 7: 148, 8: 155, 9: 119, 10: 122,
          11: 120, 12: 126, 13: 133, 14: 150, 16: 121, 17: 123, 18: 119, 19: 127, 20: 131,
          21: 290, 22: 157, 23: 120}                      # 2025-06-15 is missing
s = pd.Series(orders.values(),
              index=pd.to_datetime([f"2025-06-{d:02d}" for d in orders]), name="orders")

mtd = s.cumsum()                                  # ROWS UNBOUNDED PRECEDING
ma7_rows = s.rolling(7).mean()                    # ROWS 6 PRECEDING (NaN until 7 rows exist)
ma7_days = s.rolling("7D").mean()                 # RANGE 6 days PRECEDING (time-based)
n_days = s.rolling("7D").count()

d = pd.Timestamp("2025-06-16")
# The row-based window reaches back to 06-09 (8 calendar days, one missing).
assert np.isclose(ma7_rows[d], s["2025-06-09":"2025-06-16"].mean())
# The day-based window covers 06-10..06-16 and holds only 6 observations.
assert n_days[d] == 6 and np.isclose(ma7_days[d], s["2025-06-10":"2025-06-16"].mean())
assert round(ma7_rows[d], 2) == 127.29 and round(ma7_days[d], 2) == 128.67   # same as the SQL
assert mtd[d] == 1955

# If the missing day really had zero orders, fill it first: reindex onto a calendar spine.
spine = s.reindex(pd.date_range("2025-06-01", "2025-06-23", freq="D"), fill_value=0)
assert np.isclose(spine.rolling(7).mean()[d], s["2025-06-10":"2025-06-16"].sum() / 7)

# min_periods controls the warm-up: SQL's AVG over a short frame averages what it has.
assert np.isclose(s.rolling(7, min_periods=1).mean().iloc[1], (151 + 118) / 2)
print(pd.DataFrame({"orders": s, "mtd": mtd, "ma7_rows": ma7_rows, "ma7_days": ma7_days}).tail(8))
