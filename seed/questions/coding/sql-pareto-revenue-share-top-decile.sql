-- What share of revenue comes from the top 10% / 20% of users, and how many users
-- make up 80% of revenue? Users with zero spend count in the denominator.
WITH spend AS (
  SELECT u.user_id, COALESCE(SUM(p.amount), 0) AS revenue
  FROM users u
  LEFT JOIN purchases p ON p.user_id = u.user_id AND p.purchase_date <= '2025-06-30'
  GROUP BY u.user_id
),
ranked AS (
  SELECT user_id, revenue,
         ROW_NUMBER() OVER (ORDER BY revenue DESC, user_id)              AS rn,
         COUNT(*)     OVER ()                                            AS n_users,
         SUM(revenue) OVER ()                                            AS total,
         SUM(revenue) OVER (ORDER BY revenue DESC, user_id
                            ROWS UNBOUNDED PRECEDING)                    AS cum_revenue
  FROM spend
)
SELECT MAX(n_users)                                                      AS users,
       MAX(total)                                                        AS revenue,
       (MAX(n_users) + 9) / 10                                           AS top10_users,  -- ceil(10%)
       ROUND(SUM(CASE WHEN rn <= (n_users + 9) / 10 THEN revenue END) / MAX(total), 4) AS top10_share,
       ROUND(SUM(CASE WHEN rn <= (n_users + 4) / 5  THEN revenue END) / MAX(total), 4) AS top20_share,
       MIN(CASE WHEN cum_revenue >= 0.8 * total THEN rn END)              AS users_for_80pct,
       ROUND(1.0 * MIN(CASE WHEN cum_revenue >= 0.8 * total THEN rn END) / MAX(n_users), 4)
                                                                         AS user_share_for_80pct
FROM ranked;
