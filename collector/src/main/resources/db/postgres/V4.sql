-- V4: each plugin row knows its session's outcome (see db/duckdb/V4.sql).
ALTER TABLE run_plugins ADD COLUMN failed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE run_plugins ADD COLUMN blamed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE run_plugin_sessions ADD COLUMN failed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE run_plugin_sessions ADD COLUMN blamed TEXT NOT NULL DEFAULT '';

CREATE TEMP TABLE v4_outcomes ON COMMIT DROP AS
SELECT session_id, min(event_time) AS event_time, bool_or(failed) AS failed,
       coalesce(string_agg(DISTINCT plugin COLLATE "C", ' ' ORDER BY plugin COLLATE "C"), '') AS blamed
FROM (
    SELECT session_id, event_time, TRUE AS failed, NULL AS plugin FROM runs WHERE exit_code <> 0
    UNION ALL
    -- a name with white space was never listed (the schema's pattern): it can blame no plugin row
    SELECT session_id, event_time, FALSE, error_plugin FROM events
    WHERE event_kind = 'error' AND error_plugin IS NOT NULL AND error_plugin !~ '\s'
) outcomes
GROUP BY session_id;

UPDATE run_plugins SET failed = TRUE
FROM v4_outcomes o
WHERE o.session_id = run_plugins.session_id AND o.failed;

UPDATE run_plugins SET blamed = TRUE
FROM (SELECT DISTINCT session_id, error_plugin FROM events WHERE event_kind = 'error' AND error_plugin IS NOT NULL) b
WHERE b.session_id = run_plugins.session_id AND b.error_plugin = run_plugins.plugin;

UPDATE run_plugin_sessions SET failed = o.failed, blamed = o.blamed
FROM v4_outcomes o
WHERE o.session_id = run_plugin_sessions.session_id;

INSERT INTO run_plugin_sessions (session_id, event_time, plugins, failed, blamed)
SELECT o.session_id, o.event_time, '', o.failed, o.blamed
FROM v4_outcomes o
WHERE NOT EXISTS (SELECT 1 FROM run_plugin_sessions s WHERE s.session_id = o.session_id);
