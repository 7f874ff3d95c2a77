-- Wireless M-Bus receptions (SPEC B1, C5): which receivers hear each installed wireless meter and
-- how strongly. The receiver serving a meter is the meter's bus_id (the strongest when it was picked;
-- "reinstall" picks again from these rows). Portable SQL (Derby 10.16, PostgreSQL 12+), times in UTC.
CREATE TABLE wireless_reception (
    meter_id        BIGINT       NOT NULL,
    receiver_id     VARCHAR(40)  NOT NULL,
    last_rssi       INTEGER,
    best_rssi       INTEGER,
    heard_count     BIGINT       NOT NULL,
    first_heard_at  TIMESTAMP    NOT NULL,
    last_heard_at   TIMESTAMP    NOT NULL,
    CONSTRAINT wireless_reception_pk PRIMARY KEY (meter_id, receiver_id),
    CONSTRAINT wireless_reception_meter FOREIGN KEY (meter_id) REFERENCES meter (id) ON DELETE CASCADE
);
