package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRow;

/**
 * The reports API end to end: the gateway as shipped (Derby, Camel, platform-http, the templates
 * under templates/, the HTTP destination, the demo bus on a simulator so the on-demand report has a
 * readout to run) and a real HTTP receiver on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsApiTest {

    private static final String PASSWORD = "reports-admin-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Never fires during the test; table 10 row 16-60 min (next gap 30 min). */
    private static final String SCHEDULE = "0,30 3 1 1 *";

    private Path dir;
    private ReportSink sink;
    private Gateway gateway;
    private HttpClient client;
    private String base;
    private long readoutId;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        sink = new ReportSink();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        startGateway();
    }

    private void startGateway() throws Exception {
        int port = freePort();
        Map<String, String> cfg = new HashMap<>(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.routes.dir", routes().toString(),
                "metergate.demo.meters", "3",
                // the scheduled demo readout stays out of the way; the on-demand report runs it
                "metergate.demo.schedule", "0 3 1 1 *",
                "metergate.report.retry-time-scale", "0.001",
                "camel.main.shutdownTimeout", "1"));
        cfg.put("metergate.demo.wmbus-meters", "0");
        // the gateway as shipped: real renderer (templates/), real destinations (report.delivery)
        gateway = new Gateway(GatewayConfig.of(cfg), Optional.of(dir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
    }

    /** The shipped routes (demo readout, readout) and an integrator's route archiving delivered reports. */
    private Path routes() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        for (String f : List.of("readout.yaml", "demo-readout.yaml")) {
            Files.copy(Path.of("routes", f), routes.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(routes.resolve("archive.yaml"), """
                - route:
                    id: report-archive
                    from:
                      uri: "seda:report-delivered?multipleConsumers=true"
                      steps:
                        - to: "file:%s"
                """.formatted(dir.resolve("archive").toString().replace('\\', '/')));
        return routes;
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sink.close();
    }

    @Test
    @Order(1)
    void listsFiveScheduledReportsAndTheEventReports() throws Exception {
        assertThat(send(request("/api/reports").GET()).statusCode()).isEqualTo(401);
        HttpResponse<String> r = send(admin("/api/reports").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode reports = json(r).path("reports");
        assertThat(reports).hasSize(8);
        assertThat(reports.get(0).path("report").asText()).isEqualTo("1");
        assertThat(reports.get(0).path("route").asText()).isEqualTo("report-1");
        assertThat(reports.get(0).path("enabled").asBoolean()).isFalse();
        assertThat(reports.get(0).path("schedule").asText()).isEqualTo("DAILY");
        assertThat(reports.get(0).path("synchronised").asBoolean()).isTrue();
        assertThat(reports.get(0).path("period").asText()).isEqualTo("auto");
        assertThat(reports.get(5).path("report").asText()).isEqualTo("startup");
        assertThat(send(admin("/api/reports/9").GET()).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void invalidSettingsAreRejectedWholeWithEveryFieldNamed() throws Exception {
        HttpResponse<String> r = send(admin("/api/reports/1").PUT(body("{\"schedule\":\"0 25 * * *\",\"period\":\"3 weeks\","
                + "\"template\":4101}")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("detail").findValuesAsText("field")).containsExactlyInAnyOrder("schedule", "period", "template");
        assertThat(json(r).path("error").asText()).contains("schedule").contains("period");

        HttpResponse<String> all = send(admin("/api/reports").PUT(body("{\"reports\":[{\"report\":\"1\",\"enabled\":true},"
                + "{\"report\":\"2\",\"interval\":\"weekly\"},{\"report\":\"12\"}]}")));
        assertThat(all.statusCode()).isEqualTo(400);
        // enabling report 1 (e-mail, 1101) without any mail recipient configured is incomplete too
        assertThat(json(all).path("detail").findValuesAsText("field")).containsExactly("reports[0].recipients.host",
                "reports[0].recipients.to", "reports[1].interval", "reports[2].number");
        // nothing was applied
        assertThat(json(send(admin("/api/reports/1").GET())).path("enabled").asBoolean()).isFalse();

        HttpResponse<String> unknown = send(admin("/api/reports/1").PUT(body("{\"colour\":\"red\"}")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("error").asText()).contains("colour");
    }

    @Test
    @Order(3)
    void aValidChangeIsStoredAndAppliedAtOnce() throws Exception {
        HttpResponse<String> r = send(admin("/api/reports/1").PUT(body("{\"enabled\":true,\"template\":3101,\"schedule\":\""
                + SCHEDULE + "\",\"interval\":\"all\",\"recipients\":{\"uri\":\"" + sink.uri("/r1") + "\"}}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = json(r);
        assertThat(report.path("protocol").asText()).isEqualTo("HTTP");
        assertThat(report.path("synchronised").asBoolean()).isFalse();
        assertThat(report.path("nextRun").asText()).contains("-01-01T03:00");
        assertThat(report.path("retryRule").path("maxRetries").asInt()).isEqualTo(2);
        assertThat(report.path("retryRule").path("secondsBetween").asInt()).isEqualTo(300);
        assertThat(json(send(admin("/api/system").GET())).toString()).contains("report-1");

        // a preset runs after the readout it belongs to (SPEC D6): here the demo bus's readout job
        HttpResponse<String> preset = send(admin("/api/reports/2").PUT(body("{\"enabled\":true,\"template\":3101,"
                + "\"schedule\":\"monthly\",\"recipients\":{\"uri\":\"" + sink.uri("/r2") + "\"}}")));
        assertThat(preset.statusCode()).as(preset.body()).isEqualTo(200);
        assertThat(json(preset).path("schedule").asText()).isEqualTo("MONTHLY");
        assertThat(json(preset).path("synchronised").asBoolean()).isTrue();
        assertThat(json(preset).path("runsAfter").asText()).isEqualTo("demo-readout");
        assertThat(json(preset).path("retryRule").path("maxRetries").asInt()).isEqualTo(6);
        assertThat(scheduledJobs()).contains("report-2");
        // switched off again: unscheduled
        assertThat(send(admin("/api/reports/2").PUT(body("{\"enabled\":false}"))).statusCode()).isEqualTo(200);
        assertThat(scheduledJobs()).doesNotContain("report-2").contains("report-1");
    }

    @Test
    @Order(4)
    void testReportIsSentNowAndFailuresAreReported() throws Exception {
        storeReadout(Instant.now().minusSeconds(120));
        HttpResponse<String> r = send(admin("/api/reports/1/test").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("delivered").asBoolean()).isTrue();
        assertThat(json(r).path("destination").asText()).contains(sink.uri("/r1"));
        assertThat(sink.received()).hasSize(1);
        assertThat(sink.received().get(0).path()).isEqualTo("/r1");
        assertThat(sink.received().get(0).body()).startsWith("Meter ID;Manufacturer;Medium;MOID;Timestamp;Quantity;Unit;")
                .contains(";Wh;0;0;55");
        // a test report is not a delivery: the outbox is untouched
        assertThat(json(send(admin("/api/reports/1/deliveries").GET())).path("deliveries")).isEmpty();

        sink.mode(ReportSink.Mode.DOWN);
        HttpResponse<String> down = send(admin("/api/reports/1/test").POST(HttpRequest.BodyPublishers.noBody()));
        sink.mode(ReportSink.Mode.UP);
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(json(down).path("error").asText()).startsWith("test report 1 not delivered to " + sink.uri("/r1") + " (HTTP POST): ");
    }

    @Test
    @Order(5)
    void downloadStreamsTheRenderedFile() throws Exception {
        HttpResponse<String> r = send(admin("/api/reports/1/download").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
                assertThat(v).startsWith("attachment; filename=\"" + gateway.identity().productName() + "_valuereport_")
                        .endsWith("_1.csv\""));
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(r.body()).contains(";Wh;0;0;55");
        try (var files = Files.list(dir.resolve("data").resolve("reports").resolve("downloads"))) {
            assertThat(files.toList()).as("downloads leave no file behind").isEmpty();
        }
    }

    @Test
    @Order(6)
    void deliveriesListTheOutboxAndSendAgainMakesACopy() throws Exception {
        engine().fire("1");
        await(() -> deliveries("1").size() == 1 && deliveries("1").get(0).path("state").asText().equals("DELIVERED"), "delivery");
        JsonNode d = deliveries("1").get(0);
        assertThat(d.path("attempts").asInt()).isEqualTo(1);
        assertThat(d.path("copy").asInt()).isZero();
        assertThat(d.path("fileName").asText()).contains("_valuereport_").endsWith("_1.csv");
        assertThat(d.path("lastError").isNull()).isTrue();
        assertThat(Instant.parse(d.path("to").asText())).isAfter(Instant.parse(d.path("from").asText()));

        HttpResponse<String> again = send(admin("/api/reports/1/deliveries/" + d.path("id").asLong() + "/resend")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        await(() -> deliveries("1").size() == 2 && deliveries("1").get(0).path("state").asText().equals("DELIVERED"), "copy");
        assertThat(deliveries("1").get(0).path("copy").asInt()).isEqualTo(1);
        List<ReportSink.Request> r1 = sink.received().stream().filter(x -> x.path().equals("/r1")).toList();
        assertThat(r1).hasSize(3); // the test report, the delivery and its copy
        assertThat(r1.get(2).body()).isEqualTo(r1.get(1).body());
        // the integrator's route got the delivered file from seda:report-delivered
        await(() -> Files.isRegularFile(dir.resolve("archive").resolve(d.path("fileName").asText())), "archived report");
        assertThat(Files.readString(dir.resolve("archive").resolve(d.path("fileName").asText()))).isEqualTo(r1.get(1).body());
        assertThat(send(admin("/api/reports/1/deliveries/99999/resend").POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(7)
    void installingMetersSendsTheInstallationReport() throws Exception {
        assertThat(send(admin("/api/reports/installation").PUT(body("{\"enabled\":true,\"template\":3005,\"recipients\":{\"uri\":\""
                + sink.uri("/install") + "\"}}"))).statusCode()).isEqualTo(200);
        HttpResponse<String> installed = send(admin("/api/meters").POST(body("{\"name\":\"new meter\",\"addressingMode\":\"primary\","
                + "\"primaryAddress\":7,\"busId\":\"default\",\"baudRate\":2400}")));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        long meterId = json(installed).path("id").asLong();
        await(() -> sink.received().stream().anyMatch(x -> x.path().equals("/install")), "installation report");
        String body = sink.received().stream().filter(x -> x.path().equals("/install")).findFirst().orElseThrow().body();
        assertThat(body).contains(";event;installation", ";meters;1", ";meterIds;" + meterId);
        assertThat(deliveries("installation")).hasSize(1);
    }

    @Test
    @Order(8)
    void theOnDemandReportReadsFirstThenSends() throws Exception {
        HttpResponse<String> off = send(admin("/api/reports/ondemand").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(off.statusCode()).isEqualTo(409);
        assertThat(send(admin("/api/reports/ondemand").PUT(body("{\"enabled\":true,\"template\":3101,\"recipients\":{\"uri\":\""
                + sink.uri("/ondemand") + "\"}}"))).statusCode()).isEqualTo(200);
        long before = new ReadoutRepository(gateway.database()).countReadouts();
        HttpResponse<String> r = send(admin("/api/reports/ondemand").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await(() -> sink.received().stream().anyMatch(x -> x.path().equals("/ondemand")), "on-demand report");
        long after = new ReadoutRepository(gateway.database()).countReadouts();
        String body = sink.received().stream().filter(x -> x.path().equals("/ondemand")).findFirst().orElseThrow().body();
        assertThat(after - before).as("the demo bus's 3 meters were read first").isEqualTo(3);
        // exactly the values of that readout (x101): three meters, not the earlier test readout, no event lines
        List<String> rows = body.lines().skip(1).filter(l -> !l.isBlank()).toList();
        assertThat(rows.stream().map(l -> l.split(";")[0]).distinct().count()).isEqualTo(3);
        assertThat(rows).noneMatch(l -> l.endsWith(";Wh;0;0;55")).noneMatch(l -> l.contains(";event;"));
    }

    @Test
    @Order(9)
    void theStartupReportIsSentAtStartAndDeliveriesSurviveTheRestart() throws Exception {
        assertThat(send(admin("/api/reports/startup").PUT(body("{\"enabled\":true,\"template\":3005,\"recipients\":{\"uri\":\""
                + sink.uri("/startup") + "\"}}"))).statusCode()).isEqualTo(200);
        gateway.close();
        startGateway();
        await(() -> sink.received().stream().anyMatch(x -> x.path().equals("/startup")), "start-up report");
        String body = sink.received().stream().filter(x -> x.path().equals("/startup")).findFirst().orElseThrow().body();
        assertThat(body).contains(";event;start-up", ";serial;" + gateway.identity().serial());
        // settings and outbox are kept
        assertThat(json(send(admin("/api/reports/1").GET())).path("enabled").asBoolean()).isTrue();
        assertThat(deliveries("1")).hasSize(2);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private List<String> scheduledJobs() throws Exception {
        return json(send(admin("/api/system").GET())).path("scheduledJobs").findValuesAsText("route");
    }

    private ReportEngine engine() {
        return gateway.camelContext().getRegistry().lookupByNameAndType("reportEngine", ReportEngine.class);
    }

    private void storeReadout(Instant at) {
        readoutId = new ReadoutRepository(gateway.database()).store(new StoredReadout(1, at, "ok", null, null, null, 5, List.of(),
                List.of(ValueRow.number(SeriesKey.current("energy", "Wh"), BigDecimal.valueOf(55))))).readoutId();
    }

    private List<JsonNode> deliveries(String key) {
        try {
            JsonNode d = json(send(admin("/api/reports/" + key + "/deliveries").GET())).path("deliveries");
            List<JsonNode> out = new java.util.ArrayList<>();
            d.forEach(out::add);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder admin(String path) {
        return request(path).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
