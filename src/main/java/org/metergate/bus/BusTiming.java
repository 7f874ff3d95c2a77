package org.metergate.bus;

/**
 * Timing and retries of a bus (SPEC A6, the manual's table 8), in milliseconds.
 *
 * @param responseTimeout how long to wait for the first byte of an answer after the request was sent
 * @param readoutRetries extra attempts at a request before a readout counts as failed
 * @param selectionRetries extra attempts at a secondary selection
 * @param waitAfterInit pause after SND_NKE before the next request
 * @param collisionRecovery pause after a collision (garbled answer) before the next request
 * @param interRequestGap minimum time between the end of one message on the bus and the next request
 * @param interCharTimeout a started answer is over when the line stays quiet this long
 */
public record BusTiming(int responseTimeout, int readoutRetries, int selectionRetries, int waitAfterInit,
                        int collisionRecovery, int interRequestGap, int interCharTimeout) {

    /** Bits on the wire per character: start, 8 data, even parity, stop. */
    public static final int BITS_PER_CHAR = 11;

    public BusTiming {
        if (responseTimeout < 1 || readoutRetries < 0 || selectionRetries < 0 || waitAfterInit < 0
                || collisionRecovery < 0 || interRequestGap < 0 || interCharTimeout < 1) {
            throw new IllegalArgumentException("bus timing values must be positive (retries >= 0): " + this);
        }
    }

    /** The manual's defaults for single-telegram readouts. */
    public static BusTiming manualSingle() {
        return new BusTiming(1000, 1, 1, 10_000, 5000, 2000, 100);
    }

    /** The manual's defaults for multi-telegram readouts. */
    public static BusTiming manualMulti() {
        return new BusTiming(1500, 3, 2, 10_000, 3500, 1000, 100);
    }

    /**
     * A profile that follows EN 13757-2 so a bus is read near its wire speed: a slave answers within
     * 330 bit times + 50 ms, the line is idle for at least 11 bit times between frames, and a pause
     * inside a frame longer than that ends it (with slack for USB and TCP converters' latency).
     */
    public static BusTiming fast(int baud) {
        int answerWindow = ceilMillis(330, baud) + 50;
        int gap = Math.max(1, ceilMillis(11, baud));
        int interChar = Math.max(30, ceilMillis(3 * BITS_PER_CHAR, baud));
        return new BusTiming(answerWindow, 2, 2, Math.max(50, answerWindow), answerWindow, gap, interChar);
    }

    /** Milliseconds that {@code bits} take at {@code baud}, rounded up. */
    public static int ceilMillis(long bits, int baud) {
        return (int) ((bits * 1000 + baud - 1) / baud);
    }

    /** Nanoseconds that {@code chars} characters take on the wire at {@code baud}. */
    public static long charNanos(int chars, int baud) {
        return chars * (long) BITS_PER_CHAR * 1_000_000_000L / baud;
    }

    public BusTiming withResponseTimeout(int ms) {
        return new BusTiming(ms, readoutRetries, selectionRetries, waitAfterInit, collisionRecovery, interRequestGap, interCharTimeout);
    }
}
