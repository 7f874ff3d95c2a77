-- The value store (SPEC E1, E3-E5). Portable SQL: runs unchanged on Apache Derby 10.16 and PostgreSQL 12+.
-- Timestamps are UTC (org.metergate.store.Jdbc). See docs/store.md for the design and its measurements.
--
-- Storage goal: <= 40 bytes on disk per stored value in Derby at 512 meters x 15-minute readouts
-- (~20 values each). One row (plus index entries) per value costs ~80-100 bytes in Derby (row and
-- field headers, slot table, a TIMESTAMP of 12 bytes, a B-tree entry with its row location), so
-- values are not stored one per row: each readout's values are packed, as text, into the
-- readout_block rows that also carry its raw telegrams:
--   * value_series names what a value is (meter, quantity, unit, function, storage, tariff, subunit,
--     detail) once; `seq` is its small number within the meter (1, 2, ...), used in the packed text.
--   * readout_block.vals holds "seq=decimal" (Java BigDecimal text: exact, scale kept: 12.340, 3.5E+4) or
--     "seq'text" (dates, text, manufacturer data as hex; ';' and '%' escaped as %3B / %25),
--     entries separated by ';'. Long readouts continue in the next block rows (2000 chars each).
--   * readout_block.frame is one raw telegram as received (whole frame, 68 L L 68 ... 16), in Base64.
--     Binary is not portable here: Derby's VARCHAR FOR BIT DATA and PostgreSQL's BYTEA are different
--     types, PostgreSQL has no BLOB, and Derby's BLOB is a LOB (locators, slow, large). Base64 text is
--     the same type on both, re-decodable by any tool, and costs 1.33 bytes per byte (hex: 2).
--
-- Meter deletion keeps history: there is no foreign key to meter (meter ids are identities, never
-- reused, so history stays unambiguous). Retention removes it with age, or
-- ReadoutRepository.deleteMeterHistory(id) at once. No foreign keys inside the value store either:
-- Derby backs every foreign key with its own index, which would cost bytes per value; the repository
-- writes and deletes a readout and its blocks in one transaction.

CREATE TABLE value_series (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meter_id    BIGINT        NOT NULL,
    seq         INTEGER       NOT NULL,
    quantity    VARCHAR(100)  NOT NULL,
    unit        VARCHAR(40)   NOT NULL,
    fn          VARCHAR(40)   NOT NULL,
    storage_no  BIGINT        NOT NULL,
    tariff      INTEGER       NOT NULL,
    subunit     INTEGER       NOT NULL,
    detail      VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    CONSTRAINT value_series_key UNIQUE (meter_id, quantity, unit, fn, storage_no, tariff, subunit, detail),
    CONSTRAINT value_series_seq UNIQUE (meter_id, seq)
);

-- The readout log (E3): every readout, successful or not.
-- status_logged: the status byte belongs in the meter log by the E4 policy at the time of storing.
CREATE TABLE readout (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meter_id        BIGINT        NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    message         VARCHAR(400),
    telegram_count  SMALLINT      NOT NULL,
    value_count     INTEGER       NOT NULL,
    status_byte     SMALLINT,
    status_logged   SMALLINT      NOT NULL,
    access_number   SMALLINT,
    duration_ms     INTEGER       NOT NULL,
    CONSTRAINT readout_status_logged_check CHECK (status_logged IN (0, 1))
);
-- The readout log and the series of one meter by time; retention by age per meter. With id in it,
-- the index alone answers "which readouts of this meter in this period" (no table row is read).
CREATE INDEX readout_meter_time ON readout (meter_id, created_at, id);

CREATE TABLE readout_block (
    readout_id  BIGINT         NOT NULL,
    seq         SMALLINT       NOT NULL,
    frame       VARCHAR(360),
    vals        VARCHAR(2000),
    CONSTRAINT readout_block_pk PRIMARY KEY (readout_id, seq)
);

-- Per meter: its latest readout and its latest readout with values ("latest values" without a scan),
-- and the last status byte seen (E4 "on change").
CREATE TABLE meter_latest (
    meter_id            BIGINT    NOT NULL PRIMARY KEY,
    readout_id          BIGINT    NOT NULL,
    values_readout_id   BIGINT,
    values_at           TIMESTAMP,
    status_byte         SMALLINT
);
