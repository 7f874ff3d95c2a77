package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
import org.metergate.mbus.DataRecord;
import org.metergate.mbus.Function;
import org.metergate.mbus.MbusValue;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;
import org.metergate.testing.MutableClock;

/**
 * SPEC C7 (512 active meters) and E1 (every value stored) end to end, in the normal suite: a real gateway
 * (Derby on disk, the shipped readout route) reads a simulated bus of 512 meters over TCP at 38400 baud with
 * the fast timing profile. 513 meters are installed by one meter-list import (primary addressing for some,
 * secondary for the rest): the 513th is passive and cannot be activated. The installation readout and one
 * manual "read all" must read every meter; then every meter is ok, the latest values of each are there and
 * those of a sample equal the simulator's records exactly, the stored values are exactly the fleet's records
 * of both readouts, and the x101 value report of the period holds all 512 meters, one row per stored value.
 *
 * <p>The meters run on a clock the test moves between the two readouts, so the latest values must be the
 * second readout's (the counters differ) and every expected value is known exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FiveHundredTwelveMetersGatewayTest {

    private static final String PASSWORD = "scale-pass-512";
    private static final int ACTIVE = 512;
    private static final int BAUD = 38400;
    /** A generous ceiling for a whole pass over the bus; a pass takes far less (see the class's measured time in README). */
    private static final Duration PASS = Duration.ofSeconds(240);
    /** Decimals exactly as stored (BigDecimal text), not through double. */
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final MutableClock meterClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private Gateway gateway;
    private GatewayClient admin;
    private Instant installedAt;
    private Instant secondReadAt;
    /** meter id in the gateway → simulated meter */
    private final Map<Long, SimulatedMeter> byMeterId = new HashMap<>();
    private long passiveId;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fleet = SimulatedFleet.generate(ACTIVE + 1, 512, meterClock);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(BAUD)), 0, false);
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes/readout.yaml"), routes.resolve("readout.yaml"));
        Files.writeString(routes.resolve("bigbus.yaml"), """
                - route:
                    id: bigbus-readout
                    from:
                      uri: "mbus:bigbus"
                      parameters:
                        host: 127.0.0.1
                        tcpPort: %d
                        baud: %d
                        timing: fast
                        # generous: the test machine is shared, answers can come late under load
                        responseTimeout: 500
                        meterSource: "#meterRegistry"
                        scheduler: "#readoutSchedule"
                        jobRetries: "#jobRetries"
                      steps:
                        - to: "direct:readout"
                """.formatted(sim.port(), BAUD));
        int port = TestPorts.free();
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routes.toString(),
                "metergate.demo.enabled", "false",
                "metergate.admin.password", PASSWORD,
                // never on its own: the readouts here are the installation readout and one manual "read all"
                "metergate.readout.schedule", "0 0 1 1 *")), Optional.of(dir.resolve("data"))).start();
        admin = new GatewayClient("http://127.0.0.1:" + port, "admin", PASSWORD);
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
    void aMeterListOf513InstallsFiveHundredTwelveActiveAndTheInstallationReadoutReadsThemAll() throws Exception {
        StringBuilder csv = new StringBuilder("Position;SecondaryAddress;BaudRate;AddressingMode;PrimaryAddress\r\n");
        int primary = 0;
        for (int i = 0; i < fleet.size(); i++) {
            SimulatedMeter m = fleet.get(i);
            // every other meter with a primary address is read by it, the rest (and all beyond 250) by secondary address
            boolean byPrimary = m.primaryAddress() != 0 && i % 2 == 0;
            primary += byPrimary ? 1 : 0;
            csv.append("Meter ").append(i).append(';').append(m.id()).append(';').append(BAUD).append(';')
                    .append(byPrimary ? "primary" : "secondary").append(';')
                    .append(byPrimary ? String.valueOf(m.primaryAddress()) : "").append("\r\n");
        }
        assertThat(primary).isBetween(100, 150);
        installedAt = Instant.now();
        HttpResponse<String> r = admin.call("POST", "/api/meters/import?bus=bigbus", csv.toString(), "text/csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode imported = Json.MAPPER.readTree(r.body());
        assertThat(imported.path("installed").asInt()).isEqualTo(ACTIVE + 1);
        assertThat(imported.path("active").asInt()).isEqualTo(ACTIVE);
        assertThat(imported.path("passive").asInt()).isEqualTo(1);
        assertThat(imported.path("maxActive").asInt()).isEqualTo(ACTIVE);

        String job = imported.path("installJob").asText();
        JsonNode status = admin.await("/api/meters/install/status?job=" + job, PASS, s -> s.path("state").asText().equals("DONE"));
        assertThat(status.path("total").asInt()).isEqualTo(ACTIVE + 1);
        assertThat(status.path("ok").asInt()).as(status.path("message").asText()).isEqualTo(ACTIVE);
        assertThat(status.path("skipped").asInt()).isEqualTo(1);
        for (JsonNode item : status.path("meters")) {
            if (item.path("result").asText().equals("skipped")) {
                assertThat(item.path("message").asText()).isEqualTo("passive (beyond the capacity): not read");
            } else {
                assertThat(item.path("result").asText()).as(item.toString()).isEqualTo("ok");
            }
        }

        JsonNode list = admin.json("GET", "/api/meters?size=1000", null, 200);
        assertThat(list.path("total").asInt()).isEqualTo(ACTIVE + 1);
        assertThat(list.path("activeCount").asInt()).isEqualTo(ACTIVE);
        Map<String, SimulatedMeter> byId = new HashMap<>();
        fleet.forEach(m -> byId.put(m.id(), m));
        for (JsonNode m : list.path("meters")) {
            byMeterId.put(m.path("id").asLong(), byId.get(m.path("secondaryAddress").asText()));
            assertThat(m.path("baudRate").asInt()).isEqualTo(BAUD);
            if (!m.path("active").asBoolean()) {
                passiveId = m.path("id").asLong();
            }
        }
        assertThat(byMeterId).hasSize(ACTIVE + 1).doesNotContainValue(null);
        // the list's last line is the one beyond the capacity
        assertThat(byMeterId.get(passiveId)).isSameAs(fleet.get(ACTIVE));
    }

    @Test
    @Order(2)
    void the513thMeterCannotBeActivated() throws Exception {
        HttpResponse<String> r = admin.call("PUT", "/api/meters/" + passiveId, "{\"active\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(admin.json("GET", "/api/meters/" + passiveId, null, 200).path("active").asBoolean()).isFalse();
        assertThat(admin.json("GET", "/api/meters?size=1", null, 200).path("activeCount").asInt()).isEqualTo(ACTIVE);
    }

    @Test
    @Order(3)
    void oneManualReadAllReadsEveryActiveMeterOk() throws Exception {
        meterClock.advance(Duration.ofMinutes(15)); // a readout cycle later: the counters have moved
        secondReadAt = Instant.now();
        HttpResponse<String> r = admin.call("POST", "/api/meters/read", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("bigbus-readout");
        JsonNode list = admin.await("/api/meters?size=1000&active=true", PASS, l -> {
            for (JsonNode m : l.path("meters")) {
                if (m.path("lastReadoutAt").isNull() || Instant.parse(m.path("lastReadoutAt").asText()).isBefore(secondReadAt)) {
                    return false;
                }
            }
            return true;
        });
        assertThat(list.path("meters")).hasSize(ACTIVE);
        for (JsonNode m : list.path("meters")) {
            assertThat(m.path("lastStatus").asText()).as(m.toString()).isEqualTo("ok");
        }
        JsonNode passive = admin.json("GET", "/api/meters/" + passiveId, null, 200);
        assertThat(passive.path("lastReadoutAt").isNull()).as(passive.toString()).isTrue();
    }

    @Test
    @Order(4)
    void theLatestValuesOfEveryMeterAreThereAndASampleEqualsTheSimulatorExactly() throws Exception {
        JsonNode latest = EXACT.readTree(admin.call("GET", "/api/values/latest", null).body());
        Map<Long, List<String>> actual = new HashMap<>();
        for (JsonNode v : latest.path("values")) {
            assertThat(v.path("live").asBoolean()).isFalse();
            actual.computeIfAbsent(v.path("meterId").asLong(), k -> new ArrayList<>()).add(
                    key(v.path("quantity").asText(), v.path("unit").asText(), v.path("function").asText(), v.path("storage").asLong(),
                            v.path("tariff").asInt(), v.path("subunit").asInt(), v.path("value").isNumber()
                                    ? plain(v.path("value").decimalValue()) : v.path("value").asText()));
        }
        Set<Long> active = new HashSet<>(byMeterId.keySet());
        active.remove(passiveId);
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(active);
        Instant at = meterClock.instant();
        List<Long> sample = new ArrayList<>(new TreeMap<>(byMeterId).keySet());
        sample.remove(passiveId);
        int checked = 0;
        for (int i = 0; i < sample.size(); i += 16) { // 32 meters across the list: primary, secondary, multi-telegram
            long id = sample.get(i);
            List<String> expected = expected(byMeterId.get(id).records(at));
            assertThat(actual.get(id)).as("meter " + id + " " + byMeterId.get(id)).containsExactlyInAnyOrderElementsOf(expected);
            checked++;
        }
        assertThat(checked).isEqualTo(ACTIVE / 16);
        // and the counters really moved between the two readouts, so these are the second readout's values
        SimulatedMeter first = byMeterId.get(sample.get(0));
        assertThat(expected(first.records(at))).isNotEqualTo(expected(first.records(at.minus(Duration.ofMinutes(15)))));
    }

    @Test
    @Order(5)
    void everyValueOfBothReadoutsIsStoredAndTheValueReportHoldsAllFiveHundredTwelveMeters() throws Exception {
        Instant second = meterClock.instant();
        Instant first = second.minus(Duration.ofMinutes(15));
        long expectedValues = 0;
        long storedValues = 0;
        for (Map.Entry<Long, SimulatedMeter> e : byMeterId.entrySet()) {
            if (e.getKey() == passiveId) {
                continue;
            }
            expectedValues += expected(e.getValue().records(first)).size() + expected(e.getValue().records(second)).size();
            JsonNode page = admin.json("GET", "/api/meters/" + e.getKey() + "/values?size=10000", null, 200);
            assertThat(page.path("more").asBoolean()).isFalse();
            storedValues += page.path("values").size();
        }
        assertThat(storedValues).isEqualTo(expectedValues);

        HttpResponse<String> r = admin.call("GET", "/api/reports/1/download", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String[] lines = r.body().split("\r?\n");
        assertThat(lines[0]).startsWith("Meter ID;");
        Set<String> reported = new HashSet<>();
        long rows = 0;
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                reported.add(lines[i].substring(0, lines[i].indexOf(';')));
                rows++;
            }
        }
        Set<String> activeIds = new HashSet<>();
        byMeterId.forEach((id, m) -> {
            if (id != passiveId) {
                activeIds.add(m.id());
            }
        });
        assertThat(reported).hasSize(ACTIVE).containsExactlyInAnyOrderElementsOf(activeIds);
        assertThat(rows).isEqualTo(expectedValues);
    }

    // ---- the simulator's records as the gateway stores them (ReadoutRecorder: one value per record) ----------

    private static List<String> expected(List<DataRecord> records) {
        List<String> out = new ArrayList<>();
        for (DataRecord d : records) {
            if (d.function() == Function.MORE_RECORDS_FOLLOW && d.data().isEmpty()) {
                continue;
            }
            MbusValue v = d.value();
            String value = v instanceof MbusValue.Numeric n ? plain(n.value()) : v.text();
            out.add(key(d.quantity(), d.unit(), d.function().label(), d.storage(), d.tariff(), d.subunit(), value));
        }
        return out;
    }

    private static String key(String quantity, String unit, String function, long storage, int tariff, int subunit, String value) {
        return quantity + "|" + unit + "|" + function + "|" + storage + "|" + tariff + "|" + subunit + "|" + value;
    }

    private static String plain(BigDecimal b) {
        return b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString();
    }
}
