package org.metergate.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.metergate.mbus.Frame;
import org.metergate.mbus.FrameReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One byte stream (a TCP connection or a pty) between a master and a {@link SimulatedBus},
 * with wire-speed timing.
 *
 * <p>Receiving: a transport delivers the master's bytes faster than a wire would, so each byte
 * is given the time its stop bit would have ended on the wire (back to back at the bus's baud,
 * starting no earlier than when it was actually read). A request thus counts as complete one
 * character time per byte after it started to arrive, and the answer is scheduled from there.
 *
 * <p>Sending: byte i of a {@link Transmission} is written no earlier than its due time (by a
 * {@link PacedWriter}), so the master receives characters at wire speed, after the answer delay.
 * Writing never happens early; scheduling jitter can only make it later, so measured times are
 * lower-bounded by wire time. Reading goes on meanwhile, as a late answer must not delay the
 * reaction to the master's next request.
 *
 * <p>Echo mode imitates level converters that echo the master's own bytes: each received byte
 * goes back at its wire time, before any answer.
 *
 * <p>Speeds (SPEC A1): the master's bytes are on the line at the speed {@link LineSpeed} reports (a
 * TCP converter's fixed speed, or the speed the master set on its pty). Each speed the bus's meters
 * listen at has its own frame reader, fed with what a UART at that speed receives
 * ({@link UartOverlay#resample}): the master's bytes at the same speed, garbage at another. So a meter
 * answers only requests sent at its speed, as on a real bus.
 */
final class SlaveLink {
    /** A partial request older than this is noise or an aborted frame: drop it as a slave would. */
    private static final long PARTIAL_TIMEOUT_CHARS = 30;

    private final SimulatedBus bus;
    private final InputStream in;
    private final OutputStream out;
    private final boolean echo;
    private final LineSpeed lineSpeed;

    SlaveLink(SimulatedBus bus, InputStream in, OutputStream out, boolean echo, LineSpeed lineSpeed) {
        this.bus = bus;
        this.in = in;
        this.out = out;
        this.echo = echo;
        this.lineSpeed = lineSpeed;
    }

    /** Serves until the stream ends or fails (closing it from another thread ends this). */
    void run() throws IOException {
        try (PacedWriter writer = new PacedWriter(out, Thread.currentThread().getName() + "-tx")) {
            serve(writer);
        }
    }

    private void serve(PacedWriter writer) throws IOException {
        Map<Integer, FrameReader> readers = new LinkedHashMap<>();
        for (int speed : bus.speeds()) {
            readers.put(speed, new FrameReader());
        }
        byte[] buf = new byte[512];
        long wireFree = System.nanoTime();
        long lastRx = wireFree;
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
            if (n == 0) {
                continue;
            }
            long now = System.nanoTime();
            int baud = lineSpeed.baud();
            long charNanos = Math.round(11e9 / baud);
            boolean stale = now - lastRx > PARTIAL_TIMEOUT_CHARS * charNanos;
            lastRx = now;
            long[] arrived = new long[n];
            for (int i = 0; i < n; i++) {
                wireFree = Math.max(wireFree, now) + charNanos;
                arrived[i] = wireFree;
            }
            if (echo) {
                writer.schedule(java.util.Arrays.copyOf(buf, n), arrived, 0);
            }
            byte[] sent = java.util.Arrays.copyOf(buf, n);
            for (Map.Entry<Integer, FrameReader> e : readers.entrySet()) {
                FrameReader reader = e.getValue();
                if (stale && reader.pending() > 0) {
                    reader.clear();
                }
                byte[] received = UartOverlay.resample(sent, baud, e.getKey());
                for (Frame f : reader.feed(received, 0, received.length)) {
                    Transmission t = bus.respond(f, e.getKey());
                    if (!t.isEmpty()) {
                        // answers are timed from the end of the request as the wire would deliver it
                        writer.schedule(t.bytes(), t.due(), wireFree);
                    }
                }
            }
        }
    }
}
