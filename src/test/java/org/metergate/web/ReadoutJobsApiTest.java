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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
import org.metergate.sim.MeterFaults;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * Installation, job retries, continuous mode and the routes-folder extension point end to end: a real
 * gateway (Derby, Camel, the shipped routes/readout.yaml) whose routes folder holds a bus route to a
 * simulated bus over TCP (with continuous mode) and a YAML tap that writes every readout to files;
 * driven over HTTP as an installer would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadoutJobsApiTest {

    private static final String PASSWORD = "install-pass-42";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private Gateway gateway;
    private HttpClient client;
    private String base;
    private Path tapDir;
    private String secondaryScan;
    private Path dataDir;
    private Path routesDir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fleet = SimulatedFleet.generate(4, 11);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(9600)), 0, false);
        Path routes = Files.createDirectories(dir.resolve("routes"));
        tapDir = Files.createDirectories(dir.resolve("tap"));
        Files.copy(Path.of("routes/readout.yaml"), routes.resolve("readout.yaml"));
        Files.writeString(routes.resolve("testbus.yaml"), """
                - route:
                    id: testbus-readout
                    from:
                      uri: "mbus:testbus"
                      parameters:
                        host: 127.0.0.1
                        tcpPort: %d
                        baud: 9600
                        # generous: the test machine is shared, answers can come late under load
                        responseTimeout: 400
                        meterSource: "#meterRegistry"
                        scheduler: "#readoutSchedule"
                        jobRetries: "#jobRetries"
                        continuous: true
                        liveValues: "#liveValues"
                      steps:
                        - to: "direct:readout"
                """.formatted(sim.port()));
        // The README's extension point, as documented: a YAML tap on the published readouts, no Java.
        Files.copy(Path.of("docs/examples/readouts-to-files.yaml"), routes.resolve("readouts-to-files.yaml"));
        dataDir = dir.resolve("data");
        routesDir = routes;
        startGateway();
    }

    private void startGateway() throws Exception {
        Path routes = routesDir;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routes.toString(),
                "metergate.demo.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.tap.dir", tapDir.toString(),
                // never on its own during the test: readouts here are manual, installation or continuous
                "metergate.readout.schedule", "0 0 1 1 *")), Optional.of(dataDir)).start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Order(1)
    void secondaryScanFindsEveryMeterAndACancelledScanNeverRuns() throws Exception {
        assertThat(call("POST", "/api/scans", "{\"bus\":\"nope\",\"kind\":\"secondary\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> badKind = call("POST", "/api/scans", "{\"bus\":\"testbus\",\"kind\":\"tertiary\"}");
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(json(badKind).path("error").asText()).contains("kind");
        assertThat(json(call("POST", "/api/scans", "{\"bus\":\"testbus\",\"kind\":\"primary\",\"from\":300}"))
                .path("error").asText()).contains("field from");

        HttpResponse<String> started = call("POST", "/api/scans", "{\"bus\":\"testbus\",\"kind\":\"secondary\",\"clearFirst\":true}");
        assertThat(started.statusCode()).isEqualTo(202);
        secondaryScan = json(started).path("id").asText();
        // queued behind the secondary scan on the same bus owner, then cancelled
        String primary = json(call("POST", "/api/scans", "{\"bus\":\"testbus\",\"kind\":\"primary\"}")).path("id").asText();
        HttpResponse<String> cancelled = call("DELETE", "/api/scans/" + primary, null);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode primaryEnd = await("/api/scans/" + primary, s -> !Set.of("QUEUED", "RUNNING").contains(s.path("state").asText()));
        assertThat(primaryEnd.path("state").asText()).isEqualTo("CANCELLED");

        JsonNode scan = await("/api/scans/" + secondaryScan, s -> s.path("state").asText().equals("DONE"));
        assertThat(scan.path("found").asInt()).as(scan.toString()).isEqualTo(fleet.size());
        assertThat(scan.path("probes").asLong()).isGreaterThanOrEqualTo(fleet.size());
        assertThat(scan.path("done").asDouble()).isEqualTo(1.0);
        Set<String> ids = new HashSet<>();
        scan.path("meters").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(fleet.stream().map(SimulatedMeter::id).toList());
        assertThat(call("GET", "/api/scans/scan-999", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void installingTheScanReadsEveryMeterOnceAndRecordsItsIdentity() throws Exception {
        // a meter installed by hand is read once too: skipped here, no route reads its bus
        HttpResponse<String> one = call("POST", "/api/meters", "{\"name\":\"By hand\",\"addressingMode\":\"primary\",\"primaryAddress\":7}");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(201);
        JsonNode byHand = await("/api/meters/install/status?job=" + json(one).path("installJob").asText(),
                s -> s.path("state").asText().equals("DONE"));
        assertThat(byHand.path("skipped").asInt()).isEqualTo(1);

        // the scan was started with clearFirst: its install replaces the list (the meter by hand goes)
        HttpResponse<String> r = call("POST", "/api/scans/" + secondaryScan + "/install", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode installed = json(r);
        assertThat(installed.path("removed").asInt()).isEqualTo(1);
        assertThat(installed.path("installed").asInt()).isEqualTo(fleet.size());
        String job = installed.path("installJob").asText();
        JsonNode status = await("/api/meters/install/status?job=" + job, s -> s.path("state").asText().equals("DONE"));
        assertThat(status.path("total").asInt()).isEqualTo(fleet.size());
        assertThat(status.path("ok").asInt()).as(status.toString()).isEqualTo(fleet.size());
        for (JsonNode item : status.path("meters")) {
            assertThat(item.path("message").asText()).startsWith("Installation readout: ");
        }
        JsonNode meters = json(call("GET", "/api/meters", null)).path("meters");
        assertThat(meters).hasSize(fleet.size());
        for (JsonNode m : meters) {
            SimulatedMeter sm = fleet.stream().filter(f -> f.id().equals(m.path("secondaryAddress").asText())).findFirst().orElseThrow();
            assertThat(m.path("manufacturer").asText()).isEqualTo(sm.spec().manufacturer());
            assertThat(m.path("medium").asInt()).isEqualTo(sm.spec().medium());
            assertThat(m.path("version").asInt()).isEqualTo(sm.spec().version());
            assertThat(m.path("busId").asText()).isEqualTo("testbus");
            assertThat(m.path("baudRate").asInt()).isEqualTo(9600);
            assertThat(m.path("lastStatus").asText()).isEqualTo("ok");
            // the installation readout was stored like any other
            JsonNode log = json(call("GET", "/api/meters/" + m.path("id").asLong() + "/readouts", null)).path("readouts");
            assertThat(log).hasSize(1);
            assertThat(log.get(0).path("status").asText()).isEqualTo("ok");
        }
        assertThat(json(call("POST", "/api/scans/" + secondaryScan + "/install", "{\"clearFirst\":\"x\"}")).path("error").asText())
                .isEqualTo("field clearFirst must be true or false");
        // installing the same scan again without clearing (the body overrides the scan's option) adds nothing
        JsonNode again = json(call("POST", "/api/scans/" + secondaryScan + "/install", "{\"clearFirst\":false}"));
        assertThat(again.path("installed").asInt()).isZero();
        assertThat(again.path("alreadyInstalled").asInt()).isEqualTo(fleet.size());
    }

    @Test
    @Order(3)
    void aMeterListImportStartsAnInstallationReadoutToo() throws Exception {
        String csv = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress\r\n"
                + "Ghost,99999999,2400,Secondary,,\r\n";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/meters/import"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String job = json(r).path("installJob").asText();
        JsonNode status = await("/api/meters/install/status?job=" + job, s -> s.path("state").asText().equals("DONE"));
        assertThat(status.path("skipped").asInt()).isEqualTo(1);
        assertThat(status.path("meters").get(0).path("message").asText()).isEqualTo("no route reads bus 'default'");
        // without job: the latest
        assertThat(json(call("GET", "/api/meters/install/status", null)).path("id").asText()).isEqualTo(job);
        long ghost = status.path("meters").get(0).path("meterId").asLong();
        assertThat(call("DELETE", "/api/meters/" + ghost, null).statusCode()).isEqualTo(204);
    }

    @Test
    @Order(4)
    void retryAndRetentionSettingsAreValidatedWholeThenApplied() throws Exception {
        JsonNode before = json(call("GET", "/api/settings/readout", null));
        assertThat(before.path("retries").asInt()).isZero();
        assertThat(before.path("retentionYears").asInt()).isEqualTo(10);
        for (String[] bad : new String[][] {
                {"{\"retries\":11}", "field retries must be an integer 0..10"},
                {"{\"manualOffsetSeconds\":-1}", "field manualOffsetSeconds must be an integer 0..3600"},
                {"{\"offsetSeconds\":\"5\"}", "field offsetSeconds must be an integer"},
                {"{\"retentionYears\":0, \"retries\":3}", "field retentionYears must be an integer 1..100"},
                {"{\"retry\":1}", "unknown field 'retry'"}}) {
            HttpResponse<String> r = call("PUT", "/api/settings/readout", bad[0]);
            assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(bad[0]).startsWith(bad[1]);
        }
        assertThat(json(call("GET", "/api/settings/readout", null))).isEqualTo(before);
        JsonNode after = json(call("PUT", "/api/settings/readout",
                "{\"retries\":2,\"offsetSeconds\":30,\"manualRetries\":1,\"manualOffsetSeconds\":1,\"retentionYears\":7}"));
        assertThat(after.path("retries").asInt()).isEqualTo(2);
        assertThat(after.path("offsetSeconds").asInt()).isEqualTo(30);
        assertThat(after.path("manualRetries").asInt()).isEqualTo(1);
        assertThat(after.path("manualOffsetSeconds").asInt()).isEqualTo(1);
        assertThat(after.path("retentionYears").asInt()).isEqualTo(7);
        assertThat(json(call("GET", "/api/settings/readout", null))).isEqualTo(after);
    }

    @Test
    @Order(5)
    void aManualReadoutOfASilentMeterIsRetriedAfterTheOffsetAndEveryAttemptIsLogged() throws Exception {
        SimulatedMeter silent = fleet.get(1);
        long id = meterId(silent.id());
        silent.faults(MeterFaults.NONE.withSilent(true));
        try {
            Instant t0 = Instant.now();
            HttpResponse<String> r = call("POST", "/api/meters/" + id + "/read", "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).path("readout").asText()).isNotEqualTo("OK");
            assertThat(json(r).path("attempts").asInt()).isEqualTo(2);
            assertThat(Duration.between(t0, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        } finally {
            silent.faults(MeterFaults.NONE);
        }
        List<String> messages = new ArrayList<>();
        json(call("GET", "/api/meters/" + id + "/readouts", null)).path("readouts")
                .forEach(e -> messages.add(e.path("status").asText() + ": " + e.path("message").asText()));
        assertThat(messages).hasSize(3);
        assertThat(messages).anySatisfy(m -> assertThat(m).doesNotStartWith("ok").endsWith("(attempt 1 of 2, retried later)"));
        assertThat(messages).anySatisfy(m -> assertThat(m).doesNotStartWith("ok").endsWith("(attempt 2 of 2)"));
        JsonNode meter = json(call("GET", "/api/meters/" + id, null));
        assertThat(meter.path("lastStatus").asText()).isEqualTo("error");
    }

    @Test
    @Order(6)
    void continuousModeFeedsTheLatestValuesFromMemory() throws Exception {
        JsonNode latest = await("/api/values/latest", v -> {
            Set<Long> live = new HashSet<>();
            v.path("values").forEach(x -> {
                if (x.path("live").asBoolean()) {
                    live.add(x.path("meterId").asLong());
                }
            });
            return live.size() == fleet.size();
        });
        for (JsonNode v : latest.path("values")) {
            if (v.path("live").asBoolean()) {
                assertThat(v.path("readoutId").isNull()).isTrue();
                assertThat(v.path("timestamp").asText()).isNotEmpty();
            }
        }
        // the stored values are untouched: still only what the installation and the manual readouts stored
        long id = meterId(fleet.get(0).id());
        assertThat(json(call("GET", "/api/meters/" + id + "/readouts", null)).path("readouts")).hasSize(1);
    }

    @Test
    @Order(7)
    void theYamlTapInTheRoutesFolderReceivedEveryReadoutAsJson() throws Exception {
        // 4 installation readouts + 2 attempts of the manual one; files are written asynchronously
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Path> files;
        do {
            try (Stream<Path> s = Files.list(tapDir)) {
                files = s.filter(p -> p.toString().endsWith(".json")).toList();
            }
            if (files.size() >= fleet.size() + 2) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertThat(files).hasSizeGreaterThanOrEqualTo(fleet.size() + 2);
        int ok = 0;
        for (Path f : files) {
            JsonNode readout = Json.MAPPER.readTree(Files.readString(f));
            assertThat(readout.has("readout")).isTrue();
            if (readout.path("readout").asText().equals("OK")) {
                ok++;
                assertThat(readout.path("records").size()).isPositive();
            }
        }
        assertThat(ok).isGreaterThanOrEqualTo(fleet.size());
    }

    @Test
    @Order(8)
    void settingsChangedOverTheApiOutliveARestart() throws Exception {
        JsonNode before = json(call("GET", "/api/settings/readout", null));
        gateway.close();
        startGateway();
        JsonNode after = json(call("GET", "/api/settings/readout", null));
        for (String field : List.of("retries", "offsetSeconds", "manualRetries", "manualOffsetSeconds", "retentionYears")) {
            assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
        }
        assertThat(after.path("retentionYears").asInt()).isEqualTo(7);
        // the installed meters and their identity too, of course
        assertThat(json(call("GET", "/api/meters", null)).path("total").asInt()).isEqualTo(fleet.size());
    }

    // ---- helpers -----------------------------------------------------------------------------

    private long meterId(String secondary) throws Exception {
        for (JsonNode m : json(call("GET", "/api/meters", null)).path("meters")) {
            if (m.path("secondaryAddress").asText().equals(secondary)) {
                return m.path("id").asLong();
            }
        }
        throw new AssertionError("meter " + secondary + " not installed");
    }

    private JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last;
        do {
            HttpResponse<String> r = call("GET", path, null);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            last = json(r);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("gave up waiting on " + path + ": " + last);
    }

    private HttpResponse<String> call(String method, String path, String jsonBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(150));
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        String auth = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return client.send(b.header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
