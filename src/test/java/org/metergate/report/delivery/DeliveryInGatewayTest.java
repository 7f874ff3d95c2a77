package org.metergate.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.admin.LogLevel;
import org.metergate.admin.LogQuery;
import org.metergate.app.Gateway;
import org.metergate.config.ConfigException;
import org.metergate.config.GatewayConfig;
import org.metergate.report.Protocol;
import org.metergate.report.ReportFile;

/** The real gateway wires delivery: truststore and default recipients from its configuration. */
class DeliveryInGatewayTest {

    @TempDir
    Path dir;

    private Map<String, String> base() throws java.io.IOException {
        Files.createDirectories(dir.resolve("routes"));
        return Map.of("metergate.http.port", "0", "metergate.hawtio.enabled", "false", "metergate.demo.enabled", "false",
                "metergate.routes.dir", dir.resolve("routes").toString());
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.HashMap<>(a);
        m.putAll(b);
        return m;
    }

    @Test
    void configuredDefaultsAndTruststoreDeliverThroughTheGatewaysCamel() throws Exception {
        TestCerts certs = TestCerts.create(dir, "gateway-https");
        List<byte[]> received = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KeyStore ks = KeyStore.getInstance(certs.keystore().toFile(), certs.password().toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, certs.password().toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", ex -> {
            received.add(ex.getRequestBody().readAllBytes());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try (Gateway gateway = new Gateway(GatewayConfig.of(with(base(), Map.of(
                "metergate.report.truststore", certs.truststore().toString(),
                "metergate.report.truststore-password", certs.password(),
                "metergate.report.http.uri", "https://127.0.0.1:" + server.getAddress().getPort() + "/in",
                "metergate.report.ftp.host", "ftp://wrong"))), Optional.of(dir.resolve("data"))).start()) {
            DeliveryDefaults defaults = gateway.camelContext().getRegistry()
                    .lookupByNameAndType("deliveryDefaults", DeliveryDefaults.class);
            Destination d = Destinations.of(Protocol.HTTP, defaults.effective(Protocol.HTTP, Map.of()), gateway.identity());
            gateway.camelContext().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:test-report").process(e -> d.prepare(e, e.getProperty("file", ReportFile.class)))
                            .toD(d.endpointUri());
                }
            });
            ReportFile file = Deliver.report(dir, "r.csv", "text/csv", Deliver.csv(10), Instant.now());
            Exchange result = gateway.camelContext().createProducerTemplate()
                    .send("direct:test-report", e -> e.setProperty("file", file));
            assertThat(result.getException()).isNull();
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).isEqualTo(Files.readAllBytes(file.path()));

            // a bad default is reported at start, naming the setting and the field
            gateway.systemLog().flush();
            var warnings = gateway.systemLog().find(new LogQuery(LogLevel.WARNING, null, null, "metergate.report.ftp", 0, 10));
            assertThat(warnings.toString()).contains("ftp.host: must be a host name or IP address");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingTruststoreStopsTheStartNamingTheSetting() throws Exception {
        GatewayConfig config = GatewayConfig.of(with(base(), Map.of(
                "metergate.report.truststore", dir.resolve("missing.p12").toString())));
        assertThatThrownBy(() -> new Gateway(config, Optional.of(dir.resolve("data"))).start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("metergate.report.truststore");
    }
}
