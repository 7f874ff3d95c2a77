package org.metergate.report.engine;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A report receiver on loopback (JDK HttpServer): records every POST and answers 200 when up; when
 * "down" the server is stopped (connections refused) and comes back on the same port; "hang" holds
 * the request until released and then answers 500 (a receiver that never acknowledged, e.g. the
 * gateway died in the middle). Only 200-answered bodies count as received.
 */
final class ReportSink implements AutoCloseable {

    enum Mode { UP, DOWN, HANG }

    /** @param raw the body as received (binary reports: XLSX); {@code body} is it decoded as UTF-8 */
    record Request(Instant at, String path, String fileName, String body, int status, byte[] raw, String contentType) {
    }

    private HttpServer server;
    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch hanging = new CountDownLatch(1);

    ReportSink() throws IOException {
        server = serve(0);
        port = server.getAddress().getPort();
    }

    private HttpServer serve(int onPort) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            Mode m = mode;
            int status = m == Mode.HANG ? 500 : 200;
            if (m == Mode.HANG) {
                hanging.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            requests.add(new Request(Instant.now(), exchange.getRequestURI().getPath(),
                    fileName(exchange.getRequestHeaders().getFirst("X-Report-File"),
                    exchange.getRequestHeaders().getFirst("Content-Disposition")), body, status, raw,
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            byte[] answer = (status == 200 ? "ok" : "unavailable").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** X-Report-File, else the file name of Content-Disposition (the gateway's HTTP destination sends that). */
    private static String fileName(String header, String disposition) {
        if (header != null || disposition == null) {
            return header;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filename=\"?([^\";]+)\"?").matcher(disposition);
        return m.find() ? m.group(1) : null;
    }

    String uri(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    synchronized void mode(Mode m) throws IOException {
        if (m == Mode.DOWN && mode != Mode.DOWN) {
            server.stop(0);
        } else if (m != Mode.DOWN && mode == Mode.DOWN) {
            server = serve(port);
        }
        this.mode = m;
    }

    boolean awaitHanging(long seconds) throws InterruptedException {
        return hanging.await(seconds, TimeUnit.SECONDS);
    }

    void release() {
        release.countDown();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> received() {
        return requests.stream().filter(r -> r.status() == 200).toList();
    }

    @Override
    public synchronized void close() {
        release();
        if (mode != Mode.DOWN) {
            server.stop(0);
        }
    }
}
