-- Monthly stickiness for March 2025: average DAU over the 31 days / calendar-month MAU.
-- Days without any active user must count as DAU = 0, hence the day spine.
WITH RECURSIVE days(day) AS (
  SELECT '2025-03-01'
  UNION ALL
  SELECT date(day, '+1 day') FROM days WHERE day < '2025-03-31'
),
active_days AS (
  SELECT DISTINCT user_id, date(event_ts) AS day FROM activity
),
daily AS (
  SELECT d.day, COUNT(a.user_id) AS dau
  FROM days d LEFT JOIN active_days a ON a.day = d.day
  GROUP BY d.day
)
SELECT ROUND(AVG(dau), 3)                                              AS avg_dau,
       (SELECT COUNT(DISTINCT user_id) FROM active_days
         WHERE day BETWEEN '2025-03-01' AND '2025-03-31')              AS mau,
       ROUND(AVG(dau) / (SELECT COUNT(DISTINCT user_id) FROM active_days
         WHERE day BETWEEN '2025-03-01' AND '2025-03-31'), 3)          AS stickiness,
       SUM(dau = 0)                                                    AS days_without_users
FROM daily;
