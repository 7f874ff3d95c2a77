package org.metergate.schedule;

import java.time.Duration;
import java.time.ZonedDateTime;

/**
 * Adaptive retries of a push report (SPEC F7, manual table 10): the number of retries and the pause
 * between them follow the report's schedule, so the retries end before the next report is due.
 *
 * <pre>
 *   time until the next report   retries   seconds between
 *   up to 15 min                 1         0
 *   16-60 min                    2         300
 *   61 min - 23 h                3         500
 *   more than 23 h               6         3600
 * </pre>
 *
 * The rows are inclusive upper bounds on the gap (15 min 30 s counts as "16-60 min"); a schedule
 * that never fires again counts as more than 23 h.
 *
 * @param maxRetries retries after the first attempt
 * @param between    pause before each retry
 */
public record AdaptiveRetries(int maxRetries, Duration between) {

    public static AdaptiveRetries forInterval(Duration untilNextReport) {
        if (untilNextReport.compareTo(Duration.ofMinutes(15)) <= 0) {
            return new AdaptiveRetries(1, Duration.ZERO);
        }
        if (untilNextReport.compareTo(Duration.ofMinutes(60)) <= 0) {
            return new AdaptiveRetries(2, Duration.ofSeconds(300));
        }
        if (untilNextReport.compareTo(Duration.ofHours(23)) <= 0) {
            return new AdaptiveRetries(3, Duration.ofSeconds(500));
        }
        return new AdaptiveRetries(6, Duration.ofSeconds(3600));
    }

    /** The retries for the report that fired at {@code fire}: the gap to the schedule's following fire decides. */
    public static AdaptiveRetries forFire(Schedule schedule, ZonedDateTime fire) {
        return schedule.next(fire)
                .map(next -> forInterval(Duration.between(fire, next)))
                .orElseGet(() -> forInterval(Duration.ofDays(365)));
    }
}
