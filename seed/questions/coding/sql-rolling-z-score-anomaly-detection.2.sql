-- Two passes: the 06-21 spike inflates the next two weeks' standard deviation and masks the
-- 06-24 outage (z = -1.89 in pass 1). Pass 2 recomputes the baseline with pass-1 anomalies
-- set to NULL, which window aggregates skip.
WITH pass1 AS (
  SELECT day, orders,
         AVG(orders)          OVER w AS mean,
         AVG(orders * orders) OVER w AS mean_sq,
         COUNT(orders)        OVER w AS n
  FROM daily_orders
  WINDOW w AS (ORDER BY julianday(day) RANGE BETWEEN 14 PRECEDING AND 1 PRECEDING)
),
cleaned AS (
  SELECT day, orders,
         CASE WHEN n >= 7
               AND ABS(orders - mean) > 3 * sqrt((mean_sq - mean * mean) * n / (n - 1))
              THEN NULL ELSE orders END AS orders_clean
  FROM pass1
),
pass2 AS (
  SELECT day, orders,
         AVG(orders_clean)                OVER w AS mean,
         AVG(orders_clean * orders_clean) OVER w AS mean_sq,
         COUNT(orders_clean)              OVER w AS n
  FROM cleaned
  WINDOW w AS (ORDER BY julianday(day) RANGE BETWEEN 14 PRECEDING AND 1 PRECEDING)
),
scored AS (
  SELECT day, orders, n, mean, sqrt((mean_sq - mean * mean) * n / (n - 1)) AS sd
  FROM pass2
  WHERE n >= 7
)
SELECT day, orders, n, ROUND(mean, 2) AS baseline_mean, ROUND(sd, 2) AS baseline_sd,
       ROUND((orders - mean) / sd, 2) AS z
FROM scored
WHERE ABS(orders - mean) > 3 * sd
ORDER BY day;
