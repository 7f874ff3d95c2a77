package org.metergate.sim;

import java.time.Duration;

/**
 * Timing of the simulated line. M-Bus sends 11 bits per character (start, 8 data, even parity,
 * stop), so a character takes 11 / baud seconds. A slave starts answering between 11 bit times
 * and 330 bit times + 50 ms after the last character of the request (EN 13757-2); real meters
 * sit near the low end, hence the default of 11 bit times plus 2 ms of firmware reaction.
 *
 * @param baud 300..38400
 * @param answerDelay from the end of the request's last stop bit to the answer's first start bit
 */
public record WireTiming(int baud, Duration answerDelay) {
    /** Firmware reaction added to the 11 bit times of the standard's minimum. */
    public static final Duration DEFAULT_REACTION = Duration.ofMillis(2);

    public WireTiming {
        if (baud < 300 || baud > 38400) {
            throw new IllegalArgumentException("baud must be 300..38400: " + baud);
        }
        long bit = 1_000_000_000L / baud;
        if (answerDelay == null || answerDelay.toNanos() < 11 * bit
                || answerDelay.toNanos() > 330 * bit + 50_000_000L) {
            throw new IllegalArgumentException("answer delay must be 11 bit times .. 330 bit times + 50 ms "
                    + "(EN 13757-2); use MeterFaults.lateBy for a late meter");
        }
    }

    /** {@code baud} with an answer delay of 11 bit times + {@link #DEFAULT_REACTION}. */
    public static WireTiming of(int baud) {
        return new WireTiming(baud, Duration.ofNanos(11 * 1_000_000_000L / baud).plus(DEFAULT_REACTION));
    }

    public WireTiming withAnswerDelay(Duration d) {
        return new WireTiming(baud, d);
    }

    public double bitNanos() {
        return 1e9 / baud;
    }

    /** Nanoseconds one 11-bit character occupies the line. */
    public long charNanos() {
        return Math.round(11e9 / baud);
    }

    /** Time {@code bytes} characters take on the line, back to back. */
    public Duration wireTime(int bytes) {
        return Duration.ofNanos(Math.round(bytes * 11e9 / baud));
    }
}
