-- Which plugins are used together in one run? Each pair once, a sorting before b.
-- run_plugin_pairs holds each (session, pair) once, its plugins as keys of plugins (schema V3).
WITH counted AS (
    SELECT plugin_a, plugin_b, count(*) AS runs
    FROM run_plugin_pairs
    WHERE :filters
    GROUP BY plugin_a, plugin_b
)
SELECT pa.plugin   AS a,
       pb.plugin   AS b,
       counted.runs AS runs
FROM counted
JOIN plugins pa ON pa.plugin_key = counted.plugin_a
JOIN plugins pb ON pb.plugin_key = counted.plugin_b
ORDER BY runs DESC, a, b
LIMIT 500
