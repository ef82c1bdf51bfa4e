"""Top spenders of the last 30 days in pandas, checked against the same query in SQLite."""
import sqlite3

import pandas as pd

REF = pd.Timestamp("2025-06-30")
purchases = pd.DataFrame(
    {
        "user_id": [4, 15, 1, 8, 2, 18, 10, 20, 3, 15, 8],
        "amount": [799.0, 199.0, 1299.0, 49.0, 799.0, None, 1199.0, 49.0, 19.0, 50.0, 250.0],
        "purchase_date": pd.to_datetime(
            ["2025-05-30", "2025-05-31", "2025-06-02", "2025-06-05", "2025-06-18", "2025-06-20",
             "2025-06-21", "2025-06-30", "2025-07-01", "2025-06-10", "2025-06-11"]
        ),
    }
)

window = purchases[
    (purchases.purchase_date >= REF - pd.Timedelta(days=30))   # 2025-05-31, as in the SQL
    & (purchases.purchase_date < REF + pd.Timedelta(days=1))  # nothing after the reference day
    & purchases.amount.notna()
]
top = (
    window.groupby("user_id", as_index=False)["amount"].sum()
    .rename(columns={"amount": "total"})
    .sort_values(["total", "user_id"], ascending=[False, True])
    .head(3)
    .reset_index(drop=True)
)

# The same question in SQL against an in-memory copy of the data.
con = sqlite3.connect(":memory:")
purchases.assign(purchase_date=purchases.purchase_date.dt.strftime("%Y-%m-%d")).to_sql(
    "purchases", con, index=False
)
sql_rows = con.execute(
    """
    SELECT user_id, SUM(amount) AS total FROM purchases
    WHERE purchase_date >= date('2025-06-30', '-30 days')
      AND purchase_date <  date('2025-06-30', '+1 day')
      AND amount IS NOT NULL
    GROUP BY user_id ORDER BY total DESC, user_id LIMIT 3
    """
).fetchall()

assert list(top.itertuples(index=False, name=None)) == sql_rows
assert sql_rows == [(1, 1299.0), (10, 1199.0), (2, 799.0)]
# User 4's 2025-05-30 purchase is one day too old; user 3's is after the reference date.
assert 4 not in set(top.user_id) and 3 not in set(window.user_id)
# pandas' sum skips NaN like SQL's SUM skips NULL; user 18 had only a NULL amount.
assert 18 not in set(window.user_id)
# Spend is summed per user before ranking: user 8 has 49 + 250 = 299.
assert window.groupby("user_id").amount.sum()[8] == 299.0
print(top)
