package org.metergate.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a job runs: the next fire time after a given moment. {@link CronSchedule} is the gateway's
 * implementation; the interface exists so {@link GatewayScheduler} can be tested (and later fed)
 * with other timetables.
 */
public interface Schedule {

    /** The next fire time strictly after {@code after}, in {@link #zone()}; empty if it never fires again. */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    /** The expression as the user wrote it (for the settings form). */
    String expression();

    /** What actually runs, e.g. {@code 17 0 * * *} for {@code ?1-30 0 * * *} (for display). */
    String resolvedExpression();

    ZoneId zone();

    /** A cron-dialect schedule; see {@link CronSchedule#parse(String, ZoneId, long)}. */
    static CronSchedule cron(String expression, ZoneId zone, long seed) {
        return CronSchedule.parse(expression, zone, seed);
    }

    static CronSchedule preset(Preset preset, ZoneId zone) {
        return CronSchedule.parse(preset.expression(), zone, 0L);
    }
}
