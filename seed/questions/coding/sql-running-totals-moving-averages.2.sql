-- The default frame trap: with ORDER BY and no frame, the frame is
-- RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, which includes every row that
-- ties on the ORDER BY key. Two purchases on 2025-04-04 get the same "running" total.
SELECT purchase_id,
       purchase_date,
       amount,
       SUM(amount) OVER (ORDER BY purchase_date)                       AS default_frame,
       SUM(amount) OVER (ORDER BY purchase_date, purchase_id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rows_frame
FROM purchases
WHERE purchase_date BETWEEN '2025-03-28' AND '2025-04-11'
ORDER BY purchase_date, purchase_id;
