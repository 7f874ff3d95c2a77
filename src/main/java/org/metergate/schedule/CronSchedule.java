package org.metergate.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A schedule in the gateway's cron dialect (manual section 6.39): one or more 5-field expressions
 * combined with {@code |} (or, as table 11 writes them, just one after the other), evaluated in a
 * time zone. It fires whenever any of its expressions fires; simultaneous fires count once.
 *
 * <p>{@code ?} values are drawn once, from {@code seed}, when the schedule is parsed. The caller
 * chooses a new seed when the user creates or changes the schedule and stores it with the
 * expression, so a fleet of gateways spreads its load while each one keeps a stable timetable
 * across restarts.
 *
 * @param expression what the user wrote
 * @param zone       the zone the wall-clock fields are read in
 * @param seed       source of the {@code ?} values
 * @param parts      the parsed expressions, {@code ?} resolved
 */
public record CronSchedule(String expression, ZoneId zone, long seed, List<CronExpression> parts)
        implements Schedule {

    public CronSchedule {
        Objects.requireNonNull(zone, "zone");
        parts = List.copyOf(parts);
    }

    /**
     * Parses {@code expression}.
     *
     * @throws CronSyntaxException for any string that is not a valid expression, naming the position
     */
    public static CronSchedule parse(String expression, ZoneId zone, long seed) {
        return new CronSchedule(expression, zone, seed, CronParser.parse(expression, seed));
    }

    @Override
    public String resolvedExpression() {
        return parts.stream().map(CronExpression::text).collect(Collectors.joining(" | "));
    }

    /** False when no expression can ever fire (e.g. {@code 0 0 31 2 *}); the settings form can warn. */
    public boolean canEverFire() {
        return parts.stream().anyMatch(CronExpression::canEverFire);
    }

    @Override
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        Instant from = after.toInstant();
        return parts.stream()
                .map(p -> p.next(from, zone))
                .flatMap(Optional::stream)
                .min(Instant::compareTo)
                .map(i -> i.atZone(zone));
    }

    @Override
    public String toString() {
        return resolvedExpression() + " [" + zone + "]";
    }
}
