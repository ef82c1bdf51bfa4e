-- Longest run of consecutive active days per user (gaps and islands).
-- Within a run, day - row_number is constant; it jumps at every gap.
WITH days AS (
  SELECT DISTINCT user_id, date(event_ts) AS day
  FROM activity
),
islands AS (
  SELECT user_id, day,
         julianday(day) - ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY day) AS island
  FROM days
),
streaks AS (
  SELECT user_id,
         MIN(day) AS streak_start,
         MAX(day) AS streak_end,
         COUNT(*) AS streak_len
  FROM islands
  GROUP BY user_id, island
),
ranked AS (
  SELECT s.*,
         ROW_NUMBER() OVER (PARTITION BY user_id
                            ORDER BY streak_len DESC, streak_end DESC) AS rn   -- ties: latest run
  FROM streaks s
)
SELECT user_id, streak_len, streak_start, streak_end
FROM ranked
WHERE rn = 1
ORDER BY streak_len DESC, user_id;
