package org.metergate.store;

import java.time.Clock;
import java.time.Duration;

/**
 * Deletes readouts (log, telegrams, values) older than the configured age (SPEC E1: history is kept
 * for years; default {@link #DEFAULT_MAX_AGE}). Run it daily, e.g. from a Camel timer route.
 */
public final class ValueRetention {

    /** Ten years: the reference product keeps 15-minute values of 128 meters for a year; we keep more. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(3653);

    private final ReadoutRepository repository;
    private volatile Duration maxAge;
    private final Clock clock;

    public ValueRetention(ReadoutRepository repository, Duration maxAge, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        setMaxAge(maxAge);
    }

    /** A new maximum age from the next run on (settings changed). */
    public void setMaxAge(Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + maxAge);
        }
        this.maxAge = maxAge;
    }

    /** Whole years (of 365 days), as configured. */
    public static Duration years(int years) {
        return Duration.ofDays(365L * years);
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** Deletes what is older than the maximum age; returns the number of readouts deleted. */
    public long run() {
        return repository.deleteOlderThan(clock.instant().minus(maxAge));
    }
}
