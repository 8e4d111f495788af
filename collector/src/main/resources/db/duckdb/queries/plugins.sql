-- Which plugins are used, and which fail most often?
-- A plugin's runs are the sessions whose metadata event lists it (run_plugins: one row per session and
-- plugin); its error runs are those of them with an error event blamed on that plugin; failed runs are
-- those of them that exited non-zero. Each plugin row carries both facts about its session as flags
-- (schema V4), so the filters select the runs (by their metadata event) and the flags count them.
-- DuckDB's form of queries/plugins.sql, same answer: a plugin's machines are counted as the set bits of
-- a bitmap of machine keys (bitstring_agg sizes it from the column's smallest and largest key: 125 KB
-- per plugin per million machines); exact, where count(DISTINCT) hashed ~1.5 M plugin-machine pairs
-- (1.0 of 1.2 CPU-s over 10 M events; BENCHMARKS.md, issue 17, session 5).
SELECT plugin,
       count(*)                                                       AS runs,
       bit_count(bitstring_agg(machine_key))                          AS machines,
       count(*) FILTER (WHERE blamed)                                 AS "errorRuns",
       CAST(count(*) FILTER (WHERE blamed) AS DOUBLE PRECISION) / count(*) AS "errorRate",
       count(*) FILTER (WHERE failed)                                 AS "failedRuns"
FROM run_plugins
WHERE :filters
GROUP BY plugin
ORDER BY "errorRate" DESC, runs DESC, plugin
