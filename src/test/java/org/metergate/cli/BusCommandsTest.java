package org.metergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/** scan, read and send as an installer runs them, against the simulator over TCP. */
class BusCommandsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();
    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private PrintStream realOut;
    private ByteArrayOutputStream out;

    @BeforeEach
    void start() throws Exception {
        fleet = SimulatedFleet.generate(6, 8, CLOCK);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(38400)), 0, false);
        realOut = System.out;
        out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        System.setOut(realOut);
        sim.close();
    }

    private int run(String... args) {
        // A generous response timeout: these tests are about the commands, not timing, and run on loaded machines.
        boolean ownTimeout = java.util.Arrays.asList(args).contains("--timeout");
        String[] bus = ownTimeout
                ? new String[] {"--host", "127.0.0.1", "--tcp-port", String.valueOf(sim.port()), "--baud", "38400"}
                : new String[] {"--host", "127.0.0.1", "--tcp-port", String.valueOf(sim.port()), "--baud", "38400", "--timeout", "500"};
        String[] all = new String[args.length + bus.length];
        System.arraycopy(args, 0, all, 0, 1);
        System.arraycopy(bus, 0, all, 1, bus.length);
        System.arraycopy(args, 1, all, 1 + bus.length, args.length - 1);
        return Metergate.commandLine().execute(all);
    }

    @Test
    void readPrintsTheDecodeJsonOfEachMeter() throws Exception {
        SimulatedMeter m = fleet.get(0);
        assertThat(run("read", "--address", String.valueOf(m.primaryAddress()))).isZero();
        JsonNode node = json.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(node.path("id").asText()).isEqualTo(m.id());
        assertThat(node.path("readout").asText()).isEqualTo("OK");
        assertThat(node.path("records")).hasSize(m.records(CLOCK.instant()).size());
        assertThat(node.path("raw").get(0).asText()).startsWith("68");
    }

    @Test
    void readOfAnAbsentMeterExitsTwoWithAnError() throws Exception {
        assertThat(run("read", "--address", "251")).isNotZero(); // not a primary address: usage error
        out.reset();
        int unused = fleet.stream().mapToInt(SimulatedMeter::primaryAddress).max().orElse(0) + 1;
        assertThat(run("read", "--address", String.valueOf(Math.min(250, unused)), "--timeout", "30")).isEqualTo(2);
        assertThat(json.readTree(out.toString(StandardCharsets.UTF_8)).path("readout").asText()).isEqualTo("NO_ANSWER");
    }

    @Test
    void scanFindsTheSimulatedMeters() throws Exception {
        assertThat(run("scan", "--mode", "secondary", "--format", "json")).isZero();
        JsonNode node = json.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(node.path("meters").findValuesAsText("id"))
                .containsExactlyInAnyOrderElementsOf(fleet.stream().map(SimulatedMeter::id).toList());
        assertThat(node.path("probes").asInt()).isPositive();
    }

    @Test
    void sendPrintsTheAnswer() throws Exception {
        int a = fleet.get(1).primaryAddress();
        String sndNke = String.format("10 40 %02X %02X 16", a, (0x40 + a) & 0xFF);
        assertThat(run("send", sndNke)).isZero();
        JsonNode node = json.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(node.path("frame").path("type").asText()).isEqualTo("ack");
        assertThat(node.path("raw").asText()).isEqualTo("E5");
    }
}
