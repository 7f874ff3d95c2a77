-- Job history (SPEC C1/C2/C4/C5, E5 "nothing lost"): scans, installation readouts and wireless listen
-- sessions with what they found, so a restart loses none of it. Jobs that were QUEUED or RUNNING when
-- the gateway stopped are marked INTERRUPTED at the next start. Ids are assigned by the gateway
-- (max + 1), shown as scan-N / install-N / listen-N. Children go with their job (retention deletes
-- jobs only). Portable SQL (Derby 10.16, PostgreSQL 12+), booleans SMALLINT 0/1, times in UTC.

CREATE TABLE scan_job (
    id              BIGINT        NOT NULL PRIMARY KEY,
    bus_id          VARCHAR(40)   NOT NULL,
    kind            VARCHAR(10)   NOT NULL,
    range_from      SMALLINT,
    range_to        SMALLINT,
    clear_first     SMALLINT      NOT NULL,
    job_state       VARCHAR(12)   NOT NULL,
    started_by      VARCHAR(100),
    created_at      TIMESTAMP     NOT NULL,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    probes          BIGINT        NOT NULL,
    found_count     INTEGER       NOT NULL,
    done_share      DOUBLE PRECISION NOT NULL,
    at_address      VARCHAR(40),
    elapsed_ms      BIGINT,
    error_message   VARCHAR(1000),
    install_job     VARCHAR(40),
    CONSTRAINT scan_job_kind_check CHECK (kind IN ('primary', 'secondary')),
    CONSTRAINT scan_job_clear_check CHECK (clear_first IN (0, 1))
);
CREATE INDEX scan_job_state ON scan_job (job_state);

-- A meter as the scan reported it; has_header 0 when it acknowledged but could not be read.
CREATE TABLE scan_found (
    scan_id         BIGINT        NOT NULL,
    seq             INTEGER       NOT NULL,
    address         VARCHAR(40)   NOT NULL,
    has_header      SMALLINT      NOT NULL,
    secondary_id    VARCHAR(8),
    manufacturer    VARCHAR(3),
    version         SMALLINT,
    medium          SMALLINT,
    medium_name     VARCHAR(60),
    status_byte     SMALLINT,
    found_at        TIMESTAMP     NOT NULL,
    CONSTRAINT scan_found_pk PRIMARY KEY (scan_id, seq),
    CONSTRAINT scan_found_address UNIQUE (scan_id, address),
    CONSTRAINT scan_found_job FOREIGN KEY (scan_id) REFERENCES scan_job (id) ON DELETE CASCADE
);

CREATE TABLE scan_conflict (
    scan_id         BIGINT        NOT NULL,
    seq             INTEGER       NOT NULL,
    message         VARCHAR(1000) NOT NULL,
    CONSTRAINT scan_conflict_pk PRIMARY KEY (scan_id, seq),
    CONSTRAINT scan_conflict_job FOREIGN KEY (scan_id) REFERENCES scan_job (id) ON DELETE CASCADE
);

CREATE TABLE install_job (
    id              BIGINT        NOT NULL PRIMARY KEY,
    job_state       VARCHAR(12)   NOT NULL,
    started_by      VARCHAR(100),
    meter_total     INTEGER       NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    finished_at     TIMESTAMP,
    message         VARCHAR(400)
);
CREATE INDEX install_job_state ON install_job (job_state);

-- One row per meter to read, written when the job starts (result 'pending'), updated when read.
-- meter_id has no foreign key: the history outlives a meter removed later.
CREATE TABLE install_item (
    job_id          BIGINT        NOT NULL,
    seq             INTEGER       NOT NULL,
    meter_id        BIGINT        NOT NULL,
    name            VARCHAR(200),
    bus_id          VARCHAR(40),
    result          VARCHAR(12)   NOT NULL,
    message         VARCHAR(1000),
    manufacturer    VARCHAR(3),
    version         SMALLINT,
    medium_name     VARCHAR(60),
    done_at         TIMESTAMP,
    CONSTRAINT install_item_pk PRIMARY KEY (job_id, seq),
    CONSTRAINT install_item_job FOREIGN KEY (job_id) REFERENCES install_job (id) ON DELETE CASCADE
);

CREATE TABLE listen_session (
    id              BIGINT        NOT NULL PRIMARY KEY,
    job_state       VARCHAR(12)   NOT NULL,
    started_by      VARCHAR(100),
    started_at      TIMESTAMP     NOT NULL,
    ends_at         TIMESTAMP     NOT NULL,
    finished_at     TIMESTAMP,
    telegrams       BIGINT        NOT NULL,
    message         VARCHAR(400)
);
CREATE INDEX listen_session_state ON listen_session (job_state);

-- A meter heard; meter_key = id.manufacturer.version.type as MeterId prints it.
CREATE TABLE listen_meter (
    session_id      BIGINT        NOT NULL,
    meter_key       VARCHAR(40)   NOT NULL,
    seq             INTEGER       NOT NULL,
    secondary_id    VARCHAR(8)    NOT NULL,
    manufacturer    VARCHAR(3),
    version         SMALLINT      NOT NULL,
    device_type     SMALLINT      NOT NULL,
    status          VARCHAR(30),
    error_message   VARCHAR(1000),
    telegrams       INTEGER       NOT NULL,
    installed_meter BIGINT,
    first_heard_at  TIMESTAMP     NOT NULL,
    last_heard_at   TIMESTAMP     NOT NULL,
    CONSTRAINT listen_meter_pk PRIMARY KEY (session_id, meter_key),
    CONSTRAINT listen_meter_session FOREIGN KEY (session_id) REFERENCES listen_session (id) ON DELETE CASCADE
);

CREATE TABLE listen_receiver (
    session_id      BIGINT        NOT NULL,
    meter_key       VARCHAR(40)   NOT NULL,
    receiver_id     VARCHAR(40)   NOT NULL,
    last_rssi       INTEGER,
    best_rssi       INTEGER,
    telegrams       INTEGER       NOT NULL,
    CONSTRAINT listen_receiver_pk PRIMARY KEY (session_id, meter_key, receiver_id),
    CONSTRAINT listen_receiver_meter FOREIGN KEY (session_id, meter_key)
        REFERENCES listen_meter (session_id, meter_key) ON DELETE CASCADE
);
