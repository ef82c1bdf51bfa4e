-- Top 10 spenders over the 30 days before the reference date 2025-06-30.
-- The page's Postgres filter  purchase_date >= CURRENT_DATE - INTERVAL '30 days'
-- becomes a fixed date so the result is reproducible.
SELECT user_id,
       SUM(amount) AS total
FROM purchases
WHERE purchase_date >= date('2025-06-30', '-30 days')   -- '2025-05-31'
  AND purchase_date <  date('2025-06-30', '+1 day')     -- drop rows dated after the reference day
  AND amount IS NOT NULL                                -- unsettled purchases are not spend yet
GROUP BY user_id
ORDER BY total DESC, user_id                            -- deterministic tie-break
LIMIT 10;
