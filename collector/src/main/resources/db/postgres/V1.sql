-- V1: events, one row each, unique by event_id; stage and plugin rows repeat the event's filter
-- columns so each question reads one table; batch receipts remember Idempotency-Keys.
-- No column holds anything about the request (no address, no header).
CREATE TABLE events (
    event_id          UUID PRIMARY KEY,
    event_type        TEXT NOT NULL,
    event_kind        TEXT NOT NULL,
    schema_version    INTEGER NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    session_id        UUID NOT NULL,
    machine_id        TEXT NOT NULL,
    component_id      TEXT,
    component_version TEXT,
    command           TEXT,
    agent_version     TEXT,
    exit_code         INTEGER,
    exit_reason       TEXT,
    duration_ms       BIGINT,
    outcome           TEXT,
    os_platform       TEXT,
    os_release        TEXT,
    os_arch           TEXT,
    cpu_count         INTEGER,
    java_version      TEXT,
    java_vendor       TEXT,
    ci                BOOLEAN,
    ci_name           TEXT,
    docker            BOOLEAN,
    term_program      TEXT,
    is_tty            BOOLEAN,
    error_kind        TEXT,
    exception_type    TEXT,
    error_stage       TEXT,
    error_plugin      TEXT,
    error_fingerprint TEXT,
    error_text        TEXT,
    payload           TEXT NOT NULL
);

CREATE TABLE event_stages (
    event_id          UUID NOT NULL,
    session_id        UUID NOT NULL,
    machine_id        TEXT NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      TEXT,
    component_version TEXT,
    command           TEXT,
    stage             TEXT NOT NULL,
    calls             BIGINT NOT NULL,
    errors            BIGINT NOT NULL,
    total_ms          DOUBLE PRECISION,
    min_ms            DOUBLE PRECISION,
    max_ms            DOUBLE PRECISION,
    mean_ms           DOUBLE PRECISION
);

CREATE TABLE event_plugins (
    event_id          UUID NOT NULL,
    session_id        UUID NOT NULL,
    machine_id        TEXT NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      TEXT,
    component_version TEXT,
    command           TEXT,
    plugin            TEXT NOT NULL
);

CREATE TABLE batch_receipts (
    idempotency_key   TEXT PRIMARY KEY,
    received_at       TIMESTAMP NOT NULL,
    events            INTEGER NOT NULL,
    rejected          INTEGER NOT NULL
);

-- Row stores need indexes where DuckDB scans columns: the filters and the per-session joins.
CREATE INDEX events_kind_time ON events (event_kind, event_time);
CREATE INDEX events_session ON events (session_id);
CREATE INDEX event_stages_time ON event_stages (event_time);
CREATE INDEX event_plugins_session ON event_plugins (session_id);
CREATE INDEX batch_receipts_received ON batch_receipts (received_at);
