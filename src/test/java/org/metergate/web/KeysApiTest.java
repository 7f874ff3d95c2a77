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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
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
import org.metergate.keys.KeyStore;
import org.metergate.wmbus.FrameFormat;
import org.metergate.wmbus.WmbusDecoder;
import org.metergate.wmbus.WmbusTelegram;

/**
 * SPEC B4 through the real gateway over HTTP: key file import (errors, all or nothing, XLS by multipart),
 * single keys with field-named errors, binding a key to a meter and decrypting that meter's OMS mode 5
 * telegram with the gateway's live key lookup, and no full key in any response or in the system log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeysApiTest {

    private static final String PASSWORD = "keys-admin-pass-1";
    /** OMS Vol. 2 annex N, security profile A (mode 5), CRCs stripped: ELS gas meter 12345678, version 0x33. */
    private static final String OMS_A_NO_CRC = "2E4493157856341233037A2A0020255923C95AAA26D1B2E7493B013EC4A6F6D3529B520EDF"
            + "F0EA6DEFC99D6D69EBF3";
    private static final String OMS_KEY = "0102030405060708090A0B0C0D0E0F11";
    private static final List<String> ALL_KEYS = List.of(OMS_KEY, "AAAABBBBCCCCDDDDEEEEFFFF11112222",
            "A1B2C3D4E5F6A1B2C3D4E5F678910111", "FFEEDDCCBBAA99887766554433221100", "AAAA1111BBBB2222CCCC3333DDDD4444",
            "9999AAAA8888BBBB7777CCCC6666DDDD", "00112233445566778899AABBCCDDEEFF");

    private Gateway gateway;
    private HttpClient client;
    private String base;
    private final StringBuilder everyResponse = new StringBuilder();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.demo.enabled", "false",
                "metergate.routes.dir", java.nio.file.Files.createDirectories(dir.resolve("routes")).toString(),
                "metergate.admin.password", PASSWORD)), Optional.of(dir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void aKeyFileWithErrorsIsRefusedWholeWithLineAndColumn() throws Exception {
        // the manual's figure 8 exactly as printed: its first key has 30 digits
        String file = "address;key;manufacturer;deviceType;version\r\n"
                + "-1;AAAABBBBCCCCDDDEEEFFFFF1112222;*;-1;-1\r\n"
                + "13360079;A1B2C3D4E5F6A1B2C3D4E5F678910111;ELV;-1;-1\r\n"
                + "-1;FFEEDDCCBBAA99887766554433221100;*;-1;-1\r\n"
                + "-1;AAAA1111BBBB2222CCCC3333DDDD4444;AC4;-1;-1\r\n";
        HttpResponse<String> r = send(admin(raw("/api/keys/import", "text/csv", file.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo("key file has 2 errors");
        assertThat(body.path("detail").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(body.path("detail").get(0).path("column").asText()).isEqualTo("Key");
        assertThat(body.path("detail").get(0).path("reason").asText()).startsWith("must be 32 hex digits, found 30 characters");
        assertThat(body.path("detail").get(1).path("line").asInt()).isEqualTo(5);
        assertThat(body.path("detail").get(1).path("column").asText()).isEqualTo("Manufacturer");
        assertThat(json(send(admin(get("/api/keys")))).path("total").asInt()).isZero();
        assertThat(send(get("/api/keys")).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void theManualsKeyFileAsXlsByMultipartIsImportedAndListedMasked() throws Exception {
        byte[] xls = manualXls();
        String boundary = "keys-boundary-42";
        ByteArrayOutputStream multipart = new ByteArrayOutputStream();
        multipart.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"keys.xls\"\r\n"
                + "Content-Type: application/vnd.ms-excel\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        multipart.write(xls);
        multipart.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(admin(raw("/api/keys/import", "multipart/form-data; boundary=" + boundary,
                multipart.toByteArray())));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("added").asInt()).isEqualTo(5);
        assertThat(json(r).path("format").asText()).isEqualTo("XLS");

        JsonNode list = json(send(admin(get("/api/keys"))));
        assertThat(list.path("status").path("ok").asBoolean()).isTrue();
        assertThat(list.path("total").asInt()).isEqualTo(5);
        JsonNode elv = list.path("keys").get(1);
        assertThat(elv.path("address").asText()).isEqualTo("13360079");
        assertThat(elv.path("manufacturer").asText()).isEqualTo("ELV");
        assertThat(elv.path("deviceType").isNull()).isTrue();
        assertThat(elv.path("key").asText()).isEqualTo("A1…11");
        assertThat(list.path("keys").get(4).path("version").asInt()).isEqualTo(2);

        // add mode again: nothing new; replace: all five again
        HttpResponse<String> again = send(admin(raw("/api/keys/import", "application/vnd.ms-excel", xls)));
        assertThat(json(again).path("unchanged").asInt()).isEqualTo(5);
        HttpResponse<String> replaced = send(admin(raw("/api/keys/import?replace=true", "application/vnd.ms-excel", xls)));
        assertThat(json(replaced).path("removed").asInt()).isEqualTo(5);
        assertThat(json(replaced).path("added").asInt()).isEqualTo(5);
        assertThat(send(admin(raw("/api/keys/import?replace=maybe", "text/csv", xls))).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void singleKeysWithFieldNamedErrors() throws Exception {
        assertError(post("/api/keys", "{\"key\":\"0011\"}"), 400, "field key must be 32 hex digits (0-9, A-F), found 4 characters");
        assertError(post("/api/keys", "{\"key\":\"00112233445566778899AABBCCDDEEFF\",\"manufacturer\":\"EL1\"}"), 400,
                "field manufacturer must be 3 letters or * (EL1)");
        assertError(post("/api/keys", "{\"key\":\"00112233445566778899AABBCCDDEEFF\",\"deviceType\":300}"), 400,
                "field deviceType must be 0-255 or -1 (300)");
        assertError(post("/api/keys", "{\"key\":\"00112233445566778899AABBCCDDEEFF\",\"adress\":\"1\"}"), 400,
                "unknown field 'adress' in request body");
        assertError(post("/api/keys", "{\"address\":\"12345678\"}"), 400, "field key required: the 16-byte AES key as 32 hex digits");

        String body = "{\"key\":\"00112233445566778899AABBCCDDEEFF\",\"address\":\"-1\",\"manufacturer\":\"KAM\",\"deviceType\":7,\"version\":-1}";
        HttpResponse<String> created = send(admin(post("/api/keys", body)));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode key = json(created);
        assertThat(key.path("manufacturer").asText()).isEqualTo("KAM");
        assertThat(key.path("deviceType").asInt()).isEqualTo(7);
        assertThat(key.path("address").isNull()).isTrue();
        assertThat(key.path("key").asText()).isEqualTo("00…FF");
        assertThat(created.headers().firstValue("Location")).contains("/api/keys/" + key.path("id").asLong());
        HttpResponse<String> twice = send(admin(post("/api/keys", body)));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(json(twice).path("detail").path("existingId").asLong()).isEqualTo(key.path("id").asLong());

        assertThat(send(admin(delete("/api/keys/" + key.path("id").asLong()))).statusCode()).isEqualTo(204);
        assertThat(send(admin(get("/api/keys/" + key.path("id").asLong()))).statusCode()).isEqualTo(404);
        assertThat(send(admin(delete("/api/keys/" + key.path("id").asLong()))).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aKeyBoundToAMeterDecryptsItsTelegramAndTheMeterViewTellsWhichKeyMatched() throws Exception {
        HttpResponse<String> meter = send(admin(post("/api/meters", "{\"name\":\"Gas, House 1\",\"addressingMode\":\"secondary\","
                + "\"secondaryAddress\":\"12345678\",\"manufacturer\":\"ELS\",\"version\":51,\"medium\":3}")));
        assertThat(meter.statusCode()).isEqualTo(201);
        long meterId = json(meter).path("id").asLong();
        assertError(post("/api/keys", "{\"key\":\"" + OMS_KEY + "\",\"meterId\":" + meterId + ",\"manufacturer\":\"ELS\"}"), 400,
                "field manufacturer must not be given with meterId");
        assertError(post("/api/keys", "{\"key\":\"" + OMS_KEY + "\",\"meterId\":99999}"), 400, "field meterId: no meter 99999");

        HttpResponse<String> bound = send(admin(post("/api/keys", "{\"key\":\"" + OMS_KEY + "\",\"meterId\":" + meterId + "}")));
        assertThat(bound.statusCode()).isEqualTo(201);
        long keyId = json(bound).path("id").asLong();
        assertThat(json(bound).path("meterId").asLong()).isEqualTo(meterId);
        assertThat(json(bound).path("address").asText()).isEqualTo("12345678");

        JsonNode view = json(send(admin(get("/api/meters/" + meterId + "/key"))));
        assertThat(view.path("boundKey").path("id").asLong()).isEqualTo(keyId);
        assertThat(view.path("applicableKey").path("id").asLong()).isEqualTo(keyId);
        assertThat(view.path("lastMatch").isNull()).isTrue();

        // what the wireless receiver path does: decode with the gateway's live lookup, record the match
        KeyStore store = gateway.camelContext().getRegistry().lookupByNameAndType("keyStore", KeyStore.class);
        WmbusTelegram t = new WmbusDecoder(store.lookup()).decode(HexFormat.of().parseHex(OMS_A_NO_CRC), FrameFormat.NO_CRC);
        assertThat(t.telegram().records()).isNotEmpty();
        store.recordMatch(t.meter(), t.key().orElseThrow());

        view = json(send(admin(get("/api/meters/" + meterId + "/key"))));
        assertThat(view.path("lastMatch").path("keyId").asLong()).isEqualTo(keyId);
        assertThat(view.path("lastMatch").path("id").asText()).isEqualTo("12345678");
        JsonNode matches = json(send(admin(get("/api/keys/matches"))));
        assertThat(matches.path("matches").get(0).path("keyId").asLong()).isEqualTo(keyId);
        assertThat(json(send(admin(get("/api/keys/" + keyId)))).path("lastUsedAt").isNull()).isFalse();
    }

    @Test
    @Order(5)
    void noFullKeyInAnyResponseOrInTheSystemLog() throws Exception {
        // the template's examples are the manual's example keys, not stored ones: not counted as a response here
        String template = client.send(admin(get("/api/keys/template.csv?examples=true")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(template).startsWith("Address,Key,Manufacturer,DeviceType,Version\r\n-1,AAAABBBBCCCCDDDDEEEEFFFF11112222,*,-1,-1");
        everyResponse.append(send(admin(get("/api/log?size=1000"))).body());
        everyResponse.append(send(admin(get("/api/log.csv"))).body());
        String all = everyResponse.toString().toUpperCase();
        for (String key : ALL_KEYS) {
            assertThat(all).doesNotContain(key);
        }
        assertThat(everyResponse.toString()).contains("Key file (XLS) imported by admin: 5 added");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static byte[] manualXls() throws IOException {
        String[][] rows = {
            {"address", "key", "manufacturer", "deviceType", "version"},
            {"-1", "AAAABBBBCCCCDDDDEEEEFFFF11112222", "*", "-1", "-1"},
            {"13360079", "A1B2C3D4E5F6A1B2C3D4E5F678910111", "ELV", "-1", "-1"},
            {"-1", "FFEEDDCCBBAA99887766554433221100", "*", "-1", "-1"},
            {"-1", "AAAA1111BBBB2222CCCC3333DDDD4444", "ACA", "-1", "-1"},
            {"-1", "9999AAAA8888BBBB7777CCCC6666DDDD", "ELV", "-1", "2"}};
        try (HSSFWorkbook wb = new HSSFWorkbook()) {
            Sheet sheet = wb.createSheet("Keys");
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    if (r > 0 && rows[r][c].matches("-?[0-9]{1,8}")) {
                        row.createCell(c).setCellValue(Double.parseDouble(rows[r][c]));
                    } else {
                        row.createCell(c).setCellValue(rows[r][c]);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private void assertError(HttpRequest.Builder request, int status, String errorStart) throws Exception {
        HttpResponse<String> r = send(admin(request));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error").asText()).startsWith(errorStart);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return raw(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder raw(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).DELETE();
    }

    private static HttpRequest.Builder admin(HttpRequest.Builder b) {
        return b.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s answered %s", r.request().method(), r.request().uri(), r.body()).isLessThan(500);
        everyResponse.append(r.body()).append('\n');
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Json.MAPPER.readTree(r.body());
    }
}
