"""The SQL percentile recipes, re-implemented and checked against numpy and pandas."""
import sqlite3

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
x = np.round(rng.lognormal(mean=4.0, sigma=1.0, size=101), 2)   # skewed, like order values
x[:4] = x[4]                                                     # a few ties


def percentile_cont(values, p):
    """PERCENTILE_CONT: linear interpolation at 1-based position h = 1 + p (n - 1)."""
    v = np.sort(values)
    h = 1 + p * (len(v) - 1)
    lo = int(np.floor(h))
    hi = min(lo + 1, len(v))
    return v[lo - 1] + (h - lo) * (v[hi - 1] - v[lo - 1])


def percentile_disc(values, p):
    """PERCENTILE_DISC: the smallest value whose cumulative share (CUME_DIST) is >= p."""
    v = np.sort(values)
    cume = np.searchsorted(v, v, side="right") / len(v)   # CUME_DIST counts ties together
    return v[np.argmax(cume >= p)]


for p in (0.0, 0.25, 0.5, 0.9, 0.99, 1.0):
    assert np.isclose(percentile_cont(x, p), np.percentile(x, 100 * p))             # 'linear'
    assert np.isclose(percentile_cont(x, p), pd.Series(x).quantile(p))
    assert percentile_disc(x, p) == np.percentile(x, 100 * p, method="inverted_cdf")

# The same interpolation in SQLite, as in the answer's query.
con = sqlite3.connect(":memory:")
con.execute("CREATE TABLE t (amount REAL)")
con.executemany("INSERT INTO t VALUES (?)", [(float(a),) for a in x])
sql = """
WITH o AS (SELECT amount, ROW_NUMBER() OVER (ORDER BY amount) AS rn, COUNT(*) OVER () AS n FROM t),
pos AS (SELECT 1 + :p * (MAX(n) - 1) AS h, MAX(n) AS n FROM o)
SELECT lo.amount + (pos.h - lo.rn) * (hi.amount - lo.amount)
FROM pos JOIN o lo ON lo.rn = CAST(pos.h AS INTEGER)
         JOIN o hi ON hi.rn = MIN(CAST(pos.h AS INTEGER) + 1, pos.n)
"""
for p in (0.5, 0.9, 0.95):
    (got,) = con.execute(sql, {"p": p}).fetchone()
    assert np.isclose(got, np.percentile(x, 100 * p)), (p, got)

# Median of an even-sized group = mean of the two middle values (the rn IN (...) trick).
even = np.sort(x[:100])
n = len(even)
middle = {(n + 1) // 2, (n + 2) // 2}                  # {50, 51} for n = 100
assert np.isclose(np.mean([even[i - 1] for i in middle]), np.median(even))
print("p50", np.percentile(x, 50), "p90", np.percentile(x, 90))
