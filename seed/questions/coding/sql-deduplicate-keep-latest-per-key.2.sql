-- The common shortcut: join back on MAX(updated_at). It returns two rows for user 2 (tied
-- timestamps), keeps user 1's duplicate twice, and silently ignores NULL times.
SELECT p.user_id, p.plan
FROM profile_updates p
JOIN (SELECT user_id, MAX(updated_at) AS max_ts
      FROM profile_updates GROUP BY user_id) m
  ON m.user_id = p.user_id AND m.max_ts = p.updated_at
ORDER BY p.user_id, p.plan;
