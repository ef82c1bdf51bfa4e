-- p50 and p90 of order amounts, both definitions:
--   continuous (PERCENTILE_CONT): linear interpolation at 1-based position 1 + p*(n-1)
--   discrete   (PERCENTILE_DISC): the first value whose cumulative share reaches p
WITH ordered AS (
  SELECT amount,
         ROW_NUMBER() OVER (ORDER BY amount) AS rn,
         COUNT(*)     OVER ()                AS n,
         CUME_DIST()  OVER (ORDER BY amount) AS cd
  FROM purchases
  WHERE amount IS NOT NULL
),
probs(p) AS (VALUES (0.5), (0.9)),
pos AS (
  SELECT p, 1 + p * (n - 1) AS h
  FROM probs, (SELECT MAX(n) AS n FROM ordered)
)
SELECT pos.p,
       lo.amount + (pos.h - lo.rn) * (hi.amount - lo.amount)             AS p_cont,
       (SELECT MIN(amount) FROM ordered WHERE cd >= pos.p)                AS p_disc
FROM pos
JOIN ordered lo ON lo.rn = CAST(pos.h AS INTEGER)                        -- floor(h), h >= 1
JOIN ordered hi ON hi.rn = MIN(CAST(pos.h AS INTEGER) + 1, lo.n)         -- next row, capped at n
ORDER BY pos.p;
