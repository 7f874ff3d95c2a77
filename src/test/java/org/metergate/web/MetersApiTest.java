package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.admin.FloodControl;
import org.metergate.admin.LogLevel;
import org.metergate.admin.PasswordHasher;
import org.metergate.admin.Role;
import org.metergate.admin.SystemLog;
import org.metergate.admin.SystemLogRepository;
import org.metergate.admin.UserService;
import org.metergate.meters.KnownBuses;
import org.metergate.meters.MeterListParser;
import org.metergate.meters.MeterSettings;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterRepository;
import org.metergate.store.Database;
import org.metergate.testing.TestDatabases;

/**
 * The meters REST API over real HTTP: Camel Main with platform-http (Vert.x) on a free loopback port,
 * RestSetup + MetersApi as the Gateway wires them, Derby, real users. Capacity 3 to see passive meters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetersApiTest {

    private static final String ADMIN_PASSWORD = "admin-pass-123";
    private static final String VIEWER_PASSWORD = "viewer-pass-123";
    private static final String HEADER = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress\r\n";
    private static final String EXPORT_HEADER = "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress,Bus,"
            + "Manufacturer,Version,Medium,Active,MultiTelegram,MaxTelegrams,ResponseTimeoutMs,Retries,PauseMs,ListPosition\r\n";

    private Database db;
    private Main main;
    private HttpClient client;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        db = TestDatabases.derby(dir);
        Clock clock = Clock.systemUTC();
        SystemLog systemLog = new SystemLog(new SystemLogRepository(db), LogLevel.INFO, new FloodControl(Duration.ofSeconds(60)), clock);
        UserService users = new UserService(db, new PasswordHasher(), clock);
        users.ensureDefaultAdmin(Optional.of(ADMIN_PASSWORD));
        users.create("viewer", VIEWER_PASSWORD.toCharArray(), Role.VIEWER);
        RequestAuthenticator auth = new RequestAuthenticator(users, new Sessions(Duration.ofMinutes(5), clock), systemLog);
        MeterRegistry registry = new MeterRegistry(new MeterRepository(db), new MeterListParser(MeterListParser.DEFAULT_MAX_BYTES,
                MeterListParser.DEFAULT_MAX_METERS, MeterSettings.DEFAULT_BUS, KnownBuses.of("bus2")), 3, clock);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        main = new Main();
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        Properties p = new Properties();
        p.setProperty("camel.main.name", "meters-api-test");
        p.setProperty("camel.server.enabled", "true");
        p.setProperty("camel.server.host", "127.0.0.1");
        p.setProperty("camel.server.port", String.valueOf(port));
        p.setProperty("camel.server.maxBodySize", "1048576");
        p.setProperty("camel.server.fileUploadDirectory", Files.createDirectories(dir.resolve("uploads")).toString());
        main.setInitialProperties(p);
        main.configure().addRoutesBuilder(new RestSetup());
        main.configure().addRoutesBuilder(new MetersApi(auth, systemLog, registry));
        main.configure().addRoutesBuilder(new MeterBulkApi(auth, systemLog, registry));
        main.start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (main != null) {
            main.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void templateIsDownloadableCsv() throws Exception {
        HttpResponse<String> r = send(viewer(get("/api/meters/template.csv")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(t -> assertThat(t).contains("meterlist-template.csv"));
        assertThat(r.body()).isEqualTo(HEADER);
        assertThat(send(viewer(get("/api/meters/template.csv?examples=true"))).body()).contains("Sales office,14290591,2400,Primary,221,");
        assertThat(send(get("/api/meters/template.csv")).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void invalidListGives400WithEveryErrorAndChangesNothing() throws Exception {
        String csv = HEADER + "Cafeteria,13001651,2400,Secondary,,\r\n"
                + "Bad,1300165,1200,Tertiary,,\r\n"
                + "Sales office,14290591,2400,Primary,,\r\n";
        HttpResponse<String> r = send(admin(post("/api/meters/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo("meter list has 4 errors");
        List<String> errors = new ArrayList<>();
        body.path("detail").forEach(e -> errors.add(e.path("line").asInt() + "/" + e.path("column").asText() + "/" + e.path("reason").asText()));
        assertThat(errors).containsExactly(
                "3/SecondaryAddress/bad secondary address '1300165': expected 8 digits (0-9, A-F), e.g. 13001651; leading zeros lost? format the column as text",
                "3/BaudRate/wrong baud rate '1200': use 300, 2400, 9600, 19200 or 38400",
                "3/AddressingMode/unknown addressing mode 'Tertiary': use primary, secondary or esecondary",
                "4/PrimaryAddress/missing: required for addressing mode primary (0..250)");
        assertThat(json(send(viewer(get("/api/meters")))).path("total").asInt()).isZero();

        HttpResponse<String> json = send(admin(post("/api/meters/import", "application/json", "{}".getBytes(StandardCharsets.UTF_8))));
        assertThat(json.statusCode()).isEqualTo(415);
        HttpResponse<String> empty = send(admin(post("/api/meters/import", "text/csv", new byte[0])));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).path("detail").get(0).path("reason").asText()).isEqualTo("the file is empty");
        assertThat(send(viewer(post("/api/meters/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void rawCsvInstallsTheManualExamples() throws Exception {
        String csv = HEADER + "Cafeteria,13001651,2400,Secondary,,\r\nSales office,14290591,2400,Primary,221,\r\n";
        HttpResponse<String> r = send(admin(post("/api/meters/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("installed").asInt()).isEqualTo(2);
        assertThat(body.path("active").asInt()).isEqualTo(2);
        assertThat(body.path("passive").asInt()).isZero();
        assertThat(body.path("format").asText()).isEqualTo("CSV");

        JsonNode list = json(send(viewer(get("/api/meters"))));
        assertThat(list.path("total").asInt()).isEqualTo(2);
        assertThat(list.path("maxActive").asInt()).isEqualTo(3);
        JsonNode sales = list.path("meters").get(1);
        assertThat(sales.path("name").asText()).isEqualTo("Sales office");
        assertThat(sales.path("addressingMode").asText()).isEqualTo("primary");
        assertThat(sales.path("primaryAddress").asInt()).isEqualTo(221);
        assertThat(sales.path("secondaryAddress").asText()).isEqualTo("14290591");
        assertThat(sales.path("baudRate").asInt()).isEqualTo(2400);
        assertThat(sales.path("active").asBoolean()).isTrue();

        // the same list again: duplicates of installed meters, nothing changes
        HttpResponse<String> again = send(admin(post("/api/meters/import", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).path("error").asText()).isEqualTo("meter list has 3 errors");
        assertThat(json(send(viewer(get("/api/meters")))).path("total").asInt()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void multipartXlsxUploadBeyondCapacityInstallsPassive() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet();
            String[] header = HEADER.trim().split(",");
            Row h = sheet.createRow(0);
            for (int i = 0; i < header.length; i++) {
                h.createCell(i).setCellValue(header[i]);
            }
            for (int i = 1; i <= 3; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue("Flat " + i);
                row.createCell(1).setCellValue(61000000 + i);
                row.createCell(2).setCellValue(2400);
                row.createCell(3).setCellValue("esecondary");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            xlsx = out.toByteArray();
        }
        String boundary = "----metergate" + System.nanoTime();
        ByteArrayOutputStream multipart = new ByteArrayOutputStream();
        multipart.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"meters.xlsx\"\r\n"
                + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        multipart.write(xlsx);
        multipart.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(admin(post("/api/meters/import", "multipart/form-data; boundary=" + boundary,
                multipart.toByteArray())));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("format").asText()).isEqualTo("XLSX");
        assertThat(body.path("installed").asInt()).isEqualTo(3);
        assertThat(body.path("active").asInt()).isEqualTo(1);
        assertThat(body.path("passive").asInt()).isEqualTo(2);

        JsonNode passive = json(send(viewer(get("/api/meters?active=false"))));
        assertThat(passive.path("total").asInt()).isEqualTo(2);
        assertThat(passive.path("activeCount").asInt()).isEqualTo(3);
        assertThat(json(send(viewer(get("/api/meters?q=flat&size=2&page=1")))).path("meters").get(0).path("name").asText())
                .isEqualTo("Flat 3");
        assertThat(send(viewer(get("/api/meters?active=maybe"))).statusCode()).isEqualTo(400);
        assertThat(send(viewer(get("/api/meters?size=0"))).statusCode()).isEqualTo(400);

        HttpResponse<String> noFile = send(admin(post("/api/meters/import", "multipart/form-data; boundary=" + boundary,
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary + "--\r\n")
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(json(noFile).path("error").asText()).contains("file field named 'file'");
    }

    @Test
    @Order(5)
    void crudOnOneMeter() throws Exception {
        HttpResponse<String> created = send(admin(post("/api/meters", "application/json",
                "{\"name\":\"Basement, House 1\",\"addressingMode\":\"Secondary\",\"secondaryAddress\":\"19458309\",\"baudRate\":300}"
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode m = json(created);
        long id = m.path("id").asLong();
        assertThat(created.headers().firstValue("Location")).contains("/api/meters/" + id);
        assertThat(m.path("active").asBoolean()).isFalse(); // capacity 3 is full
        assertThat(m.path("baudRate").asInt()).isEqualTo(300);
        assertThat(m.path("multiTelegram").asBoolean()).isTrue();

        HttpResponse<String> got = send(viewer(get("/api/meters/" + id)));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got).path("name").asText()).isEqualTo("Basement, House 1");

        // PUT changes only what it names; the GET answer can be sent back as it is
        String roundTrip = got.body().replace("\"Basement, House 1\"", "\"Cellar\"");
        HttpResponse<String> put = send(admin(put("/api/meters/" + id, roundTrip)));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).path("name").asText()).isEqualTo("Cellar");
        HttpResponse<String> partial = send(admin(put("/api/meters/" + id,
                "{\"manufacturer\":\"gwf\",\"version\":60,\"medium\":7,\"responseTimeoutMs\":1500,\"maxTelegrams\":3}")));
        JsonNode p = json(partial);
        assertThat(p.path("manufacturer").asText()).isEqualTo("GWF");
        assertThat(p.path("manufacturerCode").asInt()).isEqualTo(0x1EE6);
        assertThat(p.path("name").asText()).isEqualTo("Cellar");
        assertThat(p.path("responseTimeoutMs").asInt()).isEqualTo(1500);
        assertThat(json(send(admin(put("/api/meters/" + id, "{\"responseTimeoutMs\":null}")))).path("responseTimeoutMs").isNull()).isTrue();

        // activation beyond the capacity is refused with 409; validation errors are 400
        HttpResponse<String> activate = send(admin(put("/api/meters/" + id, "{\"active\":true}")));
        assertThat(activate.statusCode()).isEqualTo(409);
        assertThat(json(activate).path("error").asText()).contains("capacity reached");
        assertThat(send(admin(put("/api/meters/" + id, "{\"baudRate\":1200}"))).statusCode()).isEqualTo(400);
        assertThat(json(send(admin(put("/api/meters/" + id, "{\"addressingMode\":\"primary\"}")))).path("error").asText())
                .contains("primary address required");
        assertThat(json(send(admin(put("/api/meters/" + id, "{\"colour\":\"red\"}")))).path("error").asText())
                .isEqualTo("unknown field 'colour' in request body");
        assertThat(send(admin(put("/api/meters/" + id, "{\"baudRate\":\"fast\"}"))).statusCode()).isEqualTo(400);
        assertThat(json(send(admin(put("/api/meters/" + id, "{\"name\":\"bell\\u0007\"}")))).path("error").asText())
                .isEqualTo("field name must not contain control characters");
        assertThat(send(admin(put("/api/meters/" + id, "{\"name\":\"two\\nlines\"}"))).statusCode()).isEqualTo(200);
        HttpResponse<String> dup = send(admin(post("/api/meters", "application/json",
                "{\"name\":\"Dup\",\"addressingMode\":\"secondary\",\"secondaryAddress\":\"13001651\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(send(viewer(put("/api/meters/" + id, "{\"name\":\"x\"}"))).statusCode()).isEqualTo(403);

        assertThat(send(admin(delete("/api/meters/" + id))).statusCode()).isEqualTo(204);
        assertThat(send(admin(delete("/api/meters/" + id))).statusCode()).isEqualTo(404);
        assertThat(send(viewer(get("/api/meters/" + id))).statusCode()).isEqualTo(404);
        assertThat(send(viewer(get("/api/meters/abc"))).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void clearTrueReplacesTheList() throws Exception {
        String csv = "Position;SecondaryAddress;BaudRate;AddressingMode\r\nOnly;13001651;2400;secondary\r\n";
        HttpResponse<String> r = send(admin(post("/api/meters/import?clear=true", "text/csv; charset=windows-1252",
                csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("removed").asInt()).isEqualTo(5);
        JsonNode list = json(send(viewer(get("/api/meters"))));
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("meters").get(0).path("name").asText()).isEqualTo("Only");
        assertThat(send(admin(post("/api/meters/import?clear=yes", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))).statusCode())
                .isEqualTo(400);
    }

    @Test
    @Order(7)
    void exportIsAMeterListThatImportsAgain() throws Exception {
        String csv = HEADER + "Cafeteria,13001651,2400,Secondary,,\r\n" + "\"Sales, office\",14290591,9600,Primary,221,\r\n"
                + "Third,00000042,300,Primary,5,\r\n";
        HttpResponse<String> installed = send(admin(post("/api/meters/import?clear=true", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
        HttpResponse<String> export = send(viewer(get("/api/meters/export.csv")));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("meterlist.csv"));
        // the template's columns, then the bus and the rest of each meter's settings
        String exported = EXPORT_HEADER
                + "Cafeteria,13001651,2400,Secondary,,,default,,,,true,true,8,,,,Cafeteria\r\n"
                + "\"Sales, office\",14290591,9600,Primary,221,,default,,,,true,true,8,,,,\"Sales, office\"\r\n"
                + "Third,00000042,300,Primary,5,,default,,,,true,true,8,,,,Third\r\n";
        assertThat(export.body()).isEqualTo(exported);
        HttpResponse<byte[]> xlsx = client.send(viewer(get("/api/meters/export.xlsx")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(6).getStringCellValue()).isEqualTo("Bus");
            assertThat(sheet.getRow(3).getCell(1).getStringCellValue()).isEqualTo("00000042");
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).isEqualTo("Sales, office");
            assertThat(sheet.getRow(3).getCell(6).getStringCellValue()).isEqualTo("default");
        }

        // a bus that is not configured: 400 naming line, column and the known buses; nothing changes
        HttpResponse<String> unknown = send(admin(post("/api/meters/import?clear=true", "text/csv",
                (HEADER.strip() + ",Bus\r\nA,13001651,2400,secondary,,,bus2\r\nB,13001652,2400,secondary,,,bus9\r\n")
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        JsonNode error = json(unknown).path("detail").get(0);
        assertThat(error.path("line").asInt()).isEqualTo(3);
        assertThat(error.path("column").asText()).isEqualTo("Bus");
        assertThat(error.path("reason").asText()).isEqualTo("unknown bus 'bus9': the configured buses are bus2, default");
        HttpResponse<String> badQuery = send(admin(post("/api/meters/import?bus=bus9", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(badQuery.statusCode()).isEqualTo(400);
        assertThat(json(badQuery).path("error").asText()).startsWith("query parameter bus: unknown bus 'bus9'");
        assertThat(send(viewer(get("/api/meters/export.csv"))).body()).isEqualTo(exported);

        // ?bus= names the bus of lines without a Bus cell
        HttpResponse<String> onBus2 = send(admin(post("/api/meters/import?clear=true&bus=bus2", "text/csv", csv.getBytes(StandardCharsets.UTF_8))));
        assertThat(onBus2.statusCode()).as(onBus2.body()).isEqualTo(200);
        assertThat(send(viewer(get("/api/meters/export.csv"))).body()).isEqualTo(exported.replace(",default,", ",bus2,"));

        // the XLSX export installs again as it is, back on the default bus its Bus column names
        HttpResponse<String> again = send(admin(post("/api/meters/import?clear=true",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.body())));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(send(viewer(get("/api/meters/export.csv"))).body()).isEqualTo(exported);
    }

    @Test
    @Order(8)
    void bulkFunctionsAreValidatedWholeAndAppliedAllOrNothing() throws Exception {
        JsonNode list = json(send(viewer(get("/api/meters"))));
        List<Long> ids = new ArrayList<>();
        list.path("meters").forEach(m -> ids.add(m.path("id").asLong()));
        assertThat(ids).hasSize(3);
        String all = ids.toString();
        String before = send(viewer(get("/api/meters/export.csv"))).body();

        String[][] bad = {
                {"{\"ids\":[],\"action\":\"delete\"}", "400", "field ids required"},
                {"{\"ids\":[" + ids.get(0) + ",999999],\"action\":\"delete\"}", "400", "field ids: 1 unknown meters"},
                {"{\"ids\":" + all + ",\"action\":\"explode\"}", "400", "field action must be"},
                {"{\"ids\":" + all + ",\"action\":\"change\",\"settings\":{\"baudRate\":1200}}", "400", "settings invalid for 3 meters"},
                {"{\"ids\":" + all + ",\"action\":\"change\",\"settings\":{\"name\":\"x\"}}", "400", "field settings.name cannot be changed"},
                {"{\"ids\":" + all + ",\"action\":\"activate\",\"settings\":{}}", "400", "field settings applies to action change only"}};
        for (String[] b : bad) {
            HttpResponse<String> r = send(admin(post("/api/meters/bulk", "application/json", b[0].getBytes(StandardCharsets.UTF_8))));
            assertThat(r.statusCode()).as(b[0] + " " + r.body()).isEqualTo(Integer.parseInt(b[1]));
            assertThat(json(r).path("error").asText()).as(b[0]).startsWith(b[2]);
        }
        assertThat(send(viewer(get("/api/meters/export.csv"))).body()).isEqualTo(before);

        // change: the same values on every selected meter, in one go
        HttpResponse<String> changed = send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":" + all + ",\"action\":\"change\",\"settings\":{\"busId\":\"bus2\",\"baudRate\":9600,\"maxTelegrams\":3}}")
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        for (long id : ids) {
            JsonNode m = json(send(viewer(get("/api/meters/" + id))));
            assertThat(m.path("busId").asText()).isEqualTo("bus2");
            assertThat(m.path("baudRate").asInt()).isEqualTo(9600);
            assertThat(m.path("maxTelegrams").asInt()).isEqualTo(3);
        }
        // a meter on another bus with primary address 5: moving it to bus2 would clash with "Third"
        HttpResponse<String> nowhere = send(admin(post("/api/meters", "application/json",
                "{\"name\":\"Other\",\"addressingMode\":\"primary\",\"primaryAddress\":5,\"busId\":\"bus3\",\"active\":false}"
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(nowhere.statusCode()).as(nowhere.body()).isEqualTo(400);
        assertThat(json(nowhere).path("error").asText())
                .isEqualTo("field busId: unknown bus 'bus3' (the configured buses are bus2, default)");
        HttpResponse<String> other = send(admin(post("/api/meters", "application/json",
                "{\"name\":\"Other\",\"addressingMode\":\"primary\",\"primaryAddress\":5,\"busId\":\"default\",\"active\":false}"
                        .getBytes(StandardCharsets.UTF_8))));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        long otherId = json(other).path("id").asLong();
        HttpResponse<String> toNowhere = send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":[" + otherId + "],\"action\":\"change\",\"settings\":{\"busId\":\"bus9\"}}").getBytes(StandardCharsets.UTF_8))));
        assertThat(toNowhere.statusCode()).as(toNowhere.body()).isEqualTo(400);
        assertThat(json(toNowhere).path("detail").get(0).path("reason").asText()).contains("field busId: unknown bus 'bus9'");
        HttpResponse<String> clash = send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":[" + otherId + "],\"action\":\"change\",\"settings\":{\"busId\":\"bus2\"}}").getBytes(StandardCharsets.UTF_8))));
        assertThat(clash.statusCode()).as(clash.body()).isEqualTo(409);
        assertThat(json(clash).path("detail").get(0).path("reason").asText()).contains("primary address 5 on bus bus2 is used by meter");

        // capacity 3: the three listed are active; activating the fourth too is refused, nothing changes
        HttpResponse<String> full = send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":[" + otherId + "],\"action\":\"activate\"}").getBytes(StandardCharsets.UTF_8))));
        assertThat(full.statusCode()).as(full.body()).isEqualTo(409);
        assertThat(json(full).path("detail").get(0).path("reason").asText()).startsWith("capacity: 4 meters would be active");
        // deactivating one and activating the other in two calls works
        assertThat(send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":[" + ids.get(0) + "],\"action\":\"deactivate\"}").getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(200);
        HttpResponse<String> on = send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":[" + otherId + "],\"action\":\"activate\"}").getBytes(StandardCharsets.UTF_8))));
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(json(on).path("activeCount").asInt()).isEqualTo(3);

        // delete: all selected go in one transaction
        HttpResponse<String> deleted = send(admin(post("/api/meters/bulk", "application/json",
                ("{\"ids\":[" + ids.get(0) + "," + otherId + "],\"action\":\"delete\"}").getBytes(StandardCharsets.UTF_8))));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(send(viewer(get("/api/meters")))).path("total").asInt()).isEqualTo(2);
        assertThat(send(viewer(post("/api/meters/bulk", "application/json", "{}".getBytes(StandardCharsets.UTF_8)))).statusCode())
                .isEqualTo(403);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private HttpRequest.Builder post(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpRequest.Builder put(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).DELETE();
    }

    private static HttpRequest.Builder admin(HttpRequest.Builder b) {
        return basic(b, "admin", ADMIN_PASSWORD);
    }

    private static HttpRequest.Builder viewer(HttpRequest.Builder b) {
        return basic(b, "viewer", VIEWER_PASSWORD);
    }

    private static HttpRequest.Builder basic(HttpRequest.Builder b, String user, String password) {
        return b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }
}
