-- How many labels a naive "latest snapshot per user" join would leak the future into,
-- and how many a join on as_of_ts (ignoring the 2-hour write delay) would.
WITH latest AS (
  SELECT user_id, MAX(as_of_ts) AS as_of_ts FROM feature_snapshots GROUP BY user_id
),
naive AS (
  SELECT COUNT(*) AS leaked
  FROM labels l JOIN latest s ON s.user_id = l.user_id
  WHERE s.as_of_ts > l.prediction_ts
),
ignores_delay AS (          -- uses as_of_ts <= prediction_ts instead of available_at
  SELECT COUNT(*) AS leaked
  FROM labels l
  WHERE (SELECT MAX(f.available_at) FROM feature_snapshots f
          WHERE f.user_id = l.user_id AND f.as_of_ts <= l.prediction_ts) > l.prediction_ts
)
SELECT (SELECT leaked FROM naive) AS naive_latest_leaks,
       (SELECT leaked FROM ignores_delay) AS as_of_only_leaks;
