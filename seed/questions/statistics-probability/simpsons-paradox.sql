-- Conversion of each flow within each device and pooled over devices.
-- The new flow wins in every segment and loses in the pooled total.
WITH segments AS (
  SELECT device AS segment, flow, SUM(sessions) AS sessions, SUM(orders) AS orders
  FROM checkout_sessions
  GROUP BY device, flow
  UNION ALL
  SELECT 'all', flow, SUM(sessions), SUM(orders)
  FROM checkout_sessions
  GROUP BY flow
)
SELECT segment,
       ROUND(MAX(CASE WHEN flow = 'old' THEN 1.0 * orders / sessions END), 4) AS old_rate,
       ROUND(MAX(CASE WHEN flow = 'new' THEN 1.0 * orders / sessions END), 4) AS new_rate,
       MAX(CASE WHEN flow = 'new' THEN sessions END) AS new_sessions
FROM segments
GROUP BY segment
ORDER BY CASE segment WHEN 'all' THEN 1 ELSE 0 END, segment;
