package org.metergate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.admin.LogLevel;
import org.metergate.admin.LogQuery;
import org.metergate.app.Gateway;
import org.metergate.config.GatewayConfig;

/**
 * The REST API as a user meets it: one real gateway (Derby, Camel, platform-http on Vert.x, Argon2
 * users, the system log) on a free loopback port, driven over HTTP. The tests run in order because
 * the first ones see the factory state (admin/admin, forced password change).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayApiTest {

    private static final String ADMIN = "admin";
    private static final String NEW_ADMIN_PASSWORD = "correct-horse-42";
    private static final String VIEWER = "viewer1";
    private static final String VIEWER_PASSWORD = "viewer-pass-1";

    private Path tempDir;
    private Gateway gateway;
    private HttpClient client;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tempDir = dir;
        int port = freePort();
        Path routes = Files.createDirectories(tempDir.resolve("routes"));
        Files.writeString(routes.resolve("ping.yaml"), """
                - route:
                    id: test-ping
                    from:
                      uri: "timer:test-ping?period=3600000&delay=3600000"
                      steps:
                        - log: "ping"
                """);
        gateway = new Gateway(GatewayConfig.of(Map.of(
                "metergate.http.port", String.valueOf(port),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.routes.dir", routes.toString(),
                "metergate.log.level", "0",
                // Longer than the class runs: every repeated message stays silenced while it does.
                "metergate.log.flood-window-seconds", "3600")), Optional.of(tempDir.resolve("data"))).start();
        base = "http://127.0.0.1:" + port;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    // ---- factory state: health, anonymous, forced password change --------------------------------

    @Test
    @Order(1)
    void healthIsPublicJson() throws Exception {
        HttpResponse<String> r = send(get("/api/health"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("checks").path("camel").asText()).isEqualTo("UP");
        assertThat(body.path("checks").path("database").asText()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void anonymousGets401WithBasicChallenge() throws Exception {
        HttpResponse<String> r = send(get("/api/system"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(json(r).path("error").asText()).isEqualTo("authentication required");
        assertThat(send(get("/api/log")).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/users")).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/users/me")).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void defaultAdminMustChangeThePasswordFirst() throws Exception {
        List<HttpRequest.Builder> calls = List.of(
                get("/api/system"), get("/api/log"), get("/api/log.csv"), get("/api/users"), get("/api/users/admin"),
                post("/api/users", "{\"username\":\"x1\",\"password\":\"xxxxxxxxxx\",\"role\":\"viewer\"}"),
                put("/api/users/admin", "{\"role\":\"admin\"}"),
                delete("/api/users/nobody"));
        for (HttpRequest.Builder call : calls) {
            HttpResponse<String> r = send(basic(call, ADMIN, ADMIN));
            assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri()).isEqualTo(403);
            JsonNode body = json(r);
            assertThat(body.path("error").asText()).isEqualTo("password change required");
            assertThat(body.path("detail").asText()).contains(RequestAuthenticator.PASSWORD_CHANGE_PATH);
        }
        HttpResponse<String> me = send(basic(get("/api/users/me"), ADMIN, ADMIN));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).path("username").asText()).isEqualTo(ADMIN);
        assertThat(json(me).path("role").asText()).isEqualTo("admin");
        assertThat(json(me).path("mustChangePassword").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void passwordChangeValidatesThenLiftsTheBlock() throws Exception {
        HttpResponse<String> tooShort = send(basic(post(RequestAuthenticator.PASSWORD_CHANGE_PATH,
                "{\"currentPassword\":\"admin\",\"newPassword\":\"short\"}"), ADMIN, ADMIN));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(json(tooShort).path("error").asText()).contains("at least 8");

        HttpResponse<String> wrongCurrent = send(basic(post(RequestAuthenticator.PASSWORD_CHANGE_PATH,
                "{\"currentPassword\":\"not-admin\",\"newPassword\":\"" + NEW_ADMIN_PASSWORD + "\"}"), ADMIN, ADMIN));
        assertThat(wrongCurrent.statusCode()).isEqualTo(403);
        assertThat(json(wrongCurrent).path("error").asText()).contains("current password");

        HttpResponse<String> ok = send(basic(post(RequestAuthenticator.PASSWORD_CHANGE_PATH,
                "{\"currentPassword\":\"admin\",\"newPassword\":\"" + NEW_ADMIN_PASSWORD + "\"}"), ADMIN, ADMIN));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("passwordChanged").asBoolean()).isTrue();

        assertThat(send(basic(get("/api/system"), ADMIN, ADMIN)).statusCode()).isEqualTo(401);
        HttpResponse<String> me = send(asAdmin(get("/api/users/me")));
        assertThat(json(me).path("mustChangePassword").asBoolean()).isFalse();
    }

    // ---- after the password change -----------------------------------------------------------------

    @Test
    @Order(10)
    void systemDescribesTheGateway() throws Exception {
        HttpResponse<String> r = send(asAdmin(get("/api/system")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = json(r);
        assertThat(s.path("serial").asText()).matches("[0-9A-F]{8}");
        assertThat(s.path("serial").asText()).isEqualTo(gateway.identity().serial());
        assertThat(s.path("productName").asText()).isEqualTo("metergate." + gateway.identity().serial());
        assertThat(s.path("version").asText()).isNotBlank();
        assertThat(s.path("dataDir").asText()).isEqualTo(tempDir.resolve("data").toAbsolutePath().normalize().toString());
        assertThat(s.path("database").path("engine").asText()).contains("Derby");
        assertThat(s.path("database").path("sizeBytes").asLong()).isPositive();
        assertThat(s.path("freeDiskBytes").asLong()).isPositive();
        assertThat(Instant.parse(s.path("startTime").asText())).isBeforeOrEqualTo(Instant.parse(s.path("systemTime").asText()));
        List<String> routeIds = new ArrayList<>();
        s.path("routes").forEach(route -> {
            routeIds.add(route.path("id").asText());
            assertThat(route.path("state").asText()).isEqualTo("Started");
        });
        assertThat(routeIds).contains("test-ping", "api-system", "api-health", "api-openapi", "system-log-flush",
                "system-log-retention");
        assertThat(routeIds).noneMatch(id -> id.matches("route\\d+")); // every route is named for Hawtio
        List<String> jobs = new ArrayList<>();
        s.path("scheduledJobs").forEach(j -> jobs.add(j.path("route").asText()));
        assertThat(jobs).contains("test-ping", "system-log-retention");
    }

    @Test
    @Order(11)
    void loginSetsAnHttpOnlySessionCookieAndLogoutEndsIt() throws Exception {
        HttpResponse<String> wrong = send(post("/api/login", "{\"username\":\"admin\",\"password\":\"nope-nope\"}"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> login = send(post("/api/login",
                "{\"username\":\"admin\",\"password\":\"" + NEW_ADMIN_PASSWORD + "\"}"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(json(login).path("username").asText()).isEqualTo(ADMIN);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(Sessions.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send(get("/api/system").header("Cookie", cookie)).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/users").header("Cookie", cookie)).statusCode()).isEqualTo(200);

        HttpResponse<String> logout = send(post("/api/logout", "").header("Cookie", cookie));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(v -> assertThat(v).contains("Max-Age=0"));

        HttpResponse<String> after = send(get("/api/system").header("Cookie", cookie));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after).path("error").asText()).contains("session");
        assertThat(send(get("/api/system").header("Cookie", Sessions.COOKIE + "=forged-token")).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(12)
    void adminManagesUsers() throws Exception {
        HttpResponse<String> created = send(asAdmin(post("/api/users",
                "{\"username\":\"" + VIEWER + "\",\"password\":\"" + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("username").asText()).isEqualTo(VIEWER);
        assertThat(json(created).path("role").asText()).isEqualTo("viewer");
        assertThat(created.body()).doesNotContain("argon2").doesNotContain(VIEWER_PASSWORD);

        HttpResponse<String> duplicate = send(asAdmin(post("/api/users",
                "{\"username\":\"" + VIEWER + "\",\"password\":\"another-pass\",\"role\":\"viewer\"}")));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(send(asAdmin(post("/api/users", "{\"username\":\"bad name!\",\"password\":\"xxxxxxxxxx\"}"))).statusCode())
                .isEqualTo(400);
        assertThat(send(asAdmin(post("/api/users", "{\"username\":\"weak\",\"password\":\"short\"}"))).statusCode())
                .isEqualTo(400);
        assertThat(send(asAdmin(post("/api/users", "{\"username\":\"r1\",\"password\":\"xxxxxxxxxx\",\"role\":\"root\"}"))).statusCode())
                .isEqualTo(400);

        HttpResponse<String> list = send(asAdmin(get("/api/users")));
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(list).forEach(u -> names.add(u.path("username").asText()));
        assertThat(names).containsExactly(ADMIN, VIEWER);
        // roles read as they are written, the same as /api/users/me shows them
        assertThat(json(list).get(0).path("role").asText()).isEqualTo("admin");
        assertThat(list.body()).doesNotContain("argon2");

        HttpResponse<String> refused = send(asAdmin(put("/api/users/" + VIEWER, "{\"role\":\"admin\",\"password\":\"short\"}")));
        assertThat(refused.statusCode()).isEqualTo(400);
        HttpResponse<String> one = send(asAdmin(get("/api/users/" + VIEWER)));
        assertThat(json(one).path("role").asText()).as("a refused update changes nothing").isEqualTo("viewer");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).path("mustChangePassword").asBoolean()).isFalse();

        // The viewer reads, but does not administer.
        assertThat(send(basic(get("/api/log"), VIEWER, VIEWER_PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(send(basic(get("/api/system"), VIEWER, VIEWER_PASSWORD)).statusCode()).isEqualTo(200);
        for (HttpRequest.Builder call : List.of(get("/api/users"), get("/api/users/admin"),
                post("/api/users", "{\"username\":\"x2\",\"password\":\"xxxxxxxxxx\"}"),
                put("/api/users/" + VIEWER, "{\"role\":\"admin\"}"), delete("/api/users/admin"))) {
            HttpResponse<String> r = send(basic(call, VIEWER, VIEWER_PASSWORD));
            assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri()).isEqualTo(403);
            assertThat(json(r).path("error").asText()).isEqualTo("admin role required");
        }

        // The user acted on is the one in the path: a header or query parameter of the same name changes nothing.
        HttpResponse<String> spoofedHeader = send(asAdmin(get("/api/users/" + VIEWER).header("username", ADMIN)));
        assertThat(spoofedHeader.statusCode()).isEqualTo(200);
        assertThat(json(spoofedHeader).path("username").asText()).isEqualTo(VIEWER);
        HttpResponse<String> spoofedQuery = send(asAdmin(get("/api/users/" + VIEWER + "?username=" + ADMIN)));
        assertThat(spoofedQuery.statusCode()).isEqualTo(200);
        assertThat(json(spoofedQuery).path("username").asText()).isEqualTo(VIEWER);
        assertThat(send(asAdmin(get("/api/users/no%20body"))).statusCode()).isEqualTo(404);

        HttpResponse<String> lastAdmin = send(asAdmin(delete("/api/users/admin")));
        assertThat(lastAdmin.statusCode()).isEqualTo(409);
        assertThat(json(lastAdmin).path("error").asText()).contains("last admin");
        assertThat(send(asAdmin(put("/api/users/admin", "{\"role\":\"viewer\"}"))).statusCode()).isEqualTo(409);

        assertThat(send(asAdmin(get("/api/users/nobody"))).statusCode()).isEqualTo(404);
        assertThat(send(asAdmin(put("/api/users/nobody", "{\"role\":\"viewer\"}"))).statusCode()).isEqualTo(404);
        assertThat(send(asAdmin(delete("/api/users/nobody"))).statusCode()).isEqualTo(404);

        HttpResponse<String> deleted = send(asAdmin(delete("/api/users/" + VIEWER)));
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(send(asAdmin(get("/api/users/" + VIEWER))).statusCode()).isEqualTo(404);
        assertThat(send(basic(get("/api/log"), VIEWER, VIEWER_PASSWORD)).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(18)
    void ownPasswordChangeEndsTheOtherSessions() throws Exception {
        assertThat(send(asAdmin(post("/api/users", "{\"username\":\"dave\",\"password\":\"dave-pass-1\"}"))).statusCode())
                .isEqualTo(201);
        String laptop = sessionCookie(send(post("/api/login", "{\"username\":\"dave\",\"password\":\"dave-pass-1\"}")));
        String stolen = sessionCookie(send(post("/api/login", "{\"username\":\"dave\",\"password\":\"dave-pass-1\"}")));
        assertThat(send(get("/api/log").header("Cookie", stolen)).statusCode()).isEqualTo(200);

        HttpResponse<String> changed = send(post(RequestAuthenticator.PASSWORD_CHANGE_PATH,
                "{\"currentPassword\":\"dave-pass-1\",\"newPassword\":\"dave-pass-2\"}").header("Cookie", laptop));
        assertThat(changed.statusCode()).isEqualTo(200);

        assertThat(send(get("/api/log").header("Cookie", stolen)).statusCode()).as("other session").isEqualTo(401);
        assertThat(send(get("/api/log").header("Cookie", laptop)).statusCode()).as("old token of this session").isEqualTo(401);
        String renewed = sessionCookie(changed);
        assertThat(send(get("/api/log").header("Cookie", renewed)).statusCode()).as("renewed session").isEqualTo(200);
        assertThat(send(basic(get("/api/log"), "dave", "dave-pass-1")).statusCode()).isEqualTo(401);
        assertThat(send(asAdmin(delete("/api/users/dave"))).statusCode()).isEqualTo(204);
        assertThat(send(get("/api/log").header("Cookie", renewed)).statusCode()).as("session of a deleted user").isEqualTo(401);
    }

    @Test
    @Order(13)
    void badBodiesAre4xxNever500() throws Exception {
        HttpResponse<String> malformed = send(asAdmin(post("/api/users", "{\n  \"username\": \"x3\",\n  \"password\" \"oops\"\n}")));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("error").asText()).startsWith("malformed JSON body").contains("line 3").contains("column");

        HttpResponse<String> unknown = send(asAdmin(post("/api/users",
                "{\"username\":\"x3\",\"password\":\"xxxxxxxxxx\",\"isAdmin\":true}")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("error").asText()).contains("'isAdmin'");

        // A key given twice is ambiguous (which one did a proxy or log see?): refused, not "last one wins".
        HttpResponse<String> duplicateKey = send(asAdmin(post("/api/users",
                "{\"username\":\"x4\",\"username\":\"admin\",\"password\":\"xxxxxxxxxx\"}")));
        assertThat(duplicateKey.statusCode()).isEqualTo(400);
        assertThat(duplicateKey.body()).contains("username");
        assertThat(send(asAdmin(get("/api/users/x4"))).statusCode()).isEqualTo(404);

        HttpResponse<String> form = send(asAdmin(HttpRequest.newBuilder(uri("/api/users"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=x3&password=xxxxxxxxxx"))));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).path("detail").asText()).contains("application/x-www-form-urlencoded");

        for (String body : List.of("", "null", "[]", "\"text\"", "42", "{\"username\":", "{} {}", "{\"username\":[1]}")) {
            HttpResponse<String> r = send(asAdmin(post("/api/users", body)));
            assertThat(r.statusCode()).as("body <%s>", body).isEqualTo(400);
            assertThat(json(r).has("error")).isTrue();
        }
        // Anonymous callers cannot make the gateway buffer arbitrarily large bodies.
        try {
            HttpResponse<String> huge = send(post("/api/login",
                    "{\"username\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"password\":\"y\"}"));
            assertThat(huge.statusCode()).isEqualTo(413);
        } catch (IOException closedWhileSending) {
            // also a refusal: the server answered 413 and closed before the client had sent everything
        }

        HttpResponse<String> loginGarbage = send(post("/api/login", "{\"username\":\"admin\"}"));
        assertThat(loginGarbage.statusCode()).isEqualTo(400);
        assertThat(send(basic(get("/api/system"), "", "")).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/system").header("Authorization", "Basic !!!notbase64")).statusCode()).isEqualTo(401);
        assertThat(send(get("/api/system").header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(14)
    void logFiltersAndCsv() throws Exception {
        String tag = "apitest-" + System.nanoTime();
        gateway.systemLog().warning("apitest", tag + " warning one");
        gateway.systemLog().error("apitest", tag + " error two");
        gateway.systemLog().info("apitest", tag + " info three;with \"quotes\"");
        gateway.systemLog().debug("apitest", tag + " debug (below the stored level)");

        JsonNode all = json(send(asAdmin(get("/api/log?q=" + tag))));
        assertThat(all.path("total").asLong()).isEqualTo(3);
        assertThat(all.path("entries")).hasSize(3);
        // newest first
        assertThat(all.path("entries").get(0).path("message").asText()).contains("info three");
        assertThat(all.path("entries").get(0).path("level").asText()).isEqualTo("info");
        assertThat(all.path("entries").get(0).path("source").asText()).isEqualTo("apitest");

        JsonNode warnings = json(send(asAdmin(get("/api/log?level=warning&q=" + tag.toUpperCase()))));
        assertThat(warnings.path("total").asLong()).isEqualTo(2);
        assertThat(json(send(asAdmin(get("/api/log?level=2&q=" + tag)))).path("total").asLong()).isEqualTo(1);

        JsonNode paged = json(send(asAdmin(get("/api/log?q=" + tag + "&page=1&size=2"))));
        assertThat(paged.path("total").asLong()).isEqualTo(3);
        assertThat(paged.path("page").asInt()).isEqualTo(1);
        assertThat(paged.path("size").asInt()).isEqualTo(2);
        assertThat(paged.path("entries")).hasSize(1);
        assertThat(paged.path("entries").get(0).path("message").asText()).contains("warning one");

        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        assertThat(json(send(asAdmin(get("/api/log?q=" + tag + "&from=" + today + "&to=" + tomorrow)))).path("total").asLong())
                .isEqualTo(3);
        assertThat(json(send(asAdmin(get("/api/log?q=" + tag + "&to=2000-01-01T00:00:00Z")))).path("total").asLong())
                .isEqualTo(0);
        assertThat(json(send(asAdmin(get("/api/log?q=" + tag + "&from=" + encode(Instant.now().plusSeconds(3600).toString())))))
                .path("total").asLong()).isEqualTo(0);
        // LIKE wildcards are literal
        assertThat(json(send(asAdmin(get("/api/log?q=" + encode("%_"))))).path("total").asLong()).isEqualTo(0);

        for (String bad : List.of("level=loud", "level=7", "from=yesterday", "to=2026-13-45", "from=2026-11-25T10:00:00",
                "from=2026-11-26&to=2026-11-25", "from=%2B10000-01-01T00:00:00Z", "to=%2B999999999-12-31T23:59:59Z", "page=-1", "size=0", "size=100000", "page=abc")) {
            HttpResponse<String> r = send(asAdmin(get("/api/log?" + bad)));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(bad).isNotBlank();
            if (!bad.startsWith("page") && !bad.startsWith("size")) { // the CSV export is not paged
                assertThat(send(asAdmin(get("/api/log.csv?" + bad))).statusCode()).as("csv " + bad).isEqualTo(400);
            }
        }

        HttpResponse<String> csv = send(asAdmin(get("/api/log.csv?level=warning&q=" + tag)));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d).contains("attachment"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id;timestamp;level;source;message");
        assertThat(lines).hasSize(3);
        // oldest first, ';' separated
        assertThat(lines[1].split(";")).hasSize(5);
        assertThat(lines[1]).contains(";warning;apitest;" + tag + " warning one");
        assertThat(lines[2]).contains(";error;apitest;" + tag + " error two");

        String quoted = send(asAdmin(get("/api/log.csv?q=" + encode("info three")))).body();
        assertThat(quoted).contains("\"" + tag + " info three;with \"\"quotes\"\"\"");
    }

    @Test
    @Order(15)
    void failedLoginsAreLoggedButFloodControlled() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest.Builder r = i % 2 == 0
                    ? basic(get("/api/system"), ADMIN, "wrong-" + i)
                    : post("/api/login", "{\"username\":\"nobody" + i + "\",\"password\":\"wrong\"}");
            burst.add(client.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            assertThat(f.get().statusCode()).isEqualTo(401);
        }
        var rows = gateway.systemLog().find(new LogQuery(LogLevel.WARNING, null, null, "Failed login", 0, 100));
        assertThat(rows.total()).isEqualTo(1);
        assertThat(rows.entries().get(0).message()).isEqualTo("Failed login from 127.0.0.1");
        assertThat(rows.entries().get(0).source()).isEqualTo("auth");

        HttpResponse<String> viaApi = send(asAdmin(get("/api/log?q=" + encode("failed login"))));
        assertThat(json(viaApi).path("total").asLong()).isEqualTo(1);
    }

    @Test
    @Order(16)
    void openApiListsThePaths() throws Exception {
        HttpResponse<String> r = send(get("/api/openapi.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode paths = json(r).path("paths");
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("/api/health", "/api/system", "/api/login", "/api/logout", "/api/users", "/api/users/me",
                "/api/users/me/password", "/api/users/{username}", "/api/log", "/api/log.csv");
        assertThat(paths.path("/api/users/{username}").has("delete")).isTrue();
        assertThat(paths.path("/api/users/{username}").has("put")).isTrue();
    }

    @Test
    @Order(17)
    void unknownPathsAre404() throws Exception {
        assertThat(send(asAdmin(get("/api/nothing-here"))).statusCode()).isEqualTo(404);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder put(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(uri(path)).DELETE();
    }

    private static String sessionCookie(HttpResponse<String> r) {
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no Set-Cookie from " + r.uri()));
        assertThat(setCookie).startsWith(Sessions.COOKIE + "=");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpRequest.Builder basic(HttpRequest.Builder b, String user, String password) {
        return b.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpRequest.Builder asAdmin(HttpRequest.Builder b) {
        return basic(b, ADMIN, NEW_ADMIN_PASSWORD);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s answered %s", r.request().method(), r.request().uri(), r.body()).isLessThan(500);
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).as("content type of " + r.request().uri())
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Json.MAPPER.readTree(r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
