package org.metergate.web.hawtio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hawtio in a real Jetty on a free loopback port, with the test users of {@link TestUsers}. */
class HawtioServerTest {

    private static final String MEMORY = "jolokia/read/java.lang:type=Memory";

    @TempDir
    static Path workDir;

    private static Properties savedProperties;
    private static HawtioServer server;

    @BeforeAll
    static void start() {
        savedProperties = (Properties) System.getProperties().clone();
        server = HawtioServer.start(new HawtioSettings(true, "127.0.0.1", 0), TestUsers.authenticator(), workDir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        System.setProperties(savedProperties);
    }

    @Test
    void listensOnTheChosenFreePort() {
        assertThat(server.port()).isPositive().isNotEqualTo(HawtioSettings.DEFAULT_PORT);
        assertThat(server.uri()).hasToString("http://127.0.0.1:" + server.port() + "/hawtio/");
    }

    @Test
    void servesTheConsolePage() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> response = send(get(""), client);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.uri().getPath()).startsWith("/hawtio/");
        assertThat(response.body()).containsIgnoringCase("<html");
    }

    @Test
    void anonymousJolokiaIsRefused() throws Exception {
        HttpResponse<String> response = send(get(MEMORY), newClient());
        assertThat(response.statusCode()).isIn(401, 403);
        assertThat(response.body()).doesNotContain("HeapMemoryUsage");
    }

    @Test
    void adminBasicCredentialsReadTheMemoryMBean() throws Exception {
        HttpResponse<String> response = send(basic(get(MEMORY), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD),
                newClient());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("json"));
        assertThat(response.body())
                .contains("\"status\":200")
                .contains("HeapMemoryUsage")
                .contains("\"mbean\":\"java.lang:type=Memory\"");
    }

    @Test
    void adminLoginGivesASessionForJolokia() throws Exception {
        HttpClient client = newClient();
        HttpResponse<String> login = send(login(TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD), client);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains(RolePrincipal.class.getName()).contains("admin");
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith(HawtioServer.SESSION_COOKIE + "=")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict"));

        HttpResponse<String> read = send(get(MEMORY), client);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("HeapMemoryUsage");

        HttpResponse<String> anonymous = send(get(MEMORY), newClient());
        assertThat(anonymous.statusCode()).isIn(401, 403);

        HttpResponse<String> logout = send(get("auth/logout"), client);
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(send(get(MEMORY), client).statusCode()).isIn(401, 403);
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        HttpResponse<String> basic = send(basic(get(MEMORY), TestUsers.ADMIN, "wrong-password"), newClient());
        assertThat(basic.statusCode()).isIn(401, 403);
        assertThat(basic.body()).doesNotContain("HeapMemoryUsage");

        HttpClient client = newClient();
        HttpResponse<String> login = send(login(TestUsers.ADMIN, "wrong-password"), client);
        assertThat(login.statusCode()).isIn(401, 403);
        assertThat(send(get(MEMORY), client).statusCode()).isIn(401, 403);
    }

    @Test
    void unknownUserIsRefused() throws Exception {
        HttpResponse<String> basic = send(basic(get(MEMORY), "nobody", "whatever-1"), newClient());
        assertThat(basic.statusCode()).isIn(401, 403);
    }

    @Test
    void viewerIsRefused() throws Exception {
        HttpResponse<String> basic = send(basic(get(MEMORY), TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD),
                newClient());
        assertThat(basic.statusCode()).isIn(401, 403);
        assertThat(basic.body()).doesNotContain("HeapMemoryUsage");

        HttpClient client = newClient();
        HttpResponse<String> login = send(login(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD), client);
        assertThat(login.statusCode()).isIn(401, 403);
        assertThat(send(get(MEMORY), client).statusCode()).isIn(401, 403);
    }

    @Test
    void adminWhoMustChangeThePasswordIsRefused() throws Exception {
        HttpResponse<String> basic = send(basic(get(MEMORY), TestUsers.FRESH_ADMIN, TestUsers.FRESH_PASSWORD),
                newClient());
        assertThat(basic.statusCode()).isIn(401, 403);
    }

    @Test
    void proxyIsDisabled() throws Exception {
        HttpResponse<String> response = send(basic(get("proxy/enabled"), TestUsers.ADMIN, TestUsers.ADMIN_PASSWORD),
                newClient());
        assertThat(response.body()).doesNotContain("true");
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10)).GET();
    }

    private static HttpRequest.Builder login(String username, String password) {
        String json = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        return HttpRequest.newBuilder(server.uri().resolve("auth/login"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder basic(HttpRequest.Builder request, String username, String password) {
        String token = Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request.header("Authorization", "Basic " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, HttpClient client)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
