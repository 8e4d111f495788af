-- How long does each stage of each command take per run, how often is it called, how often does it throw?
-- Percentiles are of the stage's total time in one run, in milliseconds.
-- DuckDB's form of queries/stages.sql, same answer: one quantile_cont with a list of fractions sorts each
-- group once, where three percentile_cont sort it three times (half the CPU over 12.5 M stage rows).
SELECT command, stage, runs, calls, errors,
       q[1] AS p50,
       q[2] AS p90,
       q[3] AS p99
FROM (
    SELECT command,
           stage,
           count(*)                                    AS runs,
           sum(calls)                                  AS calls,
           sum(errors)                                 AS errors,
           quantile_cont(total_ms, [0.5, 0.9, 0.99])   AS q
    FROM event_stages
    WHERE :filters
    GROUP BY command, stage
)
ORDER BY command, stage
