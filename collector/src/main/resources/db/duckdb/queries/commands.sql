-- Which commands do people run, on how many machines, how often do they fail, how long do they take?
-- A run is a session's end event (runs: one row per end event, schema V2); a failure is a non-zero exit code.
-- DuckDB's form of queries/commands.sql, same answer: machines as the set bits of a bitmap of machine keys
-- (see plugins.sql), both percentiles from one quantile_cont (one sort per command).
SELECT command, runs, machines, failures,
       q[1] AS "durationP50",
       q[2] AS "durationP90"
FROM (
    SELECT command,
           count(*)                                      AS runs,
           bit_count(bitstring_agg(machine_key))         AS machines,
           count(*) FILTER (WHERE exit_code <> 0)        AS failures,
           quantile_cont(duration_ms, [0.5, 0.9])        AS q
    FROM runs
    WHERE :filters
    GROUP BY command
)
ORDER BY runs DESC, command
