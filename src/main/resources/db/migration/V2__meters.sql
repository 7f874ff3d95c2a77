-- The meter registry (SPEC C1-C4, C7). Portable SQL: runs unchanged on Apache Derby 10.16 and PostgreSQL 12+.
-- Booleans are SMALLINT 0/1, timestamps UTC (org.metergate.store.Jdbc).
--
-- Uniqueness, kept by the application and backed here:
--  * secondary_key = secondary id + manufacturer/version/medium, '?' where not (yet) known, so the same
--    meter cannot be installed twice; two wireless meters that share an id but not the manufacturer can.
--  * primary_key = bus + primary address, set only for meters addressed by primary address: one meter
--    per primary address on a bus. NULL otherwise (several NULLs are allowed on both engines).
-- The registry also treats an unknown manufacturer/version/medium as matching any value when it looks
-- for duplicates; the constraints are the last line of defence for exact duplicates.

CREATE TABLE meter (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 VARCHAR(200)  NOT NULL,
    addressing_mode      VARCHAR(10)   NOT NULL,
    primary_address      SMALLINT,
    secondary_id         VARCHAR(8),
    manufacturer         VARCHAR(3),
    version              SMALLINT,
    medium               SMALLINT,
    enhanced_receiver    VARCHAR(8),
    enhanced_meter       VARCHAR(8),
    bus_id               VARCHAR(40)   NOT NULL,
    baud                 INTEGER       NOT NULL,
    active               SMALLINT      NOT NULL,
    multi_telegram       SMALLINT      NOT NULL,
    max_telegrams        SMALLINT      NOT NULL,
    response_timeout_ms  INTEGER,
    retries              INTEGER,
    pause_ms             INTEGER,
    list_position        VARCHAR(200),
    secondary_key        VARCHAR(24),
    primary_key          VARCHAR(48),
    last_status          VARCHAR(16),
    last_status_message  VARCHAR(400),
    last_readout_at      TIMESTAMP,
    created_at           TIMESTAMP     NOT NULL,
    updated_at           TIMESTAMP     NOT NULL,
    CONSTRAINT meter_mode_check CHECK (addressing_mode IN ('primary', 'secondary', 'esecondary')),
    CONSTRAINT meter_primary_check CHECK (primary_address IS NULL OR (primary_address >= 0 AND primary_address <= 250)),
    CONSTRAINT meter_baud_check CHECK (baud IN (300, 2400, 9600)),
    CONSTRAINT meter_active_check CHECK (active IN (0, 1)),
    CONSTRAINT meter_multi_check CHECK (multi_telegram IN (0, 1)),
    CONSTRAINT meter_secondary_key UNIQUE (secondary_key),
    CONSTRAINT meter_primary_key UNIQUE (primary_key)
);
CREATE INDEX meter_active ON meter (active, id);
CREATE INDEX meter_secondary_id ON meter (secondary_id);
CREATE INDEX meter_name ON meter (name);
