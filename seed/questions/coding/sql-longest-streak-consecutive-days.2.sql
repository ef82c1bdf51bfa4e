-- Current streak as of 2025-03-31: the run that ends on the as-of day (0 for everyone else).
-- Built with LAG instead of the row-number trick: a new island starts where the gap > 1 day.
WITH days AS (
  SELECT DISTINCT user_id, date(event_ts) AS day FROM activity
),
flagged AS (
  SELECT user_id, day,
         CASE WHEN julianday(day)
                   - julianday(LAG(day) OVER (PARTITION BY user_id ORDER BY day)) = 1
              THEN 0 ELSE 1 END AS starts_island
  FROM days
),
numbered AS (
  SELECT user_id, day,
         SUM(starts_island) OVER (PARTITION BY user_id ORDER BY day
                                  ROWS UNBOUNDED PRECEDING) AS island_id
  FROM flagged
),
streaks AS (
  SELECT user_id, MAX(day) AS streak_end, COUNT(*) AS streak_len
  FROM numbered
  GROUP BY user_id, island_id
)
SELECT u.user_id,
       COALESCE(s.streak_len, 0) AS current_streak
FROM users u
LEFT JOIN streaks s ON s.user_id = u.user_id AND s.streak_end = '2025-03-31'
ORDER BY current_streak DESC, u.user_id;
