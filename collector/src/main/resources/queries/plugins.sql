-- Which plugins are used, and which fail most often?
-- A plugin's runs are the sessions whose metadata event lists it (run_plugins: one row per session and
-- plugin); its error runs are those of them with an error event blamed on that plugin; failed runs are
-- those of them that exited non-zero. Each plugin row carries both facts about its session as flags
-- (schema V4), so the filters select the runs (by their metadata event) and the flags count them.
SELECT plugin,
       count(*)                                                       AS runs,
       count(DISTINCT machine_key)                                    AS machines,
       count(*) FILTER (WHERE blamed)                                 AS "errorRuns",
       CAST(count(*) FILTER (WHERE blamed) AS DOUBLE PRECISION) / count(*) AS "errorRate",
       count(*) FILTER (WHERE failed)                                 AS "failedRuns"
FROM run_plugins
WHERE :filters
GROUP BY plugin
ORDER BY "errorRate" DESC, runs DESC, plugin
