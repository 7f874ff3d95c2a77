package org.metergate.testing;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fuzz loop on its own thread and watches it: the loop counts each input it finishes in
 * {@link #done()} and names the one it works on with {@link #current(byte[])}; no progress for two
 * seconds fails the test naming that input, and so does anything the loop throws.
 */
public final class FuzzWorker {

    /** The fuzz loop; throw to fail (the failing input is the current one). */
    public interface Loop {
        void run(FuzzWorker w) throws Throwable;
    }

    private static final long HANG_NANOS = 2_000_000_000L;

    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<byte[]> current = new AtomicReference<>(new byte[0]);

    public void current(byte[] input) {
        current.set(input);
    }

    public AtomicLong done() {
        return done;
    }

    /** Runs {@code loop} to its end; returns the seconds it took. */
    public static double run(String name, FuzzWorker w, Loop loop) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                loop.run(w);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        long start = System.nanoTime();
        worker.start();
        long lastDone = -1;
        long lastChange = System.nanoTime();
        while (worker.isAlive()) {
            worker.join(200);
            long d = w.done.get();
            if (d != lastDone) {
                lastDone = d;
                lastChange = System.nanoTime();
            } else if (worker.isAlive() && System.nanoTime() - lastChange > HANG_NANOS) {
                worker.interrupt();
                throw new AssertionError(name + ": decode hangs on input " + HexFormat.of().formatHex(w.current.get()));
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            throw new AssertionError(name + ": input " + HexFormat.of().formatHex(w.current.get()) + " -> " + f, f);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
