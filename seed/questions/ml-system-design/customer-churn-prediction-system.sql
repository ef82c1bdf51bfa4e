-- Point-in-time churn labels and features for one snapshot date.
-- Eligible: active in the 30 days before the snapshot. Features use only events before it.
-- Label: churned = 1 when the user has no event in the 30 days starting at the snapshot.
WITH params AS (
  SELECT '2025-06-01' AS snap
),
eligible AS (
  SELECT e.user_id,
         COUNT(*) AS events_30d,
         SUM(e.event_type = 'purchase') AS purchases_30d,
         CAST(julianday(p.snap) - julianday(MAX(e.event_date)) AS INTEGER) AS days_since_last
  FROM user_events e
  CROSS JOIN params p
  WHERE e.event_date >= date(p.snap, '-30 days')
    AND e.event_date <  p.snap
  GROUP BY e.user_id
),
future_active AS (
  SELECT DISTINCT e.user_id
  FROM user_events e
  CROSS JOIN params p
  WHERE e.event_date >= p.snap
    AND e.event_date <  date(p.snap, '+30 days')
)
SELECT el.user_id,
       el.events_30d,
       el.purchases_30d,
       el.days_since_last,
       CASE WHEN f.user_id IS NULL THEN 1 ELSE 0 END AS churned
FROM eligible el
LEFT JOIN future_active f ON f.user_id = el.user_id
ORDER BY el.user_id;
