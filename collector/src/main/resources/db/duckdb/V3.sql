-- V3: the plugins used together in one session, as rows kept at ingest, so plugins/pairs groups pair rows
-- instead of joining millions of session-plugin rows with themselves (BENCHMARKS.md, "Collector": 3.0 ->
-- 0.04 CPU-s over 10 M events). plugins gives each plugin name a small integer key: a pair row is two
-- integers plus the columns the filters read. run_plugin_sessions holds each session's plugin names, so
-- ingest pairs a session's earlier plugins (another JVM of the session, an earlier batch) with its new
-- ones by reading one row through its key (run_plugins has no index on the session alone: reading it
-- there scanned 7.5 M rows, ~90 ms of CPU). A pair row is dated and filtered by the metadata event that completed
-- it. Kept in the same transaction as their events; filled here from run_plugins.
-- The price: n(n-1)/2 rows for a run listing n plugins (3 for 3 plugins, 1,770 for 60).
CREATE SEQUENCE plugin_keys START 1;

CREATE TABLE plugins (
    plugin            VARCHAR PRIMARY KEY,
    plugin_key        INTEGER NOT NULL DEFAULT nextval('plugin_keys')
);

-- plugins: the session's plugin names, sorted, separated by a space (a name holds no space).
CREATE TABLE run_plugin_sessions (
    session_id        UUID PRIMARY KEY,
    event_time        TIMESTAMP NOT NULL,
    plugins           VARCHAR NOT NULL
);

-- plugin_a's name sorts before plugin_b's.
CREATE TABLE run_plugin_pairs (
    session_id        UUID NOT NULL,
    plugin_a          INTEGER NOT NULL,
    plugin_b          INTEGER NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      VARCHAR,
    component_version VARCHAR,
    command           VARCHAR
);

CREATE TABLE ingest_plugins (plugin VARCHAR NOT NULL);
CREATE TABLE ingest_run_plugin_sessions AS SELECT * FROM run_plugin_sessions LIMIT 0;

INSERT INTO plugins (plugin)
SELECT plugin FROM (SELECT DISTINCT plugin FROM run_plugins) ORDER BY plugin;

INSERT INTO run_plugin_sessions
SELECT session_id, min(event_time), string_agg(plugin, ' ' ORDER BY plugin) FROM run_plugins GROUP BY session_id;

-- The later of the two plugin rows completed the pair.
INSERT INTO run_plugin_pairs
SELECT a.session_id, ka.plugin_key, kb.plugin_key,
       CASE WHEN b.event_time > a.event_time THEN b.event_time ELSE a.event_time END,
       CASE WHEN b.event_time > a.event_time THEN b.component_id ELSE a.component_id END,
       CASE WHEN b.event_time > a.event_time THEN b.component_version ELSE a.component_version END,
       CASE WHEN b.event_time > a.event_time THEN b.command ELSE a.command END
FROM run_plugins a
JOIN run_plugins b ON b.session_id = a.session_id AND a.plugin < b.plugin
JOIN plugins ka ON ka.plugin = a.plugin
JOIN plugins kb ON kb.plugin = b.plugin;
