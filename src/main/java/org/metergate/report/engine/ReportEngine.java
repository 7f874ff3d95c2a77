package org.metergate.report.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.metergate.admin.SystemLog;
import org.metergate.meters.Meter;
import org.metergate.report.ReportException;
import org.metergate.report.ReportFile;
import org.metergate.report.ReportPeriod;
import org.metergate.report.ReportRenderer;
import org.metergate.report.RenderRequest;
import org.metergate.report.ValueInterval;
import org.metergate.report.delivery.Destination;
import org.metergate.schedule.GatewayScheduler;
import org.metergate.schedule.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report engine (SPEC F4-F10, D6): keeps the report settings, schedules each scheduled report
 * (after the readout for presets), makes outbox entries with their periods, renders them and hands
 * them to the report's route ({@code report-1} … instances of the route template {@value ReportRoutes#TEMPLATE},
 * whose redelivery rule is the report's {@link RetryPolicy}). Delivery state lives in the {@link Outbox},
 * so a restart resumes what was not delivered.
 *
 * <p><b>No value twice, none lost:</b> an Auto report covers everything after the end of the last
 * delivered period of that report; creating it supersedes the report's older undelivered entries in
 * the same transaction (their values are in the new one), and an attempt starts only by a conditional
 * update from PENDING/RETRYING, so a superseded entry is never sent. While an attempt of a report is in
 * flight its next fire is skipped (the one after carries both); the per-report lock orders these steps.
 */
public final class ReportEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReportEngine.class);

    /** Headers of a delivered report on seda:report-delivered. */
    public static final String HEADER_REPORT = "MetergateReport";
    public static final String HEADER_PERIOD_FROM = "MetergateReportFrom";
    public static final String HEADER_PERIOD_TO = "MetergateReportTo";

    static final String P_OUTBOX_ID = "metergateOutboxId";
    static final String P_REPORT = "metergateReportKey";
    static final String P_GENERATION = "metergateRouteGeneration";
    static final String P_URI = "metergateDestinationUri";
    static final String P_SKIP = "metergateSkip";
    static final String P_MAX_RETRIES = "metergateMaxRetries";
    static final String P_DELAY_MS = "metergateDelayMs";
    /** Redeliveries before this attempt (Camel's counter, kept before the attempt clears the headers). */
    static final String P_TRY = "metergateRedeliveries";

    /**
     * @param scheduledReports how many scheduled reports there are (1..n)
     * @param directory        where report files are rendered ({@code <data>/reports})
     * @param retryTimeScale   factor on the pauses between retries (1; tests shrink it)
     * @param keepFiles        delivered files are deleted after this long
     * @param keepEntries      finished outbox rows are deleted after this long
     */
    public record Settings(int scheduledReports, Path directory, RetryPolicy.General general, double retryTimeScale,
                           Duration keepFiles, Duration keepEntries, ZoneId zone) {
    }

    /** What a test report did (SPEC F10). */
    public record TestResult(String destination, String fileName, long bytes) {
    }

    private final Settings settings;
    private final ReportDefinitions store;
    private final Outbox outbox;
    private final ReportRenderer renderer;
    private final DestinationFactory destinations;
    private final GatewayScheduler scheduler;
    private final ReadoutCycle readout;
    private final SystemLog systemLog;
    private final Clock clock;
    private final Supplier<Map<String, String>> startupEvent;

    private final Map<String, ReportDefinition> current = new ConcurrentHashMap<>();
    private final Map<String, RetryPolicy> routePolicies = new ConcurrentHashMap<>();
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong generationCounter = new AtomicLong();
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metergate-report-events");
        t.setDaemon(true);
        return t;
    });
    private volatile CamelContext camel;
    private volatile ProducerTemplate producer;

    public ReportEngine(Settings settings, ReportDefinitions store, Outbox outbox, ReportRenderer renderer,
                        DestinationFactory destinations, GatewayScheduler scheduler, ReadoutCycle readout,
                        SystemLog systemLog, Clock clock, Supplier<Map<String, String>> startupEvent) {
        this.settings = settings;
        this.store = store;
        this.outbox = outbox;
        this.renderer = renderer;
        this.destinations = destinations;
        this.scheduler = scheduler;
        this.readout = readout;
        this.systemLog = systemLog;
        this.clock = clock;
        this.startupEvent = startupEvent;
        for (ReportDefinition d : store.load(keys())) {
            current.put(d.key(), d);
        }
    }

    // ---- settings ---------------------------------------------------------------------------------

    /** Scheduled reports 1..n, then the event reports. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= settings.scheduledReports(); i++) {
            keys.add(String.valueOf(i));
        }
        for (ReportKind k : ReportKind.values()) {
            if (k != ReportKind.SCHEDULED) {
                keys.add(k.eventKey());
            }
        }
        return keys;
    }

    public List<ReportDefinition> definitions() {
        return keys().stream().map(current::get).toList();
    }

    /** @throws NoSuchElementException for an unknown report */
    public ReportDefinition definition(String key) {
        ReportDefinition d = current.get(key);
        if (d == null) {
            throw new NoSuchElementException("no report '" + key + "' (reports are 1.." + settings.scheduledReports()
                    + ", startup, installation, ondemand)");
        }
        return d;
    }

    public Settings settings() {
        return settings;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** The report's schedule as it runs: the readout job it follows, its next run. */
    public Optional<java.time.ZonedDateTime> nextRun(String key) {
        return scheduler.nextFireTime(jobId(key));
    }

    public Optional<String> runsAfter(String key) {
        ReportDefinition d = definition(key);
        return d.kind() == ReportKind.SCHEDULED && d.enabled() && d.parsedSchedule(settings.zone()).synchronised()
                ? readout.leaderJobId() : Optional.empty();
    }

    public RetryPolicy retryPolicy(String key) {
        ReportDefinition d = definition(key);
        Schedule s = d.kind() == ReportKind.SCHEDULED ? d.parsedSchedule(settings.zone()).schedule() : null;
        return RetryPolicy.of(d, s, settings.general(), clock);
    }

    /**
     * Validates every change (each error naming its field, e.g. {@code reports[1].schedule}), then
     * stores all of them in one transaction and applies them at once (reschedule, new redelivery rule).
     * With any error nothing changes.
     *
     * @param prefixes the field prefix of each change, in the same order
     * @throws ReportSettingsException listing every error
     */
    public synchronized List<ReportDefinition> update(List<ReportChange> changes, List<String> prefixes) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, ReportDefinition> next = new LinkedHashMap<>();
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < changes.size(); i++) {
            ReportChange c = changes.get(i);
            String prefix = prefixes.get(i);
            ReportDefinition base = c.key() == null ? null : next.getOrDefault(c.key(), current.get(c.key()));
            if (base == null) {
                errors.add(new FieldError(prefix + "number", "no report '" + c.key() + "' (1.." + settings.scheduledReports()
                        + ", startup, installation, ondemand)"));
                continue;
            }
            try {
                ReportDefinition d = c.applyTo(base, prefix, random::nextLong);
                List<FieldError> problems = d.validate(prefix, settings.zone(), destinations);
                errors.addAll(problems);
                next.put(d.key(), d);
            } catch (ReportSettingsException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ReportSettingsException(errors);
        }
        store.saveAll(next.values());
        next.values().forEach(d -> current.put(d.key(), d));
        if (camel != null) {
            next.values().forEach(this::activate);
        }
        return next.values().stream().toList();
    }

    // ---- life cycle ---------------------------------------------------------------------------------

    /** Once Camel runs: route instances, schedules, resumed deliveries, the start-up report. */
    public synchronized void start(CamelContext context) {
        this.camel = context;
        this.producer = context.createProducerTemplate();
        for (String key : keys()) {
            activate(current.get(key));
        }
        List<OutboxEntry> resumed = outbox.resumeUnfinished();
        if (!resumed.isEmpty()) {
            systemLog.info("report", "Resuming delivery of " + resumed.size() + " report(s) not delivered before the restart");
        }
        resumed.forEach(this::enqueue);
        ReportDefinition startup = current.get(ReportKind.STARTUP.eventKey());
        if (startup.enabled()) {
            events.submit(() -> safely("start-up report", this::startupReport));
        }
    }

    @Override
    public void close() {
        for (String key : keys()) {
            scheduler.cancel(jobId(key));
        }
        events.shutdownNow();
        ProducerTemplate p = producer;
        if (p != null) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                LOG.debug("producer template stop: {}", e.toString());
            }
        }
    }

    static String jobId(String key) {
        return routeId(key);
    }

    public static String routeId(String key) {
        return "report-" + key;
    }

    /** Schedules the report and (re)creates its route when its redelivery rule changed. */
    private void activate(ReportDefinition d) {
        String key = d.key();
        RetryPolicy policy = retryPolicy(key);
        if (!policy.equals(routePolicies.get(key))) {
            boolean existed = routePolicies.containsKey(key);
            createRoute(key, policy);
            if (existed) {
                // exchanges of the old route instance are stale now: their entries go again on the new one
                outbox.ofReport(key, 1000).stream()
                        .filter(e -> e.state() == OutboxState.PENDING || e.state() == OutboxState.RETRYING)
                        .forEach(this::enqueue);
            }
        }
        if (d.kind() != ReportKind.SCHEDULED) {
            return;
        }
        scheduler.cancel(jobId(key));
        if (!d.enabled()) {
            return;
        }
        ReportSchedule s = d.parsedSchedule(settings.zone());
        Optional<String> leader = s.synchronised() ? readout.leaderJobId() : Optional.empty();
        if (leader.isPresent()) {
            scheduler.scheduleAfter(jobId(key), s.schedule(), leader.get(), () -> fire(key));
        } else {
            if (s.synchronised()) {
                systemLog.warning("report", "Report " + key + ": no readout route runs on a readout schedule;"
                        + " it runs on its own clock (" + s.text() + ")");
            }
            scheduler.schedule(jobId(key), s.schedule(), () -> fire(key));
        }
    }

    private void createRoute(String key, RetryPolicy policy) {
        String routeId = routeId(key);
        try {
            if (camel.getRoute(routeId) != null) {
                // waiting redeliveries of the old instance are abandoned; their entries are re-sent (generation check)
                camel.getRouteController().stopRoute(routeId, 2, java.util.concurrent.TimeUnit.SECONDS);
                camel.removeRoute(routeId);
            }
            generations.put(key, generationCounter.incrementAndGet());
            TemplatedRouteBuilder.builder(camel, ReportRoutes.TEMPLATE)
                    .routeId(routeId)
                    .parameter("key", key)
                    .parameter("maxRetries", String.valueOf(policy.maxRetries()))
                    .parameter("delayMs", String.valueOf(policy.delayMillis(settings.retryTimeScale())))
                    .add();
            routePolicies.put(key, policy);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create route " + routeId + ": " + e.getMessage(), e);
        }
    }

    // ---- making reports -------------------------------------------------------------------------------

    private Object lock(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    /** A scheduled report is due (the scheduler's job; after the readout for presets). */
    public void fire(String key) {
        ReportDefinition d = definition(key);
        if (!d.enabled()) {
            return;
        }
        Optional<OutboxEntry> entry;
        synchronized (lock(key)) {
            if (outbox.isSending(key)) {
                systemLog.info("report", "Report " + key + " skipped: the previous one is still being delivered;"
                        + " the next report carries these values");
                return;
            }
            ReportPeriod period = currentPeriod(d, clock.instant());
            entry = outbox.create(new Outbox.NewEntry(key, period, 0, d.template(), d.interval(), Map.of()), true);
        }
        entry.ifPresent(this::renderAndSend);
    }

    /** The period the report would cover if it were made at {@code now}. */
    public ReportPeriod currentPeriod(ReportDefinition d, Instant now) {
        Instant to = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (d.kind() != ReportKind.SCHEDULED) {
            return new ReportPeriod(to.minus(readout.cycle()), to);
        }
        return d.parsedPeriod().ending(to, outbox.lastDeliveredEnd(d.key()), readout.cycle(), settings.zone());
    }

    /** Makes and sends an event report (start-up, installation, on-demand) over {@code period}. */
    private Optional<OutboxEntry> eventReport(ReportKind kind, ReportPeriod period, Map<String, String> event) {
        ReportDefinition d = current.get(kind.eventKey());
        if (!d.enabled()) {
            return Optional.empty();
        }
        Optional<OutboxEntry> entry;
        synchronized (lock(d.key())) {
            entry = outbox.create(new Outbox.NewEntry(d.key(), period, 0, d.template(), d.interval(), eventLines(d.template(), event)),
                    false);
        }
        entry.ifPresent(this::renderAndSend);
        return entry;
    }

    /**
     * The event lines go to event-report templates (x005) only; with any other template an event
     * report is that template's report of the period (e.g. the on-demand value report, x101).
     */
    static Map<String, String> eventLines(int template, Map<String, String> event) {
        return template % 1000 == EVENT_FORMAT ? event : Map.of();
    }

    /** The format digits of the event report template (1005, 2005, 3005; SPEC F3). */
    static final int EVENT_FORMAT = 5;

    void startupReport() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Map<String, String> event = new LinkedHashMap<>();
        event.put("event", "start-up");
        event.putAll(startupEvent.get());
        eventReport(ReportKind.STARTUP, new ReportPeriod(now, now), event);
    }

    /** The meter registry installed meters: the installation report (off the installing thread). */
    public void installed(List<Meter> meters) {
        if (!current.get(ReportKind.INSTALLATION.eventKey()).enabled() || meters.isEmpty()) {
            return;
        }
        events.submit(() -> safely("installation report", () -> {
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Instant from = meters.stream().map(Meter::createdAt).min(Instant::compareTo).orElse(now);
            Map<String, String> event = new LinkedHashMap<>();
            event.put("event", "installation");
            event.put("meters", String.valueOf(meters.size()));
            event.put("meterIds", meters.stream().map(m -> String.valueOf(m.id())).collect(java.util.stream.Collectors.joining(",")));
            eventReport(ReportKind.INSTALLATION, new ReportPeriod(from.isAfter(now) ? now : from, now), event);
        }));
    }

    /**
     * The on-demand report (SPEC F9): runs the readout now, waits for it to finish, then sends the
     * values it read. The future ends with the outbox entry (empty if the report is switched off).
     *
     * @throws IllegalStateException when no route reads on a readout schedule
     */
    public CompletableFuture<Optional<OutboxEntry>> onDemand() {
        String job = readout.leaderJobId().orElseThrow(() -> new IllegalStateException(
                "no readout route runs on a readout schedule (scheduler=#readoutSchedule), so there is nothing to read first"));
        Instant start = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return scheduler.runNowAndWait(job).thenApplyAsync(done -> {
            Instant end = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Map<String, String> event = new LinkedHashMap<>();
            event.put("event", "on-demand");
            event.put("readout", job);
            return eventReport(ReportKind.ONDEMAND, new ReportPeriod(start, end), event);
        }, events);
    }

    /** "Send again" (the only way the same report and period is delivered twice): a new copy of an entry. */
    public OutboxEntry resend(String key, long id) {
        OutboxEntry old = outbox.find(id).filter(e -> e.reportKey().equals(key))
                .orElseThrow(() -> new NoSuchElementException("report " + key + " has no delivery " + id));
        OutboxEntry copy;
        synchronized (lock(key)) {
            int copyNo = outbox.maxCopyNo(key, old.period()) + 1;
            copy = outbox.create(new Outbox.NewEntry(key, old.period(), copyNo, old.template(), old.interval(), old.event()), false)
                    .orElseThrow();
        }
        renderAndSend(copy);
        return outbox.find(copy.id()).orElseThrow();
    }

    private void renderAndSend(OutboxEntry entry) {
        try {
            ensureFile(entry);
        } catch (ReportException | RuntimeException e) {
            String error = "cannot render report " + entry.reportKey() + " (template " + entry.template() + "): " + e.getMessage();
            outbox.failed(entry.id(), error);
            systemLog.error("report", error);
            return;
        }
        enqueue(entry);
    }

    /** The entry's file, rendered now if it is not on disk (not yet rendered, or cleaned up). */
    ReportFile ensureFile(OutboxEntry entry) throws ReportException {
        if (entry.hasFile()) {
            return entry.file();
        }
        // one folder per entry: the manual's file name has whole seconds, so two reports of one report in the
        // same second (or a copy) have the same name, and one must not overwrite the file of the other
        ReportFile file = renderer.render(request(entry), entryDirectory(entry.id()));
        outbox.setFile(entry.id(), file);
        return file;
    }

    private Path entryDirectory(long id) {
        return settings.directory().resolve(String.valueOf(id));
    }

    private RenderRequest request(OutboxEntry e) {
        return new RenderRequest(e.template(), reportNumber(e.reportKey()), e.period(), e.interval(), e.createdAt(), e.event());
    }

    private static int reportNumber(String key) {
        return ReportKind.ofKey(key) == ReportKind.SCHEDULED ? Integer.parseInt(key) : 0;
    }

    /** Hands the entry to its report's route; the route's redelivery rule does the retries. */
    void enqueue(OutboxEntry entry) {
        if (producer == null) {
            return; // resumed at start
        }
        Exchange exchange = new org.apache.camel.support.DefaultExchange(camel);
        exchange.setProperty(P_OUTBOX_ID, entry.id());
        exchange.setProperty(P_REPORT, entry.reportKey());
        exchange.setProperty(P_GENERATION, generations.get(entry.reportKey()));
        producer.asyncSend("direct:" + routeId(entry.reportKey()), exchange);
    }

    // ---- the steps of report-attempt (see ReportRoutes) ------------------------------------------------

    private boolean stale(Exchange exchange) {
        Long generation = exchange.getProperty(P_GENERATION, Long.class);
        return generation == null || !generation.equals(generations.get(exchange.getProperty(P_REPORT, String.class)));
    }

    /** Starts an attempt (SENDING, one more attempt), or marks the exchange to skip an entry no longer to be sent. */
    void beginAttempt(Exchange exchange) throws Exception {
        long id = exchange.getProperty(P_OUTBOX_ID, Long.class);
        String key = exchange.getProperty(P_REPORT, String.class);
        exchange.setProperty(P_TRY, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        boolean started;
        synchronized (lock(key)) {
            started = !stale(exchange) && outbox.startAttempt(id);
        }
        if (!started) {
            exchange.setProperty(P_SKIP, true);
            return;
        }
        exchange.setProperty(P_SKIP, false);
    }

    /** Renders if needed and prepares the message for the report's destination (inside the attempt's try). */
    void prepareAttempt(Exchange exchange) throws Exception {
        long id = exchange.getProperty(P_OUTBOX_ID, Long.class);
        String key = exchange.getProperty(P_REPORT, String.class);
        OutboxEntry entry = outbox.find(id).orElseThrow();
        ReportFile file = ensureFile(entry);
        ReportDefinition d = definition(key);
        Destination destination = destinations.create(org.metergate.report.Protocol.ofTemplate(entry.template()), d.recipients());
        // headers of an earlier attempt (HTTP response …) go; Camel's redelivery bookkeeping stays
        exchange.getMessage().removeHeaders("*", "CamelRedeliver*");
        destination.prepare(exchange, file);
        exchange.setProperty(P_URI, destination.endpointUri());
        exchange.setProperty("metergateDestination", destination.describe());
    }

    /** Marks the entry delivered; the message becomes the report file for {@link ReportRoutes#DELIVERED}'s consumers. */
    void delivered(Exchange exchange) {
        long id = exchange.getProperty(P_OUTBOX_ID, Long.class);
        outbox.delivered(id);
        OutboxEntry e = outbox.find(id).orElseThrow();
        exchange.getMessage().removeHeaders("*");
        if (e.file() != null) {
            exchange.getMessage().setBody(e.file().path().toFile());
            exchange.getMessage().setHeader(Exchange.FILE_NAME, e.file().fileName());
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, e.file().mediaType());
        }
        exchange.getMessage().setHeader(HEADER_REPORT, e.reportKey());
        exchange.getMessage().setHeader(HEADER_PERIOD_FROM, e.period().from().toString());
        exchange.getMessage().setHeader(HEADER_PERIOD_TO, e.period().to().toString());
        systemLog.info("report", "Report " + e.reportKey() + " (" + e.period().from() + " - " + e.period().to() + ") delivered to "
                + exchange.getProperty("metergateDestination", String.class) + " as " + (e.file() == null ? "?" : e.file().fileName())
                + " after " + e.attempts() + " attempt(s)");
    }

    /** An attempt failed: record it, and say when the next one is due (the route's redelivery rule). */
    void attemptFailed(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        long id = exchange.getProperty(P_OUTBOX_ID, Long.class);
        String key = exchange.getProperty(P_REPORT, String.class);
        int done = exchange.getProperty(P_TRY, 0, Integer.class);
        int max = exchange.getProperty(P_MAX_RETRIES, 0, Integer.class);
        long delay = exchange.getProperty(P_DELAY_MS, 0L, Long.class);
        String error = describe(cause);
        if (stale(exchange) && done < max) {
            outbox.retrying(id, error, clock.instant());
        } else if (done < max) {
            outbox.retrying(id, error, clock.instant().plusMillis(delay));
            LOG.info("Report {} delivery attempt failed ({}); retry {} of {} in {} ms", key, error, done + 1, max, delay);
        } else {
            outbox.failed(id, error);
        }
        if (stale(exchange)) {
            // the route was re-created while this attempt ran: the new instance takes the entry over
            outbox.find(id).filter(e -> e.state() == OutboxState.RETRYING).ifPresent(this::enqueue);
            return;
        }
        throw cause;
    }

    /** Retries exhausted: the values stay undelivered and go with the next report. */
    void exhausted(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        long id = exchange.getProperty(P_OUTBOX_ID, Long.class);
        String key = exchange.getProperty(P_REPORT, String.class);
        if (stale(exchange)) {
            return;
        }
        outbox.failed(id, describe(cause));
        OutboxEntry e = outbox.find(id).orElseThrow();
        systemLog.warning("report", "Report " + key + " (" + e.period().from() + " - " + e.period().to() + ") not delivered after "
                + e.attempts() + " attempt(s): " + e.lastError()
                + (ReportKind.ofKey(key) == ReportKind.SCHEDULED ? "; its values go with the next report" : ""));
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (root != t && root.getMessage() != null && !msg.contains(root.getMessage())) {
            msg += " (" + root.getMessage() + ")";
        }
        return msg;
    }

    // ---- test, download, clean-up ------------------------------------------------------------------------

    /** Renders the report's current period into a file for download (SPEC F10); the caller deletes it. */
    public ReportFile download(String key) throws ReportException {
        ReportDefinition d = definition(key);
        Instant now = clock.instant();
        return renderer.render(new RenderRequest(d.template(), reportNumber(key), currentPeriod(d, now), d.interval(), now,
                eventLines(d.template(), testEvent(d))), downloads());
    }

    /**
     * Renders the report's current period and sends it now, once, without retries and without
     * touching the outbox (SPEC F10 "send test report").
     *
     * @throws ReportException naming the destination and the cause when it was not delivered
     */
    public TestResult sendTest(String key) throws ReportException {
        ReportDefinition d = definition(key);
        ReportFile file = download(key);
        try {
            Destination destination = destinations.create(d.protocol(), d.recipients());
            Exchange exchange = new org.apache.camel.support.DefaultExchange(camel);
            destination.prepare(exchange, file);
            Exchange result = producer.send(destination.endpointUri(), exchange);
            if (result.getException() != null) {
                throw new ReportException("test report " + key + " not delivered to " + destination.describe() + ": "
                        + describe(result.getException()), result.getException());
            }
            long bytes = Files.size(file.path());
            systemLog.info("report", "Test report " + key + " sent to " + destination.describe() + " as " + file.fileName());
            return new TestResult(destination.describe(), file.fileName(), bytes);
        } catch (IOException e) {
            throw new ReportException("test report " + key + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", file.path(), e.toString());
            }
        }
    }

    private Map<String, String> testEvent(ReportDefinition d) {
        if (d.kind() == ReportKind.SCHEDULED) {
            return Map.of();
        }
        Map<String, String> event = new LinkedHashMap<>();
        event.put("event", d.kind() == ReportKind.STARTUP ? "start-up" : d.key());
        event.put("test", "true");
        if (d.kind() == ReportKind.STARTUP) {
            event.putAll(startupEvent.get());
        }
        return event;
    }

    private Path downloads() throws ReportException {
        Path dir = settings.directory().resolve("downloads");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ReportException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Deletes files of delivered (and superseded) reports older than the keep time, downloads left
     * behind, and finished outbox rows past their retention. Returns the number of files deleted.
     */
    public int cleanUp() {
        Instant now = clock.instant();
        int deleted = 0;
        for (OutboxEntry e : outbox.finishedWithFilesBefore(now.minus(settings.keepFiles()))) {
            try {
                Files.deleteIfExists(e.filePath());
                deleted++;
                Path folder = e.filePath().getParent();
                if (folder != null && folder.equals(entryDirectory(e.id()))) {
                    try {
                        Files.deleteIfExists(folder);
                    } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
                        // a stray .part of a rendering in progress: the next clean-up takes the folder
                    }
                }
            } catch (IOException ex) {
                LOG.warn("cannot delete report file {}: {}", e.filePath(), ex.toString());
                continue;
            }
            outbox.forgetFile(e.id());
        }
        Path downloads = settings.directory().resolve("downloads");
        if (Files.isDirectory(downloads)) {
            try (var files = Files.list(downloads)) {
                for (Path p : files.toList()) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofHours(1)))) {
                        Files.deleteIfExists(p);
                        deleted++;
                    }
                }
            } catch (IOException ex) {
                LOG.warn("cannot clean {}: {}", downloads, ex.toString());
            }
        }
        outbox.prune(now.minus(settings.keepEntries()));
        return deleted;
    }

    private void safely(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
            systemLog.error("report", what + " failed: " + e.getMessage());
        }
    }
}
