-- Wireless M-Bus keys (SPEC B4). Portable SQL: runs unchanged on Apache Derby 10.16 and PostgreSQL 12+.
-- Timestamps UTC (org.metergate.store.Jdbc).
--
-- The key itself is never stored in clear: key_sealed is base64(nonce 12 | AES-256-GCM ciphertext 16 | tag 16)
-- under a key derived (HKDF-SHA256) from <data>/secret.key, with match_key as associated data, so a
-- sealed key moved to another row (another meter, other criteria) no longer opens.
--
-- The match criteria are NULL for "any" (the key file's -1 and *). A key bound to one meter has
-- meter_id set and the criteria copied from that meter when it was bound.
-- match_key is unique: 'filter:<address>:<manufacturer>:<deviceType>:<version>:<fingerprint>' ('*' for
-- any) for a key by criteria, 'meter:<id>' for a bound key. The fingerprint is a keyed HMAC of the key
-- (16 hex digits, reveals nothing of the key without the secret): several keys may share criteria (the
-- manual's example file has two keys for every meter), the same key twice may not; one bound key per meter.

CREATE TABLE wmbus_key (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address        VARCHAR(8),
    manufacturer   VARCHAR(3),
    device_type    SMALLINT,
    version        SMALLINT,
    meter_id       BIGINT,
    match_key      VARCHAR(64)   NOT NULL,
    key_sealed     VARCHAR(80)   NOT NULL,
    created_at     TIMESTAMP     NOT NULL,
    updated_at     TIMESTAMP     NOT NULL,
    last_used_at   TIMESTAMP,
    CONSTRAINT wmbus_key_device_type_check CHECK (device_type IS NULL OR (device_type >= 0 AND device_type <= 255)),
    CONSTRAINT wmbus_key_version_check CHECK (version IS NULL OR (version >= 0 AND version <= 255)),
    CONSTRAINT wmbus_key_match UNIQUE (match_key)
);
