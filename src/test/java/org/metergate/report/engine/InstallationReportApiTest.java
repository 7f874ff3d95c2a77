package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
import org.metergate.meters.Meter;
import org.metergate.meters.MeterListExport;
import org.metergate.meters.MeterRepository;
import org.metergate.store.Cursor;
import org.metergate.store.LatestReadout;
import org.metergate.store.ScannedReadout;
import org.metergate.store.SeriesValue;
import org.metergate.store.ValueScan;

/**
 * SPEC C6 end to end: the gateway as shipped (demo bus on a simulator, its meters really read over
 * M-Bus, the shipped x012 template, Swedish texts) serves the installation report, read back with POI and
 * every sheet checked against the registry and the value store; the installation event report sends the
 * same workbook (3012) to a real HTTP receiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallationReportApiTest {

    private static final String PASSWORD = "install-admin-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportSink sink;
    private Gateway gateway;
    private HttpClient client;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sink = new ReportSink();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        int port = TestPorts.free();
        Path routes = Files.createDirectories(dir.resolve("routes"));
        for (String f : List.of("readout.yaml", "demo-readout.yaml")) {
            Files.copy(Path.of("routes", f), routes.resolve(f));
        }
        Map<String, String> cfg = new HashMap<>(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.admin.password", PASSWORD,
                "metergate.routes.dir", routes.toString(),
                "metergate.demo.meters", "3",
                "metergate.demo.schedule", "0 3 1 1 *",
                "metergate.report.language", "sv",
                "camel.main.shutdownTimeout", "1"));
        cfg.put("metergate.demo.wmbus-meters", "0");
        gateway = new Gateway(GatewayConfig.of(cfg), Optional.of(dir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
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
    void theInstallationReportMatchesTheRegistryAndTheStoreSheetBySheet() throws Exception {
        // two of the three demo meters are read over the simulated bus; the third never is
        for (long id : List.of(1L, 2L)) {
            HttpResponse<String> read = send(admin("/api/meters/" + id + "/read").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        }
        HttpResponse<byte[]> r = client.send(admin("/api/meters/installation-report.xlsx").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("attachment; filename=\"" + gateway.identity().productName() + "_installreport_").endsWith("_1012.xlsx\""));
        assertThat(send(request("/api/meters/installation-report.xlsx").GET()).statusCode()).isEqualTo(401);

        List<Meter> meters = new MeterRepository(gateway.database()).all();
        assertThat(meters).hasSize(3);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            assertThat(List.of(wb.getSheetName(0), wb.getSheetName(1), wb.getSheetName(2), wb.getSheetName(3)))
                    .containsExactly("Enhetsinställningar", "Installerade mätare", "Senaste avläsning", "Modbus");

            Map<String, String> device = new LinkedHashMap<>();
            XSSFSheet s0 = wb.getSheetAt(0);
            assertThat(texts(s0.getRow(0))).containsExactly("Inställning", "Värde");
            for (int i = 1; i <= s0.getLastRowNum(); i++) {
                device.put(s0.getRow(i).getCell(0).getStringCellValue(), s0.getRow(i).getCell(1).getStringCellValue());
            }
            assertThat(device).containsEntry("Produktnamn", gateway.identity().productName())
                    .containsEntry("Serienummer", gateway.identity().serial())
                    .containsEntry("Språk", "sv")
                    .containsEntry("Avläsningsschema", "*/15 * * * *")
                    .containsEntry("Installerade mätare", "3")
                    .containsEntry("Aktiva mätare", "3")
                    .containsEntry("Högsta antal aktiva mätare", "512");
            // the buses the routes read: the demo bus (demo-readout.yaml) and where wireless meters wait
            assertThat(device.get("Bussar och mottagare")).contains("demo");

            XSSFSheet s1 = wb.getSheetAt(1);
            assertThat(texts(s1.getRow(0))).isEqualTo(MeterListExport.COLUMNS);
            assertThat(s1.getLastRowNum()).isEqualTo(3);
            for (int i = 0; i < meters.size(); i++) {
                assertThat(texts(s1.getRow(i + 1))).isEqualTo(MeterListExport.cells(meters.get(i)));
            }

            // sheet 3 against the store: every value of each meter's latest readout, in record order, with unit
            ValueScan scan = new ValueScan(gateway.database());
            Map<Long, LatestReadout> latest = scan.latestReadouts();
            XSSFSheet s2 = wb.getSheetAt(2);
            assertThat(texts(s2.getRow(0))).containsExactly("Sekundäradress", "MOID", "Tillverkare", "Medium", "Status",
                    "Meddelande", "Senaste avläsning", "Statusbyte", "Värden avlästa", "Storhet", "Enhet", "Lagringsnummer",
                    "Tariff", "Värde");
            int row = 1;
            for (Meter m : meters) {
                List<SeriesValue> values = latestValues(scan, latest.get(m.id()));
                if (m.id() == 3) {
                    assertThat(values).as("meter 3 was never read").isEmpty();
                } else {
                    assertThat(values).as("meter " + m.id()).isNotEmpty();
                }
                for (int i = 0; i < Math.max(1, values.size()); i++) {
                    Row x = s2.getRow(row++);
                    assertThat(x.getCell(0).getStringCellValue()).isEqualTo(m.settings().secondaryId() == null ? ""
                            : m.settings().secondaryId());
                    assertThat(x.getCell(1).getStringCellValue()).isEqualTo(m.settings().name());
                    if (values.isEmpty()) {
                        assertThat(x.getLastCellNum()).isEqualTo((short) 8); // no value columns
                        continue;
                    }
                    assertThat(x.getCell(4).getStringCellValue()).isEqualTo(m.status().lastStatus());
                    assertThat(x.getCell(6).getStringCellValue()).isNotEmpty();
                    SeriesValue v = values.get(i);
                    assertThat(x.getCell(10).getStringCellValue()).isEqualTo(v.series().unit());
                    assertThat(x.getCell(11).getNumericCellValue()).isEqualTo(v.series().storage());
                    assertThat(x.getCell(12).getNumericCellValue()).isEqualTo(v.series().tariff());
                    Cell value = x.getCell(13);
                    if (v.number() != null && value.getCellType() == CellType.NUMERIC) {
                        assertThat(new BigDecimal(Double.toString(value.getNumericCellValue()))).isEqualByComparingTo(v.number());
                    } else {
                        assertThat(value.getStringCellValue()).isEqualTo(v.display());
                    }
                }
            }
            assertThat(s2.getLastRowNum()).isEqualTo(row - 1);

            XSSFSheet s3 = wb.getSheetAt(3);
            assertThat(s3.getLastRowNum()).isZero();
            assertThat(s3.getRow(0).getCell(0).getStringCellValue()).startsWith("Modbus-servern är inte konfigurerad");
        }
    }

    @Test
    @Order(2)
    void theInstallationEventReportSendsTheSameWorkbook() throws Exception {
        HttpResponse<String> on = send(admin("/api/reports/installation").PUT(body("{\"enabled\":true,\"template\":3012,"
                + "\"recipients\":{\"uri\":\"" + sink.uri("/install") + "\"}}")));
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        HttpResponse<String> installed = send(admin("/api/meters").POST(body("{\"name\":\"Pannrum\",\"addressingMode\":\"primary\","
                + "\"primaryAddress\":9,\"busId\":\"demo\",\"baudRate\":2400}")));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        await(() -> sink.received().stream().anyMatch(x -> x.path().equals("/install")), "installation report");
        ReportSink.Request got = sink.received().stream().filter(x -> x.path().equals("/install")).findFirst().orElseThrow();
        assertThat(got.contentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<Meter> meters = new MeterRepository(gateway.database()).all();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(got.raw()))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(4);
            XSSFSheet s1 = wb.getSheetAt(1);
            assertThat(s1.getLastRowNum()).isEqualTo(meters.size()).isEqualTo(4);
            assertThat(texts(s1.getRow(4))).isEqualTo(MeterListExport.cells(meters.get(3)));
            assertThat(texts(s1.getRow(4)).get(0)).isEqualTo("Pannrum");
        }
    }

    private static List<SeriesValue> latestValues(ValueScan scan, LatestReadout latest) {
        if (latest == null || latest.telegramsAt() == null) {
            return List.of();
        }
        ScannedReadout last = null;
        try (Cursor<ScannedReadout> c = scan.open(List.of(latest.meterId()), latest.telegramsAt(),
                latest.telegramsAt().plusMillis(1))) {
            while (c.hasNext()) {
                last = c.next();
            }
        }
        return last == null ? List.of() : last.values();
    }

    private static List<String> texts(Row row) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < row.getLastCellNum(); c++) {
            Cell cell = row.getCell(c);
            out.add(cell == null ? "" : cell.getStringCellValue());
        }
        return out;
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

    @SuppressWarnings("unused")
    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

}
