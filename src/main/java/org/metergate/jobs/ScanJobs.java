package org.metergate.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.metergate.bus.BusOwner;
import org.metergate.bus.FoundMeter;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.PrimaryScan;
import org.metergate.bus.ScanControl;
import org.metergate.bus.ScanProgress;
import org.metergate.bus.ScanResult;
import org.metergate.bus.SecondaryScan;
import org.metergate.mbus.Manufacturer;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterSettings;
import org.metergate.store.JobTable;
import org.metergate.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans as jobs on a bus owner (SPEC A7, issue 5 "scan → install"): a scan queues on the bus like any
 * readout (one owner per bus), reports its progress (probes, meters found, share searched, an
 * estimate) and can be cancelled, keeping what it found. The meters found become {@link MeterSettings}
 * to install.
 *
 * <p>Every scan is stored ({@link ScanRepository}): each meter when it is found, the counters at most
 * every {@link #FLUSH_INTERVAL}, the end with its conflicts. The scans of this run stay in memory for
 * their live progress; older ones, and all after a restart, are read back from the database, where a
 * scan that was queued or running when the gateway stopped says INTERRUPTED. Installing from it works
 * as from a cancelled one.
 */
public final class ScanJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ScanJobs.class);
    static final int KEPT = 20;
    /** Longest gap between two writes of a running scan's counters. */
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);
    static final String RESTARTED = "interrupted: the gateway restarted while the scan was queued or running;"
            + " the meters found so far are kept (install them, or scan again)";
    static final String STOPPED = "interrupted: the bus route stopped (gateway stopping) before the scan finished;"
            + " the meters found so far are kept";
    static final String PREFIX = "scan-";

    public enum Kind { PRIMARY, SECONDARY;

        public static Kind parse(String s) {
            return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
                case "primary" -> PRIMARY;
                case "secondary" -> SECONDARY;
                default -> throw new IllegalArgumentException("kind must be primary or secondary, got '" + s + "'");
            };
        }
    }

    /** One scan: a live one of this run, or one read back from the database. */
    public final class Scan {
        private final long seq;
        private final String busId;
        private final Kind kind;
        private final String startedBy;
        private final Instant created;
        private final boolean clearFirst;
        private final ScanControl control;
        private final List<ScannedMeter> found = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> stored = Collections.synchronizedSet(new HashSet<>());
        private volatile List<String> conflicts = List.of();
        private volatile ScanProgress progress = new ScanProgress(0, 0, 0, "");
        private volatile JobState state = JobState.QUEUED;
        private volatile long startedNanos;
        private volatile Instant started;
        private volatile Instant finished;
        private volatile Long elapsedMs;
        private volatile String error;
        private volatile CompletableFuture<ScanResult> future;
        private volatile String installJob;
        private volatile boolean cancelRequested;
        private volatile long lastFlushNanos = System.nanoTime();

        private Scan(long seq, String busId, Kind kind, String startedBy, boolean clearFirst, Instant created) {
            this.seq = seq;
            this.busId = busId;
            this.kind = kind;
            this.startedBy = startedBy;
            this.clearFirst = clearFirst;
            this.created = created;
            this.control = new ScanControl(this::progressed, this::found);
        }

        /** A scan read back from the database. */
        private Scan(ScanRepository.Stored s, List<ScannedMeter> meters, List<String> conflicts) {
            this(s.id(), s.busId(), s.kind(), s.startedBy(), s.clearFirst(), s.created());
            found.addAll(meters);
            meters.forEach(m -> stored.add(m.address()));
            this.conflicts = List.copyOf(conflicts);
            this.progress = new ScanProgress(s.probes(), s.found(), s.done(), s.at() == null ? "" : s.at());
            this.state = s.state();
            this.started = s.started();
            this.finished = s.finished();
            this.elapsedMs = s.elapsedMs();
            this.error = s.error();
            this.installJob = s.installJob();
        }

        public String id() {
            return PREFIX + seq;
        }

        public String busId() {
            return busId;
        }

        public JobState state() {
            return state;
        }

        /** The option given with the scan: its install replaces the current meter list (unless the install says otherwise). */
        public boolean clearFirst() {
            return clearFirst;
        }

        /** The meters found so far (all of them once it has ended), in the order found. */
        public List<ScannedMeter> found() {
            synchronized (found) {
                return List.copyOf(found);
            }
        }

        /** Cancels: a queued scan never runs, a running one stops at its next probe and keeps what it found. */
        public synchronized void cancel() {
            if (state.finished()) {
                return;
            }
            cancelRequested = true;
            control.cancel();
            CompletableFuture<ScanResult> f = future;
            if (state == JobState.QUEUED && f != null && f.cancel(false)) {
                end(JobState.CANCELLED, null, null);
            }
        }

        public void installedAs(String jobId) {
            this.installJob = jobId;
            repository.installedAs(seq, jobId);
        }

        /** The scan as the API shows it: progress; the meters and conflicts once it has ended. */
        public Map<String, Object> json() {
            Map<String, Object> m = summary();
            if (state.finished()) {
                m.put("meters", found().stream().map(ScannedMeter::json).toList());
                m.put("conflicts", conflicts);
            }
            return m;
        }

        /** The scan without its meters (the list of scans). */
        public Map<String, Object> summary() {
            ScanProgress p = progress;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id());
            m.put("bus", busId);
            m.put("kind", kind.name().toLowerCase(Locale.ROOT));
            m.put("state", state.name());
            m.put("clearFirst", clearFirst);
            m.put("startedBy", startedBy);
            m.put("created", created);
            m.put("started", started);
            m.put("finished", finished);
            m.put("probes", p.probes());
            m.put("found", Math.max(p.found(), found.size()));
            m.put("done", state == JobState.DONE ? 1.0 : Math.round(p.done() * 1000) / 1000.0);
            m.put("at", p.at());
            m.put("estimatedTotalProbes", p.estimatedTotalProbes());
            m.put("estimatedSecondsLeft", state == JobState.RUNNING ? secondsLeft(p) : null);
            Long ms = elapsedMs;
            m.put("elapsedSeconds", ms != null ? ms / 1000.0
                    : startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000 / 1000.0);
            if (error != null) {
                m.put("error", error);
            }
            m.put("installJob", installJob);
            return m;
        }

        private Long secondsLeft(ScanProgress p) {
            if (p.done() <= 0.001 || startedNanos == 0) {
                return null;
            }
            double elapsed = (System.nanoTime() - startedNanos) / 1e9;
            return Math.round(elapsed / p.done() * (1 - p.done()));
        }

        // ---- called on the bus owner's thread while it runs

        private void progressed(ScanProgress p) {
            progress = p;
            long now = System.nanoTime();
            if (now - lastFlushNanos >= FLUSH_INTERVAL.toNanos()) {
                lastFlushNanos = now;
                try {
                    repository.progress(seq, p.probes(), p.found(), p.done(), p.at());
                } catch (StoreException e) {
                    LOG.warn("Scan {}: progress not stored: {}", id(), e.getMessage());
                }
            }
        }

        private void found(FoundMeter f) {
            store(ScannedMeter.of(f));
        }

        /** Stores a found meter once (by address), when found or, if that write failed, at the end. */
        private void store(ScannedMeter m) {
            synchronized (found) {
                if (!stored.add(m.address())) {
                    return;
                }
                found.add(m);
                int place = found.size() - 1;
                JobTable.uninterrupted(() -> {
                    try {
                        repository.found(seq, place, m, clock.instant());
                    } catch (StoreException e) {
                        stored.remove(m.address());
                        LOG.warn("Scan {}: found meter {} not stored yet: {}", id(), m.address(), e.getMessage());
                    }
                });
            }
        }

        private void run() {
            started = clock.instant();
            startedNanos = System.nanoTime();
            state = JobState.RUNNING;
            try {
                repository.started(seq, started);
            } catch (StoreException e) {
                LOG.warn("Scan {}: start not stored: {}", id(), e.getMessage()); // its end will be
            }
        }

        private synchronized void end(JobState end, ScanResult r, String message) {
            if (state.finished()) {
                return;
            }
            if (r != null) {
                progress = new ScanProgress(r.probes(), r.meters().size(), r.cancelled() ? progress.done() : 1.0,
                        progress.at());
                conflicts = r.conflicts();
                elapsedMs = r.elapsed().toMillis();
                synchronized (found) {
                    // the result is the whole truth: anything the callbacks missed is stored now
                    List<ScannedMeter> all = r.meters().stream().map(ScannedMeter::of).toList();
                    for (ScannedMeter m : all) {
                        if (!stored.contains(m.address())) {
                            found.removeIf(x -> x.address().equals(m.address()));
                            store(m);
                        }
                    }
                }
            } else if (startedNanos != 0) {
                elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
            }
            error = message;
            finished = clock.instant();
            state = end;
            ScanProgress p = progress;
            JobTable.uninterrupted(() -> {
                try {
                    repository.finish(seq, end, finished, p.probes(), found.size(), end == JobState.DONE ? 1.0 : p.done(),
                            elapsedMs, message, conflicts);
                } catch (StoreException e) {
                    LOG.error("Scan {} ended {} but its end was not stored", id(), end, e);
                }
            });
        }
    }

    private final Clock clock;
    private final ScanRepository repository;
    private final JobTable.Retention retention;
    private final Map<Long, Scan> live = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong ids;
    private volatile boolean stopping;

    /** Marks the scans a previous run left queued or running INTERRUPTED, and applies the retention rule. */
    public ScanJobs(ScanRepository repository, JobTable.Retention retention, Clock clock) {
        this.clock = clock;
        this.repository = repository;
        this.retention = retention;
        int interrupted = ScanRepository.TABLE.interruptUnfinished(repository.db(), RESTARTED, clock.instant());
        if (interrupted > 0) {
            LOG.warn("{} scans were queued or running when the gateway stopped: marked INTERRUPTED", interrupted);
        }
        ScanRepository.TABLE.prune(repository.db(), retention, clock.instant());
        this.ids = new AtomicLong(ScanRepository.TABLE.maxId(repository.db()));
    }

    /** The gateway is stopping: scans that end now were interrupted, not cancelled or failed. */
    public void stopping() {
        stopping = true;
    }

    /**
     * Queues a scan on the bus owner. Primary scans cover {@code from..to}; secondary scans the whole id
     * space. {@code clearFirst} is remembered for the install of what it finds.
     */
    public Scan start(BusOwner owner, Kind kind, int from, int to, String startedBy, boolean clearFirst) {
        if (kind == Kind.PRIMARY && (from < 0 || to > 250 || from > to)) {
            throw new IllegalArgumentException("primary scan range must lie within 0..250");
        }
        Scan scan = new Scan(ids.incrementAndGet(), owner.id(), kind, startedBy, clearFirst, clock.instant());
        repository.create(new ScanRepository.Stored(scan.seq, scan.busId, kind, kind == Kind.PRIMARY ? from : null,
                kind == Kind.PRIMARY ? to : null, clearFirst, JobState.QUEUED, startedBy, scan.created, null, null, 0, 0,
                0, null, null, null, null));
        synchronized (live) {
            live.put(scan.seq, scan);
            live.entrySet().removeIf(e -> live.size() > KEPT && e.getValue().state.finished());
        }
        pruneQuietly();
        synchronized (scan) {
            scan.future = owner.submit(kind.name().toLowerCase(Locale.ROOT) + " scan", m -> {
                scan.run();
                return kind == Kind.PRIMARY ? new PrimaryScan(m).run(from, to, scan.control)
                        : new SecondaryScan(m, SecondaryScan.Digits.HEX).run(scan.control);
            });
        }
        scan.future.whenComplete((r, e) -> ended(scan, r, e));
        return scan;
    }

    private void ended(Scan scan, ScanResult r, Throwable e) {
        if (e == null) {
            if (!r.cancelled()) {
                scan.end(JobState.DONE, r, null);
            } else if (scan.cancelRequested) {
                scan.end(JobState.CANCELLED, r, null);
            } else {
                // nobody asked: the bus owner was interrupted, i.e. its route (or the gateway) stopped
                scan.end(JobState.INTERRUPTED, r, STOPPED);
            }
            return;
        }
        if (scan.cancelRequested && e instanceof CancellationException) {
            scan.end(JobState.CANCELLED, null, null);
        } else if (stopping || e instanceof InterruptedException || e instanceof CancellationException
                || (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("closed"))) {
            scan.end(JobState.INTERRUPTED, null, STOPPED);
        } else {
            scan.end(JobState.FAILED, null, e.getMessage());
        }
    }

    private void pruneQuietly() {
        try {
            ScanRepository.TABLE.prune(repository.db(), retention, clock.instant());
        } catch (StoreException e) {
            LOG.warn("Scan history not pruned: {}", e.getMessage());
        }
    }

    /** A scan of this run or, by its id, from the database (also from before a restart). */
    public Optional<Scan> find(String id) {
        Optional<Long> seq = seq(id);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        Scan scan = live.get(seq.get());
        if (scan != null) {
            return Optional.of(scan);
        }
        return repository.find(seq.get()).map(s -> new Scan(s, repository.foundMeters(s.id()), repository.conflicts(s.id())));
    }

    /** A page of scans, newest first, without their meters; the live ones with their live progress. */
    public List<Scan> list(int offset, int limit) {
        List<Scan> out = new ArrayList<>();
        for (ScanRepository.Stored s : repository.list(offset, limit)) {
            Scan scan = live.get(s.id());
            out.add(scan != null ? scan : new Scan(s, List.of(), List.of()));
        }
        return out;
    }

    public long count() {
        return repository.count();
    }

    static Optional<Long> seq(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(id.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The meters a scan found, as settings to install on its bus at {@code baud}. */
    public static List<MeterSettings> toInstall(Scan scan, int baud) {
        List<MeterSettings> out = new ArrayList<>();
        for (ScannedMeter f : scan.found()) {
            out.add(settings(f, scan.busId(), baud));
        }
        return out;
    }

    static MeterSettings settings(ScannedMeter f, String busId, int baud) {
        String manufacturer = f.manufacturer();
        Integer version = f.version();
        Integer medium = f.medium();
        MeterAddress address = MeterAddress.parse(f.address());
        if (address instanceof MeterAddress.Primary p) {
            String id = f.id();
            String name = "Meter " + p.address() + (id == null ? "" : " (" + id + ")");
            return new MeterSettings(name, AddressingMode.PRIMARY, p.address(), id, manufacturer, version, medium, null, null,
                    busId, baud, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null);
        }
        SecondaryAddress a = ((MeterAddress.Secondary) address).address();
        if (manufacturer == null && a.manufacturer() != SecondaryAddress.ANY_MANUFACTURER) {
            manufacturer = Manufacturer.decode(a.manufacturer());
        }
        if (version == null && a.version() != SecondaryAddress.ANY) {
            version = a.version();
        }
        if (medium == null && a.medium() != SecondaryAddress.ANY) {
            medium = a.medium();
        }
        String name = (f.hasHeader() ? f.mediumName() : "Meter") + " " + a.id();
        return new MeterSettings(name, AddressingMode.SECONDARY, null, a.id(), manufacturer, version, medium, null, null,
                busId, baud, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null);
    }
}
