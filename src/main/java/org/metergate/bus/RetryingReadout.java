package org.metergate.bus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Reads a list of meters through their bus owner with job-level retries ({@link RetryPolicy}): one pass
 * over all meters, then, after the offset, another pass over those that failed, and so on. Every attempt
 * is handed to the sink (so the readout log shows each one); the bus owner is free for other jobs while
 * this waits for the offset. The meters are read grouped by speed ({@link BaudGroups}), and the bus goes
 * back to its default speed at the end.
 */
public final class RetryingReadout {

    /** Receives each attempt's result. */
    @FunctionalInterface
    public interface Sink {
        void accept(ReadoutRequest request, ReadoutResult result, Attempt attempt) throws Exception;
    }

    /** Waits for the offset; returns false when the wait was abandoned (the caller is stopping). */
    @FunctionalInterface
    public interface Waiter {
        boolean await(Duration offset) throws InterruptedException;
    }

    /**
     * @param number 1-based attempt
     * @param of attempts the policy allows
     * @param retryFollows whether this (failed) attempt will be retried
     */
    public record Attempt(int number, int of, boolean retryFollows) {}

    private final BusOwner owner;
    private final Clock clock;
    private final Duration jobTimeout;

    public RetryingReadout(BusOwner owner, Clock clock) {
        this(owner, clock, null);
    }

    /** @param jobTimeout how long one readout may wait for its turn on the bus and finish; null = no limit */
    public RetryingReadout(BusOwner owner, Clock clock, Duration jobTimeout) {
        this.owner = owner;
        this.clock = clock;
        this.jobTimeout = jobTimeout;
    }

    /** Reads every request, retrying the failed ones per the policy, while {@code running} says so. */
    public void run(String job, List<ReadoutRequest> requests, RetryPolicy policy, Waiter waiter, BooleanSupplier running,
                    Sink sink) throws Exception {
        try {
            runWithinCycle(job, requests, policy, waiter, running, sink);
        } finally {
            if (BaudGroups.leavesDefault(requests, owner.defaultBaud())) {
                owner.restoreDefaultBaud(); // queued behind the cycle; nobody needs to wait for it
            }
        }
    }

    /**
     * Like {@link #run} but leaves the port at the speed of the last meter read: for a caller whose cycle
     * spans several of these runs (an installation job reads one meter per run) and switches back to the
     * default itself at the cycle's end, so consecutive meters of one speed cost no switch.
     */
    public void runWithinCycle(String job, List<ReadoutRequest> requests, RetryPolicy policy, Waiter waiter,
                               BooleanSupplier running, Sink sink) throws Exception {
        passes(job, BaudGroups.order(requests, owner.defaultBaud()), policy, waiter, running, sink);
    }

    private void passes(String job, List<ReadoutRequest> requests, RetryPolicy policy, Waiter waiter, BooleanSupplier running,
                        Sink sink) throws Exception {
        List<ReadoutRequest> pending = requests;
        for (int attempt = 1; attempt <= policy.attempts() && !pending.isEmpty(); attempt++) {
            if (attempt > 1 && !waiter.await(policy.offset())) {
                return;
            }
            List<ReadoutRequest> failed = new ArrayList<>();
            for (ReadoutRequest request : pending) {
                if (!running.getAsBoolean()) {
                    return;
                }
                ReadoutResult result = readOnce(job, request);
                boolean retry = !result.ok() && attempt < policy.attempts();
                if (retry) {
                    failed.add(request);
                }
                sink.accept(request, result, new Attempt(attempt, policy.attempts(), retry));
            }
            pending = failed;
        }
    }

    /** One readout of one meter on the owner's queue. */
    public ReadoutResult readOnce(String job, ReadoutRequest request) throws Exception {
        var future = owner.submit(job + " " + request.address(), m -> new MeterReader(m, clock).read(request));
        try {
            return jobTimeout == null ? future.get() : future.get(jobTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** A waiter that sleeps (for callers that have nothing to be woken by). */
    public static boolean sleep(Duration offset) throws InterruptedException {
        Thread.sleep(offset.toMillis());
        return true;
    }
}
