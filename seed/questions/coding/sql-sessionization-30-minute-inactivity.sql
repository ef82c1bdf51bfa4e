-- Sessionize events: a new session starts when a user has been idle for MORE than 30 minutes.
-- Work in integer epoch seconds: exact, so a gap of exactly 1800 s is not at the mercy of
-- floating-point rounding (julianday differences are not exact).
WITH t AS (
  SELECT user_id, event_id, event_ts,
         CAST(strftime('%s', event_ts) AS INTEGER) AS ts_s
  FROM events
),
flagged AS (
  SELECT *,
         CASE WHEN ts_s - LAG(ts_s) OVER (PARTITION BY user_id ORDER BY ts_s, event_id) <= 1800
              THEN 0 ELSE 1 END AS new_session           -- first event: LAG is NULL -> 1
  FROM t
),
numbered AS (
  SELECT *,
         SUM(new_session) OVER (PARTITION BY user_id ORDER BY ts_s, event_id
                                ROWS UNBOUNDED PRECEDING) AS session_n
  FROM flagged
)
SELECT user_id,
       session_n,
       MIN(event_ts)           AS session_start,
       MAX(event_ts)           AS session_end,
       COUNT(*)                AS events,
       MAX(ts_s) - MIN(ts_s)   AS duration_s
FROM numbered
GROUP BY user_id, session_n
ORDER BY user_id, session_n;
