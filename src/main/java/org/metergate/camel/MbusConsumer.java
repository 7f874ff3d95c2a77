package org.metergate.camel;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.metergate.bus.BaudGroups;
import org.metergate.bus.MeterReader;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.bus.RetryingReadout;
import org.metergate.schedule.GatewayScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the endpoint's meters on each poll through the bus owner, one exchange per meter readout.
 * With {@code jobRetries} the meters that failed are read again after the offset (SPEC D5); every
 * attempt is an exchange (headers {@link MbusConstants#ATTEMPT} …). With {@code continuous=true} a
 * background loop reads the meters back to back between polls and hands them to {@code liveValues}
 * (SPEC D3): its jobs queue behind every other job on the bus, and it pauses while a poll runs, so
 * scheduled readouts are never starved.
 */
public class MbusConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(MbusConsumer.class);
    private static final Duration CONTINUOUS_IDLE = Duration.ofSeconds(1);
    private static final Duration CONTINUOUS_AFTER_ERROR = Duration.ofSeconds(5);

    private final MbusEndpoint endpoint;
    private final Object wake = new Object();
    private final AtomicInteger polling = new AtomicInteger();
    private volatile Thread continuousLoop;

    public MbusConsumer(MbusEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected int poll() throws Exception {
        polling.incrementAndGet();
        try {
            // the scheduler tells each run whether runNow started it (SPEC D5: manual jobs retry differently)
            boolean manual = GatewayScheduler.isManualRun();
            RetryPolicy policy = endpoint.getJobRetries() == null ? RetryPolicy.NONE : endpoint.getJobRetries().forJob(manual);
            List<ReadoutRequest> meters = endpoint.readoutRequests();
            int[] n = {0};
            new RetryingReadout(endpoint.owner(), Clock.systemUTC()).run(manual ? "manual readout" : "readout", meters, policy,
                    this::awaitOffset, this::isRunAllowed, (request, result, attempt) -> {
                        Exchange exchange = createExchange(false);
                        MbusProducer.fill(exchange.getMessage(), endpoint.getBusId(), result);
                        if (request.meterId() != 0) {
                            exchange.getMessage().setHeader(MbusConstants.METER_ID, request.meterId());
                        }
                        exchange.getMessage().setHeader(MbusConstants.JOB, manual ? "manual" : "scheduled");
                        exchange.getMessage().setHeader(MbusConstants.ATTEMPT, attempt.number());
                        exchange.getMessage().setHeader(MbusConstants.ATTEMPTS, attempt.of());
                        exchange.getMessage().setHeader(MbusConstants.RETRY_FOLLOWS, attempt.retryFollows());
                        try {
                            getProcessor().process(exchange);
                        } finally {
                            if (exchange.getException() != null) {
                                getExceptionHandler().handleException("Error processing readout of " + request.address(),
                                        exchange, exchange.getException());
                            }
                            releaseExchange(exchange, false);
                        }
                        n[0]++;
                    });
            return n[0];
        } finally {
            polling.decrementAndGet();
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    /**
     * Waits the retry offset; cut short (false) when the consumer stops. Continuous mode may use the bus
     * meanwhile: the poll counts as not running while it waits.
     */
    private boolean awaitOffset(Duration offset) throws InterruptedException {
        long deadline = System.nanoTime() + offset.toNanos();
        synchronized (wake) {
            polling.decrementAndGet();
            wake.notifyAll();
            try {
                while (isRunAllowed()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return true;
                    }
                    wake.wait(Math.max(1, left / 1_000_000));
                }
            } finally {
                polling.incrementAndGet();
            }
        }
        return false;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.isContinuous()) {
            Thread t = new Thread(this::continuous, "mbus-" + endpoint.getBusId() + "-continuous");
            t.setDaemon(true);
            continuousLoop = t;
            t.start();
        }
    }

    @Override
    protected void doStop() throws Exception {
        Thread t = continuousLoop;
        continuousLoop = null;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (t != null) {
            t.interrupt();
            t.join(10_000);
        }
        super.doStop();
    }

    private boolean continuing() {
        return continuousLoop == Thread.currentThread() && isRunAllowed() && !Thread.currentThread().isInterrupted();
    }

    /** Continuous mode: reads the meter loop back to back, pausing whenever a scheduled poll runs. */
    private void continuous() {
        while (continuing()) {
            try {
                // grouped by speed like a scheduled cycle, so a round switches the port once per speed
                List<ReadoutRequest> meters = BaudGroups.order(endpoint.readoutRequests(), endpoint.owner().defaultBaud());
                if (meters.isEmpty()) {
                    pause(CONTINUOUS_IDLE);
                    continue;
                }
                try {
                    round(meters);
                } finally {
                    if (BaudGroups.leavesDefault(meters, endpoint.owner().defaultBaud())) {
                        // the round ends at another speed: back to the default, as a scheduled cycle does, so the
                        // bus never idles (or meets the next job) at a meter's speed
                        endpoint.owner().submitBackground("continuous readout: restore default speed", m -> {
                            m.restoreDefaultBaud();
                            return null;
                        });
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Continuous readout on bus {} failed: {}", endpoint.getBusId(), e.toString());
                try {
                    pause(CONTINUOUS_AFTER_ERROR);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One round of continuous mode over the meters (ordered by speed); ends early when the consumer stops or a job fails. */
    private void round(List<ReadoutRequest> meters) throws InterruptedException {
        for (ReadoutRequest request : meters) {
            waitWhilePolling();
            if (!continuing()) {
                return;
            }
            ReadoutResult result;
            try {
                result = endpoint.owner().submitBackground("continuous readout " + request.address(),
                        m -> new MeterReader(m, Clock.systemUTC()).read(request)).get();
            } catch (ExecutionException e) {
                LOG.warn("Continuous readout on bus {}: {}", endpoint.getBusId(), e.getCause().toString());
                pause(CONTINUOUS_AFTER_ERROR);
                return;
            }
            endpoint.getLiveValues().readout(endpoint.getBusId(), request, result);
        }
    }

    private void waitWhilePolling() throws InterruptedException {
        synchronized (wake) {
            while (polling.get() > 0 && continuing()) {
                wake.wait(1000);
            }
        }
    }

    private void pause(Duration d) throws InterruptedException {
        synchronized (wake) {
            wake.wait(d.toMillis());
        }
    }
}
