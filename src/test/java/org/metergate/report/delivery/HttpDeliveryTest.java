package org.metergate.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.Product;
import org.metergate.report.Protocol;
import org.metergate.report.ReportFile;

/** HTTP(S) POST against the JDK's HttpServer/HttpsServer on loopback. */
class HttpDeliveryTest {

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : String.join(",", v);
        }
    }

    @TempDir
    Path dir;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int status = 200;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean stall;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers with these statuses first, then with {@link #status}. */
    private final java.util.Deque<Integer> firstAnswers = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private void handle(HttpExchange ex) throws java.io.IOException {
        try (InputStream in = ex.getRequestBody()) {
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
                    Map.copyOf(ex.getRequestHeaders()), in.readAllBytes()));
        }
        if (stall) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] answer = "ok".getBytes();
        Integer first = firstAnswers.poll();
        ex.sendResponseHeaders(first != null ? first : status, answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    private String startHttp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private String startHttps(TestCerts certs) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        KeyStore ks = KeyStore.getInstance(certs.keystore().toFile(), certs.password().toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, certs.password().toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        s.createContext("/", this::handle);
        s.start();
        server = s;
        return "https://127.0.0.1:" + s.getAddress().getPort();
    }

    private ReportFile report() throws Exception {
        return Deliver.report(dir, "metergate_valuereport_20260301120000_1.csv", "text/csv; charset=windows-1252",
                Deliver.csv(2000), Instant.parse("2026-03-01T12:00:00Z"));
    }

    @Test
    void postsTheFileWithTypeNameUserAgentAndBasicAuth() throws Exception {
        String base = startHttp();
        ReportFile file = report();
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in/values.aspx?site=7",
                "auth", "basic", "username", "head", "password", "s3cr&t%x+y"), Deliver.IDENTITY);

        Deliver.deliver(d, file, ReportTrust.jdkOnly());

        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/in/values.aspx?site=7");
        assertThat(r.body()).isEqualTo(java.nio.file.Files.readAllBytes(file.path()));
        assertThat(r.header("Content-type")).isEqualTo("text/csv; charset=windows-1252");
        assertThat(r.header("Content-disposition"))
                .isEqualTo("attachment; filename=\"metergate_valuereport_20260301120000_1.csv\"");
        assertThat(r.header("User-agent")).isEqualTo("metergate/" + Product.version() + " (serial 0016031801)");
        assertThat(r.header("Authorization")).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("head:s3cr&t%x+y".getBytes()));
        // nothing of the triggering request leaks: only the headers the destination sets
        assertThat(r.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
    }

    @Test
    void withoutAuthNoAuthorizationHeaderLeaves() throws Exception {
        String base = startHttp();
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in"), Deliver.IDENTITY);
        Deliver.deliver(d, report(), ReportTrust.jdkOnly());
        assertThat(received).hasSize(1);
        assertThat(received.get(0).header("Authorization")).isNull();
    }

    @Test
    void non2xxAnswerIsAnExceptionSoRedeliveryKicksIn() throws Exception {
        String base = startHttp();
        status = 503;
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in"), Deliver.IDENTITY);
        Exception e = Deliver.send(d, report(), ReportTrust.jdkOnly());
        assertThat(e).isInstanceOf(HttpOperationFailedException.class);
        assertThat(((HttpOperationFailedException) e).getStatusCode()).isEqualTo(503);
        // one request: HttpClient's own retry of 503 is off, the report route's redelivery rule decides
        assertThat(received).hasSize(1);
    }

    @Test
    void aRedeliverySendsTheWholeFileAgainWithTheSameHeaders() throws Exception {
        String base = startHttp();
        firstAnswers.add(503);
        firstAnswers.add(502);
        ReportFile file = report();
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in", "auth", "basic", "username", "u",
                "password", "p"), Deliver.IDENTITY);
        assertThat(Deliver.send(d, file, ReportTrust.jdkOnly(), 2)).isNull();
        assertThat(received).hasSize(3);
        byte[] bytes = java.nio.file.Files.readAllBytes(file.path());
        for (Received r : received) {
            assertThat(r.body()).isEqualTo(bytes);
            assertThat(r.header("Authorization")).isEqualTo("Basic dTpw");
            assertThat(r.header("Content-disposition")).contains(file.fileName());
        }
    }

    @Test
    void responseTimeoutFiresWhenTheServerDoesNotAnswer() throws Exception {
        String base = startHttp();
        stall = true;
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in", "timeoutSeconds", 1,
                "responseTimeout", true), Deliver.IDENTITY);
        Exception e = Deliver.send(d, report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).containsIgnoringCase("timeout");
        assertThat(received).hasSize(1);
    }

    @Test
    void httpsWithTheCertificateInTheConfiguredTruststoreIsDelivered() throws Exception {
        TestCerts certs = TestCerts.create(dir, "https");
        String base = startHttps(certs);
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in"), Deliver.IDENTITY);
        ReportFile file = report();
        Deliver.deliver(d, file, certs.trust());
        assertThat(received).hasSize(1);
        assertThat(received.get(0).body()).isEqualTo(java.nio.file.Files.readAllBytes(file.path()));
    }

    @Test
    void httpsWithAnUntrustedCertificateIsRefusedWithAClearMessage() throws Exception {
        TestCerts certs = TestCerts.create(dir, "https");
        String base = startHttps(certs);
        Destination d = Destinations.of(Protocol.HTTP, Map.of("uri", base + "/in"), Deliver.IDENTITY);
        Exception e = Deliver.send(d, report(), ReportTrust.jdkOnly());
        assertThat(e).isNotNull();
        assertThat(Deliver.messages(e)).contains("untrusted server certificate 'CN=https test server'")
                .contains("metergate.report.truststore");
        assertThat(received).isEmpty();
    }
}
