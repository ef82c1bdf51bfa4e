-- Current state per user: the latest change by source time, ties broken by load time;
-- rows without a source time never win; deleted users are dropped.
WITH ranked AS (
  SELECT p.*,
         ROW_NUMBER() OVER (
           PARTITION BY user_id
           ORDER BY updated_at IS NULL,      -- 0 (has a time) before 1 (NULL)
                    updated_at DESC,
                    ingested_at DESC
         ) AS rn
  FROM profile_updates p
)
SELECT user_id, plan, country, updated_at
FROM ranked
WHERE rn = 1
  AND op <> 'delete'
ORDER BY user_id;
