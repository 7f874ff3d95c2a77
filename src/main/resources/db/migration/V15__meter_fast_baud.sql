-- Meters at 19200 and 38400 baud (EN 13757-2 speeds of fast M-Bus-over-IP converters): an mbus: route may
-- run at 19200/38400, and a meter is read only at its own speed (a TCP converter's is fixed), so without
-- these speeds no installed meter could be read on such a route. Portable: Derby 10.16 and PostgreSQL.
ALTER TABLE meter DROP CONSTRAINT meter_baud_check;
ALTER TABLE meter ADD CONSTRAINT meter_baud_check CHECK (baud IN (300, 2400, 9600, 19200, 38400));
