package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.testing.TestPorts;
import org.metergate.app.Gateway;
import org.metergate.config.GatewayConfig;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.SimulatedFleet;
import org.metergate.sim.SimulatedMeter;
import org.metergate.sim.SimulatorServer;
import org.metergate.sim.WireTiming;

/**
 * SPEC C1/C3 end to end: a gateway with two wired masters ("master" and "tcp1", each reading a simulated
 * bus over TCP), two wireless receivers (TCP feed servers "rx1", "rx2") and a configured bus whose route
 * does not start ("spare"). A meter list with a Bus column installs over REST onto those buses (an
 * unknown bus is a 400 naming line, column and the configured buses); after the installation readouts
 * learnt the wired meters' identity and some settings were changed by hand, the export (CSV and XLSX)
 * imports onto a second, fresh gateway with the same routes and gives every meter every setting back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeterListBusesGatewayTest {

    private static final String PASSWORD = "bus-column-pass-7";
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** What a POST/PUT takes: the settings; id, status and times are the gateway's own. */
    private static final List<String> SETTINGS = List.of("name", "addressingMode", "primaryAddress", "secondaryAddress",
            "manufacturer", "version", "medium", "enhancedReceiver", "enhancedMeter", "busId", "baudRate", "active",
            "multiTelegram", "maxTelegrams", "responseTimeoutMs", "retries", "pauseMs", "listPosition");

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private List<SimulatedMeter> masterFleet;
    private List<SimulatedMeter> tcpFleet;
    private Path dir;
    private Path routes;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        masterFleet = SimulatedFleet.generate(2, 101);
        tcpFleet = SimulatedFleet.generate(2, 202);
        SimulatorServer master = SimulatorServer.tcp(new SimulatedBus(masterFleet, WireTiming.of(9600)), 0, false);
        closeables.add(master);
        SimulatorServer tcp = SimulatorServer.tcp(new SimulatedBus(tcpFleet, WireTiming.of(9600)), 0, false);
        closeables.add(tcp);
        routes = Files.createDirectories(dir.resolve("routes"));
        for (String f : List.of("readout.yaml", "wireless.yaml")) {
            Files.copy(Path.of("routes", f), routes.resolve(f));
        }
        StringBuilder yaml = new StringBuilder();
        for (String[] bus : new String[][] {{"master", String.valueOf(master.port()), "true"},
                {"tcp1", String.valueOf(tcp.port()), "true"}, {"spare", "9", "false"}}) {
            yaml.append("""
                    - route:
                        id: %1$s-readout
                        autoStartup: %3$s
                        from:
                          uri: "mbus:%1$s"
                          parameters:
                            host: 127.0.0.1
                            tcpPort: %2$s
                            baud: 9600
                            responseTimeout: 400
                            meterSource: "#meterRegistry"
                            scheduler: "#readoutSchedule"
                          steps:
                            - to: "direct:readout"
                    """.formatted(bus[0], bus[1], bus[2]));
        }
        for (String rx : List.of("rx1", "rx2")) {
            yaml.append("""
                    - route:
                        id: %1$s
                        from:
                          uri: "wmbus:%1$s"
                          parameters:
                            tcpPort: "{{metergate.test.%1$s-port}}"
                            keys: "#wmbusKeys"
                          steps:
                            - to: "direct:wireless-readout"
                    """.formatted(rx));
        }
        Files.writeString(routes.resolve("buses.yaml"), yaml.toString());
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    @Test
    void exportImportsOntoAFreshGatewayWithTheSameBusesWithEverySetting() throws Exception {
        String a = gateway("a");
        SimulatedMeter m1 = masterFleet.get(0);
        SimulatedMeter m2 = masterFleet.get(1);
        SimulatedMeter t1 = tcpFleet.get(0);
        SimulatedMeter t2 = tcpFleet.get(1);
        String header = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress,Bus";

        // a bus no route names: 400 with line, column and the configured buses (the one that does not start too)
        HttpResponse<String> unknown = call(a, "POST", "/api/meters/import", "text/csv",
                (header + "\r\nA," + m1.id() + ",9600,secondary,,,master\r\nB," + t1.id() + ",9600,secondary,,,bus2\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        JsonNode error = json(unknown).path("detail").get(0);
        assertThat(error.path("line").asInt()).isEqualTo(3);
        assertThat(error.path("column").asText()).isEqualTo("Bus");
        assertThat(error.path("reason").asText())
                .isEqualTo("unknown bus 'bus2': the configured buses are default, master, rx1, rx2, spare, tcp1, wireless");
        assertThat(json(call(a, "GET", "/api/meters", null, null)).path("total").asInt()).isZero();

        String list = header + ",Active,ResponseTimeoutMs\r\n"
                + "Heat by primary," + m1.id() + ",9600,primary," + m1.primaryAddress() + ",,master,,\r\n"
                + "Water," + m2.id() + ",9600,secondary,,,,,\r\n"                           // no Bus cell: the default bus
                + "Gas by primary,,9600,primary," + t1.primaryAddress() + ",,tcp1,,\r\n"   // primary without secondary
                + "Electricity," + t2.id() + ",9600,secondary,,,tcp1,,250\r\n"
                + "Behind a receiver,12345678,2400,esecondary,,61000999E61E3C07,tcp1,false,\r\n"
                + "Wireless 1,61007338,2400,esecondary,,,rx1,,\r\n"
                + "Wireless 2,61007339,2400,esecondary,,,rx2,,\r\n"
                + "Not read yet,61007340,2400,esecondary,,,spare,,\r\n";
        HttpResponse<String> installed = call(a, "POST", "/api/meters/import?bus=master", "text/csv",
                list.getBytes(StandardCharsets.UTF_8));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
        assertThat(json(installed).path("passive").asInt()).isEqualTo(1);
        JsonNode job = awaitInstall(a, json(installed).path("installJob").asText());
        assertThat(job.path("ok").asInt()).as(job.toString()).isEqualTo(4);

        Map<String, JsonNode> onA = meters(a);
        assertThat(onA.get("Water").path("busId").asText()).isEqualTo("master");
        assertThat(onA.get("Gas by primary").path("busId").asText()).isEqualTo("tcp1");
        assertThat(onA.get("Gas by primary").path("secondaryAddress").isNull()).isTrue();
        assertThat(onA.get("Wireless 2").path("busId").asText()).isEqualTo("rx2");
        // the installation readouts learnt the wired meters' identity: part of the settings the export carries
        assertThat(onA.get("Electricity").path("manufacturer").asText()).isEqualTo(t2.spec().manufacturer());
        // settings changed by hand after the import
        long water = onA.get("Water").path("id").asLong();
        assertThat(call(a, "PUT", "/api/meters/" + water, "application/json",
                ("{\"name\":\"Water, renamed\",\"multiTelegram\":false,\"maxTelegrams\":3,\"retries\":2,\"pauseMs\":80,"
                        + "\"version\":" + m2.spec().version() + "}").getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        long wireless = onA.get("Wireless 1").path("id").asLong();
        assertThat(call(a, "PUT", "/api/meters/" + wireless, "application/json",
                "{\"listPosition\":null,\"manufacturer\":\"KAM\",\"medium\":7}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(200);
        Map<String, JsonNode> before = meters(a);
        byte[] csv = call(a, "GET", "/api/meters/export.csv", null, null).body().getBytes(StandardCharsets.UTF_8);
        byte[] xlsx = client.send(request(a, "GET", "/api/meters/export.xlsx", null, null).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();

        String b = gateway("b");
        for (Object[] format : new Object[][] {{"text/csv", csv}, {XLSX, xlsx}}) {
            HttpResponse<String> again = call(b, "POST", "/api/meters/import?clear=true", (String) format[0], (byte[]) format[1]);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            JsonNode bJob = awaitInstall(b, json(again).path("installJob").asText());
            assertThat(bJob.path("ok").asInt()).as(bJob.toString()).isEqualTo(4);
            Map<String, JsonNode> after = meters(b);
            assertThat(after.keySet()).as(format[0].toString()).containsExactlyElementsOf(before.keySet());
            for (String name : before.keySet()) {
                for (String field : SETTINGS) {
                    assertThat(after.get(name).path(field)).as("%s: %s, %s", format[0], name, field)
                            .isEqualTo(before.get(name).path(field));
                }
            }
        }
    }

    /** A gateway on the shared routes, with its own data, HTTP port and receiver ports; returns its base URL. */
    private String gateway(String name) throws Exception {
        int http = TestPorts.free();
        Gateway g = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(http),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routes.toString(),
                "metergate.demo.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.test.rx1-port", String.valueOf(TestPorts.free()),
                "metergate.test.rx2-port", String.valueOf(TestPorts.free()),
                "metergate.readout.schedule", "0 0 1 1 *")), Optional.of(dir.resolve("data-" + name))).start();
        closeables.add(g);
        return "http://127.0.0.1:" + http;
    }


    /** The meters by name, in installation order. */
    private Map<String, JsonNode> meters(String base) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode m : json(call(base, "GET", "/api/meters", null, null)).path("meters")) {
            out.put(m.path("name").asText(), m);
        }
        return out;
    }

    private JsonNode awaitInstall(String base, String job) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 240; i++) {
            last = json(call(base, "GET", "/api/meters/install/status?job=" + job, null, null));
            if (last.path("state").asText().equals("DONE")) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("installation readout not done within 60 s: " + last);
    }

    private HttpRequest.Builder request(String base, String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", AUTH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b;
    }

    private HttpResponse<String> call(String base, String method, String path, String contentType, byte[] body) throws Exception {
        return client.send(request(base, method, path, contentType, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }
}
