-- DAU, WAU (trailing 7 days), MAU (trailing 30 days) and DAU/MAU for the last week of March.
WITH RECURSIVE days(day) AS (
  SELECT '2025-03-25'
  UNION ALL
  SELECT date(day, '+1 day') FROM days WHERE day < '2025-03-31'
),
active_days AS (
  SELECT DISTINCT user_id, date(event_ts) AS day FROM activity
),
counts AS (
  SELECT d.day,
         COUNT(DISTINCT CASE WHEN a.day = d.day                  THEN a.user_id END) AS dau,
         COUNT(DISTINCT CASE WHEN a.day > date(d.day, '-7 day')  THEN a.user_id END) AS wau,
         COUNT(DISTINCT a.user_id)                                                  AS mau
  FROM days d
  LEFT JOIN active_days a
         ON a.day >  date(d.day, '-30 day')     -- 30-day window ending on d.day
        AND a.day <= d.day
  GROUP BY d.day
)
SELECT day, dau, wau, mau,
       ROUND(1.0 * dau / NULLIF(mau, 0), 3) AS dau_over_mau
FROM counts
ORDER BY day;
