package org.metergate.bus;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a bus (ARCHITECTURE: "one owner per bus"): every job — scheduled or manual
 * readout, scan, raw send, later the transparent tunnel — runs on this owner's single thread in the
 * order submitted, so nothing else ever touches the port. A lost connection is closed and reopened
 * by the next job. Background jobs (continuous readout, SPEC D3) run only when no other job waits,
 * so they never hold back a scheduled or manual one by more than the job running.
 *
 * <p>Every job starts at the bus's default speed; a meter readout asks for its meter's speed
 * ({@link MeterReader}), and the port only switches when a request goes out at another speed than the
 * port runs at, so a readout cycle ordered by {@link BaudGroups} switches once per speed, and
 * {@link #restoreDefaultBaud} switches back at its end (SPEC A1).
 */
public final class BusOwner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BusOwner.class);

    private final String id;
    private final MbusMaster master;
    private final ThreadPoolExecutor worker;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<String> current = new AtomicReference<>();

    public BusOwner(String id, Transport transport, BusTiming timing) {
        this(id, new MbusMaster(transport, timing, Sleeper.REAL));
    }

    public BusOwner(String id, MbusMaster master) {
        this.id = id;
        this.master = master;
        // One thread; the queue orders by priority, then by submission (FIFO within a priority).
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "mbus-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    public String id() {
        return id;
    }

    /** Whether this bus's transport can run other speeds than its default (serial yes, a TCP converter no). */
    public boolean canSwitchBaud() {
        return master.transport().canSwitchBaud();
    }

    /** Queues a job; the future completes with its result or its failure. */
    public <T> CompletableFuture<T> submit(String description, BusJob<T> job) {
        return submit(description, job, false);
    }

    /** Queues a background job: it runs after every normal job queued before or after it (continuous readout). */
    public <T> CompletableFuture<T> submitBackground(String description, BusJob<T> job) {
        return submit(description, job, true);
    }

    private <T> CompletableFuture<T> submit(String description, BusJob<T> job, boolean background) {
        CompletableFuture<T> result = new CompletableFuture<>();
        queued.incrementAndGet();
        try {
            Runnable dropped = () -> {
                queued.decrementAndGet();
                result.completeExceptionally(new IllegalStateException("bus " + id + " closed before '" + description + "' ran"));
            };
            worker.execute(new Queued(background ? 1 : 0, sequence.incrementAndGet(), dropped, () -> {
                queued.decrementAndGet();
                if (result.isCancelled()) {
                    return;
                }
                current.set(description);
                try {
                    master.useBaud(master.transport().defaultBaud());
                    result.complete(job.run(master));
                } catch (IOException e) {
                    LOG.warn("Bus {} ({}): {} failed: {}", id, master.transport().describe(), description, e.getMessage());
                    master.transport().close();
                    result.completeExceptionally(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(e);
                } catch (Exception | Error e) {
                    result.completeExceptionally(e);
                } finally {
                    current.set(null);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
            result.completeExceptionally(new IllegalStateException("bus " + id + " is closed"));
        }
        return result;
    }

    /** A queued job: lower priority first, then in submission order. */
    private record Queued(int priority, long sequence, Runnable dropped, Runnable task) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Queued o) {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(sequence, o.sequence);
        }
    }

    /** Switches the port back to the bus's default speed once the jobs queued before have run (the end of a readout cycle). */
    public CompletableFuture<Void> restoreDefaultBaud() {
        return submit("restore default speed", m -> {
            m.restoreDefaultBaud();
            return null;
        });
    }

    /** The route's speed, at which meters without their own are read. */
    public int defaultBaud() {
        return master.transport().defaultBaud();
    }

    public int queued() {
        return queued.get();
    }

    public Optional<String> currentJob() {
        return Optional.ofNullable(current.get());
    }

    public BusCounters counters() {
        return master.counters();
    }

    public String describe() {
        return master.transport().describe();
    }

    @Override
    public void close() {
        // jobs still waiting never run: fail their futures, so nobody waits on them until a timeout
        for (Runnable never : worker.shutdownNow()) {
            if (never instanceof Queued q) {
                q.dropped().run();
            }
        }
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Bus {}: job {} did not stop within 10 s", id, current.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        master.transport().close();
    }
}
