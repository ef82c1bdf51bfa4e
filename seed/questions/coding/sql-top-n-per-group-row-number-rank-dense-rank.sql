-- The three ranking functions side by side. RANK and DENSE_RANK see only views_7d;
-- ROW_NUMBER needs a tie-breaker (video_id) or its numbering of tied rows is arbitrary.
SELECT category,
       video_id,
       views_7d,
       ROW_NUMBER() OVER (PARTITION BY category ORDER BY views_7d DESC, video_id) AS row_num,
       RANK()       OVER (PARTITION BY category ORDER BY views_7d DESC)           AS rnk,
       DENSE_RANK() OVER (PARTITION BY category ORDER BY views_7d DESC)           AS dense_rnk
FROM videos
ORDER BY category, row_num;
