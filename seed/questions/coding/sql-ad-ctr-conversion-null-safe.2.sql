-- Wrong ways next to the right one, over all campaigns.
WITH per_campaign AS (
  SELECT campaign_id,
         SUM(clicks) AS clicks, SUM(impressions) AS impressions,
         100.0 * SUM(clicks) / NULLIF(SUM(impressions), 0) AS ctr_pct
  FROM ad_stats GROUP BY campaign_id
)
SELECT (SELECT SUM(clicks) / SUM(impressions) FROM ad_stats)      AS int_division,
       ROUND((SELECT AVG(ctr_pct) FROM per_campaign), 3)           AS mean_of_campaign_ctrs,
       ROUND((SELECT 100.0 * SUM(clicks) / SUM(impressions) FROM ad_stats), 3) AS pooled_ctr,
       ROUND((SELECT 100.0 * SUM(conversions) / SUM(clicks) FROM ad_stats), 3) AS cvr_naive,
       ROUND((SELECT 100.0 * SUM(conversions)
                     / SUM(CASE WHEN conversions IS NOT NULL THEN clicks END)
              FROM ad_stats), 3)                                    AS cvr_reported_days;
