package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.app.Gateway;
import org.metergate.config.GatewayConfig;

/** A gateway whose database has gone away: health says so, and errors do not leak internals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayDegradedTest {

    private Gateway gateway;
    private HttpClient client;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", Files.createDirectories(dir.resolve("routes")).toString(),
                "metergate.admin.password", "headless-pass-1")), Optional.of(dir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(get("/api/health", false).statusCode()).isEqualTo(200);
        gateway.database().close();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private HttpResponse<String> get(String path, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        if (admin) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("admin:headless-pass-1".getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReports503WithTheFailingCheck() throws Exception {
        HttpResponse<String> r = get("/api/health", false);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("checks").path("database").asText()).isEqualTo("DOWN");
        assertThat(body.path("checks").path("camel").asText()).isEqualTo("UP");
    }

    @Test
    void internalErrorsAreJsonWithoutInternals() throws Exception {
        HttpResponse<String> r = get("/api/system", true);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("internal error");
        assertThat(r.body()).as("no exception text, SQL or user names in the answer")
                .doesNotContainIgnoringCase("admin")
                .doesNotContainIgnoringCase("cannot")
                .doesNotContainIgnoringCase("closed")
                .doesNotContainIgnoringCase("exception");
    }
}
