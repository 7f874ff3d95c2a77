package org.metergate.web.hawtio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop, port conflicts, system properties and the extracted war. */
class HawtioServerLifecycleTest {

    private static final HawtioSettings ANY_PORT = new HawtioSettings(true, "127.0.0.1", 0);

    @TempDir
    Path workDir;

    private Properties savedProperties;

    @BeforeEach
    void saveProperties() {
        savedProperties = (Properties) System.getProperties().clone();
    }

    @AfterEach
    void restoreProperties() {
        System.setProperties(savedProperties);
    }

    @Test
    void takenPortGivesAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> HawtioServer.start(new HawtioSettings(true, "127.0.0.1", port),
                    TestUsers.authenticator(), workDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
        // nothing is left behind: the next start works
        try (HawtioServer server = HawtioServer.start(ANY_PORT, TestUsers.authenticator(), workDir)) {
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void closeStopsJettyAndRestoresTheSystemProperties() throws Exception {
        System.setProperty("hawtio.realm", "somebody-elses");
        System.clearProperty("hawtio.roles");
        System.setProperty("hawtio.auth", "false");
        String jaas = System.getProperty("java.security.auth.login.config");

        HawtioServer server = HawtioServer.start(ANY_PORT, TestUsers.authenticator(), workDir);
        int port = server.port();
        assertThat(System.getProperty("hawtio.realm")).isEqualTo("metergate");
        assertThat(System.getProperty("hawtio.roles")).isEqualTo("admin");
        assertThat(System.getProperty("hawtio.authenticationEnabled")).isEqualTo("true");
        assertThat(System.getProperty("hawtio.rolePrincipalClasses")).isEqualTo(RolePrincipal.class.getName());
        assertThat(System.getProperty("hawtio.auth")).isNull();
        assertThat(System.getProperty("java.security.auth.login.config"))
                .isEqualTo(workDir.resolve("login.conf").toUri().toString());
        assertThat(workDir.resolve("login.conf")).content().contains(GatewayLoginModule.class.getName());

        server.close();
        server.close(); // idempotent

        assertThat(System.getProperty("hawtio.realm")).isEqualTo("somebody-elses");
        assertThat(System.getProperty("hawtio.roles")).isNull();
        assertThat(System.getProperty("hawtio.auth")).isEqualTo("false");
        assertThat(System.getProperty("java.security.auth.login.config")).isEqualTo(jaas);
        assertThat(refusesConnections(port)).isTrue();
    }

    @Test
    void onlyOneConsolePerJvm() {
        try (HawtioServer server = HawtioServer.start(ANY_PORT, TestUsers.authenticator(), workDir)) {
            assertThatThrownBy(() -> HawtioServer.start(ANY_PORT, TestUsers.authenticator(),
                    workDir.resolve("second")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");
            assertThat(server.port()).isPositive();
        }
    }

    @Test
    void disabledConsoleDoesNotStart() {
        assertThat(HawtioServer.startIfEnabled(new HawtioSettings(false, "127.0.0.1", 0),
                TestUsers.authenticator(), workDir)).isEmpty();
        assertThat(workDir.resolve("hawtio.war")).doesNotExist();
    }

    @Test
    void warIsReplacedWhenItsSizeDiffers() throws Exception {
        Path war = workDir.resolve("hawtio.war");
        Files.writeString(war, "not a war");
        HawtioServer.extractWar(war);
        long expected;
        try (InputStream in = HawtioServer.class.getResourceAsStream(HawtioServer.WAR_RESOURCE)) {
            assertThat(in).isNotNull();
            expected = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(Files.size(war)).isEqualTo(expected);

        long modified = Files.getLastModifiedTime(war).toMillis();
        Files.setLastModifiedTime(war, java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
        HawtioServer.extractWar(war);
        assertThat(Files.getLastModifiedTime(war).toMillis()).isEqualTo(modified - 60_000); // kept as it was
    }

    @Test
    void settingsRejectBadValues() {
        assertThat(HawtioSettings.defaults()).isEqualTo(new HawtioSettings(true, "127.0.0.1", 8081));
        assertThatThrownBy(() -> new HawtioSettings(true, "127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HawtioSettings(true, " ", 8081))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
