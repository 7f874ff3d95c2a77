package org.metergate.report.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.metergate.schedule.AdaptiveRetries;
import org.metergate.schedule.Schedule;

/**
 * The redelivery rule of one report's route (SPEC F7): how often a failed delivery is retried and the
 * pause between tries. With adaptive retries (the default) they follow the manual's table 10 from the
 * gap between the report's next two fires ({@link AdaptiveRetries}); otherwise the report's own retry
 * settings, else the general ones. Event reports have no schedule: their own or the general settings.
 *
 * @param maxRetries retries after the first attempt (Camel's maximumRedeliveries)
 * @param between    pause before each retry, in table-10 time (seconds of the manual)
 */
public record RetryPolicy(int maxRetries, Duration between) {

    /** The general job retry settings (SPEC D5) for reports without their own. */
    public record General(int retries, int retrySeconds) {
    }

    public static RetryPolicy of(ReportDefinition d, Schedule schedule, General general, Clock clock) {
        if (d.adaptiveRetries() && schedule != null) {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(schedule.zone()));
            // the gap that follows the next fire: the report about to be made must be retried before the one after it
            AdaptiveRetries a = schedule.next(now).map(next -> AdaptiveRetries.forFire(schedule, next))
                    .orElseGet(() -> AdaptiveRetries.forInterval(Duration.ofDays(365)));
            return new RetryPolicy(a.maxRetries(), a.between());
        }
        int retries = d.retries() != null ? d.retries() : general.retries();
        int seconds = d.retrySeconds() != null ? d.retrySeconds() : general.retrySeconds();
        return new RetryPolicy(retries, Duration.ofSeconds(seconds));
    }

    /**
     * Camel's redelivery delay in milliseconds: {@code between} times {@code timeScale} (1 in
     * production; tests shrink it to keep the manual's table and a short run time).
     */
    public long delayMillis(double timeScale) {
        return Math.round(between.toMillis() * timeScale);
    }
}
