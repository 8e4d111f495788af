-- Which plugins are used together in one run? Each pair once, a sorting before b.
-- run_plugins holds each (session, plugin) once.
WITH used AS MATERIALIZED (
    SELECT session_id, plugin
    FROM run_plugins
    WHERE :filters
)
SELECT a.plugin AS a,
       b.plugin AS b,
       count(*) AS runs
FROM used a
JOIN used b ON b.session_id = a.session_id AND a.plugin < b.plugin
GROUP BY a.plugin, b.plugin
ORDER BY runs DESC, a, b
LIMIT 500
