-- Which commands do people run, on how many machines, how often do they fail, how long do they take?
-- A run is a session's end event (runs: one row per end event, schema V2); a failure is a non-zero exit code.
SELECT command,
       count(*)                                                  AS runs,
       count(DISTINCT machine_key)                               AS machines,
       count(*) FILTER (WHERE exit_code <> 0)                    AS failures,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS "durationP50",
       percentile_cont(0.9) WITHIN GROUP (ORDER BY duration_ms) AS "durationP90"
FROM runs
WHERE :filters
GROUP BY command
ORDER BY runs DESC, command
