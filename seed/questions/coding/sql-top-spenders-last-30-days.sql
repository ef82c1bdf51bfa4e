-- Top 10 spenders in the window of the page's Postgres one-liner,
--   purchase_date >= CURRENT_DATE - INTERVAL '30 days'
-- with CURRENT_DATE fixed at 2025-06-30 so the result is reproducible: the dates
-- 2025-05-31 .. 2025-06-30 inclusive (31 calendar days, reference day included).
SELECT user_id,
       SUM(amount) AS total
FROM purchases
WHERE purchase_date >= date('2025-06-30', '-30 days')   -- '2025-05-31'
  AND purchase_date <  date('2025-06-30', '+1 day')     -- drop rows dated after the reference day
  AND amount IS NOT NULL                                -- unsettled purchases are not spend yet
GROUP BY user_id
ORDER BY total DESC, user_id                            -- deterministic tie-break
LIMIT 10;
