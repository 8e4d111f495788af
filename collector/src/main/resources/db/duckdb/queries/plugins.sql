-- Which plugins are used, and which fail most often?
-- A plugin's runs are the sessions whose metadata event lists it (run_plugins: one row per session and
-- plugin); its error runs are those of them with an error event blamed on that plugin; failed runs are
-- those of them that exited non-zero.
-- DuckDB's form of queries/plugins.sql, same answer (BENCHMARKS.md, issue 17, session 5):
-- * machines: a bitmap of machine keys per plugin (bitstring_agg sizes it from the column's min and max
--   keys: 125 KB per plugin per million machines), its set bits counted; exact, where count(DISTINCT)
--   hashed ~1.5 M plugin-machine pairs (1.0 of 2.2 CPU-s over 10 M events).
-- * a session's outcome (failed, and the plugins its errors blame) is gathered once per session, so the
--   plugin rows are joined with one small table instead of two (one pass over them, not two).
WITH used AS (
    SELECT plugin, session_id, machine_key
    FROM run_plugins
    WHERE :filters
), outcome AS (
    SELECT session_id,
           bool_or(failed)                             AS failed,
           list(plugin) FILTER (WHERE plugin IS NOT NULL) AS blamed
    FROM (
        SELECT session_id, TRUE AS failed, NULL AS plugin
        FROM runs
        WHERE exit_code <> 0
          AND :filters
        UNION ALL
        SELECT session_id, FALSE, error_plugin
        FROM events
        WHERE event_kind = 'error' AND error_plugin IS NOT NULL
          AND :filters
    )
    GROUP BY session_id
), counted AS (
    SELECT used.plugin                                                         AS plugin,
           count(*)                                                            AS runs,
           bit_count(bitstring_agg(used.machine_key))                          AS machines,
           count(*) FILTER (WHERE list_contains(outcome.blamed, used.plugin))  AS error_runs,
           count(*) FILTER (WHERE outcome.failed)                              AS failed_runs
    FROM used
    LEFT JOIN outcome ON outcome.session_id = used.session_id
    GROUP BY used.plugin
)
SELECT plugin,
       runs,
       machines,
       error_runs                                      AS "errorRuns",
       CAST(error_runs AS DOUBLE PRECISION) / runs     AS "errorRate",
       failed_runs                                     AS "failedRuns"
FROM counted
ORDER BY "errorRate" DESC, runs DESC, plugin
