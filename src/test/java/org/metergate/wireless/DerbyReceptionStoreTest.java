package org.metergate.wireless;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.store.Database;
import org.metergate.testing.TestDatabases;

class DerbyReceptionStoreTest extends ReceptionStoreContract {

    @TempDir
    Path dir;

    @Override
    protected Database open() {
        return TestDatabases.derby(dir);
    }
}
