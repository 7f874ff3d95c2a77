-- Advanced scans (SPEC A7): several buses one after another, an ordered list of addressing modes, the baud
-- the found meters are installed at, a most-meters limit and automatic install. The columns stay NULL for
-- the simple scan (one bus, one mode: bus_id and kind say it all). A found meter now names its bus, so the
-- same primary address on two buses is two meters. Portable SQL (Derby 10.16, PostgreSQL 12+).

ALTER TABLE scan_job ADD COLUMN buses VARCHAR(400);
ALTER TABLE scan_job ADD COLUMN modes VARCHAR(40);
ALTER TABLE scan_job ADD COLUMN baud INTEGER;
ALTER TABLE scan_job ADD COLUMN max_meters INTEGER;
ALTER TABLE scan_job ADD COLUMN auto_install SMALLINT;

ALTER TABLE scan_found ADD COLUMN bus_id VARCHAR(40) DEFAULT '' NOT NULL;
UPDATE scan_found SET bus_id = (SELECT j.bus_id FROM scan_job j WHERE j.id = scan_found.scan_id);
ALTER TABLE scan_found DROP CONSTRAINT scan_found_address;
ALTER TABLE scan_found ADD CONSTRAINT scan_found_bus_address UNIQUE (scan_id, bus_id, address);
