-- "People you may know" for user 1: friends of friends, ranked by mutual friends.
WITH edges AS (                               -- both directions of every accepted friendship
  SELECT user_a AS src, user_b AS dst FROM friendships WHERE status = 'accepted'
  UNION ALL
  SELECT user_b, user_a FROM friendships WHERE status = 'accepted'
)
SELECT f2.dst           AS candidate,
       COUNT(*)         AS mutual_friends      -- one path per mutual friend
FROM edges f1
JOIN edges f2 ON f2.src = f1.dst              -- friend's friends
WHERE f1.src = 1
  AND f2.dst <> 1                             -- not me
  AND NOT EXISTS (SELECT 1 FROM friendships r  -- not a friend, no pending request
                   WHERE (r.user_a = 1 AND r.user_b = f2.dst)
                      OR (r.user_b = 1 AND r.user_a = f2.dst))
  AND NOT EXISTS (SELECT 1 FROM blocks b      -- no block in either direction
                   WHERE (b.blocker_id = 1 AND b.blocked_id = f2.dst)
                      OR (b.blocker_id = f2.dst AND b.blocked_id = 1))
GROUP BY f2.dst
ORDER BY mutual_friends DESC, candidate;
