package org.metergate.bus;

/** Waits on the bus (gaps, recovery); a seam so timing logic can be checked without real pauses. */
@FunctionalInterface
public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;

    Sleeper REAL = nanos -> {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };
}
