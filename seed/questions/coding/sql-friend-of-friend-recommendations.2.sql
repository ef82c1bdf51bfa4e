-- Top 2 suggestions for every user at once (batch job), with the same exclusions.
WITH edges AS (
  SELECT user_a AS src, user_b AS dst FROM friendships WHERE status = 'accepted'
  UNION ALL
  SELECT user_b, user_a FROM friendships WHERE status = 'accepted'
),
related AS (                          -- friends AND pending requests: do not suggest either
  SELECT user_a AS src, user_b AS dst FROM friendships
  UNION ALL
  SELECT user_b, user_a FROM friendships
),
candidates AS (
  SELECT f1.src AS user_id, f2.dst AS candidate, COUNT(*) AS mutual_friends
  FROM edges f1
  JOIN edges f2 ON f2.src = f1.dst
  LEFT JOIN related already ON already.src = f1.src AND already.dst = f2.dst
  WHERE f2.dst <> f1.src
    AND already.src IS NULL                              -- anti-join: no existing relationship
  GROUP BY f1.src, f2.dst
),
ranked AS (
  SELECT c.*, ROW_NUMBER() OVER (PARTITION BY user_id
                                 ORDER BY mutual_friends DESC, candidate) AS rn
  FROM candidates c
  WHERE NOT EXISTS (SELECT 1 FROM blocks b
                     WHERE (b.blocker_id = c.user_id AND b.blocked_id = c.candidate)
                        OR (b.blocker_id = c.candidate AND b.blocked_id = c.user_id))
)
SELECT user_id, candidate, mutual_friends
FROM ranked
WHERE rn <= 2
ORDER BY user_id, rn;
