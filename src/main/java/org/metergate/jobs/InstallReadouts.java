package org.metergate.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.metergate.bus.BusOwner;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.bus.RetryingReadout;
import org.metergate.mbus.Header;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.meters.MeterStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation readout (SPEC C2): after meters are installed (a list or a scan), each newly
 * installed active meter is read once through its bus owner — the same queue as the scheduled
 * readouts, never a second connection — with the manual job retries (SPEC D5). Its manufacturer,
 * version and medium are recorded on the meter, its status set, and the readout passes the readout
 * pipeline like any other (stored, published). Jobs run one after another on a thread of their own;
 * their progress is kept in memory (the last {@value #KEPT} jobs).
 */
public final class InstallReadouts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstallReadouts.class);
    static final int KEPT = 20;
    static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /** One meter's outcome. */
    public record Item(long meterId, String name, String busId, String result, String message, String manufacturer,
                       Integer version, String medium) {}

    /** An installation readout job. */
    public static final class Job {
        private final String id;
        private final Instant created;
        private final String startedBy;
        private final int total;
        private final List<Item> items = Collections.synchronizedList(new ArrayList<>());
        private volatile JobState state = JobState.QUEUED;
        private volatile boolean cancelled;
        private volatile Instant finished;

        Job(String id, Instant created, String startedBy, int total) {
            this.id = id;
            this.created = created;
            this.startedBy = startedBy;
            this.total = total;
        }

        public String id() {
            return id;
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
            List<Item> done = items();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("state", state.name());
            m.put("created", created);
            m.put("finished", finished);
            m.put("startedBy", startedBy);
            m.put("total", total);
            m.put("done", done.size());
            m.put("ok", done.stream().filter(i -> i.result().equals("ok")).count());
            m.put("failed", done.stream().filter(i -> i.result().equals("error")).count());
            m.put("skipped", done.stream().filter(i -> i.result().equals("skipped")).count());
            m.put("meters", done);
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
    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong ids = new AtomicLong();

    public InstallReadouts(MeterRegistry registry, BusAccess buses, Supplier<RetryPolicy> retries, Clock clock) {
        this.registry = registry;
        this.buses = buses;
        this.retries = retries;
        this.clock = clock;
    }

    /** Starts reading the given (just installed) meters; returns at once with the job to watch. */
    public Job start(List<Meter> meters, String startedBy) {
        Job job = new Job("install-" + ids.incrementAndGet(), clock.instant(), startedBy, meters.size());
        synchronized (jobs) {
            jobs.put(job.id, job);
            while (jobs.size() > KEPT) {
                String oldest = jobs.keySet().iterator().next();
                if (!jobs.get(oldest).state.finished()) {
                    break;
                }
                jobs.remove(oldest);
            }
        }
        worker.execute(() -> run(job, meters));
        return job;
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    public Optional<Job> latest() {
        synchronized (jobs) {
            Job last = null;
            for (Job j : jobs.values()) {
                last = j;
            }
            return Optional.ofNullable(last);
        }
    }

    private void run(Job job, List<Meter> meters) {
        job.state = JobState.RUNNING;
        try {
            for (Meter meter : meters) {
                if (job.cancelled) {
                    break;
                }
                job.items.add(readOne(job, meter));
            }
            job.state = job.cancelled ? JobState.CANCELLED : JobState.DONE;
        } catch (InterruptedException e) {
            job.state = JobState.CANCELLED;
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Installation readout {} failed", job.id, e);
            job.state = JobState.FAILED;
        } finally {
            job.finished = clock.instant();
        }
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
            new RetryingReadout(owner.get(), clock, READ_TIMEOUT).run("install readout",
                    List.of(MeterRegistry.readoutRequest(meter)), retries.get(), RetryingReadout::sleep, () -> !job.cancelled,
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

    private static Item item(Meter m, String result, String message, Header h) {
        return new Item(m.id(), m.settings().name(), m.settings().busId(), result, message,
                h == null ? m.settings().manufacturer() : h.manufacturer(),
                h == null ? m.settings().version() : Integer.valueOf(h.version()),
                h == null ? null : h.mediumName());
    }

    @Override
    public void close() {
        synchronized (jobs) {
            jobs.values().forEach(Job::cancel);
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
