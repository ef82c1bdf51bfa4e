-- Order amounts in hand-made, roughly logarithmic buckets (skewed data), NULLs shown apart.
SELECT CASE
         WHEN amount IS NULL THEN 'unknown'
         WHEN amount <   25  THEN '1: <25'
         WHEN amount <  100  THEN '2: 25-99'
         WHEN amount <  500  THEN '3: 100-499'
         WHEN amount < 1000  THEN '4: 500-999'
         ELSE                     '5: 1000+'
       END                         AS bucket,
       COUNT(*)                    AS orders,
       ROUND(SUM(amount), 2)       AS revenue
FROM purchases
GROUP BY bucket
ORDER BY bucket;
