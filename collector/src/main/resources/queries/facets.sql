-- The values the filters can take (tools, versions, commands), with their runs: the report's filter suggestions.
SELECT 'component' AS facet, component_id AS value, count(*) AS runs
FROM events WHERE event_kind = 'end' AND component_id IS NOT NULL AND :filters GROUP BY component_id
UNION ALL
SELECT 'version', component_version, count(*)
FROM events WHERE event_kind = 'end' AND component_version IS NOT NULL AND :filters GROUP BY component_version
UNION ALL
SELECT 'command', command, count(*)
FROM events WHERE event_kind = 'end' AND command IS NOT NULL AND :filters GROUP BY command
ORDER BY facet, runs DESC, value
