package org.metergate.e2e;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built metergate.jar run as a separate process, as an operator runs it. */
final class GatewayProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final int httpPort;
    final int hawtioPort;
    final Path dataDir;
    final Path output;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayProcess(Process process, int httpPort, int hawtioPort, Path dataDir, Path output) {
        this.process = process;
        this.httpPort = httpPort;
        this.hawtioPort = hawtioPort;
        this.dataDir = dataDir;
        this.output = output;
    }

    static Path jar() {
        String path = System.getProperty("metergate.jar", "target/metergate.jar");
        Path jar = Path.of(path);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("built jar not found at " + jar.toAbsolutePath() + " (run mvn package first)");
        }
        return jar;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the gateway on the data dir with free ports and waits until /api/health answers 200. */
    static GatewayProcess start(Path workDir, Path dataDir, Map<String, String> env) throws Exception {
        int httpPort = freePort();
        int hawtioPort = freePort();
        Path output = Files.createTempFile(workDir, "gateway-", ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar().toAbsolutePath().toString(), "run", "--data", dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("METERGATE_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("METERGATE_HAWTIO_PORT", String.valueOf(hawtioPort));
        pb.environment().put("METERGATE_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        pb.environment().remove("METERGATE_DB_URL");
        pb.environment().putAll(env);
        GatewayProcess gw = new GatewayProcess(pb.start(), httpPort, hawtioPort, dataDir, output);
        gw.awaitHealthy();
        return gw;
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get("/api/health", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("gateway not healthy within " + START_TIMEOUT + ":\n" + log());
    }

    String log() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path, String basicUser) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET(), basicUser);
    }

    HttpResponse<String> getHawtio(String path, String basicUser) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hawtioPort + path)).GET(), basicUser);
    }

    HttpResponse<String> postJson(String path, String basicUser, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), basicUser);
    }

    HttpResponse<String> putJson(String path, String basicUser, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), basicUser);
    }

    HttpResponse<String> postBody(String path, String basicUser, String contentType, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), basicUser);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String basicUser) throws IOException, InterruptedException {
        if (basicUser != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basicUser.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as systemd or an operator's kill sends it; returns the exit code. */
    int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("gateway did not stop within 90 s after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL: a crash or power loss as far as the process is concerned. */
    void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
