-- Day-1 and day-7 retention by signup-date cohort, as of 2025-03-31 (UTC days).
-- "Day-N retained" = active on exactly the N-th calendar day after signup.
WITH params AS (SELECT '2025-03-31' AS as_of),
active_days AS (                       -- one row per user per active day
  SELECT DISTINCT user_id, date(event_ts) AS day
  FROM activity
),
per_user AS (
  SELECT u.user_id,
         u.signup_date,
         date(u.signup_date, '+1 day') <= p.as_of                                     AS d1_eligible,
         date(u.signup_date, '+7 day') <= p.as_of                                     AS d7_eligible,
         EXISTS (SELECT 1 FROM active_days a
                  WHERE a.user_id = u.user_id AND a.day = date(u.signup_date, '+1 day')) AS d1_active,
         EXISTS (SELECT 1 FROM active_days a
                  WHERE a.user_id = u.user_id AND a.day = date(u.signup_date, '+7 day')) AS d7_active
  FROM users u CROSS JOIN params p
)
SELECT signup_date                                   AS cohort,
       COUNT(*)                                      AS cohort_size,
       SUM(d1_eligible AND d1_active)                AS d1_retained,
       ROUND(1.0 * SUM(d1_eligible AND d1_active) / NULLIF(SUM(d1_eligible), 0), 3) AS d1_rate,
       SUM(d7_eligible)                              AS d7_eligible,
       SUM(d7_eligible AND d7_active)                AS d7_retained,
       ROUND(1.0 * SUM(d7_eligible AND d7_active) / NULLIF(SUM(d7_eligible), 0), 3) AS d7_rate
FROM per_user
GROUP BY signup_date
ORDER BY signup_date;
