package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.metergate.jobs.ScanJobs;
import org.metergate.jobs.ScanPlan;
import org.metergate.jobs.ScanRepository;
import org.metergate.jobs.ScannedMeter;
import org.metergate.sim.MeterSpec;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.testing.SocatPair;

/**
 * The advanced scan (SPEC A7) end to end: a real gateway reading two simulated buses, one over TCP and one
 * through a socat pty pair (jSerialComm on the gateway's side), scanned in two modes with the fallback,
 * installed automatically; checked in the Derby meter table and over /api/meters. Also maxMeters, cancel
 * across buses and requests refused whole with the fields named.
 *
 * <p>Fleet: on tcpbus A (primary 1), B (2), C (200), D (201); on ptybus E (3), F (4) and A again (5), as if
 * both masters reached A. A primary scan of 1..6 finds A, B on tcpbus and E, F, A on ptybus; the secondary
 * scan finds all four on tcpbus and all three on ptybus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdvancedScanGatewayTest {

    private static final String PASSWORD = "scan-pass-4242";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private MeterSpec a;
    private MeterSpec b;
    private MeterSpec c;
    private MeterSpec d;
    private MeterSpec e;
    private MeterSpec f;
    private SimulatorServer tcpSim;
    private SimulatorServer ptySim;
    private SocatPair pty;
    private Gateway gateway;
    private GatewayClient api;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        List<MeterSpec> specs = SimulatedFleet.specs(6, 77);
        a = specs.get(0).withPrimaryAddress(1);
        b = specs.get(1).withPrimaryAddress(2);
        c = specs.get(2).withPrimaryAddress(200);
        d = specs.get(3).withPrimaryAddress(201);
        e = specs.get(4).withPrimaryAddress(3);
        f = specs.get(5).withPrimaryAddress(4);
        tcpSim = SimulatorServer.tcp(new SimulatedBus(meters(a, b, c, d), WireTiming.of(9600)), 0, false);
        pty = SocatPair.open(dir);
        ptySim = SimulatorServer.pty(new SimulatedBus(meters(e, f, a.withPrimaryAddress(5)), WireTiming.of(9600)), pty.b,
                false);
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes/readout.yaml"), routes.resolve("readout.yaml"));
        Files.writeString(routes.resolve("buses.yaml"), """
                - route:
                    id: tcpbus-readout
                    from:
                      uri: "mbus:tcpbus"
                      parameters:
                        host: 127.0.0.1
                        tcpPort: %d
                        baud: 9600
                        responseTimeout: 400
                        meterSource: "#meterRegistry"
                        scheduler: "#readoutSchedule"
                      steps:
                        - to: "direct:readout"
                - route:
                    id: ptybus-readout
                    from:
                      uri: "mbus:ptybus"
                      parameters:
                        port: "%s"
                        baud: 9600
                        responseTimeout: 400
                        meterSource: "#meterRegistry"
                        scheduler: "#readoutSchedule"
                      steps:
                        - to: "direct:readout"
                """.formatted(tcpSim.port(), pty.a));
        int port = TestPorts.free();
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routes.toString(),
                "metergate.demo.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.readout.schedule", "0 0 1 1 *")), Optional.of(dir.resolve("data"))).start();
        api = new GatewayClient("http://127.0.0.1:" + port, "admin", PASSWORD);
    }

    private static List<SimulatedMeter> meters(MeterSpec... specs) {
        return java.util.Arrays.stream(specs).map(s -> new SimulatedMeter(s, java.time.Clock.systemUTC())).toList();
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (ptySim != null) {
            ptySim.close();
        }
        if (tcpSim != null) {
            tcpSim.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    @Order(1)
    void aBadRequestIsRefusedWholeNamingEveryField() throws Exception {
        JsonNode many = api.json("POST", "/api/scans", "{\"buses\":[\"tcpbus\",\"nope\"],\"modes\":[\"secondary\",\"tertiary\"],"
                + "\"maxMeters\":0,\"baud\":1200,\"autoInstall\":\"yes\"}", 400);
        List<String> fields = new ArrayList<>();
        many.path("detail").forEach(x -> fields.add(x.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("buses[1]", "modes[1]", "maxMeters", "baud", "autoInstall");
        assertThat(many.path("error").asText()).startsWith("scan request has 5 errors").contains("field buses[1] no route reads bus 'nope'");

        assertThat(error("{\"buses\":\"tcpbus\",\"modes\":[\"primary\"]}")).startsWith("field buses must be a non-empty list");
        assertThat(error("{\"buses\":[\"tcpbus\"]}")).startsWith("field modes is required");
        assertThat(error("{\"buses\":[\"tcpbus\"],\"modes\":[\"primary\",\"primary\"]}")).startsWith("field modes[1] names mode");
        assertThat(error("{\"buses\":[\"tcpbus\",\"tcpbus\"],\"modes\":[\"primary\"]}")).startsWith("field buses[1] names bus");
        assertThat(error("{\"buses\":[\"tcpbus\"],\"modes\":[\"secondary\"],\"from\":3}")).startsWith("field from applies to primary");
        assertThat(error("{\"buses\":[\"tcpbus\"],\"modes\":[\"primary\"],\"from\":9,\"to\":3}")).startsWith("field from must not be greater");
        assertThat(error("{\"buses\":[\"tcpbus\"],\"modes\":[\"secondary\"],\"baud\":2400}"))
                .isEqualTo("field baud bus 'tcpbus' is read at 9600 baud through a converter of fixed speed: a scan there"
                        + " runs at its bus's speed (leave baud out, or scan that bus separately)");
        assertThat(error("{\"buses\":[\"tcpbus\"],\"modes\":[\"secondary\"],\"bus\":\"tcpbus\"}")).startsWith("field bus belongs to the simple form");
        assertThat(error("{\"bus\":\"tcpbus\",\"kind\":\"secondary\",\"maxMeters\":3}")).startsWith("field maxMeters belongs to the advanced scan");
        assertThat(error("{\"buses\":[\"tcpbus\"],\"modes\":[\"secondary\"],\"colour\":\"red\"}")).startsWith("unknown field 'colour'");
        // all or nothing: none of these started a scan
        assertThat(api.json("GET", "/api/scans", null, 200).path("total").asInt()).isZero();
    }

    private String error(String body) throws Exception {
        return api.json("POST", "/api/scans", body, 400).path("error").asText();
    }

    @Test
    @Order(2)
    void maxMetersStopsTheScanOnceReachedAndInstallsThatMany() throws Exception {
        JsonNode started = api.json("POST", "/api/scans", "{\"buses\":[\"tcpbus\",\"ptybus\"],\"modes\":[\"secondary\"],"
                + "\"maxMeters\":2,\"clearFirst\":true}", 202);
        String id = started.path("id").asText();
        assertThat(started.path("autoInstall").asBoolean()).isTrue();
        JsonNode scan = api.await("/api/scans/" + id, WAIT, s -> s.path("state").asText().equals("DONE")
                && !s.path("installJob").isNull());
        assertThat(scan.path("found").asInt()).isEqualTo(2);
        assertThat(scan.path("limitReached").asBoolean()).isTrue();
        assertThat(scan.path("meters")).hasSize(2);
        scan.path("meters").forEach(m -> assertThat(m.path("bus").asText()).isEqualTo("tcpbus"));
        String job = scan.path("installJob").asText();
        JsonNode install = api.await("/api/meters/install/status?job=" + job, WAIT, j -> j.path("state").asText().equals("DONE"));
        assertThat(install.path("ok").asInt()).as(install.toString()).isEqualTo(2);
        assertThat(api.json("GET", "/api/meters", null, 200).path("total").asInt()).isEqualTo(2);
        assertThat(meterRows()).hasSize(2);
    }

    @Test
    @Order(3)
    void twoBusesInTwoModesAreInstalledOnceEachWithTheFirstFindWinning() throws Exception {
        JsonNode started = api.json("POST", "/api/scans", "{\"buses\":[\"tcpbus\",\"ptybus\"],\"modes\":[\"primary\","
                + "\"secondary\"],\"from\":1,\"to\":6,\"clearFirst\":true}", 202);
        String id = started.path("id").asText();
        List<Double> done = new ArrayList<>();
        Set<Integer> stepsSeen = new HashSet<>();
        JsonNode scan = api.await("/api/scans/" + id, WAIT, s -> {
            done.add(s.path("done").asDouble());
            if (s.has("step")) {
                stepsSeen.add(s.path("step").path("index").asInt());
                assertThat(s.path("step").path("of").asInt()).isEqualTo(4);
            }
            return s.path("state").asText().equals("DONE") && !s.path("installJob").isNull();
        });
        assertThat(done).isSorted(); // progress runs across the whole job, never back at a new bus or mode
        assertThat(stepsSeen).isNotEmpty();
        assertThat(scan.path("done").asDouble()).isEqualTo(1.0);

        Map<String, String> found = new java.util.TreeMap<>();
        scan.path("meters").forEach(m -> found.put(m.path("bus").asText() + " " + m.path("address").asText(),
                m.path("id").asText()));
        // A and B by the primary scan (the first mode), C and D only by the secondary one (the fallback),
        // E and F by primary on the second bus; A on the second bus is the same meter: kept once, from tcpbus
        assertThat(found).hasSize(6);
        assertThat(found.get("tcpbus 1")).isEqualTo(a.id());
        assertThat(found.get("tcpbus 2")).isEqualTo(b.id());
        assertThat(found.get("ptybus 3")).isEqualTo(e.id());
        assertThat(found.get("ptybus 4")).isEqualTo(f.id());
        assertThat(found.values()).containsExactlyInAnyOrder(a.id(), b.id(), c.id(), d.id(), e.id(), f.id());
        assertThat(found.keySet().stream().filter(k -> k.startsWith("tcpbus ") && k.length() > 12)).hasSize(2);
        List<String> notes = new ArrayList<>();
        scan.path("conflicts").forEach(x -> notes.add(x.asText()));
        assertThat(notes).anyMatch(n -> n.startsWith("meter " + a.id()) && n.contains("primary scan of bus ptybus at address 5")
                && n.contains("kept as found first, by the primary scan of bus tcpbus at address 1"));

        JsonNode install = api.await("/api/meters/install/status?job=" + scan.path("installJob").asText(), WAIT,
                j -> j.path("state").asText().equals("DONE"));
        assertThat(install.path("ok").asInt()).as(install.toString()).isEqualTo(6);
        assertThat(meterRows()).containsExactlyInAnyOrder(
                "tcpbus PRIMARY 1 9600", "tcpbus PRIMARY 2 9600", "tcpbus SECONDARY " + c.id() + " 9600",
                "tcpbus SECONDARY " + d.id() + " 9600", "ptybus PRIMARY 3 9600", "ptybus PRIMARY 4 9600");
        JsonNode meters = api.json("GET", "/api/meters?size=50", null, 200);
        assertThat(meters.path("total").asInt()).isEqualTo(6);

        // stored as asked and as found: the plan and each meter's bus come back from the database
        ScanRepository repository = new ScanRepository(gateway.database());
        long seq = Long.parseLong(id.substring("scan-".length()));
        assertThat(repository.find(seq).orElseThrow().plan()).isEqualTo(new ScanPlan(List.of("tcpbus", "ptybus"),
                List.of(ScanJobs.Kind.PRIMARY, ScanJobs.Kind.SECONDARY), 1, 6, null, null, true, true));
        assertThat(repository.foundMeters(seq)).extracting(ScannedMeter::bus)
                .containsExactly("tcpbus", "tcpbus", "tcpbus", "tcpbus", "ptybus", "ptybus");
    }

    @Test
    @Order(4)
    void aCancelMidwayStopsEveryBusAndInstallsWhatWasFound() throws Exception {
        // the secondary scan of tcpbus first, then a primary scan of 0..250 (about 20 s at 9600 baud): cancelled there
        JsonNode started = api.json("POST", "/api/scans", "{\"buses\":[\"tcpbus\",\"ptybus\"],\"modes\":[\"secondary\","
                + "\"primary\"],\"clearFirst\":true}", 202);
        String id = started.path("id").asText();
        api.await("/api/scans/" + id, WAIT, s -> s.path("step").path("index").asInt() == 2);
        JsonNode cancelled = api.json("DELETE", "/api/scans/" + id, null, 200);
        assertThat(cancelled.path("id").asText()).isEqualTo(id);
        JsonNode scan = api.await("/api/scans/" + id, WAIT, s -> s.path("state").asText().equals("CANCELLED")
                && !s.path("installJob").isNull());
        assertThat(scan.path("done").asDouble()).isBetween(0.25, 0.5);
        Set<String> ids = new HashSet<>();
        scan.path("meters").forEach(m -> {
            assertThat(m.path("bus").asText()).isEqualTo("tcpbus");
            ids.add(m.path("id").asText());
        });
        assertThat(ids).containsExactlyInAnyOrder(a.id(), b.id(), c.id(), d.id());
        api.await("/api/meters/install/status?job=" + scan.path("installJob").asText(), WAIT,
                j -> j.path("state").asText().equals("DONE"));
        // clearFirst: the list is what the cancelled scan found, nothing from ptybus (never scanned)
        assertThat(meterRows()).containsExactlyInAnyOrder("tcpbus SECONDARY " + a.id() + " 9600",
                "tcpbus SECONDARY " + b.id() + " 9600", "tcpbus SECONDARY " + c.id() + " 9600",
                "tcpbus SECONDARY " + d.id() + " 9600");
        // the bus is free again: a simple scan still runs as it always did
        JsonNode simple = api.json("POST", "/api/scans", "{\"bus\":\"ptybus\",\"kind\":\"primary\",\"from\":1,\"to\":5}", 202);
        JsonNode end = api.await("/api/scans/" + simple.path("id").asText(), WAIT, s -> s.path("state").asText().equals("DONE"));
        assertThat(end.path("found").asInt()).isEqualTo(3);
        assertThat(end.path("installJob").isNull()).isTrue(); // the simple scan installs on request only
        assertThat(end.has("autoInstall")).isFalse();
    }

    /** "bus MODE address baud" of every installed meter, as the Derby meter table holds it. */
    private List<String> meterRows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection cn = gateway.database().connection(); Statement st = cn.createStatement();
             ResultSet rs = st.executeQuery("SELECT bus_id, addressing_mode, primary_address, secondary_id, baud FROM meter")) {
            while (rs.next()) {
                String mode = rs.getString(2).toUpperCase(java.util.Locale.ROOT);
                rows.add(rs.getString(1) + " " + mode + " " + (mode.equals("PRIMARY") ? rs.getString(3) : rs.getString(4))
                        + " " + rs.getInt(5));
            }
        }
        return rows;
    }
}
