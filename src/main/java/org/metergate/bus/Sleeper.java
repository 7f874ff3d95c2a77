package org.metergate.bus;

/**
 * Waits on the bus (gaps, recovery) and tells the time the master's line timing runs on; a seam so
 * timing logic can be checked without real pauses (and a simulation can run on virtual time).
 */
@FunctionalInterface
public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;

    /** The master's clock, {@link System#nanoTime()} unless a simulation supplies its own. */
    default long nanoTime() {
        return System.nanoTime();
    }

    Sleeper REAL = nanos -> {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };
}
