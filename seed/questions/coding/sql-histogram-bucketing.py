"""Fixed-width and quantile buckets in pandas/numpy, matching the SQL floor(x / w) * w rule."""
import numpy as np
import pandas as pd

totals = pd.Series([2166, 2127, 1548, 1288, 1288, 998, 824, 824, 749, 747, 728, 699,
                    268, 249, 248, 199, 89, 49, 25, 0, 0, 0], dtype=float)   # spend per user
w = 300

# SQL: CAST(total / 300 AS INTEGER) * 300, then count per bucket, with empty buckets kept.
lo = (np.floor(totals / w) * w).astype(int)
edges = np.arange(0, lo.max() + 2 * w, w)
counts = lo.value_counts().reindex(edges[:-1], fill_value=0).sort_index()
assert counts.tolist() == [10, 0, 6, 1, 2, 1, 0, 2]            # the SQL result's users column

# pd.cut with right=False gives the same half-open [lo, hi) bins.
cut = pd.cut(totals, bins=edges, right=False).value_counts(sort=False)
assert cut.tolist() == counts.tolist()

# np.histogram closes the LAST bin on the right: a value equal to the top edge lands inside it.
h, _ = np.histogram([0, 300, 600], bins=[0, 300, 600])
assert h.tolist() == [1, 2]                                     # 600 counted in [300, 600]

# Negative values: int() truncates toward zero, so CAST(-50 / 300 AS INTEGER) = 0, not -1.
assert int(-50 / 300) == 0 and np.floor(-50 / 300) == -1

# Quantile buckets (NTILE-like): equal counts, unequal widths; ties can make bins unequal.
q = pd.qcut(totals.rank(method="first"), 4, labels=False)
assert sorted(q.value_counts()) == [5, 5, 6, 6]
print(counts)
