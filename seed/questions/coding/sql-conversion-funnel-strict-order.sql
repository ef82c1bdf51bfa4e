-- View -> add_to_cart -> purchase, each step strictly after the previous one.
-- Greedy earliest matching: first view, first cart after it, first purchase after that cart.
WITH first_view AS (
  SELECT user_id, MIN(event_ts) AS view_ts
  FROM events WHERE event_type = 'view'
  GROUP BY user_id
),
first_cart AS (
  SELECT v.user_id, MIN(e.event_ts) AS cart_ts
  FROM first_view v
  JOIN events e ON e.user_id = v.user_id
               AND e.event_type = 'add_to_cart'
               AND e.event_ts > v.view_ts
  GROUP BY v.user_id
),
first_purchase AS (
  SELECT c.user_id, MIN(e.event_ts) AS purchase_ts
  FROM first_cart c
  JOIN events e ON e.user_id = c.user_id
               AND e.event_type = 'purchase'
               AND e.event_ts > c.cart_ts
  GROUP BY c.user_id
),
steps AS (
  SELECT 1 AS step, 'view' AS name, COUNT(*) AS users FROM first_view
  UNION ALL SELECT 2, 'add_to_cart', COUNT(*) FROM first_cart
  UNION ALL SELECT 3, 'purchase',    COUNT(*) FROM first_purchase
)
SELECT step, name, users,
       ROUND(1.0 * users / LAG(users) OVER (ORDER BY step), 3)         AS from_previous,
       ROUND(1.0 * users / FIRST_VALUE(users) OVER (ORDER BY step), 3) AS from_top
FROM steps
ORDER BY step;
