-- V2: per-run rows, so the questions about runs scan runs, not events (BENCHMARKS.md, "Collector").
-- machines gives each machine id a small integer: counting distinct machines over millions of rows
-- hashes integers instead of 36-character strings (2.6 -> 1.1 CPU-s for the environment question
-- over 10 M events). runs holds one row per end event (a run, as every question counts them) with
-- its environment; run_plugins one row per (session, plugin) from the sessions' metadata events.
-- Both are kept at ingest in the same transaction as their events, and filled here for the events
-- already stored.
CREATE SEQUENCE machine_keys START 1;

CREATE TABLE machines (
    machine_id        VARCHAR PRIMARY KEY,
    machine_key       INTEGER NOT NULL DEFAULT nextval('machine_keys')
);

CREATE TABLE runs (
    event_id          UUID NOT NULL,
    session_id        UUID NOT NULL,
    machine_key       INTEGER NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      VARCHAR,
    component_version VARCHAR,
    command           VARCHAR,
    exit_code         INTEGER,
    duration_ms       BIGINT,
    os_platform       VARCHAR,
    os_arch           VARCHAR,
    java_version      VARCHAR,
    java_vendor       VARCHAR,
    ci                BOOLEAN,
    ci_name           VARCHAR,
    docker            BOOLEAN,
    term_program      VARCHAR,
    is_tty            BOOLEAN
);

CREATE TABLE run_plugins (
    session_id        UUID NOT NULL,
    plugin            VARCHAR NOT NULL,
    machine_key       INTEGER NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      VARCHAR,
    component_version VARCHAR,
    command           VARCHAR,
    PRIMARY KEY (session_id, plugin)
);

-- Scratch tables of the single writer (see ingest_events): rows that may already exist are appended
-- here, then moved with ON CONFLICT DO NOTHING. Empty between writes.
CREATE TABLE ingest_machines (machine_id VARCHAR NOT NULL);
CREATE TABLE ingest_run_plugins AS SELECT * FROM run_plugins LIMIT 0;

INSERT INTO machines (machine_id)
SELECT machine_id FROM (SELECT DISTINCT machine_id FROM events) ORDER BY machine_id;

INSERT INTO runs
SELECT e.event_id, e.session_id, m.machine_key, e.event_time, e.component_id, e.component_version, e.command,
       e.exit_code, e.duration_ms, e.os_platform, e.os_arch, e.java_version, e.java_vendor, e.ci, e.ci_name,
       e.docker, e.term_program, e.is_tty
FROM events e JOIN machines m ON m.machine_id = e.machine_id
WHERE e.event_kind = 'end';

-- A session's first metadata event (by time) speaks for it, as at ingest.
INSERT INTO run_plugins
SELECT p.session_id, p.plugin, m.machine_key, p.event_time, p.component_id, p.component_version, p.command
FROM (
    SELECT *, row_number() OVER (PARTITION BY session_id, plugin ORDER BY event_time, event_id) AS n
    FROM event_plugins
) p JOIN machines m ON m.machine_id = p.machine_id
WHERE p.n = 1;
