package org.metergate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;
import org.metergate.testing.TestDatabases;

class GatewayStartupTest {

    @TempDir
    Path dir;

    @Test
    void busyApiPortStopsTheStartWithAClearErrorAndLeavesNothingOpen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            GatewayConfig config = GatewayConfig.of(Map.of(
                    "metergate.http.port", String.valueOf(taken.getLocalPort()),
                    "metergate.hawtio.enabled", "false",
                    "metergate.routes.dir", dir.resolve("routes").toString()));
            assertThatThrownBy(() -> new Gateway(config, Optional.of(dir.resolve("data"))).start())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("metergate.http.port");
        }
    }

    @Test
    void failedStartClosesTheDatabaseSoTheNextStartCanOpenIt() throws Exception {
        GatewayConfig bad = GatewayConfig.of(Map.of(
                "metergate.http.port", "0",
                "metergate.hawtio.enabled", "false",
                "metergate.log.level", "loud",
                "metergate.routes.dir", dir.resolve("routes").toString()));
        assertThatThrownBy(() -> new Gateway(bad, Optional.of(dir.resolve("data"))).start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("metergate.log.level");
        // Derby removes its lock file when the database is shut down; an abandoned open keeps it.
        assertThat(dir.resolve("data/db/db.lck")).doesNotExist();
        try (var db = TestDatabases.derby(dir.resolve("data"))) {
            assertThat(db.isHealthy()).isTrue();
            assertThat(dir.resolve("data/db/db.lck")).exists();
        }
    }
}
