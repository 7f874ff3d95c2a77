package org.metergate.bench;

import java.io.IOException;
import org.metergate.bus.Sleeper;
import org.metergate.bus.Transport;
import org.metergate.mbus.MbusDecodeException;
import org.metergate.sim.SimulatedBus;
import org.metergate.sim.Transmission;

/**
 * The simulator's slaves answering in the same thread on virtual time: a request occupies the line
 * for its character time at the bus's baud rate, each answer byte arrives at its due time, and a
 * read that waits for nothing advances the clock by its timeout. The master runs on the same clock
 * ({@link #clock()}), so a scan takes no real time yet its bus time is exact for the simulated wire.
 */
final class InMemoryTransport implements Transport {

    private final SimulatedBus bus;
    private final VirtualClock clock = new VirtualClock();
    private byte[] pending = new byte[0];
    /** Virtual time at which each pending byte has arrived. */
    private long[] due = new long[0];
    private int next;
    private boolean open;
    private long bytesReceived;

    InMemoryTransport(SimulatedBus bus) {
        this.bus = bus;
    }

    /** The clock (and sleeper) the master must use with this transport. */
    Sleeper clock() {
        return clock;
    }

    /** Virtual nanoseconds since the transport was made. */
    long elapsedNanos() {
        return clock.now;
    }

    @Override
    public void open() {
        open = true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void write(byte[] data) throws IOException {
        // The request is on the line for its character time; the answers are timed from its end.
        long end = clock.now + (long) data.length * bus.timing().charNanos();
        try {
            Transmission t = bus.respond(data);
            pending = t.bytes();
            due = new long[pending.length];
            for (int i = 0; i < due.length; i++) {
                due[i] = end + t.due()[i];
            }
            next = 0;
            bytesReceived += pending.length;
        } catch (MbusDecodeException e) {
            throw new IOException("simulator could not parse the request: " + e.getMessage(), e);
        }
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) {
        long limit = clock.now + timeoutMillis * 1_000_000L;
        if (next < pending.length && due[next] > clock.now) {
            clock.now = Math.min(limit, due[next]);
        }
        int n = 0;
        while (next < pending.length && due[next] <= clock.now && n < buffer.length) {
            buffer[n++] = pending[next++];
        }
        if (n == 0) {
            clock.now = limit; // waited the whole timeout for nothing
        }
        return n;
    }

    @Override
    public void discardInput() {
        next = pending.length;
    }

    @Override
    public int baud() {
        return bus.timing().baud();
    }

    @Override
    public String describe() {
        return "in-memory simulator on virtual time";
    }

    @Override
    public void close() {
        open = false;
    }

    /** Every byte the slaves put on the line. */
    long bytesReceived() {
        return bytesReceived;
    }

    private static final class VirtualClock implements Sleeper {
        long now;

        @Override
        public void sleepNanos(long nanos) {
            if (nanos > 0) {
                now += nanos;
            }
        }

        @Override
        public long nanoTime() {
            return now;
        }
    }
}
