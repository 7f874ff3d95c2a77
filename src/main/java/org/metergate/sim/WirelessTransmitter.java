package org.metergate.sim;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes simulated wireless meters send: each meter at its interval ± its jitter (first telegram
 * after a random part of the interval, so meters do not all send at once), to every {@link Sink}
 * (a dongle on a pty, a TCP feed ...). The RSSI of each telegram varies ±3 dB around the meter's.
 */
public final class WirelessTransmitter implements AutoCloseable {

    /** Where a telegram goes: the frame in the meter's format and the RSSI it arrives with. */
    public interface Sink extends AutoCloseable {
        void send(byte[] frame, org.metergate.wmbus.FrameFormat format, int rssi) throws IOException;

        @Override
        void close();
    }

    private final List<SimulatedWirelessMeter> meters;
    private final List<Sink> sinks;
    private final Clock clock;
    private final Random random;
    private final ScheduledExecutorService timer;
    private Consumer<String> log = m -> { };

    public WirelessTransmitter(List<SimulatedWirelessMeter> meters, List<Sink> sinks, Clock clock, long seed) {
        this.meters = List.copyOf(meters);
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        this.random = new Random(seed);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-wmbus");
            t.setDaemon(true);
            return t;
        });
    }

    public WirelessTransmitter log(Consumer<String> log) {
        this.log = log;
        return this;
    }

    /** Starts sending; the first telegram of each meter comes within {@code firstWithin}. */
    public WirelessTransmitter start(Duration firstWithin) {
        for (SimulatedWirelessMeter m : meters) {
            long first = firstWithin.isZero() ? 0 : (long) (random.nextDouble() * firstWithin.toMillis());
            timer.schedule(() -> sendAndReschedule(m), first, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Every meter sends once, now (tests, "send all"). */
    public void sendAllNow() {
        meters.forEach(this::sendOnce);
    }

    private void sendAndReschedule(SimulatedWirelessMeter m) {
        sendOnce(m);
        WirelessMeterSpec s = m.spec();
        long jitter = s.jitter().toMillis();
        long next = s.interval().toMillis() + (jitter == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitter));
        if (!timer.isShutdown()) {
            timer.schedule(() -> sendAndReschedule(m), Math.max(1, next), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void sendOnce(SimulatedWirelessMeter m) {
        byte[] frame = m.telegram(clock.instant());
        int rssi = m.spec().rssi() + random.nextInt(7) - 3;
        for (Sink s : sinks) {
            try {
                s.send(frame, m.spec().format(), rssi);
            } catch (IOException e) {
                log.accept("sending to a receiver failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sinks.forEach(Sink::close);
    }
}
