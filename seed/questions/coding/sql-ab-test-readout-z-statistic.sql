-- A/B readout for checkout_v2: conversion per variant, absolute and relative lift,
-- pooled two-proportion z statistic and a 95% CI for the difference.
WITH exposures AS (                 -- one row per user; drop users seen in both variants
  SELECT user_id,
         MIN(variant)     AS variant,
         MIN(assigned_at) AS assigned_at
  FROM assignments
  WHERE experiment = 'checkout_v2'
  GROUP BY user_id
  HAVING COUNT(DISTINCT variant) = 1
),
per_user AS (                       -- converted = at least one order AFTER first exposure
  SELECT e.user_id, e.variant,
         EXISTS (SELECT 1 FROM orders o
                  WHERE o.user_id = e.user_id AND o.ordered_at >= e.assigned_at) AS converted
  FROM exposures e
),
arms AS (
  SELECT SUM(variant = 'control')                    AS n_c,
         SUM(variant = 'control'   AND converted)    AS x_c,
         SUM(variant = 'treatment')                  AS n_t,
         SUM(variant = 'treatment' AND converted)    AS x_t
  FROM per_user
),
rates AS (
  SELECT *, 1.0 * x_c / n_c AS p_c, 1.0 * x_t / n_t AS p_t,
         1.0 * (x_c + x_t) / (n_c + n_t) AS p_pool
  FROM arms
)
SELECT n_c, x_c, n_t, x_t,
       ROUND(p_c, 4)                                                      AS p_control,
       ROUND(p_t, 4)                                                      AS p_treatment,
       ROUND(p_t - p_c, 4)                                                AS abs_lift,
       ROUND((p_t - p_c) / p_c, 4)                                        AS rel_lift,
       ROUND((p_t - p_c) / sqrt(p_pool * (1 - p_pool) * (1.0 / n_c + 1.0 / n_t)), 4) AS z,
       ROUND(p_t - p_c - 1.96 * sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t), 4) AS ci_low,
       ROUND(p_t - p_c + 1.96 * sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t), 4) AS ci_high
FROM rates;
