-- One pass, no join: "some X before some Y" <=> earliest X < latest Y.
-- Also counted with date-only logic, which cannot order two purchases on the same day.
SELECT SUM(first_phone_at  <  last_case_at)  AS by_timestamp,
       SUM(first_phone_day <  last_case_day) AS by_date_strict,
       SUM(first_phone_day <= last_case_day) AS by_date_inclusive
FROM (
  SELECT user_id,
         MIN(CASE WHEN product = 'phone' THEN purchased_at  END) AS first_phone_at,
         MAX(CASE WHEN product = 'case'  THEN purchased_at  END) AS last_case_at,
         MIN(CASE WHEN product = 'phone' THEN purchase_date END) AS first_phone_day,
         MAX(CASE WHEN product = 'case'  THEN purchase_date END) AS last_case_day
  FROM purchases
  WHERE product IN ('phone', 'case')
  GROUP BY user_id
);
