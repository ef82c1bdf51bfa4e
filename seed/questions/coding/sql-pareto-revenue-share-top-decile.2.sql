-- The head of the concentration curve: cumulative share of users vs cumulative share of revenue.
WITH spend AS (
  SELECT u.user_id, COALESCE(SUM(p.amount), 0) AS revenue
  FROM users u
  LEFT JOIN purchases p ON p.user_id = u.user_id AND p.purchase_date <= '2025-06-30'
  GROUP BY u.user_id
)
SELECT rn, user_id, revenue,
       ROUND(1.0 * rn / n_users, 3)   AS cum_user_share,
       ROUND(cum_revenue / total, 3)  AS cum_revenue_share
FROM (
  SELECT user_id, revenue,
         ROW_NUMBER() OVER (ORDER BY revenue DESC, user_id)                          AS rn,
         COUNT(*)     OVER ()                                                        AS n_users,
         SUM(revenue) OVER ()                                                        AS total,
         SUM(revenue) OVER (ORDER BY revenue DESC, user_id ROWS UNBOUNDED PRECEDING) AS cum_revenue
  FROM spend
)
WHERE rn <= 6
ORDER BY rn;
