-- Same window, but keep everyone tied with the 10th place instead of cutting arbitrarily.
WITH spend AS (
  SELECT user_id, SUM(amount) AS total
  FROM purchases
  WHERE purchase_date >= date('2025-06-30', '-30 days')
    AND purchase_date <  date('2025-06-30', '+1 day')
    AND amount IS NOT NULL
  GROUP BY user_id
), ranked AS (
  SELECT user_id, total, RANK() OVER (ORDER BY total DESC) AS rnk
  FROM spend
)
SELECT user_id, total, rnk
FROM ranked
WHERE rnk <= 10
ORDER BY rnk, user_id;
