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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.app.Gateway;
import org.metergate.config.GatewayConfig;

/**
 * Wireless end to end in a real gateway with the shipped routes (readout, wireless, demo-wireless): the
 * demo's simulated wireless meters are heard by two simulated receivers, deduplicated, stored like wired
 * readouts and served by the values API; the meter without key logs "no key" and stores no values; a
 * listen session finds the neighbour's meter, which installs on its strongest receiver; a listen session
 * cut short by a restart is INTERRUPTED afterwards, keeps what it heard and installs from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WirelessGatewayTest {
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("admin:wireless-pass-1".getBytes(StandardCharsets.UTF_8));

    private Gateway gateway;
    private HttpClient client;
    private String base;

    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        Path routes = Files.createDirectories(dir.resolve("routes"));
        for (String f : List.of("readout.yaml", "wireless.yaml", "demo-wireless.yaml")) {
            Files.copy(Path.of("routes", f), routes.resolve(f));
        }
        startGateway();
    }

    private void startGateway() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path routes = dir.resolve("routes");
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routes.toString(),
                "metergate.admin.password", "wireless-pass-1",
                "metergate.demo.meters", "2",
                "metergate.demo.wmbus-meters", "6",
                "metergate.demo.wmbus-interval-s", "1")), Optional.of(dir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        return call(method, path, body, "application/json", expected);
    }

    private JsonNode call(String method, String path, String body, String contentType, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", AUTH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    }

    /** Polls a GET until the predicate holds (at most 60 s): the radio sends every second. */
    private JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 240; i++) {
            last = call("GET", path, null, 200);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not reached within 60 s: " + path + " -> " + last);
    }

    private List<JsonNode> wirelessMeters() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : call("GET", "/api/meters?q=wireless", null, 200).path("meters")) {
            out.add(m);
        }
        return out;
    }

    private static long id(JsonNode meter) {
        return meter.path("id").asLong();
    }

    @Test
    @Order(1)
    void demoWirelessValuesAreStoredLikeWiredOnes() throws Exception {
        List<JsonNode> meters = wirelessMeters();
        assertThat(meters).hasSize(5); // six simulated, the neighbour's not installed
        JsonNode withValues = meters.stream().filter(m -> !m.path("name").asText().contains("no key")).findFirst().get();
        JsonNode latest = await("/api/values/latest?meterId=" + id(withValues), j -> j.path("values").size() > 0);
        assertThat(latest.path("values").toString()).contains("Volume", "m^3").doesNotContain("\"value\":null");
        JsonNode readouts = call("GET", "/api/meters/" + id(withValues) + "/readouts", null, 200);
        assertThat(readouts.toString()).contains("\"status\":\"ok\"");
        // the demo keys live in the key store, bound to their meters; the store learns which key matched
        assertThat(call("GET", "/api/keys", null, 200).path("total").asInt()).isEqualTo(3);
        JsonNode encrypted = null;
        for (JsonNode m : meters) {
            JsonNode key = call("GET", "/api/meters/" + id(m) + "/key", null, 200);
            if (!key.path("boundKey").isNull()) {
                encrypted = m;
            }
        }
        assertThat(encrypted).isNotNull();
        await("/api/meters/" + id(encrypted) + "/key", j -> !j.path("lastMatch").isNull());
    }

    @Test
    @Order(2)
    void theMeterWithoutKeyLogsNoKeyAndStoresNoValues() throws Exception {
        JsonNode noKey = wirelessMeters().stream().filter(m -> m.path("name").asText().contains("no key")).findFirst().get();
        JsonNode readouts = await("/api/meters/" + id(noKey) + "/readouts", j -> j.toString().contains("no key"));
        assertThat(readouts.toString()).contains("decode_error");
        assertThat(call("GET", "/api/values/latest?meterId=" + id(noKey), null, 200).path("values")).isEmpty();
        JsonNode log = await("/api/log?q=no%20key", j -> j.toString().contains("no key"));
        assertThat(log.toString()).contains("Meter " + id(noKey));
    }

    @Test
    @Order(3)
    void bothReceiversAreListedAndTheStrongestServes() throws Exception {
        JsonNode meter = wirelessMeters().get(0);
        JsonNode rx = await("/api/wireless/meters/" + id(meter) + "/receivers", j -> j.path("receivers").size() == 2);
        String strongest = rx.path("receivers").get(0).path("receiver").asText();
        assertThat(rx.path("receivers").get(0).path("rssi").asInt())
                .isGreaterThan(rx.path("receivers").get(1).path("rssi").asInt());
        assertThat(rx.path("servedBy").asText()).isEqualTo(strongest).isIn("demo-rx1", "demo-rx2");
        assertThat(call("GET", "/api/meters/" + id(meter), null, 200).toString()).contains(strongest);
        JsonNode receivers = call("GET", "/api/wireless/receivers", null, 200).path("receivers");
        assertThat(receivers).hasSize(2);
        assertThat(receivers.get(0).path("frames").asLong()).isPositive();
        JsonNode manual = call("POST", "/api/meters/" + id(meter) + "/read", null, 409);
        assertThat(manual.path("error").asText()).contains("wireless meter");
        JsonNode moved = call("POST", "/api/wireless/reinstall", null, 200);
        assertThat(moved.path("moved").isArray()).isTrue();
    }

    @Test
    @Order(4)
    void listenFindsTheNeighboursMeterAndInstallsIt() throws Exception {
        assertThat(call("GET", "/api/wireless/listen", null, 404).path("error").asText()).contains("no listen session");
        JsonNode started = call("POST", "/api/wireless/listen?seconds=4", null, 202);
        assertThat(started.path("running").asBoolean()).isTrue();
        call("POST", "/api/wireless/listen?seconds=4", null, 409);
        JsonNode done = await("/api/wireless/listen", j -> !j.path("running").asBoolean());
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.path("state").asText()).isEqualTo("DONE");
        finishedSession = done.path("id").asText();
        JsonNode found = done.path("meters");
        assertThat(found.size()).isEqualTo(6);
        JsonNode neighbour = null;
        for (JsonNode f : found) {
            assertThat(f.path("receivers").size()).isEqualTo(2);
            if (f.path("installedMeterId").isNull()) {
                neighbour = f;
            }
        }
        assertThat(neighbour).as("the not installed meter").isNotNull();
        call("POST", "/api/wireless/install", "{\"meters\":[\"nope\"]}", 400);
        JsonNode installed = call("POST", "/api/wireless/install", "{\"meters\":[\"" + neighbour.path("id").asText() + "\"]}",
                201);
        assertThat(installed.path("installed")).hasSize(1);
        assertThat(installed.path("installed").get(0).path("receiver").asText())
                .isEqualTo(neighbour.path("receivers").get(0).path("receiverId").asText());
        assertThat(wirelessMeters()).hasSize(6);
        long newId = installed.path("installed").get(0).path("id").asLong();
        await("/api/meters/" + newId + "/readouts", j -> j.toString().contains("\"status\":\"ok\"")
                || j.toString().contains("decode_error"));
        neighbourId = neighbour.path("id").asText();
        call("DELETE", "/api/meters/" + newId, null, 204);
    }

    private String neighbourId;
    private String finishedSession;

    /** The manual's way: a meter list with an esecondary line; the first telegram picks the strongest receiver. */
    @Test
    @Order(5)
    void wirelessMeterFromAMeterListGetsTheStrongestReceiver() throws Exception {
        String list = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress\r\n"
                + "Neighbour,"  + neighbourId + ",2400,esecondary,,\r\n";
        assertThat(call("POST", "/api/meters/import", list, "text/csv", 200).path("installed").asInt()).isEqualTo(1);
        JsonNode meter = call("GET", "/api/meters?q=Neighbour", null, 200).path("meters").get(0);
        assertThat(meter.path("busId").asText()).isEqualTo("default");
        JsonNode rx = await("/api/wireless/meters/" + id(meter) + "/receivers",
                j -> j.path("receivers").size() == 2 && !j.path("servedBy").asText().equals("default"));
        assertThat(rx.path("servedBy").asText()).isEqualTo(rx.path("receivers").get(0).path("receiver").asText());
    }

    @Test
    @Order(6)
    void aListenSessionCutShortByARestartIsInterruptedKeepsWhatItHeardAndInstallsFromIt() throws Exception {
        JsonNode started = call("POST", "/api/wireless/listen?minutes=30", null, 202);
        String session = started.path("id").asText();
        assertThat(session).isNotEqualTo(finishedSession);
        JsonNode heard = await("/api/wireless/listen", j -> j.path("meters").size() == 6
                && j.path("meters").findValues("receivers").stream().allMatch(r -> r.size() == 2));
        assertThat(heard.path("state").asText()).isEqualTo("RUNNING");
        // the neighbour goes again, so there is something to install from the session after the restart
        JsonNode neighbour = call("GET", "/api/meters?q=Neighbour", null, 200).path("meters").get(0);
        call("DELETE", "/api/meters/" + id(neighbour), null, 204);
        gateway.close();
        startGateway();

        JsonNode after = call("GET", "/api/wireless/listen", null, 200);
        assertThat(after.path("id").asText()).isEqualTo(session);
        assertThat(after.path("state").asText()).isEqualTo("INTERRUPTED");
        assertThat(after.path("running").asBoolean()).isFalse();
        assertThat(after.path("message").asText()).startsWith("interrupted: the gateway");
        assertThat(after.path("meters").size()).isEqualTo(6);
        assertThat(after.path("telegrams").asInt()).isGreaterThanOrEqualTo(6);
        JsonNode before = null;
        for (JsonNode f : heard.path("meters")) {
            if (f.path("id").asText().equals(neighbourId)) {
                before = f;
            }
        }
        JsonNode stored = null;
        for (JsonNode f : after.path("meters")) {
            assertThat(f.path("receivers").size()).isEqualTo(2);
            assertThat(f.path("telegrams").asInt()).isPositive();
            assertThat(f.path("firstHeard").asText()).isNotEmpty();
            if (f.path("id").asText().equals(neighbourId)) {
                stored = f;
            }
        }
        assertThat(stored).as("the neighbour's meter, heard before the restart").isNotNull();
        // nothing heard before the stop is lost: at least what the API showed then
        assertThat(stored.path("telegrams").asInt()).isGreaterThanOrEqualTo(before.path("telegrams").asInt());
        assertThat(stored.path("receivers").get(0).path("receiverId").asText()).isIn("demo-rx1", "demo-rx2");

        // both sessions are listed, newest first; the finished one can still be opened by id
        JsonNode sessions = call("GET", "/api/wireless/listen/sessions", null, 200);
        assertThat(sessions.path("total").asInt()).isEqualTo(2);
        assertThat(sessions.path("sessions").get(0).path("id").asText()).isEqualTo(session);
        assertThat(sessions.path("sessions").get(1).path("id").asText()).isEqualTo(finishedSession);
        assertThat(sessions.path("sessions").get(1).path("state").asText()).isEqualTo("DONE");
        assertThat(call("GET", "/api/wireless/listen?session=" + finishedSession, null, 200).path("meters").size())
                .isEqualTo(6);
        call("GET", "/api/wireless/listen?session=listen-99", null, 404);

        JsonNode installed = call("POST", "/api/wireless/install", "{\"meters\":[\"" + neighbourId + "\"],\"session\":\""
                + session + "\"}", 201);
        assertThat(installed.path("installed")).hasSize(1);
        assertThat(installed.path("installed").get(0).path("receiver").asText())
                .isEqualTo(stored.path("receivers").get(0).path("receiverId").asText());
        call("POST", "/api/wireless/install", "{\"session\":\"listen-99\"}", 404);
        // a new session can start: the interrupted one does not block it
        call("POST", "/api/wireless/listen?seconds=1", null, 202);
    }

    @Test
    @Order(7)
    void deleteWithASessionStopsOnlyThatSession() throws Exception {
        await("/api/wireless/listen", j -> !j.path("running").asBoolean()); // the 1-second session of the last test
        String running = call("POST", "/api/wireless/listen?minutes=30", null, 202).path("id").asText();

        assertThat(call("DELETE", "/api/wireless/listen?session=listen-99", null, 404).path("error").asText())
                .contains("listen-99");
        JsonNode notRunning = call("DELETE", "/api/wireless/listen?session=" + finishedSession, null, 409);
        assertThat(notRunning.path("error").asText()).contains(finishedSession, "is not running", "DONE");
        // neither touched the running session
        JsonNode still = call("GET", "/api/wireless/listen?session=" + running, null, 200);
        assertThat(still.path("state").asText()).isEqualTo("RUNNING");
        assertThat(call("GET", "/api/wireless/listen?session=" + finishedSession, null, 200).path("state").asText())
                .isEqualTo("DONE");

        call("DELETE", "/api/wireless/listen?session=" + running, null, 204);
        JsonNode stopped = call("GET", "/api/wireless/listen?session=" + running, null, 200);
        assertThat(stopped.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(stopped.path("running").asBoolean()).isFalse();
        assertThat(call("DELETE", "/api/wireless/listen?session=" + running, null, 409).path("error").asText())
                .contains("CANCELLED");

        // without the parameter: the running session, as before
        String next = call("POST", "/api/wireless/listen?minutes=30", null, 202).path("id").asText();
        call("DELETE", "/api/wireless/listen", null, 204);
        assertThat(call("GET", "/api/wireless/listen?session=" + next, null, 200).path("state").asText())
                .isEqualTo("CANCELLED");
    }
}
