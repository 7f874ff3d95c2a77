package org.metergate.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
import org.metergate.bus.BusTiming;
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
        private final ScanPlan plan;
        private final List<ScanPlan.Step> steps;
        private final String startedBy;
        private final Instant created;
        private final ScanControl control;
        private final Map<String, BusOwner> owners;
        /** Found meters in the order found; guards itself and the sets below. */
        private final List<ScannedMeter> found = new ArrayList<>();
        /** Bus + address of every meter seen (kept or a duplicate), so a repeated report is ignored. */
        private final Set<String> seen = new HashSet<>();
        /** Bus + address of the found meters written to scan_found. */
        private final Set<String> persisted = new HashSet<>();
        /** Identity → where it was found first (the find that is kept). */
        private final Map<String, String> identities = new HashMap<>();
        private final List<String> conflicts = Collections.synchronizedList(new ArrayList<>());
        private volatile ScanProgress progress = new ScanProgress(0, 0, 0, "");
        private volatile JobState state = JobState.QUEUED;
        private volatile long startedNanos;
        private volatile Instant started;
        private volatile Instant finished;
        private volatile Long elapsedMs;
        private volatile String error;
        private volatile String installJob;
        private volatile String installError;
        private volatile boolean cancelRequested;
        private volatile boolean limitReached;
        private volatile long lastFlushNanos = System.nanoTime();
        /** The step queued or running now. */
        private volatile int step;
        // guarded by this: the current step's future, whether its bus-level job has begun, the probes of earlier steps
        private CompletableFuture<ScanResult> future;
        private boolean stepRunning;
        private long probesBefore;
        private final List<String> failures = new ArrayList<>();
        private final Set<String> deadBuses = new HashSet<>();

        private Scan(long seq, ScanPlan plan, String startedBy, Instant created, Map<String, BusOwner> owners) {
            this.seq = seq;
            this.plan = plan;
            this.steps = plan.steps();
            this.startedBy = startedBy;
            this.created = created;
            this.owners = owners;
            this.control = new ScanControl(this::progressed, this::found);
        }

        /** A scan read back from the database. */
        private Scan(ScanRepository.Stored s, List<ScannedMeter> meters, List<String> conflicts) {
            this(s.id(), s.effectivePlan(), s.startedBy(), s.created(), Map.of());
            for (ScannedMeter m : meters) {
                found.add(m);
                seen.add(key(m));
                persisted.add(key(m));
            }
            this.conflicts.addAll(conflicts);
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

        /** The (first) bus scanned: the bus of a simple scan. */
        public String busId() {
            return plan.buses().get(0);
        }

        public ScanPlan plan() {
            return plan;
        }

        public JobState state() {
            return state;
        }

        /** The option given with the scan: its install replaces the current meter list (unless the install says otherwise). */
        public boolean clearFirst() {
            return plan.clearFirst();
        }

        /** The meters found so far (all of them once it has ended), in the order found, each once. */
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
            // a step not yet begun on its bus leaves the queue at once (its future ends the job as CANCELLED);
            // a running one stops at its next probe
            if (!stepRunning && future != null) {
                future.cancel(false);
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
                m.put("conflicts", List.copyOf(conflicts));
            }
            return m;
        }

        /** The scan without its meters (the list of scans). */
        public Map<String, Object> summary() {
            ScanProgress p = progress;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id());
            m.put("bus", busId());
            m.put("kind", plan.modes().get(0).name().toLowerCase(Locale.ROOT));
            if (plan.advanced()) {
                m.put("buses", plan.buses());
                m.put("modes", plan.modes().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
                m.put("baud", plan.baud());
                m.put("maxMeters", plan.maxMeters());
                m.put("autoInstall", plan.autoInstall());
            }
            m.put("state", state.name());
            m.put("clearFirst", plan.clearFirst());
            m.put("startedBy", startedBy);
            m.put("created", created);
            m.put("started", started);
            m.put("finished", finished);
            m.put("probes", p.probes());
            m.put("found", Math.max(p.found(), size()));
            m.put("done", state == JobState.DONE ? 1.0 : Math.round(p.done() * 1000) / 1000.0);
            m.put("at", p.at());
            if (steps.size() > 1 && !state.finished()) {
                int i = Math.min(step, steps.size() - 1);
                ScanPlan.Step s = steps.get(i);
                m.put("step", Map.of("index", i + 1, "of", steps.size(), "bus", s.bus(),
                        "mode", s.mode().name().toLowerCase(Locale.ROOT)));
            }
            m.put("estimatedTotalProbes", p.estimatedTotalProbes());
            m.put("estimatedSecondsLeft", state == JobState.RUNNING ? secondsLeft(p) : null);
            Long ms = elapsedMs;
            m.put("elapsedSeconds", ms != null ? ms / 1000.0
                    : startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000 / 1000.0);
            if (limitReached) {
                m.put("limitReached", true);
            }
            if (error != null) {
                m.put("error", error);
            }
            m.put("installJob", installJob);
            if (installError != null) {
                m.put("installError", installError);
            }
            return m;
        }

        private int size() {
            synchronized (found) {
                return found.size();
            }
        }

        private Long secondsLeft(ScanProgress p) {
            if (p.done() <= 0.001 || startedNanos == 0) {
                return null;
            }
            double elapsed = (System.nanoTime() - startedNanos) / 1e9;
            return Math.round(elapsed / p.done() * (1 - p.done()));
        }

        // ---- called on the bus owner's thread while a step runs

        /** A bus-level scan's progress as a share of the whole job (every step weighs the same). */
        private void progressed(ScanProgress p) {
            long probes;
            synchronized (this) {
                probes = probesBefore + p.probes();
            }
            ScanProgress whole = new ScanProgress(probes, size(), Math.min(1.0, (step + p.done()) / steps.size()), p.at());
            progress = whole;
            long now = System.nanoTime();
            if (now - lastFlushNanos >= FLUSH_INTERVAL.toNanos()) {
                lastFlushNanos = now;
                try {
                    repository.progress(seq, whole.probes(), whole.found(), whole.done(), whole.at());
                } catch (StoreException e) {
                    LOG.warn("Scan {}: progress not stored: {}", id(), e.getMessage());
                }
            }
        }

        private void found(FoundMeter f) {
            ScanPlan.Step s = steps.get(step);
            accept(ScannedMeter.of(f, s.bus()), s);
        }

        /**
         * Keeps a found meter once. The first step that finds a meter wins (an earlier mode on the same bus,
         * an earlier bus in the list); a later find of the same identity is noted in the conflicts. Beyond
         * maxMeters nothing is kept, and reaching it stops the scan.
         */
        private void accept(ScannedMeter m, ScanPlan.Step where) {
            synchronized (found) {
                if (state.finished() || !seen.add(key(m))) {
                    return;
                }
                if (plan.maxMeters() != null && found.size() >= plan.maxMeters()) {
                    return;
                }
                String identity = m.identity();
                if (identity != null) {
                    String first = identities.putIfAbsent(identity, place(m, where));
                    if (first != null) {
                        conflicts.add("meter " + m.id() + " (" + m.manufacturer() + ") found again by the " + place(m, where)
                                + ": kept as found first, by the " + first);
                        return;
                    }
                }
                found.add(m);
                persist(m, found.size() - 1);
                if (plan.maxMeters() != null && found.size() >= plan.maxMeters()) {
                    limitReached = true;
                    control.cancel();
                }
            }
        }

        private static String place(ScannedMeter m, ScanPlan.Step where) {
            return where.describe() + " at address " + m.address();
        }

        /** Writes a found meter when found; if that write fails it is tried again at the end. */
        private void persist(ScannedMeter m, int place) {
            JobTable.uninterrupted(() -> {
                try {
                    repository.found(seq, place, m, clock.instant());
                    persisted.add(key(m));
                } catch (StoreException e) {
                    LOG.warn("Scan {}: found meter {} not stored yet: {}", id(), m.address(), e.getMessage());
                }
            });
        }

        /** Queues step {@code i} on its bus, or ends the job when none is left (or it was stopped). */
        private void next(int i) {
            int at = i;
            while (at < steps.size() && deadBuses.contains(steps.get(at).bus())) {
                at++; // a bus whose scan failed (e.g. its converter is unreachable) is not tried in the next mode
            }
            if (at >= steps.size() || control.isCancelled()) {
                endAfterSteps();
                return;
            }
            int index = at;
            ScanPlan.Step s = steps.get(index);
            CompletableFuture<ScanResult> f;
            synchronized (this) {
                step = index;
                f = owners.get(s.bus()).submit(s.describe(), m -> {
                    synchronized (this) {
                        if (cancelRequested) {
                            return new ScanResult(List.of(), 0, List.of(), true, Duration.ZERO);
                        }
                        stepRunning = true;
                    }
                    if (started == null) {
                        run();
                    }
                    // SPEC A7: the scan's own speed, when it asks for one (the job started at the bus default)
                    Integer baud = plan.baud();
                    boolean ownSpeed = baud != null && baud != m.transport().defaultBaud();
                    if (ownSpeed && !m.transport().canSwitchBaud()) {
                        throw new java.io.IOException(m.transport().describe() + " runs at a fixed "
                                + m.transport().defaultBaud() + " baud: cannot scan at " + baud + " baud");
                    }
                    BusTiming busTiming = m.timing();
                    if (ownSpeed) {
                        m.useBaud(baud);
                        m.setTiming(m.timingFor(baud, false));
                    }
                    try {
                        return s.mode() == Kind.PRIMARY ? new PrimaryScan(m).run(plan.from(), plan.to(), control)
                                : new SecondaryScan(m, SecondaryScan.Digits.HEX).run(control);
                    } finally {
                        if (ownSpeed) {
                            m.setTiming(busTiming);
                            m.restoreDefaultBaud();
                        }
                    }
                });
                future = f;
            }
            f.whenComplete((r, e) -> stepEnded(index, r, e));
        }

        private void stepEnded(int index, ScanResult r, Throwable e) {
            ScanPlan.Step s = steps.get(index);
            synchronized (this) {
                stepRunning = false;
            }
            if (e == null) {
                synchronized (this) {
                    probesBefore += r.probes();
                }
                // the result is the whole truth: anything the callbacks missed is kept now
                r.meters().forEach(f -> accept(ScannedMeter.of(f, s.bus()), s));
                String prefix = plan.buses().size() > 1 ? "bus " + s.bus() + ": " : "";
                r.conflicts().forEach(c -> conflicts.add(prefix + c));
                if (!r.cancelled()) {
                    next(index + 1);
                } else if (limitReached || cancelRequested) {
                    endAfterSteps();
                } else {
                    // nobody asked: the bus owner was interrupted, i.e. its route (or the gateway) stopped
                    end(JobState.INTERRUPTED, STOPPED);
                }
                return;
            }
            if (cancelRequested && e instanceof CancellationException) {
                end(JobState.CANCELLED, null);
            } else if (stopping || e instanceof InterruptedException || e instanceof CancellationException
                    || (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("closed"))) {
                end(JobState.INTERRUPTED, STOPPED);
            } else {
                // one interface failing does not lose the others: noted, its other modes skipped, the next bus scanned
                String failure = s.describe() + " failed: " + e.getMessage();
                failures.add(failure);
                deadBuses.add(s.bus());
                conflicts.add(failure);
                LOG.warn("Scan {}: {}", id(), failure);
                next(index + 1);
            }
        }

        /** Every step has run (or the scan was cancelled or reached maxMeters between steps). */
        private void endAfterSteps() {
            if (limitReached) {
                end(JobState.DONE, null);
            } else if (cancelRequested) {
                end(JobState.CANCELLED, null);
            } else if (deadBuses.size() == plan.buses().size()) {
                end(JobState.FAILED, String.join("; ", failures)); // no bus could be scanned at all
            } else {
                end(JobState.DONE, null);
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

        private void end(JobState end, String message) {
            synchronized (this) {
                if (state.finished()) {
                    return;
                }
                ScanProgress p = progress;
                long probes = Math.max(p.probes(), probesBefore);
                if (startedNanos != 0) {
                    elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
                }
                error = message;
                finished = clock.instant();
                int count;
                synchronized (found) {
                    for (int i = 0; i < found.size(); i++) {
                        if (!persisted.contains(key(found.get(i)))) {
                            persist(found.get(i), i);
                        }
                    }
                    count = found.size();
                    progress = new ScanProgress(probes, count, end == JobState.DONE ? 1.0 : p.done(), p.at());
                    state = end;
                }
                ScanProgress last = progress;
                List<String> all = List.copyOf(conflicts);
                JobTable.uninterrupted(() -> {
                    try {
                        repository.finish(seq, end, finished, last.probes(), count, last.done(), elapsedMs, message, all);
                    } catch (StoreException e) {
                        LOG.error("Scan {} ended {} but its end was not stored", id(), end, e);
                    }
                });
            }
            autoInstall();
        }

        /**
         * Hands what a finished or cancelled scan with autoInstall found to the installation (C2). Nothing
         * found: nothing installed and, with clearFirst, nothing removed. An interrupted or failed scan is not
         * installed on its own (install it by hand, also after the restart).
         */
        private void autoInstall() {
            ScanInstaller i = installer;
            if (!plan.autoInstall() || i == null || size() == 0 || (state != JobState.DONE && state != JobState.CANCELLED)) {
                return;
            }
            try {
                i.install(this, plan.clearFirst(), null, startedBy, true);
            } catch (RuntimeException e) {
                installError = e.getMessage();
                LOG.error("Scan {}: automatic install failed", id(), e);
            }
        }
    }

    static String key(ScannedMeter m) {
        return (m.bus() == null ? "" : m.bus()) + "/" + m.address();
    }

    private final Clock clock;
    private volatile ScanInstaller installer;
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

    /** Installs what scans with autoInstall find, when they end (set once the installation is wired). */
    public void autoInstallWith(ScanInstaller installer) {
        this.installer = installer;
    }

    /**
     * Queues a scan on the bus owner. Primary scans cover {@code from..to}; secondary scans the whole id
     * space. {@code clearFirst} is remembered for the install of what it finds.
     */
    public Scan start(BusOwner owner, Kind kind, int from, int to, String startedBy, boolean clearFirst) {
        if (kind == Kind.PRIMARY && (from < 0 || to > 250 || from > to)) {
            throw new IllegalArgumentException("primary scan range must lie within 0..250");
        }
        return start(Map.of(owner.id(), owner), ScanPlan.simple(owner.id(), kind, from, to, clearFirst), startedBy);
    }

    /**
     * Queues a scan job: its steps (bus by bus, on each the modes in order) run one after another, each
     * queued on its bus's owner when the one before has ended, so other jobs on that bus run between them.
     *
     * @param owners the owner of every bus of the plan
     */
    public Scan start(Map<String, BusOwner> owners, ScanPlan plan, String startedBy) {
        for (String bus : plan.buses()) {
            if (!owners.containsKey(bus)) {
                throw new IllegalArgumentException("no owner for bus '" + bus + "'");
            }
        }
        Scan scan = new Scan(ids.incrementAndGet(), plan, startedBy, clock.instant(), Map.copyOf(owners));
        boolean primary = plan.modes().contains(Kind.PRIMARY);
        repository.create(new ScanRepository.Stored(scan.seq, scan.busId(), plan.modes().get(0),
                primary ? plan.from() : null, primary ? plan.to() : null, plan.clearFirst(), JobState.QUEUED, startedBy,
                scan.created, null, null, 0, 0, 0, null, null, null, null, plan.advanced() ? plan : null));
        synchronized (live) {
            live.put(scan.seq, scan);
            live.entrySet().removeIf(e -> live.size() > KEPT && e.getValue().state.finished());
        }
        pruneQuietly();
        scan.next(0);
        return scan;
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
        return toInstall(scan, bus -> baud);
    }

    /** The meters a scan found, each on the bus it was found on, at the baud {@code baudOf} gives for that bus. */
    public static List<MeterSettings> toInstall(Scan scan, java.util.function.ToIntFunction<String> baudOf) {
        List<MeterSettings> out = new ArrayList<>();
        for (ScannedMeter f : scan.found()) {
            String bus = f.bus() != null ? f.bus() : scan.busId();
            out.add(settings(f, bus, baudOf.applyAsInt(bus)));
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
