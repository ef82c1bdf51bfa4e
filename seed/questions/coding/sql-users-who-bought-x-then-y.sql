-- Users who bought a phone and LATER a case, with the first case after the first phone.
WITH first_x AS (
  SELECT user_id, MIN(purchased_at) AS x_at
  FROM purchases
  WHERE product = 'phone'
  GROUP BY user_id
)
SELECT x.user_id,
       x.x_at                                             AS first_phone_at,
       MIN(p.purchased_at)                                AS first_case_after,
       ROUND(julianday(MIN(p.purchased_at)) - julianday(x.x_at), 2) AS days_between
FROM first_x x
JOIN purchases p
  ON p.user_id = x.user_id
 AND p.product = 'case'
 AND p.purchased_at > x.x_at                              -- strictly later, by timestamp
GROUP BY x.user_id, x.x_at
ORDER BY x.user_id;
