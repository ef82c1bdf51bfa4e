-- Session-level metrics for the day's report: sessions, sessions per user,
-- average duration, and the bounce rate (single-event sessions).
WITH t AS (
  SELECT user_id, event_id, CAST(strftime('%s', event_ts) AS INTEGER) AS ts_s FROM events
),
numbered AS (
  SELECT user_id, ts_s,
         SUM(new_session) OVER (PARTITION BY user_id ORDER BY ts_s, event_id
                                ROWS UNBOUNDED PRECEDING) AS session_n
  FROM (SELECT *, CASE WHEN ts_s - LAG(ts_s) OVER (PARTITION BY user_id ORDER BY ts_s, event_id)
                            <= 1800 THEN 0 ELSE 1 END AS new_session
        FROM t)
),
sessions AS (
  SELECT user_id, session_n, COUNT(*) AS events, MAX(ts_s) - MIN(ts_s) AS duration_s
  FROM numbered GROUP BY user_id, session_n
)
SELECT COUNT(*)                                            AS sessions,
       ROUND(1.0 * COUNT(*) / COUNT(DISTINCT user_id), 2)  AS sessions_per_user,
       ROUND(AVG(duration_s) / 60.0, 2)                    AS avg_duration_min,
       ROUND(AVG(events = 1), 3)                           AS bounce_rate
FROM sessions;
