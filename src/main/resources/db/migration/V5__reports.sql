-- Push reports (SPEC F4-F10): report settings and the durable outbox.
-- Portable SQL: runs unchanged on Apache Derby 10.16 and PostgreSQL 12+. Timestamps UTC (org.metergate.store.Jdbc).

-- One row per report ('1'..'5', 'startup', 'installation', 'ondemand'): its settings as JSON,
-- written together in one transaction so a change of several reports is applied all or nothing.
CREATE TABLE report_definition (
    report_key  VARCHAR(20)   NOT NULL PRIMARY KEY,
    definition  VARCHAR(8000) NOT NULL,
    updated_at  TIMESTAMP     NOT NULL
);

-- The outbox: every report to deliver, from creation until it is delivered or superseded.
-- (report_key, period_from, period_to, copy_no) is the idempotency key: a report for the same
-- period is created once; "send again" adds a copy with the next copy_no.
-- state: PENDING (created, not yet tried), SENDING (an attempt is running), RETRYING (failed,
-- next_attempt_at set), DELIVERED, FAILED (retries exhausted; the next report carries the values),
-- SUPERSEDED (a later report covers it; it is never sent).
CREATE TABLE report_outbox (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_key       VARCHAR(20)   NOT NULL,
    period_from      TIMESTAMP     NOT NULL,
    period_to        TIMESTAMP     NOT NULL,
    copy_no          INTEGER       NOT NULL,
    template         INTEGER       NOT NULL,
    value_interval   VARCHAR(10)   NOT NULL,
    state            VARCHAR(12)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP,
    last_error       VARCHAR(1000),
    file_path        VARCHAR(1000),
    file_name        VARCHAR(255),
    media_type       VARCHAR(100),
    event_data       VARCHAR(4000),
    created_at       TIMESTAMP     NOT NULL,
    delivered_at     TIMESTAMP,
    CONSTRAINT report_outbox_key UNIQUE (report_key, period_from, period_to, copy_no),
    CONSTRAINT report_outbox_state_check CHECK (state IN ('PENDING', 'SENDING', 'RETRYING', 'DELIVERED', 'FAILED', 'SUPERSEDED'))
);
CREATE INDEX report_outbox_state ON report_outbox (state, report_key);
CREATE INDEX report_outbox_report ON report_outbox (report_key, created_at);
