-- "Top 2 with ties": every video whose view count is beaten by fewer than 2 others.
WITH ranked AS (
  SELECT category, video_id, views_7d,
         RANK() OVER (PARTITION BY category ORDER BY views_7d DESC) AS rnk
  FROM videos
)
SELECT category, video_id, views_7d, rnk
FROM ranked
WHERE rnk <= 2
ORDER BY category, rnk, video_id;
