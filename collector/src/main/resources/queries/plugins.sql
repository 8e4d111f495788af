-- Which plugins are used, and which fail most often?
-- A plugin's runs are the sessions whose metadata event lists it (run_plugins: one row per session and
-- plugin); its error runs are those of them with an error event blamed on that plugin; failed runs are
-- those of them that exited non-zero.
WITH used AS (
    SELECT plugin, session_id, machine_key
    FROM run_plugins
    WHERE :filters
), blamed AS (
    SELECT DISTINCT error_plugin AS plugin, session_id
    FROM events
    WHERE event_kind = 'error' AND error_plugin IS NOT NULL
      AND :filters
), failed AS (
    SELECT DISTINCT session_id
    FROM runs
    WHERE exit_code <> 0
      AND :filters
)
SELECT used.plugin                                           AS plugin,
       count(*)                                              AS runs,
       count(DISTINCT used.machine_key)                      AS machines,
       count(blamed.session_id)                              AS "errorRuns",
       CAST(count(blamed.session_id) AS DOUBLE PRECISION) / count(*) AS "errorRate",
       count(failed.session_id)                              AS "failedRuns"
FROM used
LEFT JOIN blamed ON blamed.plugin = used.plugin AND blamed.session_id = used.session_id
LEFT JOIN failed ON failed.session_id = used.session_id
GROUP BY used.plugin
ORDER BY "errorRate" DESC, runs DESC, plugin
