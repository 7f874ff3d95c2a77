package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metergate.app.DeliveryModule;
import org.metergate.app.Gateway;
import org.metergate.app.ReadoutModule;
import org.metergate.app.ReportModule;
import org.metergate.config.GatewayConfig;
import org.metergate.store.Database;
import org.metergate.store.DatabaseSettings;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SeriesKey;
import org.metergate.store.StoredReadout;
import org.metergate.store.ValueRow;

/**
 * The report engine in a real gateway (Derby on disk, Camel, the report route template) delivering
 * with the gateway's HTTP destination (camel-http) to a real server on loopback; the renderer writes
 * one line per stored value ({@link ValueLinesRenderer}) so what arrived can be checked value by value: outage with the adaptive retries, backlog carried by the next
 * report with every value exactly once, and a crash in the middle of a delivery resumed after restart.
 */
class ReportDeliveryTest {

    /** 300 s of table 10 become 1.5 s. */
    private static final String TIME_SCALE = "0.005";
    /** Fires 03:00 and 03:30 on 1 January: next gap 30 min → table 10 row "16-60 min": 2 retries, 300 s. Never fires in a test. */
    private static final String HALF_HOURLY_ONCE_A_YEAR = "0,30 3 1 1 *";

    @TempDir
    Path dir;
    private ReportSink sink;
    private Gateway gateway;
    private final List<Long> readoutIds = new ArrayList<>();

    @BeforeEach
    void sink() throws Exception {
        sink = new ReportSink();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sink.close();
    }

    private Gateway start(Map<String, String> extra) throws Exception {
        Map<String, String> cfg = new HashMap<>(Map.of(
                "metergate.http.port", String.valueOf(freePort()),
                "metergate.http.host", "127.0.0.1",
                "metergate.hawtio.enabled", "false",
                "metergate.demo.enabled", "false",
                "metergate.routes.dir", java.nio.file.Files.createDirectories(dir.resolve("no-routes")).toString(),
                "metergate.report.retry-time-scale", TIME_SCALE,
                "camel.main.shutdownTimeout", "1",
                // the real HTTP destination (report.delivery), default recipient: the loopback receiver
                "metergate.report.http.uri", sink.uri("/in")));
        cfg.putAll(extra);
        Path data = dir.resolve("data");
        // the renderer reads the gateway's own database, which exists once the gateway has opened it
        DeferredRenderer renderer = new DeferredRenderer();
        Gateway g = new Gateway(GatewayConfig.of(cfg), Optional.of(data),
                List.of(new ReadoutModule(), new DeliveryModule(), new ReportModule(renderer, null)));
        renderer.gateway = g;
        return g.start();
    }

    /** Creates the ValueLinesRenderer on first use, over the started gateway's database. */
    private static final class DeferredRenderer implements org.metergate.report.ReportRenderer {
        volatile Gateway gateway;
        private ValueLinesRenderer delegate;

        @Override
        public synchronized org.metergate.report.ReportFile render(org.metergate.report.RenderRequest request, Path directory)
                throws org.metergate.report.ReportException {
            if (delegate == null) {
                delegate = new ValueLinesRenderer(gateway.database());
            }
            return delegate.render(request, directory);
        }
    }

    private ReportEngine engine() {
        return gateway.camelContext().getRegistry().lookupByNameAndType("reportEngine", ReportEngine.class);
    }

    private void configureReport1(String schedule) {
        engine().update(List.of(new ReportChange("1", true, 3101, schedule, "auto", "all", Map.of(), true, true, null, null)),
                List.of(""));
    }

    /** Stores one readout of two values for meter {@code meter} at {@code at}. */
    private void storeReadout(long meter, Instant at, int value) {
        ReadoutRepository repo = new ReadoutRepository(gateway.database());
        var result = repo.store(new StoredReadout(meter, at, "ok", null, null, null, 10, List.of(), List.of(
                ValueRow.number(SeriesKey.current("energy", "Wh"), BigDecimal.valueOf(value)),
                ValueRow.number(SeriesKey.current("volume", "m^3"), BigDecimal.valueOf(value, 3)))));
        readoutIds.add(result.readoutId());
    }

    @Test
    void theRouteOfAReportCarriesTheRedeliveryRuleOfItsSchedule() throws Exception {
        gateway = start(Map.of());
        configureReport1(HALF_HOURLY_ONCE_A_YEAR);
        // the template's onException takes the redelivery rule from the instance's parameters
        assertThat(onException("report-1").getRedeliveryPolicyType().getMaximumRedeliveries()).isEqualTo("{{maxRetries}}");
        assertThat(onException("report-1").getRedeliveryPolicyType().getRedeliveryDelay()).isEqualTo("{{delayMs}}");
        assertThat(onException("report-1").getRedeliveryPolicyType().getAsyncDelayedRedelivery()).isEqualTo("true");
        assertThat(parameters("report-1")).containsEntry("maxRetries", "2").containsEntry("delayMs", "1500");

        // a daily report (gap > 23 h): 6 retries, 3600 s; the route instance is re-created at once
        configureReport1("0 4 * * *");
        assertThat(parameters("report-1")).containsEntry("maxRetries", "6").containsEntry("delayMs", "18000");
        assertThat(gateway.camelContext().getRouteController().getRouteStatus("report-1").isStarted()).isTrue();

        // adaptive retries off, own settings: 4 retries, 10 s
        engine().update(List.of(new ReportChange("1", null, null, null, null, null, null, null, false, 4, 10)), List.of(""));
        assertThat(parameters("report-1")).containsEntry("maxRetries", "4").containsEntry("delayMs", "50");
        // every report has its route instance of the template
        for (String key : List.of("1", "2", "3", "4", "5", "startup", "installation", "ondemand")) {
            RouteDefinition r = ((ModelCamelContext) gateway.camelContext()).getRouteDefinition("report-" + key);
            assertThat(r).as(key).isNotNull();
            assertThat(parameters("report-" + key)).as(key).containsEntry("key", key);
        }
    }

    private Map<String, Object> parameters(String routeId) {
        return ((ModelCamelContext) gateway.camelContext()).getRouteDefinition(routeId).getTemplateParameters();
    }

    private OnExceptionDefinition onException(String routeId) {
        RouteDefinition r = ((ModelCamelContext) gateway.camelContext()).getRouteDefinition(routeId);
        return r.getOutputs().stream().filter(OnExceptionDefinition.class::isInstance).map(OnExceptionDefinition.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void serverDownRetriesPerTableTenThenTheNextReportCarriesTheBacklogExactlyOnce() throws Exception {
        gateway = start(Map.of());
        configureReport1(HALF_HOURLY_ONCE_A_YEAR);
        Instant now = Instant.now();
        storeReadout(1, now.minusSeconds(1800), 100);
        storeReadout(2, now.minusSeconds(1800), 200);
        storeReadout(1, now.minusSeconds(900), 101);

        sink.mode(ReportSink.Mode.DOWN);
        engine().fire("1");
        OutboxEntry first = awaitState("1", OutboxState.FAILED);
        // table 10, 16-60 min: the first attempt and 2 retries, 300 s (here 1.5 s) apart
        assertThat(first.attempts()).isEqualTo(3);
        assertThat(first.lastError()).containsIgnoringCase("refused");
        assertThat(sink.requests()).isEmpty();
        // the three attempts, 1.5 s apart, as the system log and the outbox record them
        assertThat(Duration.between(first.createdAt(), Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(3000));

        // new values arrive, the server is back: the next report carries the backlog and the new values
        storeReadout(2, Instant.now().minusMillis(50), 201);
        sink.mode(ReportSink.Mode.UP);
        engine().fire("1");
        awaitDeliveredCount("1", 1);
        assertThat(engine().outbox().find(first.id()).orElseThrow().state()).isEqualTo(OutboxState.SUPERSEDED);

        // and the one after that only what is new since
        Thread.sleep(5);
        storeReadout(1, Instant.now().minusMillis(1), 102);
        engine().fire("1");
        awaitDeliveredCount("1", 2);

        List<String> lines = sink.received().stream().flatMap(r -> Arrays.stream(r.body().split("\n"))).filter(l -> !l.isBlank())
                .toList();
        Map<String, Long> byReadoutAndQuantity = lines.stream()
                .collect(Collectors.groupingBy(l -> l.split(";")[0] + "/" + l.split(";")[3], Collectors.counting()));
        assertThat(byReadoutAndQuantity.keySet()).hasSize(readoutIds.size() * 2);
        for (long id : readoutIds) {
            assertThat(byReadoutAndQuantity).containsEntry(id + "/energy", 1L).containsEntry(id + "/volume", 1L);
        }
        assertThat(byReadoutAndQuantity.values()).allMatch(n -> n == 1L);
        assertThat(sink.received()).hasSize(2);
        // a superseded entry is never tried again
        Thread.sleep(200);
        assertThat(sink.requests()).hasSize(2);
    }

    @Test
    void aNewReportSupersedesOneThatIsStillWaitingForItsRetry() throws Exception {
        gateway = start(Map.of("metergate.report.keep-days", "0"));
        // daily (gap > 23 h): 6 retries 3600 s apart, here 18 s: the retry is still pending when the next report comes
        configureReport1("0 4 * * *");
        storeReadout(1, Instant.now().minusSeconds(60), 7);
        sink.mode(ReportSink.Mode.DOWN);
        engine().fire("1");
        OutboxEntry waiting = awaitState("1", OutboxState.RETRYING);
        assertThat(waiting.nextAttemptAt()).isAfter(Instant.now());

        sink.mode(ReportSink.Mode.UP);
        engine().fire("1");
        awaitDeliveredCount("1", 1);
        assertThat(engine().outbox().find(waiting.id()).orElseThrow().state()).isEqualTo(OutboxState.SUPERSEDED);
        assertThat(sink.received()).hasSize(1);
        assertThat(sink.received().get(0).body()).contains(readoutIds.get(0) + ";1;");

        // clean-up (keep-days 0 here): the files of delivered and superseded reports go, the outbox rows stay
        List<OutboxEntry> entries = engine().outbox().ofReport("1", 10);
        assertThat(entries).allMatch(OutboxEntry::hasFile);
        Thread.sleep(5);
        assertThat(engine().cleanUp()).isEqualTo(2);
        assertThat(entries).allMatch(e -> !java.nio.file.Files.exists(e.file().path()));
        assertThat(engine().outbox().ofReport("1", 10)).hasSize(2).allMatch(e -> e.file() == null);
    }

    @Test
    void aCrashDuringDeliveryIsResumedAfterRestartAndDeliveredOnce() throws Exception {
        gateway = start(Map.of());
        configureReport1(HALF_HOURLY_ONCE_A_YEAR);
        storeReadout(1, Instant.now().minusSeconds(600), 42);
        storeReadout(2, Instant.now().minusSeconds(300), 43);
        sink.mode(ReportSink.Mode.HANG);
        engine().fire("1");
        assertThat(sink.awaitHanging(20)).isTrue();
        long id = engine().outbox().ofReport("1", 1).get(0).id();
        assertThat(engine().outbox().find(id).orElseThrow().state()).isEqualTo(OutboxState.SENDING);

        // the gateway goes down in the middle of the transfer; the receiver never acknowledged it
        gateway.close();
        gateway = null;
        sink.mode(ReportSink.Mode.UP);
        sink.release();
        try (Database db = Database.open(new DatabaseSettings(DatabaseSettings.derbyUrl(dir.resolve("data").resolve("db")), "", "", 2))) {
            assertThat(new Outbox(db, java.time.Clock.systemUTC()).find(id).orElseThrow().state()).isEqualTo(OutboxState.SENDING);
        }

        gateway = start(Map.of());
        awaitDeliveredCount("1", 1);
        OutboxEntry done = engine().outbox().find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(OutboxState.DELIVERED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(sink.received()).hasSize(1);
        assertThat(sink.received().get(0).body()).contains(readoutIds.get(0) + ";1;", readoutIds.get(1) + ";2;");
        // no second entry was made for the same period, and nothing more is sent
        Thread.sleep(200);
        assertThat(engine().outbox().ofReport("1", 10)).hasSize(1);
        assertThat(sink.received()).hasSize(1);
    }

    @Test
    void aBrokenTemplateFailsTheEntryWithTheRenderersMessage() throws Exception {
        gateway = start(Map.of());
        engine().update(List.of(new ReportChange("1", true, 3999, HALF_HOURLY_ONCE_A_YEAR, "auto", "all", Map.of(), true, true, null,
                null)), List.of(""));
        engine().fire("1");
        OutboxEntry e = awaitState("1", OutboxState.FAILED);
        assertThat(e.lastError()).contains("template 3999, line 1");
        assertThat(sink.requests()).isEmpty();
    }

    private OutboxEntry awaitState(String key, OutboxState state) throws InterruptedException {
        Function<List<OutboxEntry>, Optional<OutboxEntry>> find = l -> l.stream().filter(e -> e.state() == state).findFirst();
        await(() -> find.apply(engine().outbox().ofReport(key, 100)).isPresent(), "report " + key + " " + state);
        return find.apply(engine().outbox().ofReport(key, 100)).orElseThrow();
    }

    private void awaitDeliveredCount(String key, int n) throws InterruptedException {
        await(() -> engine().outbox().ofReport(key, 100).stream().filter(e -> e.state() == OutboxState.DELIVERED).count() >= n,
                n + " deliveries of report " + key);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
