-- Point-in-time (as-of) join: for each label, the latest snapshot that was AVAILABLE
-- at prediction time. No snapshot -> NULL features (LEFT JOIN), never a future one.
WITH candidates AS (
  SELECT l.label_id, l.user_id, l.prediction_ts, l.churned_30d,
         f.as_of_ts, f.orders_30d, f.avg_basket,
         ROW_NUMBER() OVER (PARTITION BY l.label_id ORDER BY f.as_of_ts DESC) AS rn
  FROM labels l
  LEFT JOIN feature_snapshots f
         ON f.user_id = l.user_id
        AND f.available_at <= l.prediction_ts          -- what the model could have seen
)
SELECT label_id, user_id, prediction_ts, as_of_ts, orders_30d, avg_basket,
       ROUND((julianday(prediction_ts) - julianday(as_of_ts)) * 24, 1) AS staleness_h,
       churned_30d
FROM candidates
WHERE rn = 1
ORDER BY label_id;
