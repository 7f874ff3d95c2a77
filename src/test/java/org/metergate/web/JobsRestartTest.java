package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.testing.TestPorts;
import org.metergate.testing.GatewayClient;
import org.metergate.app.Gateway;
import org.metergate.config.GatewayConfig;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * SPEC E5 "nothing lost" for jobs, end to end: a real gateway scans a simulated bus (2400 baud over TCP)
 * and is stopped mid-scan, mid-installation-readout and after a finished scan, then started again on the
 * same data directory. The scans and the installation readout are still there with what they found; the
 * cut-short ones say INTERRUPTED; the meters of an interrupted and of a finished scan install after the
 * restart as before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsRestartTest {

    private static final String PASSWORD = "restart-pass-42";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private Gateway gateway;
    private GatewayClient api;
    private Path dataDir;
    private Path routesDir;
    private String interruptedScan;
    private int foundBeforeStop;
    private String finishedScan;
    private String installJob;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fleet = SimulatedFleet.generate(30, 23);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(2400)), 0, false);
        routesDir = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes/readout.yaml"), routesDir.resolve("readout.yaml"));
        Files.writeString(routesDir.resolve("testbus.yaml"), """
                - route:
                    id: testbus-readout
                    from:
                      uri: "mbus:testbus"
                      parameters:
                        host: 127.0.0.1
                        tcpPort: %d
                        baud: 2400
                        responseTimeout: 400
                        meterSource: "#meterRegistry"
                        scheduler: "#readoutSchedule"
                      steps:
                        - to: "direct:readout"
                """.formatted(sim.port()));
        dataDir = dir.resolve("data");
        startGateway();
    }

    private void startGateway() throws Exception {
        int port = TestPorts.free();
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routesDir.toString(),
                "metergate.demo.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.readout.schedule", "0 0 1 1 *")), Optional.of(dataDir)).start();
        api = new GatewayClient("http://127.0.0.1:" + port, "admin", PASSWORD);
    }

    private void restart() throws Exception {
        gateway.close();
        startGateway();
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
    void aScanStoppedMidwayIsInterruptedAfterTheRestartWithWhatItFound() throws Exception {
        interruptedScan = json(call("POST", "/api/scans", "{\"bus\":\"testbus\",\"kind\":\"secondary\"}")).path("id").asText();
        JsonNode running = await("/api/scans/" + interruptedScan, s -> s.path("found").asInt() >= 2);
        assertThat(running.path("state").asText()).isEqualTo("RUNNING");
        restart();

        JsonNode scan = json(call("GET", "/api/scans/" + interruptedScan, null));
        assertThat(scan.path("state").asText()).as(scan.toString()).isEqualTo("INTERRUPTED");
        assertThat(scan.path("error").asText()).startsWith("interrupted: ");
        assertThat(scan.path("finished").asText()).isNotEmpty();
        foundBeforeStop = scan.path("meters").size();
        assertThat(foundBeforeStop).isGreaterThanOrEqualTo(2).isLessThan(fleet.size());
        assertThat(scan.path("found").asInt()).isEqualTo(foundBeforeStop);
        Set<String> fleetIds = new HashSet<>(fleet.stream().map(SimulatedMeter::id).toList());
        for (JsonNode m : scan.path("meters")) {
            assertThat(m.path("id").asText()).isIn(fleetIds);
            assertThat(m.path("manufacturer").asText()).hasSize(3);
        }
        assertThat(scan.path("probes").asLong()).isPositive();
    }

    @Test
    @Order(2)
    void aFinishedScanIsListedAfterTheRestartNewestFirst() throws Exception {
        int address = fleet.get(0).spec().primaryAddress();
        int from = Math.max(0, address - 2);
        int to = Math.min(250, address + 2);
        finishedScan = json(call("POST", "/api/scans", "{\"bus\":\"testbus\",\"kind\":\"primary\",\"from\":" + from
                + ",\"to\":" + to + "}")).path("id").asText();
        JsonNode before = await("/api/scans/" + finishedScan, s -> s.path("state").asText().equals("DONE"));
        restart();

        JsonNode after = json(call("GET", "/api/scans/" + finishedScan, null));
        assertThat(after.path("state").asText()).isEqualTo("DONE");
        assertThat(after.path("meters")).isEqualTo(before.path("meters"));
        assertThat(after.path("probes")).isEqualTo(before.path("probes"));
        assertThat(after.path("done").asDouble()).isEqualTo(1.0);
        List<String> addresses = new ArrayList<>();
        after.path("meters").forEach(m -> addresses.add(m.path("address").asText()));
        assertThat(addresses).contains(String.valueOf(address));

        JsonNode list = json(call("GET", "/api/scans", null));
        assertThat(list.path("total").asInt()).isEqualTo(2);
        assertThat(list.path("scans").get(0).path("id").asText()).isEqualTo(finishedScan);
        assertThat(list.path("scans").get(1).path("id").asText()).isEqualTo(interruptedScan);
        assertThat(list.path("scans").get(1).path("state").asText()).isEqualTo("INTERRUPTED");
        assertThat(list.path("scans").get(0).has("meters")).isFalse();
        assertThat(json(call("GET", "/api/scans?size=1&page=1", null)).path("scans").get(0).path("id").asText())
                .isEqualTo(interruptedScan);
    }

    @Test
    @Order(3)
    void theInterruptedScanInstallsAfterTheRestartAndAnInstallationReadoutStoppedMidwayIsInterrupted() throws Exception {
        HttpResponse<String> r = call("POST", "/api/scans/" + interruptedScan + "/install", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("installed").asInt()).isEqualTo(foundBeforeStop);
        installJob = json(r).path("installJob").asText();
        assertThat(json(call("GET", "/api/scans/" + interruptedScan, null)).path("installJob").asText()).isEqualTo(installJob);
        // stopped at once: at 2400 baud reading foundBeforeStop (>= 2) meters takes seconds
        restart();

        JsonNode job = json(call("GET", "/api/meters/install/status?job=" + installJob, null));
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("INTERRUPTED");
        assertThat(job.path("message").asText()).startsWith("interrupted: the gateway stopped");
        assertThat(job.path("total").asInt()).isEqualTo(foundBeforeStop);
        assertThat(job.path("notRead").size()).isPositive();
        assertThat(job.path("done").asInt() + job.path("notRead").size()).isEqualTo(foundBeforeStop);
        for (JsonNode m : job.path("meters")) {
            assertThat(m.path("result").asText()).isEqualTo("ok"); // a readout cut short is "not read", not an error
        }
        // the latest without job=, and the list
        assertThat(json(call("GET", "/api/meters/install/status", null)).path("id").asText()).isEqualTo(installJob);
        JsonNode jobs = json(call("GET", "/api/meters/install/jobs", null));
        assertThat(jobs.path("jobs").get(0).path("id").asText()).isEqualTo(installJob);
        assertThat(jobs.path("jobs").get(0).path("state").asText()).isEqualTo("INTERRUPTED");
        // the meters are installed: the registry is in the same database
        assertThat(json(call("GET", "/api/meters", null)).path("total").asInt()).isEqualTo(foundBeforeStop);
        // the scan also remembers which install it went to
        assertThat(json(call("GET", "/api/scans/" + interruptedScan, null)).path("installJob").asText()).isEqualTo(installJob);
    }

    @Test
    @Order(4)
    void theFinishedScanInstallsAfterTheRestartAndItsInstallationReadoutRuns() throws Exception {
        JsonNode scan = json(call("GET", "/api/scans/" + finishedScan, null));
        HttpResponse<String> r = call("POST", "/api/scans/" + finishedScan + "/install", "{\"clearFirst\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("installed").asInt()).isEqualTo(scan.path("meters").size());
        String job = json(r).path("installJob").asText();
        assertThat(job).isNotEqualTo(installJob); // ids go on after the stored ones
        JsonNode done = await("/api/meters/install/status?job=" + job, s -> s.path("state").asText().equals("DONE"));
        assertThat(done.path("ok").asInt()).as(done.toString()).isEqualTo(scan.path("meters").size());
        assertThat(done.path("notRead")).isEmpty();
        assertThat(call("GET", "/api/scans/scan-999", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/meters/install/status?job=install-999", null).statusCode()).isEqualTo(404);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        return api.await(path, WAIT, done);
    }

    private HttpResponse<String> call(String method, String path, String jsonBody) throws Exception {
        return api.call(method, path, jsonBody);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
