package org.metergate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the built jar as a process on a temporary data dir and free ports — health, auth,
 * system info, log filter and CSV, Hawtio, SIGTERM, restart on the same data, and recovery after kill -9.
 */
class GatewayProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void firstStartAuthSystemInfoLogStopAndRestart() throws Exception {
        Path data = work.resolve("data");
        String serial;
        String resolvedSchedule;
        try (GatewayProcess gw = GatewayProcess.start(work, data, Map.of())) {
            var health = gw.get("/api/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");

            var unknown = gw.get("/api/no-such-thing", null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("error").asText()).contains("GET /api/no-such-thing");

            var anonymous = gw.get("/api/system", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));

            var forced = gw.get("/api/system", "admin:admin");
            assertThat(forced.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(forced.body()).path("error").asText()).contains("password change required");

            var changed = gw.postJson("/api/users/me/password", "admin:admin",
                    "{\"currentPassword\":\"admin\",\"newPassword\":\"s3cret-meters\"}");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(gw.get("/api/system", "admin:admin").statusCode()).isEqualTo(401);

            var system = gw.get("/api/system", "admin:s3cret-meters");
            assertThat(system.statusCode()).isEqualTo(200);
            JsonNode info = JSON.readTree(system.body());
            serial = info.path("serial").asText();
            assertThat(serial).matches("[0-9A-F]{8}");
            assertThat(info.path("product").asText()).isEqualTo("metergate");
            assertThat(Path.of(info.path("dataDir").asText())).isEqualTo(data.toAbsolutePath());
            assertThat(info.path("database").path("engine").asText()).contains("Derby");
            assertThat(info.path("freeDiskBytes").asLong()).isPositive();
            assertThat(info.path("restarts").asInt()).isZero();
            assertThat(info.path("routes").findValuesAsText("id")).contains("heartbeat", "api-health", "system-log-retention");
            assertThat(info.path("scheduledJobs").findValuesAsText("route")).contains("heartbeat");

            var logged = gw.get("/api/log?level=info&q=" + URLEncoder.encode("password", StandardCharsets.UTF_8), "admin:s3cret-meters");
            assertThat(logged.statusCode()).isEqualTo(200);
            JsonNode entries = JSON.readTree(logged.body()).path("entries");
            assertThat(entries.findValuesAsText("message")).contains("User admin changed the password");
            assertThat(entries.findValuesAsText("message")).allMatch(m -> m.toLowerCase().contains("password"));

            var csv = gw.get("/api/log.csv?level=warning", "admin:s3cret-meters");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
            String[] lines = csv.body().split("\r\n");
            assertThat(lines[0]).isEqualTo("id;timestamp;level;source;message");
            assertThat(lines).anyMatch(l -> l.contains(";warning;auth;Failed login from 127.0.0.1"));
            assertThat(csv.body()).doesNotContain(";info;");

            // The embedded default is a live demo: the simulated bus is read and stored within a minute.
            JsonNode latest = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
            long meterId = -1;
            while (System.nanoTime() < deadline && meterId < 0) {
                latest = JSON.readTree(gw.get("/api/values/latest", "admin:s3cret-meters").body()).path("values");
                // the demo's wireless meters send within seconds; the wired bus (polled, read manually below) within a minute
                for (JsonNode v : latest) {
                    JsonNode meter = JSON.readTree(gw.get("/api/meters/" + v.path("meterId").asLong(), "admin:s3cret-meters").body());
                    if (meter.path("busId").asText().equals("demo")) {
                        meterId = v.path("meterId").asLong();
                        break;
                    }
                }
                if (meterId < 0) {
                    Thread.sleep(1000);
                }
            }
            assertThat(meterId).as("wired demo values within 90 s").isPositive();
            assertThat(latest.findValuesAsText("quantity")).contains("Volume");
            var log = gw.get("/api/meters/" + meterId + "/readouts", "admin:s3cret-meters");
            assertThat(JSON.readTree(log.body()).path("readouts").get(0).path("status").asText()).isEqualTo("ok");
            var manual = gw.postBody("/api/meters/" + meterId + "/read", "admin:s3cret-meters", "application/json", "");
            assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
            assertThat(JSON.readTree(manual.body()).path("readout").asText()).isEqualTo("OK");
            assertThat(manual.body()).doesNotContain("E+");
            assertThat(gw.postBody("/api/meters/read", "admin:s3cret-meters", "application/json", "").statusCode()).isEqualTo(202);
            var series = JSON.readTree(gw.get("/api/meters/" + meterId + "/values?quantity=Volume", "admin:s3cret-meters").body());
            assertThat(series.path("values").findValuesAsText("quantity")).isNotEmpty().containsOnly("Volume");
            assertThat(gw.get("/api/meters/999999/values", "admin:s3cret-meters").statusCode()).isEqualTo(404);
            assertThat(gw.get("/api/meters/x/readouts", "admin:s3cret-meters").statusCode()).isEqualTo(400);
            assertThat(gw.get("/api/meters/" + meterId + "/values?from=2026-13-01", "admin:s3cret-meters").statusCode()).isEqualTo(400);

            var imported = gw.postBody("/api/meters/import", "admin:s3cret-meters", "text/csv",
                    "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress\n"
                            + "Cafeteria,13001651,2400,Secondary,,\nSales office,14290591,2400,Primary,221,\n");
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            var bad = gw.postBody("/api/meters/import", "admin:s3cret-meters", "text/csv",
                    "Position,SecondaryAddress,BaudRate,AddressingMode,PrimaryAddress,EnhancedAddress\nX,1300165,2400,Sideways,,\n");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("detail").findValuesAsText("column")).contains("SecondaryAddress", "AddressingMode");
            var meters = gw.get("/api/meters", "admin:s3cret-meters");
            assertThat(meters.body()).contains("Cafeteria", "Sales office").doesNotContain("\"X\"");

            String jolokia = "/hawtio/jolokia/read/java.lang:type=Memory";
            assertThat(gw.getHawtio(jolokia, null).statusCode()).isIn(401, 403);
            var hawtio = gw.getHawtio(jolokia, "admin:s3cret-meters");
            assertThat(hawtio.statusCode()).isEqualTo(200);
            assertThat(hawtio.body()).contains("HeapMemoryUsage");

            var badSchedule = gw.putJson("/api/settings/readout", "admin:s3cret-meters", "{\"schedule\":\"61 * * * *\"}");
            assertThat(badSchedule.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badSchedule.body()).path("error").asText()).contains("minute").contains("position");
            var setSchedule = gw.putJson("/api/settings/readout", "admin:s3cret-meters",
                    "{\"schedule\":\"?1-30 3 * * *\",\"statusByteLogging\":\"on error\"}");
            assertThat(setSchedule.statusCode()).as(setSchedule.body()).isEqualTo(200);
            resolvedSchedule = JSON.readTree(setSchedule.body()).path("resolved").asText();
            assertThat(resolvedSchedule).matches("([1-9]|[12][0-9]|30) 3 \\* \\* \\*");
            assertThat(JSON.readTree(setSchedule.body()).path("statusByteLogging").asText()).isEqualTo("ON_ERROR");

            int exit = gw.terminate();
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(gw.log()).contains("Database jdbc:derby:" + data.resolve("db").toAbsolutePath() + " closed");
        }

        try (GatewayProcess again = GatewayProcess.start(work, data, Map.of())) {
            var system = again.get("/api/system", "admin:s3cret-meters");
            assertThat(system.statusCode()).as("password kept across restart").isEqualTo(200);
            JsonNode info = JSON.readTree(system.body());
            assertThat(info.path("serial").asText()).isEqualTo(serial);
            assertThat(info.path("restarts").asInt()).isEqualTo(1);
            // Settings changed through the API survive a restart, and '?' keeps the value it drew.
            JsonNode readout = JSON.readTree(again.get("/api/settings/readout", "admin:s3cret-meters").body());
            assertThat(readout.path("schedule").asText()).isEqualTo("?1-30 3 * * *");
            assertThat(readout.path("resolved").asText()).isEqualTo(resolvedSchedule);
            assertThat(readout.path("statusByteLogging").asText()).isEqualTo("ON_ERROR");
            // Derby was shut down cleanly: no crash recovery on the second boot.
            assertThat(Files.readString(data.resolve("derby.log"))).doesNotContain("recovery");
            again.terminate();
        }
    }

    @Test
    void startAfterKillMinusNineRecoversWithoutManualSteps() throws Exception {
        Path data = work.resolve("data");
        try (GatewayProcess gw = GatewayProcess.start(work, data, Map.of("METERGATE_ADMIN_PASSWORD", "headless-pass"))) {
            // Headless install: the admin password comes from the environment, no forced change.
            assertThat(gw.get("/api/system", "admin:headless-pass").statusCode()).isEqualTo(200);
            assertThat(gw.get("/api/system", "admin:admin").statusCode()).isEqualTo(401);
            // The system log is written in batches (every 5 s), so a kill right after start may take the start line
            // with it; that is the documented cost of batching. Kill once it is stored, to test recovery, not timing.
            awaitStartsLogged(gw, 1);
            gw.kill();
        }
        try (GatewayProcess again = GatewayProcess.start(work, data, Map.of())) {
            assertThat(again.get("/api/health", null).statusCode()).isEqualTo(200);
            awaitStartsLogged(again, 2);
            again.terminate();
        }
    }

    private static void awaitStartsLogged(GatewayProcess gw, int starts) throws Exception {
        int total = -1;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(250)) {
            var log = gw.get("/api/log?q=started", "admin:headless-pass");
            assertThat(log.statusCode()).isEqualTo(200);
            total = JSON.readTree(log.body()).path("total").asInt();
            if (total >= starts) {
                break;
            }
        }
        assertThat(total).as("starts logged").isEqualTo(starts);
    }

    @Test
    void badConfigurationStopsWithAClearMessage() throws Exception {
        Path data = work.resolve("data");
        var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GatewayProcess.jar().toAbsolutePath().toString(), "run", "--data", data.toString())
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("METERGATE_DB_URL", "jdbc:mysql://localhost/x");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("metergate: unsupported JDBC URL 'jdbc:mysql://localhost/x'");
    }
}
