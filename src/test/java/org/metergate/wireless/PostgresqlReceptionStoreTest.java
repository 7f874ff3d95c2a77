package org.metergate.wireless;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.metergate.store.Database;
import org.metergate.testing.TestDatabases;

/** Runs when METERGATE_TEST_PG_URL names a PostgreSQL server; skipped otherwise. */
class PostgresqlReceptionStoreTest extends ReceptionStoreContract {

    @Override
    protected Database open() throws Exception {
        var settings = TestDatabases.postgresql();
        assumeTrue(settings.isPresent(), "PostgreSQL portability tests skipped: set " + TestDatabases.PG_URL);
        return TestDatabases.freshPostgresql(settings.get());
    }
}
