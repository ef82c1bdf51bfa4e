-- Flag days whose orders are more than 3 standard deviations from the previous 14 days.
-- The baseline excludes the current day (a spike must not inflate its own baseline) and is a
-- calendar window (RANGE on the day number), so the missing 2025-06-15 shortens it.
WITH stats AS (
  SELECT day, orders,
         COUNT(orders)          OVER w AS n,
         AVG(orders)            OVER w AS mean,
         AVG(orders * orders)   OVER w AS mean_sq
  FROM daily_orders
  WINDOW w AS (ORDER BY julianday(day) RANGE BETWEEN 14 PRECEDING AND 1 PRECEDING)
),
scored AS (
  SELECT day, orders, n, mean,
         sqrt((mean_sq - mean * mean) * n / (n - 1)) AS sd           -- sample std dev
  FROM stats
  WHERE n >= 7                                                       -- warm-up
)
SELECT day, orders, n,
       ROUND(mean, 2)                 AS baseline_mean,
       ROUND(sd, 2)                   AS baseline_sd,
       ROUND((orders - mean) / sd, 2) AS z
FROM scored
WHERE ABS(orders - mean) > 3 * sd
ORDER BY day;
