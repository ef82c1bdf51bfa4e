-- Monthly revenue and month-over-month growth, complete months up to 2025-06-30 only.
WITH monthly AS (
  SELECT strftime('%Y-%m', purchase_date) AS month,
         SUM(amount)                      AS revenue
  FROM purchases
  WHERE purchase_date < '2025-07-01'           -- July has one day of data: not a month yet
  GROUP BY month
)
SELECT month,
       revenue,
       LAG(revenue) OVER (ORDER BY month)      AS prev_revenue,
       ROUND(100.0 * (revenue - LAG(revenue) OVER (ORDER BY month))
             / NULLIF(LAG(revenue) OVER (ORDER BY month), 0), 1) AS mom_growth_pct
FROM monthly
ORDER BY month;
