package org.metergate.bus;

import java.time.Duration;

/**
 * Job-level retries (SPEC D5, manual section 6.33): meters whose readout failed are read again
 * {@code offsetSeconds} later, up to {@code retries} more times. This is on top of the link-level
 * repeats of {@link BusTiming} (which retry within milliseconds); an offset lets a meter that was busy,
 * or a bus that was disturbed, recover.
 */
public record RetryPolicy(int retries, int offsetSeconds) {

    public static final int MAX_RETRIES = 10;
    public static final int MAX_OFFSET_SECONDS = 3600;
    public static final RetryPolicy NONE = new RetryPolicy(0, 0);

    public RetryPolicy {
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be 0.." + MAX_RETRIES + ", got " + retries);
        }
        if (offsetSeconds < 0 || offsetSeconds > MAX_OFFSET_SECONDS) {
            throw new IllegalArgumentException("offsetSeconds must be 0.." + MAX_OFFSET_SECONDS + ", got " + offsetSeconds);
        }
    }

    public int attempts() {
        return retries + 1;
    }

    public Duration offset() {
        return Duration.ofSeconds(offsetSeconds);
    }
}
