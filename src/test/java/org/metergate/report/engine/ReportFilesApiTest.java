package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
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
import org.metergate.testing.TestPorts;
import org.metergate.app.Gateway;
import org.metergate.config.GatewayConfig;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRow;

/**
 * SPEC F10 through the real gateway (shipped templates, the HTTP destination, Derby on disk) and a real
 * HTTP receiver on loopback: "Save &amp; send test report" in one call, and the "download reports" page —
 * past report files listed newest first with their sizes, downloaded byte for byte as they were delivered,
 * roles, paging, and a clear 404 once clean-up deleted a file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportFilesApiTest {

    private static final String PASSWORD = "files-admin-1";
    private static final String VIEWER_PASSWORD = "files-viewer-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Never fires during the test. */
    private static final String SCHEDULE = "0,30 3 1 1 *";

    private Path dir;
    private ReportSink sink;
    private Gateway gateway;
    private HttpClient client;
    private String base;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        sink = new ReportSink();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        int port = TestPorts.free();
        Map<String, String> cfg = new HashMap<>(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.demo.meters", "2",
                "metergate.demo.schedule", "0 3 1 1 *",
                // delivered files may be cleaned up at once (the hourly clean-up route first runs after 2 minutes)
                "metergate.report.keep-days", "0",
                "camel.main.shutdownTimeout", "1"));
        cfg.put("metergate.demo.wmbus-meters", "0");
        gateway = new Gateway(GatewayConfig.of(cfg), Optional.of(dir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
        HttpResponse<String> viewer = send(admin("/api/users").POST(body("{\"username\":\"watcher\",\"password\":\""
                + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}")));
        assertThat(viewer.statusCode()).as(viewer.body()).isIn(200, 201);
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
    void saveAndSendTestReportIsOneCallAndAnInvalidChangeSendsNothing() throws Exception {
        storeReadout(Instant.now().minusSeconds(600), 41);
        HttpResponse<String> bad = send(admin("/api/reports/1/test").POST(body("{\"enabled\":true,\"template\":3101,"
                + "\"schedule\":\"0 25 * * *\",\"recipients\":{\"uri\":\"" + sink.uri("/r1") + "\"}}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("detail").findValuesAsText("field")).as(bad.body()).containsExactly("schedule");
        assertThat(sink.requests()).as("nothing is sent when the change is invalid").isEmpty();
        assertThat(json(send(admin("/api/reports/1").GET())).path("enabled").asBoolean()).as("nothing saved").isFalse();

        HttpResponse<String> ok = send(admin("/api/reports/1/test").POST(body("{\"enabled\":true,\"template\":3101,"
                + "\"schedule\":\"" + SCHEDULE + "\",\"recipients\":{\"uri\":\"" + sink.uri("/r1") + "\"}}")));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).path("saved").asBoolean()).isTrue();
        assertThat(json(ok).path("delivered").asBoolean()).isTrue();
        assertThat(sink.received()).hasSize(1);
        assertThat(sink.received().get(0).body()).contains(";Wh;0;0;41");
        JsonNode saved = json(send(admin("/api/reports/1").GET()));
        assertThat(saved.path("enabled").asBoolean()).isTrue();
        assertThat(saved.path("template").asInt()).isEqualTo(3101);
        assertThat(saved.path("schedule").asText()).isEqualTo(SCHEDULE);

        // without a body it is "send test report" as before: nothing saved
        HttpResponse<String> plain = send(admin("/api/reports/1/test").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(json(plain).path("saved").asBoolean()).isFalse();
        // test reports are not deliveries: no report file is listed
        assertThat(json(send(admin("/api/reports/files").GET())).path("files")).isEmpty();
        // a viewer may not save & send
        assertThat(send(viewer("/api/reports/1/test").POST(body("{\"enabled\":false}"))).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void pastReportFilesAreListedNewestFirstAndDownloadedAsDelivered() throws Exception {
        engine().fire("1");
        await(() -> delivered("1") == 1, "first delivery of report 1");
        storeReadout(Instant.now(), 42);
        assertThat(send(admin("/api/reports/2").PUT(body("{\"enabled\":true,\"template\":3112,\"schedule\":\"" + SCHEDULE
                + "\",\"recipients\":{\"uri\":\"" + sink.uri("/r2") + "\"}}"))).statusCode()).isEqualTo(200);
        engine().fire("2");
        await(() -> delivered("2") == 1, "delivery of report 2");
        engine().fire("1");
        await(() -> delivered("1") == 2, "second delivery of report 1");

        HttpResponse<String> list = send(viewer("/api/reports/files").GET());
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        JsonNode files = json(list).path("files");
        assertThat(json(list).path("total").asInt()).isEqualTo(3);
        assertThat(files).hasSize(3);
        // newest first: report 1 (second), report 2, report 1 (first)
        assertThat(List.of(files.get(0).path("report").asText(), files.get(1).path("report").asText(),
                files.get(2).path("report").asText())).containsExactly("1", "2", "1");
        assertThat(files.get(0).path("id").asLong()).isGreaterThan(files.get(1).path("id").asLong());
        for (JsonNode f : files) {
            assertThat(f.path("state").asText()).isEqualTo("DELIVERED");
            assertThat(f.path("available").asBoolean()).isTrue();
            assertThat(Instant.parse(f.path("to").asText())).isAfter(Instant.parse(f.path("from").asText()));
            assertThat(Instant.parse(f.path("delivered").asText())).isAfterOrEqualTo(Instant.parse(f.path("created").asText()));
            assertThat(f.path("download").asText()).isEqualTo("/api/reports/files/" + f.path("id").asLong());
        }

        // every listed file downloads byte for byte as the receiver got it, with its type and name
        List<ReportSink.Request> r1 = sink.received().stream().filter(x -> x.path().equals("/r1")).toList();
        List<ReportSink.Request> r2 = sink.received().stream().filter(x -> x.path().equals("/r2")).toList();
        assertThat(r1.size()).isGreaterThanOrEqualTo(4); // two test reports, two deliveries (at least once each)
        assertThat(r2).isNotEmpty();
        byte[] newest = assertDownload(files.get(0), "text/csv", "_valuereport_", "_1.csv");
        assertDownload(files.get(1), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "_valuereport_", "_2.xlsx");
        byte[] oldest = assertDownload(files.get(2), "text/csv", "_valuereport_", "_1.csv");
        // each its own file, also when both reports of report 1 were made in the same second (same file name)
        assertThat(new String(newest, StandardCharsets.ISO_8859_1)).contains(";Wh;0;0;42").doesNotContain(";Wh;0;0;41");
        assertThat(new String(oldest, StandardCharsets.ISO_8859_1)).contains(";Wh;0;0;41").doesNotContain(";Wh;0;0;42");

        // paging
        JsonNode second = json(send(viewer("/api/reports/files?page=1&size=1").GET()));
        assertThat(second.path("total").asInt()).isEqualTo(3);
        assertThat(second.path("files")).hasSize(1);
        assertThat(second.path("files").get(0).path("id").asLong()).isEqualTo(files.get(1).path("id").asLong());
        assertThat(json(send(viewer("/api/reports/files?page=3&size=1").GET())).path("files")).isEmpty();
        assertThat(send(viewer("/api/reports/files?size=0").GET()).statusCode()).isEqualTo(400);

        // roles: a viewer lists but does not download; nobody anonymous does either
        long id = files.get(0).path("id").asLong();
        assertThat(send(viewer("/api/reports/files/" + id).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/reports/files").GET()).statusCode()).isEqualTo(401);
        assertThat(send(request("/api/reports/files/" + id).GET()).statusCode()).isEqualTo(401);
        assertThat(send(admin("/api/reports/files/99999").GET()).statusCode()).isEqualTo(404);
        assertThat(send(admin("/api/reports/files/abc").GET()).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void aCleanedUpFileIsStillListedAndItsDownloadSaysSo() throws Exception {
        JsonNode before = json(send(viewer("/api/reports/files").GET())).path("files");
        int deleted = engine().cleanUp(); // keep-days 0: every delivered file goes
        assertThat(deleted).isEqualTo(3);
        JsonNode after = json(send(viewer("/api/reports/files").GET())).path("files");
        assertThat(after).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode f = after.get(i);
            assertThat(f.path("available").asBoolean()).isFalse();
            assertThat(f.path("download").isNull()).isTrue();
            // name and size stay known
            assertThat(f.path("fileName").asText()).isEqualTo(before.get(i).path("fileName").asText());
            assertThat(f.path("size").asLong()).isEqualTo(before.get(i).path("size").asLong()).isPositive();
        }
        JsonNode gone = after.get(0);
        HttpResponse<String> r = send(admin("/api/reports/files/" + gone.path("id").asLong()).GET());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).isEqualTo("report file " + gone.path("fileName").asText()
                + " (report 1) was cleaned up: files are kept 0 days after delivery (metergate.report.keep-days);"
                + " POST /api/reports/1/deliveries/" + gone.path("id").asLong() + "/resend renders and sends it again");
    }

    /** Downloads a listed file: it is byte for byte one the receiver got under that name (Content-Disposition). */
    private byte[] assertDownload(JsonNode listed, String type, String kind, String suffix) throws Exception {
        HttpResponse<byte[]> r = client.send(admin("/api/reports/files/" + listed.path("id").asLong()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sink.received().stream().filter(x -> listed.path("fileName").asText().equals(x.fileName())))
                .as("received as " + listed.path("fileName").asText())
                .anyMatch(x -> java.util.Arrays.equals(x.raw(), r.body()));
        assertThat(listed.path("size").asLong()).isEqualTo(r.body().length);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(type));
        String name = listed.path("fileName").asText();
        assertThat(name).startsWith(gateway.identity().productName() + kind).endsWith(suffix);
        assertThat(r.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"" + name + "\"");
        return r.body();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private ReportEngine engine() {
        return gateway.camelContext().getRegistry().lookupByNameAndType("reportEngine", ReportEngine.class);
    }

    private void storeReadout(Instant at, int value) {
        new ReadoutRepository(gateway.database()).store(new StoredReadout(1, at, "ok", null, null, null, 5, List.of(),
                List.of(ValueRow.number(SeriesKey.current("energy", "Wh"), BigDecimal.valueOf(value)))));
    }

    private long delivered(String key) {
        try {
            JsonNode d = json(send(admin("/api/reports/" + key + "/deliveries").GET())).path("deliveries");
            List<JsonNode> out = new ArrayList<>();
            d.forEach(out::add);
            return out.stream().filter(x -> x.path("state").asText().equals("DELIVERED")).count();
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
        return as("admin", PASSWORD, path);
    }

    private HttpRequest.Builder viewer(String path) {
        return as("watcher", VIEWER_PASSWORD, path);
    }

    private HttpRequest.Builder as(String user, String password, String path) {
        return request(path).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
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

}
