-- How long does each stage of each command take per run, how often is it called, how often does it throw?
-- Percentiles are of the stage's total time in one run, in milliseconds.
SELECT command,
       stage,
       count(*)                                               AS runs,
       sum(calls)                                             AS calls,
       sum(errors)                                            AS errors,
       percentile_cont(0.5)  WITHIN GROUP (ORDER BY total_ms) AS p50,
       percentile_cont(0.9)  WITHIN GROUP (ORDER BY total_ms) AS p90,
       percentile_cont(0.99) WITHIN GROUP (ORDER BY total_ms) AS p99
FROM event_stages
WHERE :filters
GROUP BY command, stage
ORDER BY command, stage
