-- V4: each plugin row knows its session's outcome, so the plugins question counts a plugin's failed and
-- error runs as flags of its own rows instead of joining 7.5 M rows with the failed sessions and the
-- blamed errors (BENCHMARKS.md, issue 17, session 5: 0.8 -> 0.2 CPU-s over 10 M events, whatever the
-- filters; joined, DuckDB's planner sometimes built its hash table over the plugin rows: 1.3-1.6 CPU-s).
-- run_plugins.failed: the session has an end event with a non-zero exit code; run_plugins.blamed: the
-- session has an error event blaming this plugin. The session's mark (run_plugin_sessions, V3) holds the
-- same facts for the session (failed; blamed: the blamed plugin names, sorted, separated by a space), so
-- whichever of the plugin rows and the outcome arrives second finds the other through the session's key;
-- a session with an outcome but no plugin yet has a mark with no plugin names.
-- Kept at ingest in the events' transaction (PluginPairRows); filled here for the events already stored.
ALTER TABLE run_plugins ADD COLUMN failed BOOLEAN DEFAULT FALSE;
ALTER TABLE run_plugins ADD COLUMN blamed BOOLEAN DEFAULT FALSE;
ALTER TABLE run_plugin_sessions ADD COLUMN failed BOOLEAN DEFAULT FALSE;
ALTER TABLE run_plugin_sessions ADD COLUMN blamed VARCHAR DEFAULT '';
-- The scratch twins take the same columns in the same order (the appender writes by position).
ALTER TABLE ingest_run_plugins ADD COLUMN failed BOOLEAN DEFAULT FALSE;
ALTER TABLE ingest_run_plugins ADD COLUMN blamed BOOLEAN DEFAULT FALSE;
ALTER TABLE ingest_run_plugin_sessions ADD COLUMN failed BOOLEAN DEFAULT FALSE;
ALTER TABLE ingest_run_plugin_sessions ADD COLUMN blamed VARCHAR DEFAULT '';

CREATE TEMP TABLE v4_outcomes AS
SELECT session_id, min(event_time) AS event_time, bool_or(failed) AS failed,
       coalesce(string_agg(DISTINCT plugin, ' ' ORDER BY plugin), '') AS blamed
FROM (
    SELECT session_id, event_time, TRUE AS failed, NULL AS plugin FROM runs WHERE exit_code <> 0
    UNION ALL
    -- a name with white space was never listed (the schema's pattern): it can blame no plugin row
    SELECT session_id, event_time, FALSE, error_plugin FROM events
    WHERE event_kind = 'error' AND error_plugin IS NOT NULL AND NOT regexp_matches(error_plugin, '\s')
)
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

DROP TABLE v4_outcomes;
