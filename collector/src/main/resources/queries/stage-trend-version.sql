-- The trend of "how long does each stage take" across releases: stages.sql's percentiles per tool version.
SELECT coalesce(component_version, 'unknown')                  AS bucket,
       command,
       stage,
       count(*)                                               AS runs,
       percentile_cont(0.5)  WITHIN GROUP (ORDER BY total_ms) AS p50,
       percentile_cont(0.9)  WITHIN GROUP (ORDER BY total_ms) AS p90,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY total_ms) AS p99
FROM event_stages
WHERE :filters
GROUP BY coalesce(component_version, 'unknown'), command, stage
ORDER BY bucket, command, stage
