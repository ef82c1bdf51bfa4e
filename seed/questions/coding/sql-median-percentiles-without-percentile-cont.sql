-- Median order amount per country, without PERCENTILE_CONT (SQLite has none).
-- Odd n: the middle row. Even n: the mean of the two middle rows.
WITH ordered AS (
  SELECT u.country,
         p.amount,
         ROW_NUMBER() OVER (PARTITION BY u.country ORDER BY p.amount) AS rn,
         COUNT(*)     OVER (PARTITION BY u.country)                   AS n
  FROM purchases p
  JOIN users u USING (user_id)
  WHERE p.amount IS NOT NULL
)
SELECT country,
       MAX(n)      AS orders,
       AVG(amount) AS median_amount
FROM ordered
WHERE rn IN ((n + 1) / 2, (n + 2) / 2)      -- integer division: one row if n odd, two if even
GROUP BY country
ORDER BY country;
