-- The trend of "how long does each stage take": stages.sql's percentiles per UTC day (bucket = YYYY-MM-DD).
-- DuckDB's form of queries/stage-trend-day.sql, same answer: one sort per group for the three percentiles,
-- and grouped by the date itself, made text only for the few thousand groups (not for every stage row).
SELECT CAST(day AS VARCHAR) AS bucket, command, stage, runs,
       q[1] AS p50,
       q[2] AS p90,
       q[3] AS p99
FROM (
    SELECT CAST(event_time AS DATE)                    AS day,
           command,
           stage,
           count(*)                                    AS runs,
           quantile_cont(total_ms, [0.5, 0.9, 0.99])   AS q
    FROM event_stages
    WHERE :filters
    GROUP BY CAST(event_time AS DATE), command, stage
)
ORDER BY bucket, command, stage
