package org.metergate.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Optional;

/**
 * Turns the wall-clock minutes an expression matches into instants in a time zone.
 *
 * <p>Schedules are written in local time (the installer thinks "05:00"), so the search runs on the
 * local calendar and only then maps to instants. The two daylight-saving cases:
 * <ul>
 *   <li><b>Gap</b> (spring forward, e.g. 02:00-02:59 do not exist in Europe/Stockholm on the last
 *   Sunday of March): a matching minute inside the gap fires at the transition instant (03:00 new
 *   time). Several matching minutes in one gap ({@code *}{@code /15}) coalesce into that one fire, so
 *   a daily {@code 30 2 * * *} job still runs that day, once, and nothing runs twice.</li>
 *   <li><b>Overlap</b> (fall back, 02:00-02:59 happen twice): an expression whose hour field is
 *   {@code *} (every hour matches) fires at both occurrences, so a 15-minute readout keeps a reading
 *   every 15 real minutes; an expression that names hours fires only at the first occurrence, so a
 *   daily 02:30 job runs once. This follows the spirit of Vixie cron's rule for "fixed time" versus
 *   "wildcard" jobs.</li>
 * </ul>
 */
final class WallClock {

    private WallClock() {
    }

    static Optional<Instant> next(CronExpression expression, Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        // If 'after' lies in the first pass of an overlap, local minutes earlier than local(after)
        // still have a second-pass instant after it: scan from the start of the overlap.
        ZoneOffsetTransition coming = rules.nextTransition(after);
        if (coming != null && coming.isOverlap() && !cursor.isBefore(coming.getDateTimeAfter())) {
            cursor = coming.getDateTimeAfter().minusNanos(1);
        }
        Instant best = null;
        LocalDateTime stopAfter = null;
        while (true) {
            Optional<LocalDateTime> found = expression.nextLocal(cursor);
            if (found.isEmpty()) {
                break;
            }
            LocalDateTime local = found.get();
            if (stopAfter != null && local.isAfter(stopAfter)) {
                break;
            }
            for (Instant candidate : instants(rules, local, expression.everyHour())) {
                if (candidate.isAfter(after) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                    // Only minutes inside the same overlap can still map to an earlier instant.
                    stopAfter = local.plus(overlapAt(rules, local));
                }
            }
            cursor = local;
        }
        return Optional.ofNullable(best);
    }

    /** The instants at which the local minute fires, in order (one, or two in an overlap when both count). */
    static List<Instant> instants(ZoneRules rules, LocalDateTime local, boolean bothInOverlap) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return List.of(rules.getTransition(local).getInstant());
        }
        Instant first = local.toInstant(offsets.get(0));
        if (offsets.size() == 1) {
            return List.of(first);
        }
        Instant second = local.toInstant(offsets.get(1));
        Instant earlier = first.isBefore(second) ? first : second;
        Instant later = first.isBefore(second) ? second : first;
        return bothInOverlap ? List.of(earlier, later) : List.of(earlier);
    }

    private static java.time.Duration overlapAt(ZoneRules rules, LocalDateTime local) {
        ZoneOffsetTransition t = rules.getTransition(local);
        return t != null && t.isOverlap() ? t.getDuration().abs() : java.time.Duration.ZERO;
    }
}
