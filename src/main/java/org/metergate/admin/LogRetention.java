package org.metergate.admin;

import java.time.Clock;
import java.time.Duration;

/** Keeps the system log within its age and size limits (SPEC E2: one month, 100 MB by default). */
public final class LogRetention {

    /** After trimming for size, the log is brought down to this share of the cap, so trimming is not done on every row. */
    static final double TRIM_TARGET = 0.9;

    private final SystemLogRepository repository;
    private final Duration maxAge;
    private final long maxBytes;
    private final Clock clock;

    public LogRetention(SystemLogRepository repository, Duration maxAge, long maxBytes, Clock clock) {
        this.repository = repository;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public record Result(int deletedByAge, int deletedBySize) {}

    public Result run() {
        int byAge = repository.deleteOlderThan(clock.instant().minus(maxAge));
        int bySize = 0;
        long size = repository.estimatedSize();
        if (size > maxBytes) {
            long rows = repository.count();
            double perRow = (double) size / rows;
            long excess = size - (long) (maxBytes * TRIM_TARGET);
            bySize = repository.deleteOldest((long) Math.ceil(excess / perRow));
        }
        return new Result(byAge, bySize);
    }
}
