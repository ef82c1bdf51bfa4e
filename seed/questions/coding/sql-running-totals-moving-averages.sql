-- Month-to-date orders, a 7-ROW moving average and a 7-DAY moving average.
-- The averages differ right after the missing day 2025-06-15; the month-to-date total
-- restarts on 2025-07-01 because it is partitioned by month (the averages are not).
WITH w AS (
  SELECT day,
         orders,
         SUM(orders) OVER (PARTITION BY strftime('%Y-%m', day) ORDER BY day
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS mtd_orders,
         AVG(orders) OVER (ORDER BY day
                           ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)         AS ma7_rows,
         AVG(orders) OVER (ORDER BY julianday(day)
                           RANGE BETWEEN 6 PRECEDING AND CURRENT ROW)        AS ma7_days,
         COUNT(*)    OVER (ORDER BY julianday(day)
                           RANGE BETWEEN 6 PRECEDING AND CURRENT ROW)        AS days_in_window
  FROM daily_orders
)
SELECT day, orders, mtd_orders,
       ROUND(ma7_rows, 2) AS ma7_rows,
       ROUND(ma7_days, 2) AS ma7_days,
       days_in_window
FROM w
WHERE day BETWEEN '2025-06-12' AND '2025-06-23' OR day >= '2025-06-29'
ORDER BY day;
