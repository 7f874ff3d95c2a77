package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * "Send command" (SPEC A8) through a running gateway: raw frames queued on the bus owner of a simulated bus
 * over TCP, the simulator's meter really changed by them; the answer decoded; bad frames, users and buses
 * refused; every command in the system log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusSendGatewayTest {

    private static final String PASSWORD = "send-pass-4242";

    private List<SimulatedMeter> fleet;
    private SimulatorServer sim;
    private Gateway gateway;
    private GatewayClient api;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fleet = SimulatedFleet.generate(3, 5);
        sim = SimulatorServer.tcp(new SimulatedBus(fleet, WireTiming.of(9600)), 0, false);
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes/readout.yaml"), routes.resolve("readout.yaml"));
        Files.writeString(routes.resolve("bus.yaml"), """
                - route:
                    id: sendbus-readout
                    from:
                      uri: "mbus:sendbus"
                      parameters:
                        host: 127.0.0.1
                        tcpPort: %d
                        baud: 9600
                        responseTimeout: 400
                        meterSource: "#meterRegistry"
                        scheduler: "#readoutSchedule"
                      steps:
                        - to: "direct:readout"
                """.formatted(sim.port()));
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
    void aMeterGetsANewPrimaryAddressAndAnswersThere() throws Exception {
        SimulatedMeter meter = fleet.get(0);
        int old = meter.primaryAddress();
        int fresh = old == 42 ? 43 : 42;
        // SND_UD to the old address, CI 51, DIF 01 VIF 7A = bus address; the checksum computed by the gateway
        String sndUd = String.format("68 06 06 68 53 %02X 51 01 7A %02X", old, fresh);
        JsonNode ack = api.json("POST", "/api/buses/sendbus/send", "{\"hex\":\"" + sndUd + "\",\"checksum\":\"auto\"}", 200);
        int cs = (0x53 + old + 0x51 + 0x01 + 0x7A + fresh) & 0xFF;
        assertThat(ack.path("sent").asText()).isEqualTo(String.format("6806066853%02X51017A%02X%02X16", old, fresh, cs));
        assertThat(ack.path("answer").asText()).isEqualTo("ack");
        assertThat(ack.path("hex").asText()).isEqualTo("E5");
        assertThat(meter.primaryAddress()).isEqualTo(fresh);

        // SND_NKE to the new address as plain hex (checksum given), then REQ_UD2 there: the meter answers
        String nke = String.format("10 40 %02X %02X 16", fresh, (0x40 + fresh) & 0xFF);
        HttpResponse<String> r = api.call("POST", "/api/buses/sendbus/send", nke, "text/plain");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("hex").asText()).isEqualTo("E5");
        JsonNode reply = api.json("POST", "/api/buses/sendbus/send",
                String.format("{\"hex\":\"10 7B %02X\",\"checksum\":\"auto\",\"timeoutMs\":1000}", fresh), 200);
        assertThat(reply.path("answer").asText()).isEqualTo("frame");
        assertThat(reply.path("hex").asText()).startsWith("68").endsWith("16");
        JsonNode decode = reply.path("decode");
        assertThat(decode.path("frame").path("type").asText()).isEqualTo("long");
        assertThat(decode.path("frame").path("a").asInt()).isEqualTo(fresh);
        assertThat(decode.path("id").asText()).isEqualTo(meter.id());
        assertThat(decode.path("records").size()).isPositive();

        // nobody answers at the old address any more: a timeout, said so
        JsonNode none = api.json("POST", "/api/buses/sendbus/send",
                String.format("{\"hex\":\"10 7B %02X %02X 16\"}", old, (0x7B + old) & 0xFF), 200);
        assertThat(none.path("answer").asText()).isEqualTo("timeout");
        assertThat(none.path("detail").asText()).startsWith("no answer within");

        // a broadcast expects no answer
        JsonNode broadcast = api.json("POST", "/api/buses/sendbus/send", "{\"hex\":\"10 40 FF\",\"checksum\":\"auto\","
                + "\"expectAnswer\":false}", 200);
        assertThat(broadcast.path("answer").asText()).isEqualTo("sent");
        assertThat(broadcast.path("sent").asText()).isEqualTo("1040FF3F16");

        // the audit trail: who sent what to which bus (the system log is written in batches)
        JsonNode log = api.await("/api/log?q=sent%20by%20admin%20to%20bus%20sendbus&size=50", Duration.ofSeconds(30),
                l -> l.path("entries").size() >= 5);
        assertThat(log.toString()).contains(String.format("Command 6806066853%02X51017A%02X%02X16 sent by admin to bus sendbus: ack E5",
                old, fresh, cs))
                .contains("to bus sendbus: timeout");
    }

    @Test
    void badFramesAreRefusedNamingWhatIsWrong() throws Exception {
        assertThat(error("10 4G 05 45 16")).isEqualTo("field hex: 'G' at position 4 is not a hex digit");
        assertThat(error("10 40 05 45 1")).startsWith("field hex: odd number of hex digits (9)");
        assertThat(error("10 40 05 00 16")).startsWith("field hex: not a valid M-Bus frame: checksum 0x00, expected 0x45 at byte 3")
                .endsWith("(send \"checksum\":\"auto\" to have the checksum computed)");
        assertThat(error("68 06 05 68 53 01 51 01 7A 07 20 16")).contains("length bytes differ (6 and 5)");
        assertThat(error("12 34")).contains("unknown start byte 0x12");
        assertThat(error("E5")).isEqualTo("field hex: E5 is a slave's acknowledgement, not a request");
        assertThat(jsonError("{\"hex\":\"68 06 06 68 53 01 51 01\",\"checksum\":\"auto\"}"))
                .contains("frame has 8 bytes; with checksum auto give 10 (without checksum and stop byte): the L field 6"
                        + " counts C, A, CI and the data");
        assertThat(jsonError("{\"hex\":\"10 40 05\",\"checksum\":\"sum\"}")).startsWith("field checksum must be \"auto\"");
        assertThat(jsonError("{\"hex\":\"10 40 05\",\"checksum\":\"auto\",\"timeoutMs\":0}")).startsWith("field timeoutMs must be an integer 1..60000");
        assertThat(jsonError("{\"frame\":\"10 40 05\"}")).startsWith("unknown field 'frame'");
        assertThat(jsonError("{}")).startsWith("field hex required");
        assertThat(jsonError("{\"hex\":\"10 40 05\",\"checksum\":\"auto\",\"expectAnswer\":\"no\"}"))
                .isEqualTo("field expectAnswer must be true or false");
    }

    @Test
    void onlyAnAdminSendsAndOnlyToABusARouteReads() throws Exception {
        api.json("POST", "/api/users", "{\"username\":\"watcher\",\"password\":\"watcher-pass-1\",\"role\":\"viewer\"}", 201);
        HttpResponse<String> viewer = api.as("watcher", "watcher-pass-1").call("POST", "/api/buses/sendbus/send",
                "{\"hex\":\"10 40 05\",\"checksum\":\"auto\"}");
        assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(403);
        JsonNode unknown = api.json("POST", "/api/buses/nope/send", "{\"hex\":\"10 40 05\",\"checksum\":\"auto\"}", 404);
        assertThat(unknown.path("error").asText()).isEqualTo("no route reads bus 'nope'");
    }

    private String error(String hex) throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/buses/sendbus/send", hex, "text/plain");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return Json.MAPPER.readTree(r.body()).path("error").asText();
    }

    private String jsonError(String body) throws Exception {
        return api.json("POST", "/api/buses/sendbus/send", body, 400).path("error").asText();
    }
}
