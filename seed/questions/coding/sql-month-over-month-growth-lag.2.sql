-- Per country, a month with no sales has no row, so LAG would compare April with February.
-- A calendar spine (recursive CTE) x countries makes every month exist, with revenue 0.
WITH RECURSIVE months(month_start) AS (
  SELECT '2025-02-01'
  UNION ALL
  SELECT date(month_start, '+1 month') FROM months WHERE month_start < '2025-06-01'
),
sales AS (
  SELECT u.country, strftime('%Y-%m', p.purchase_date) AS month, SUM(p.amount) AS revenue
  FROM purchases p JOIN users u USING (user_id)
  WHERE p.purchase_date < '2025-07-01'
  GROUP BY u.country, month
),
grid AS (
  SELECT c.country, strftime('%Y-%m', m.month_start) AS month,
         COALESCE(s.revenue, 0) AS revenue
  FROM months m
  CROSS JOIN (SELECT DISTINCT country FROM users) c
  LEFT JOIN sales s ON s.country = c.country AND s.month = strftime('%Y-%m', m.month_start)
),
lagged AS (
  SELECT country, month, revenue,
         LAG(revenue) OVER (PARTITION BY country ORDER BY month) AS prev_revenue
  FROM grid
)
SELECT country, month, revenue, prev_revenue,
       ROUND(100.0 * (revenue - prev_revenue) / NULLIF(prev_revenue, 0), 1) AS mom_growth_pct
FROM lagged
WHERE country = 'IN'
ORDER BY month;
