-- Histogram of total spend per user in $300 buckets, including users who spent nothing
-- and empty buckets (so the chart has no missing bars).
WITH RECURSIVE params(width) AS (SELECT 300),
spend AS (
  SELECT u.user_id, COALESCE(SUM(p.amount), 0) AS total       -- no purchases -> 0
  FROM users u
  LEFT JOIN purchases p ON p.user_id = u.user_id AND p.purchase_date <= '2025-06-30'
  GROUP BY u.user_id
),
binned AS (
  SELECT CAST(total / width AS INTEGER) * width AS bucket_lo  -- floor, valid for totals >= 0
  FROM spend, params
),
buckets(bucket_lo) AS (                                       -- 0, 300, ... up to the max
  SELECT 0
  UNION ALL
  SELECT bucket_lo + (SELECT width FROM params) FROM buckets
  WHERE bucket_lo + (SELECT width FROM params) <= (SELECT MAX(bucket_lo) FROM binned)
)
SELECT b.bucket_lo,
       b.bucket_lo + (SELECT width FROM params)    AS bucket_hi,   -- half-open [lo, hi)
       COUNT(x.bucket_lo)                          AS users,
       ROUND(1.0 * COUNT(x.bucket_lo) / (SELECT COUNT(*) FROM binned), 3) AS share
FROM buckets b
LEFT JOIN binned x ON x.bucket_lo = b.bucket_lo
GROUP BY b.bucket_lo
ORDER BY b.bucket_lo;
