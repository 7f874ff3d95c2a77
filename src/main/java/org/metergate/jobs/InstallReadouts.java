package org.metergate.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.metergate.bus.BaudGroups;
import org.metergate.bus.BusOwner;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.bus.RetryingReadout;
import org.metergate.mbus.Header;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterStatus;
import org.metergate.store.JobTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation readout (SPEC C2): after meters are installed (a list or a scan), each newly
 * installed active meter is read once through its bus owner — the same queue as the scheduled
 * readouts, never a second connection — with the manual job retries (SPEC D5). Its manufacturer,
 * version and medium are recorded on the meter, its status set, and the readout passes the readout
 * pipeline like any other (stored, published). Jobs run one after another on a thread of their own.
 *
 * <p>Every job is stored ({@link InstallRepository}) with one row per meter, updated as each is read;
 * the jobs of this run stay in memory too (the last {@value #KEPT}). A job that was queued or running
 * when the gateway stopped says INTERRUPTED afterwards and lists the meters it did not read
 * ({@code notRead}); it is never resumed on its own.
 */
public final class InstallReadouts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstallReadouts.class);
    static final int KEPT = 20;
    static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    static final String PREFIX = "install-";
    static final String RESTARTED = "interrupted: the gateway restarted before every meter was read; the meters not"
            + " read are listed under notRead (read them with POST /api/meters/{id}/read)";
    static final String STOPPED = "interrupted: the gateway stopped before every meter was read; the meters not"
            + " read are listed under notRead (read them with POST /api/meters/{id}/read)";

    /** One meter's outcome ({@code at}: when it was read; null while pending). */
    public record Item(long meterId, String name, String busId, String result, String message, String manufacturer,
                       Integer version, String medium, Instant at) {}

    /** An installation readout job: a live one of this run, or one read back from the database. */
    public static final class Job {
        private final long seq;
        private final Instant created;
        private final String startedBy;
        private final int total;
        private final List<Item> items = Collections.synchronizedList(new ArrayList<>());
        private final List<Item> pending = Collections.synchronizedList(new ArrayList<>());
        private volatile JobState state = JobState.QUEUED;
        private volatile boolean cancelled;
        private volatile Instant finished;
        private volatile String message;

        Job(long seq, Instant created, String startedBy, int total) {
            this.seq = seq;
            this.created = created;
            this.startedBy = startedBy;
            this.total = total;
        }

        static Job restored(InstallRepository.Stored s, List<Item> stored) {
            Job job = new Job(s.id(), s.created(), s.startedBy(), s.total());
            job.state = s.state();
            job.finished = s.finished();
            job.message = s.message();
            for (Item i : stored) {
                (i.result().equals(InstallRepository.PENDING) ? job.pending : job.items).add(i);
            }
            return job;
        }

        public String id() {
            return PREFIX + seq;
        }

        public JobState state() {
            return state;
        }

        public List<Item> items() {
            synchronized (items) {
                return List.copyOf(items);
            }
        }

        public void cancel() {
            cancelled = true;
        }

        /** The job as the API shows it. */
        public Map<String, Object> json() {
            Map<String, Object> m = summary();
            m.put("meters", items());
            List<Map<String, Object>> notRead = new ArrayList<>();
            synchronized (pending) {
                for (Item i : pending) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("meterId", i.meterId());
                    x.put("name", i.name());
                    x.put("busId", i.busId());
                    notRead.add(x);
                }
            }
            m.put("notRead", notRead);
            return m;
        }

        /** Without the meters (the list of jobs). */
        public Map<String, Object> summary() {
            List<Item> done = items();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id());
            m.put("state", state.name());
            m.put("created", created);
            m.put("finished", finished);
            m.put("startedBy", startedBy);
            m.put("total", total);
            m.put("done", done.size());
            m.put("ok", done.stream().filter(i -> i.result().equals("ok")).count());
            m.put("failed", done.stream().filter(i -> i.result().equals("error")).count());
            m.put("skipped", done.stream().filter(i -> i.result().equals("skipped")).count());
            m.put("message", message);
            return m;
        }
    }

    private final MeterRegistry registry;
    private final BusAccess buses;
    private final Supplier<RetryPolicy> retries;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "install-readout");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final InstallRepository repository;
    private final JobTable.Retention retention;
    private final AtomicLong ids;
    private volatile boolean stopping;

    /** Marks the jobs a previous run left queued or running INTERRUPTED, and applies the retention rule. */
    public InstallReadouts(MeterRegistry registry, BusAccess buses, Supplier<RetryPolicy> retries, InstallRepository repository,
            JobTable.Retention retention, Clock clock) {
        this.registry = registry;
        this.buses = buses;
        this.retries = retries;
        this.repository = repository;
        this.retention = retention;
        this.clock = clock;
        int interrupted = InstallRepository.TABLE.interruptUnfinished(repository.db(), RESTARTED, clock.instant());
        if (interrupted > 0) {
            LOG.warn("{} installation readouts were unfinished when the gateway stopped: marked INTERRUPTED", interrupted);
        }
        InstallRepository.TABLE.prune(repository.db(), retention, clock.instant());
        ids = new AtomicLong(InstallRepository.TABLE.maxId(repository.db()));
    }

    /** The gateway is stopping: the running job ends INTERRUPTED, leaving the meters not yet read pending. */
    public void stopping() {
        stopping = true;
    }

    /** Starts reading the given (just installed) meters; returns at once with the job to watch. */
    public Job start(List<Meter> meters, String startedBy) {
        Job job = new Job(ids.incrementAndGet(), clock.instant(), startedBy, meters.size());
        repository.create(job.seq, startedBy, meters, job.created);
        for (Meter m : meters) {
            job.pending.add(new Item(m.id(), m.settings().name(), m.settings().busId(), InstallRepository.PENDING, null,
                    m.settings().manufacturer(), m.settings().version(), null, null));
        }
        try {
            InstallRepository.TABLE.prune(repository.db(), retention, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Installation readout history not pruned: {}", e.getMessage());
        }
        synchronized (jobs) {
            jobs.put(job.seq, job);
            while (jobs.size() > KEPT) {
                Long oldest = jobs.keySet().iterator().next();
                if (!jobs.get(oldest).state.finished()) {
                    break;
                }
                jobs.remove(oldest);
            }
        }
        worker.execute(() -> run(job, meters));
        return job;
    }

    /** A job of this run or, by its id, from the database (also from before a restart). */
    public Optional<Job> find(String id) {
        if (id == null || !id.startsWith(PREFIX)) {
            return Optional.empty();
        }
        long seq;
        try {
            seq = Long.parseLong(id.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Job live = jobs.get(seq);
        return live != null ? Optional.of(live) : repository.find(seq).map(this::restore);
    }

    /** The newest job (ids only grow, also across restarts). */
    public Optional<Job> latest() {
        return repository.list(0, 1).stream().findFirst().map(s -> {
            Job live = jobs.get(s.id());
            return live != null ? live : restore(s);
        });
    }

    /** A page of jobs, newest first (their summaries need no meters). */
    public List<Job> list(int offset, int limit) {
        List<Job> out = new ArrayList<>();
        for (InstallRepository.Stored s : repository.list(offset, limit)) {
            Job live = jobs.get(s.id());
            out.add(live != null ? live : restore(s));
        }
        return out;
    }

    public long count() {
        return repository.count();
    }

    private Job restore(InstallRepository.Stored s) {
        return Job.restored(s, repository.items(s.id()));
    }

    private void run(Job job, List<Meter> meters) {
        job.state = JobState.RUNNING;
        JobState end;
        try {
            storeState(job, null);
            SpeedCycle cycle = new SpeedCycle();
            try {
                for (int i : readOrder(meters)) {
                    if (job.cancelled || stopping) {
                        break;
                    }
                    Meter meter = meters.get(i);
                    cycle.next(meter);
                    Item item = readOne(job, meter);
                    if (stopping) {
                        break; // its readout was cut short by the stop: it stays "not read", not an error
                    }
                    job.items.add(item);
                    removeFirst(job.pending, meter.id());
                    try {
                        repository.item(job.seq, i, item, item.at());
                    } catch (RuntimeException e) {
                        // the meter was read and its readout stored; only the job's record of it is missing
                        LOG.warn("Installation readout {}: meter {} not recorded: {}", job.id(), item.meterId(), e.getMessage());
                    }
                }
            } finally {
                cycle.end();
            }
            end = stopping ? JobState.INTERRUPTED : job.cancelled ? JobState.CANCELLED : JobState.DONE;
        } catch (InterruptedException e) {
            end = stopping ? JobState.INTERRUPTED : JobState.CANCELLED;
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Installation readout {} failed", job.id(), e);
            end = JobState.FAILED;
            job.message = "failed: " + e.getMessage();
        }
        job.finished = clock.instant();
        if (end == JobState.INTERRUPTED) {
            job.message = STOPPED;
        }
        job.state = end;
        storeState(job, job.finished);
    }

    /**
     * The order the job reads its meters in (indices into the list): each bus's meters together, grouped by
     * speed as a readout cycle is ({@link BaudGroups}), so a bus switches once per speed and not twice per
     * meter at another speed than its default. The job's list keeps the order the meters were given in.
     */
    private List<Integer> readOrder(List<Meter> meters) {
        Map<String, List<Integer>> byBus = new LinkedHashMap<>();
        for (int i = 0; i < meters.size(); i++) {
            byBus.computeIfAbsent(meters.get(i).settings().busId(), b -> new ArrayList<>()).add(i);
        }
        List<Integer> order = new ArrayList<>(meters.size());
        byBus.forEach((bus, indices) -> {
            int busBaud = defaultBaud(bus);
            order.addAll(BaudGroups.order(indices, i -> baudOn(meters.get(i), busBaud), busBaud));
        });
        return order;
    }

    private int defaultBaud(String bus) {
        return buses.owner(bus).map(BusOwner::defaultBaud).orElse(0);
    }

    private static int baudOn(Meter meter, int busBaud) {
        return MeterRegistry.readoutRequest(meter).baudOn(busBaud);
    }

    private static void removeFirst(List<Item> pending, long meterId) {
        synchronized (pending) {
            for (Iterator<Item> it = pending.iterator(); it.hasNext(); ) {
                if (it.next().meterId() == meterId) {
                    it.remove();
                    return;
                }
            }
        }
    }

    /**
     * The speed bookkeeping of one job: the meters of a bus are read in a row (one readout job each, which
     * leaves the port at the meter's speed), and when the job moves on to another bus or ends, the bus
     * whose meters left its default speed is switched back to it (SPEC A1).
     */
    private final class SpeedCycle {
        private String bus;
        private boolean leftDefault;

        void next(Meter meter) {
            String next = meter.settings().busId();
            if (!Objects.equals(next, bus)) {
                end();
                bus = next;
            }
            int busBaud = defaultBaud(next);
            leftDefault |= meter.active() && baudOn(meter, busBaud) != busBaud;
        }

        void end() {
            if (bus != null && leftDefault) {
                buses.owner(bus).ifPresent(BusOwner::restoreDefaultBaud); // queued behind the job's last readout
            }
            bus = null;
            leftDefault = false;
        }
    }

    private void storeState(Job job, Instant finished) {
        JobTable.uninterrupted(() -> {
            try {
                repository.state(job.seq, job.state, finished, job.message);
            } catch (RuntimeException e) {
                LOG.error("Installation readout {}: state {} not stored", job.id(), job.state, e);
            }
        });
    }

    private Item readOne(Job job, Meter meter) throws InterruptedException {
        String bus = meter.settings().busId();
        if (!meter.active()) {
            return item(meter, "skipped", "passive (beyond the capacity): not read", null);
        }
        Optional<BusOwner> owner = buses.owner(bus);
        if (owner.isEmpty()) {
            return item(meter, "skipped", "no route reads bus '" + bus + "'", null);
        }
        List<ReadoutResult> attempts = new ArrayList<>();
        try {
            new RetryingReadout(owner.get(), clock, READ_TIMEOUT).runWithinCycle("install readout",
                    List.of(MeterRegistry.readoutRequest(meter)), retries.get(), RetryingReadout::sleep,
                    () -> !job.cancelled && !stopping,
                    (request, result, attempt) -> {
                        attempts.add(result);
                        buses.publish(bus, meter.id(), result, "install", attempt);
                    });
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return item(meter, "error", "readout failed: " + e.getMessage(), null);
        }
        if (attempts.isEmpty()) {
            return item(meter, "skipped", "cancelled", null);
        }
        ReadoutResult last = attempts.get(attempts.size() - 1);
        if (!last.ok()) {
            return item(meter, "error", last.status() + (last.message() == null ? "" : ": " + last.message()), null);
        }
        Header h = last.readout().header();
        String message = "Installation readout: " + (h.manufacturer() == null ? "?" : h.manufacturer()) + ", "
                + h.mediumName() + ", version " + h.version() + ", status " + String.format("%02X", Math.max(0, h.status()));
        try {
            Meter learnt = registry.recordIdentity(meter.id(), h.manufacturer(), h.version() < 0 ? null : h.version(),
                    h.medium() < 0 ? null : h.medium(), new MeterStatus(h.status() > 0 ? "error" : "ok", message, last.started()));
            return item(learnt, h.status() > 0 ? "error" : "ok", message, h);
        } catch (RuntimeException e) {
            // e.g. the identity it answered with belongs to another installed meter
            return item(meter, "error", "read, but its identity was not recorded: " + e.getMessage(), h);
        }
    }

    private Item item(Meter m, String result, String message, Header h) {
        return new Item(m.id(), m.settings().name(), m.settings().busId(), result, message,
                h == null ? m.settings().manufacturer() : h.manufacturer(),
                h == null ? m.settings().version() : Integer.valueOf(h.version()),
                h == null ? null : h.mediumName(), clock.instant());
    }

    @Override
    public void close() {
        stopping = true;
        synchronized (jobs) {
            jobs.values().forEach(Job::cancel);
            for (Job job : jobs.values()) {
                if (job.state == JobState.QUEUED) { // never started: interrupted as well, not "queued" forever
                    job.state = JobState.INTERRUPTED;
                    job.message = STOPPED;
                    job.finished = clock.instant();
                    storeState(job, job.finished);
                }
            }
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
