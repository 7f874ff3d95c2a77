package org.metergate.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
import org.metergate.mbus.Header;
import org.metergate.mbus.Manufacturer;
import org.metergate.mbus.SecondaryAddress;
import org.metergate.meters.AddressingMode;
import org.metergate.meters.MeterSettings;

/**
 * Scans as jobs on a bus owner (SPEC A7, issue 5 "scan → install"): a scan queues on the bus like any
 * readout (one owner per bus), reports its progress (probes, meters found, share searched, an
 * estimate) and can be cancelled, keeping what it found. The meters found become {@link MeterSettings}
 * to install. The last {@value #KEPT} scans are kept in memory.
 */
public final class ScanJobs {

    static final int KEPT = 20;

    public enum Kind { PRIMARY, SECONDARY;

        public static Kind parse(String s) {
            return switch (s == null ? "" : s.trim().toLowerCase(Locale.ROOT)) {
                case "primary" -> PRIMARY;
                case "secondary" -> SECONDARY;
                default -> throw new IllegalArgumentException("kind must be primary or secondary, got '" + s + "'");
            };
        }
    }

    /** One scan. */
    public final class Scan {
        private final String id;
        private final String busId;
        private final Kind kind;
        private final String startedBy;
        private final Instant created;
        private final ScanControl control;
        private volatile ScanProgress progress = new ScanProgress(0, 0, 0, "");
        private volatile JobState state = JobState.QUEUED;
        private volatile long startedNanos;
        private volatile Instant started;
        private volatile ScanResult result;
        private volatile String error;
        private volatile CompletableFuture<ScanResult> future;
        private volatile String installJob;
        private final boolean clearFirst;

        Scan(String id, String busId, Kind kind, String startedBy, boolean clearFirst) {
            this.id = id;
            this.busId = busId;
            this.kind = kind;
            this.startedBy = startedBy;
            this.clearFirst = clearFirst;
            this.created = clock.instant();
            this.control = new ScanControl(p -> progress = p);
        }

        public String id() {
            return id;
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

        public Optional<ScanResult> result() {
            return Optional.ofNullable(result);
        }

        /** Cancels: a queued scan never runs, a running one stops at its next probe and keeps what it found. */
        public synchronized void cancel() {
            control.cancel();
            CompletableFuture<ScanResult> f = future;
            if (state == JobState.QUEUED && f != null && f.cancel(false)) {
                state = JobState.CANCELLED;
                result = new ScanResult(List.of(), 0, List.of(), true, Duration.ZERO);
            }
        }

        public void installedAs(String jobId) {
            this.installJob = jobId;
        }

        /** The scan as the API shows it. */
        public Map<String, Object> json() {
            ScanProgress p = progress;
            ScanResult r = result;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("bus", busId);
            m.put("kind", kind.name().toLowerCase(Locale.ROOT));
            m.put("state", state.name());
            m.put("clearFirst", clearFirst);
            m.put("startedBy", startedBy);
            m.put("created", created);
            m.put("started", started);
            m.put("probes", r != null ? r.probes() : p.probes());
            m.put("found", r != null ? r.meters().size() : p.found());
            m.put("done", r != null && !r.cancelled() ? 1.0 : Math.round(p.done() * 1000) / 1000.0);
            m.put("at", p.at());
            m.put("estimatedTotalProbes", p.estimatedTotalProbes());
            m.put("estimatedSecondsLeft", state == JobState.RUNNING ? secondsLeft(p) : null);
            m.put("elapsedSeconds", r != null ? r.elapsed().toMillis() / 1000.0
                    : startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000 / 1000.0);
            if (error != null) {
                m.put("error", error);
            }
            if (r != null) {
                List<Map<String, Object>> meters = new ArrayList<>();
                for (FoundMeter f : r.meters()) {
                    meters.add(found(f));
                }
                m.put("meters", meters);
                m.put("conflicts", r.conflicts());
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
    }

    private final Clock clock;
    private final Map<String, Scan> scans = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong ids = new AtomicLong();

    public ScanJobs(Clock clock) {
        this.clock = clock;
    }

    /**
     * Queues a scan on the bus owner. Primary scans cover {@code from..to}; secondary scans the whole id
     * space. {@code clearFirst} is remembered for the install of what it finds.
     */
    public Scan start(BusOwner owner, Kind kind, int from, int to, String startedBy, boolean clearFirst) {
        if (kind == Kind.PRIMARY && (from < 0 || to > 250 || from > to)) {
            throw new IllegalArgumentException("primary scan range must lie within 0..250");
        }
        Scan scan = new Scan("scan-" + ids.incrementAndGet(), owner.id(), kind, startedBy, clearFirst);
        synchronized (scans) {
            scans.put(scan.id, scan);
            scans.entrySet().removeIf(e -> scans.size() > KEPT && e.getValue().state.finished());
        }
        synchronized (scan) {
            scan.future = owner.submit(kind.name().toLowerCase(Locale.ROOT) + " scan", m -> {
                scan.started = clock.instant();
                scan.startedNanos = System.nanoTime();
                scan.state = JobState.RUNNING;
                return kind == Kind.PRIMARY ? new PrimaryScan(m).run(from, to, scan.control)
                        : new SecondaryScan(m, SecondaryScan.Digits.HEX).run(scan.control);
            });
        }
        scan.future.whenComplete((r, e) -> {
            if (e != null) {
                if (scan.state != JobState.CANCELLED) {
                    scan.error = e.getMessage();
                    scan.state = JobState.FAILED;
                }
                return;
            }
            scan.result = r;
            scan.state = r.cancelled() ? JobState.CANCELLED : JobState.DONE;
        });
        return scan;
    }

    public Optional<Scan> find(String id) {
        return Optional.ofNullable(scans.get(id));
    }

    /** The meters a finished scan found, as settings to install on its bus at {@code baud}. */
    public static List<MeterSettings> toInstall(Scan scan, int baud) {
        List<MeterSettings> out = new ArrayList<>();
        for (FoundMeter f : scan.result().map(ScanResult::meters).orElse(List.of())) {
            out.add(settings(f, scan.busId(), baud));
        }
        return out;
    }

    static MeterSettings settings(FoundMeter f, String busId, int baud) {
        Header h = f.header();
        String manufacturer = h == null ? null : h.manufacturer();
        Integer version = h == null || h.version() < 0 ? null : h.version();
        Integer medium = h == null || h.medium() < 0 ? null : h.medium();
        if (f.address() instanceof MeterAddress.Primary p) {
            String id = h == null ? null : h.id();
            String name = "Meter " + p.address() + (id == null ? "" : " (" + id + ")");
            return new MeterSettings(name, AddressingMode.PRIMARY, p.address(), id, manufacturer, version, medium, null, null,
                    busId, baud, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null);
        }
        SecondaryAddress a = ((MeterAddress.Secondary) f.address()).address();
        if (manufacturer == null && a.manufacturer() != SecondaryAddress.ANY_MANUFACTURER) {
            manufacturer = Manufacturer.decode(a.manufacturer());
        }
        if (version == null && a.version() != SecondaryAddress.ANY) {
            version = a.version();
        }
        if (medium == null && a.medium() != SecondaryAddress.ANY) {
            medium = a.medium();
        }
        String name = (h == null ? "Meter" : h.mediumName()) + " " + a.id();
        return new MeterSettings(name, AddressingMode.SECONDARY, null, a.id(), manufacturer, version, medium, null, null,
                busId, baud, true, true, MeterSettings.DEFAULT_MAX_TELEGRAMS, null, null, null, null);
    }

    private static Map<String, Object> found(FoundMeter f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", f.address().toString());
        Header h = f.header();
        if (h != null) {
            m.put("id", h.id());
            m.put("manufacturer", h.manufacturer());
            m.put("version", h.version() < 0 ? null : h.version());
            m.put("medium", h.mediumName());
            m.put("status", h.status() < 0 ? null : String.format("%02X", h.status()));
        }
        return m;
    }
}
