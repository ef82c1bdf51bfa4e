-- Exactly two videos per category; ties broken by the earlier publish time, then id.
WITH ranked AS (
  SELECT category, video_id, views_7d,
         ROW_NUMBER() OVER (PARTITION BY category
                            ORDER BY views_7d DESC, published_at, video_id) AS rn
  FROM videos
)
SELECT category, video_id, views_7d
FROM ranked
WHERE rn <= 2
ORDER BY category, rn;
