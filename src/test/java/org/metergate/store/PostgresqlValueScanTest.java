package org.metergate.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.metergate.testing.TestDatabases;

/** Runs when METERGATE_TEST_PG_URL names a PostgreSQL server (.ci/run starts one); skipped otherwise. */
class PostgresqlValueScanTest extends ValueScanContract {

    @Override
    protected Database open() throws Exception {
        var settings = TestDatabases.postgresql();
        assumeTrue(settings.isPresent(), "PostgreSQL portability tests skipped: set " + TestDatabases.PG_URL + " to run them");
        return TestDatabases.freshPostgresql(settings.get());
    }
}
