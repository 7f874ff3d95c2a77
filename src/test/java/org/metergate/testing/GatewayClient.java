package org.metergate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import org.metergate.web.Json;

/** HTTP calls to a gateway under test as one user (Basic auth), and polling a resource until it is in a state. */
public final class GatewayClient {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String user;
    private final String password;

    public GatewayClient(String base, String user, String password) {
        this.base = base;
        this.user = user;
        this.password = password;
    }

    public GatewayClient as(String otherUser, String otherPassword) {
        return new GatewayClient(base, otherUser, otherPassword);
    }

    public HttpResponse<String> call(String method, String path, String jsonBody) throws Exception {
        return call(method, path, jsonBody, "application/json");
    }

    public HttpResponse<String> call(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(150));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return client.send(b.header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public JsonNode json(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> r = call(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + " " + body + " → " + r.body()).isEqualTo(expectedStatus);
        return Json.MAPPER.readTree(r.body());
    }

    public JsonNode await(String path, Duration wait, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        JsonNode last;
        do {
            last = json("GET", path, null, 200);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("gave up waiting on " + path + ": " + last);
    }
}
