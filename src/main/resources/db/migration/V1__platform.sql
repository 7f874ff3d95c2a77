-- Portable SQL: runs unchanged on Apache Derby 10.16 and PostgreSQL 12+.
-- Timestamps are UTC (see org.metergate.store.Jdbc).

CREATE TABLE system_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at  TIMESTAMP     NOT NULL,
    level       SMALLINT      NOT NULL,
    source      VARCHAR(100)  NOT NULL,
    message     VARCHAR(4000) NOT NULL
);
CREATE INDEX system_log_created_at ON system_log (created_at);
CREATE INDEX system_log_level_created ON system_log (level, created_at);

CREATE TABLE app_user (
    username             VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash        VARCHAR(255) NOT NULL,
    role                 VARCHAR(16)  NOT NULL,
    must_change_password SMALLINT     NOT NULL,
    created_at           TIMESTAMP    NOT NULL,
    updated_at           TIMESTAMP    NOT NULL
);

CREATE TABLE gateway_start (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  TIMESTAMP    NOT NULL,
    version     VARCHAR(40)  NOT NULL
);

CREATE TABLE setting (
    name        VARCHAR(200)  NOT NULL PRIMARY KEY,
    text_value  VARCHAR(4000) NOT NULL,
    updated_at  TIMESTAMP     NOT NULL
);
