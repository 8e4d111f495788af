-- V1: events, one row each, unique by event_id; stage and plugin rows repeat the event's filter
-- columns so each question reads one table; batch receipts remember Idempotency-Keys.
-- No column holds anything about the request (no address, no header).
CREATE TABLE events (
    event_id          UUID PRIMARY KEY,
    event_type        VARCHAR NOT NULL,
    event_kind        VARCHAR NOT NULL,
    schema_version    INTEGER NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    session_id        UUID NOT NULL,
    machine_id        VARCHAR NOT NULL,
    component_id      VARCHAR,
    component_version VARCHAR,
    command           VARCHAR,
    agent_version     VARCHAR,
    exit_code         INTEGER,
    exit_reason       VARCHAR,
    duration_ms       BIGINT,
    outcome           VARCHAR,
    os_platform       VARCHAR,
    os_release        VARCHAR,
    os_arch           VARCHAR,
    cpu_count         INTEGER,
    java_version      VARCHAR,
    java_vendor       VARCHAR,
    ci                BOOLEAN,
    ci_name           VARCHAR,
    docker            BOOLEAN,
    term_program      VARCHAR,
    is_tty            BOOLEAN,
    error_kind        VARCHAR,
    exception_type    VARCHAR,
    error_stage       VARCHAR,
    error_plugin      VARCHAR,
    error_fingerprint VARCHAR,
    error_text        VARCHAR,
    payload           VARCHAR NOT NULL
);

CREATE TABLE event_stages (
    event_id          UUID NOT NULL,
    session_id        UUID NOT NULL,
    machine_id        VARCHAR NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      VARCHAR,
    component_version VARCHAR,
    command           VARCHAR,
    stage             VARCHAR NOT NULL,
    calls             BIGINT NOT NULL,
    errors            BIGINT NOT NULL,
    total_ms          DOUBLE,
    min_ms            DOUBLE,
    max_ms            DOUBLE,
    mean_ms           DOUBLE
);

CREATE TABLE event_plugins (
    event_id          UUID NOT NULL,
    session_id        UUID NOT NULL,
    machine_id        VARCHAR NOT NULL,
    event_time        TIMESTAMP NOT NULL,
    component_id      VARCHAR,
    component_version VARCHAR,
    command           VARCHAR,
    plugin            VARCHAR NOT NULL
);

CREATE TABLE batch_receipts (
    idempotency_key   VARCHAR PRIMARY KEY,
    received_at       TIMESTAMP NOT NULL,
    events            INTEGER NOT NULL,
    rejected          INTEGER NOT NULL
);

-- Scratch table of the single writer: events are appended here, then moved into events with
-- ON CONFLICT DO NOTHING (DuckDB's appender cannot skip conflicts itself). Empty between writes.
CREATE TABLE ingest_events AS SELECT * FROM events LIMIT 0;
