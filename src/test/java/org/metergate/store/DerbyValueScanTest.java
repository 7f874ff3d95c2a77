package org.metergate.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.testing.TestDatabases;

class DerbyValueScanTest extends ValueScanContract {

    @TempDir
    Path dir;

    @Override
    protected Database open() {
        return TestDatabases.derby(dir);
    }
}
