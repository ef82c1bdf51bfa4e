-- SRM check per platform and overall: chi-square statistic against the designed 50/50 split.
-- With 1 degree of freedom, chi2 > 10.83 means p < 0.001, the usual SRM alarm level.
WITH by_platform AS (
  SELECT platform,
         SUM(CASE WHEN variant = 'control'   THEN users ELSE 0 END) AS control_users,
         SUM(CASE WHEN variant = 'treatment' THEN users ELSE 0 END) AS treatment_users
  FROM exposures_daily
  GROUP BY platform
  UNION ALL
  SELECT 'all',
         SUM(CASE WHEN variant = 'control'   THEN users ELSE 0 END),
         SUM(CASE WHEN variant = 'treatment' THEN users ELSE 0 END)
  FROM exposures_daily
)
SELECT platform,
       control_users,
       treatment_users,
       ROUND(1.0 * treatment_users / (control_users + treatment_users), 4) AS treatment_share,
       -- expected count in each arm is N/2, so chi2 = (c - t)^2 / (c + t)
       ROUND(1.0 * (control_users - treatment_users) * (control_users - treatment_users)
             / (control_users + treatment_users), 2) AS chi2,
       CASE WHEN 1.0 * (control_users - treatment_users) * (control_users - treatment_users)
                 / (control_users + treatment_users) > 10.83 THEN 'SRM' ELSE 'ok' END AS verdict
FROM by_platform
ORDER BY chi2 DESC;
