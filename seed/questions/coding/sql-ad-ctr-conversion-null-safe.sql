-- CTR, conversion rate, CPC and CPA per campaign, safe against integer division,
-- division by zero, missing stats and unreported conversions.
SELECT c.name,
       COALESCE(SUM(s.impressions), 0)                                      AS impressions,
       COALESCE(SUM(s.clicks), 0)                                           AS clicks,
       ROUND(100.0 * SUM(s.clicks) / NULLIF(SUM(s.impressions), 0), 3)      AS ctr_pct,
       -- conversion rate only over days whose conversions are reported
       ROUND(100.0 * SUM(s.conversions)
             / NULLIF(SUM(CASE WHEN s.conversions IS NOT NULL THEN s.clicks END), 0), 2)
                                                                            AS cvr_pct,
       ROUND(SUM(s.spend) / NULLIF(SUM(s.clicks), 0), 2)                    AS cpc,
       ROUND(SUM(CASE WHEN s.conversions IS NOT NULL THEN s.spend END)
             / NULLIF(SUM(s.conversions), 0), 2)                            AS cpa
FROM campaigns c
LEFT JOIN ad_stats s ON s.campaign_id = c.campaign_id
GROUP BY c.campaign_id, c.name
ORDER BY c.campaign_id;
