-- The trend of "how long does each stage take" across releases: stages.sql's percentiles per tool version.
-- DuckDB's form of queries/stage-trend-version.sql, same answer: one sort per group for the three percentiles.
SELECT bucket, command, stage, runs,
       q[1] AS p50,
       q[2] AS p90,
       q[3] AS p99
FROM (
    SELECT coalesce(component_version, 'unknown')      AS bucket,
           command,
           stage,
           count(*)                                    AS runs,
           quantile_cont(total_ms, [0.5, 0.9, 0.99])   AS q
    FROM event_stages
    WHERE :filters
    GROUP BY coalesce(component_version, 'unknown'), command, stage
)
ORDER BY bucket, command, stage
