package org.metergate.report.render;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.metergate.report.ValueInterval;
import org.metergate.store.ScannedReadout;
import org.metergate.store.SeriesValue;

/**
 * SPEC F6: keeps all values, or only the first value of each series per hour, day, week or month (in
 * the gateway's zone; weeks start on the conventions' first day of the week). Fed readouts meter by meter in time order, as {@code ValueScan} yields them.
 */
final class Thinning {

    private final ValueInterval interval;
    private final ZoneId zone;
    private final DayOfWeek firstDayOfWeek;
    private final Map<Long, Long> lastBucket = new HashMap<>();
    private long meterId = Long.MIN_VALUE;

    Thinning(ValueInterval interval, ZoneId zone, DayOfWeek firstDayOfWeek) {
        this.interval = interval;
        this.zone = zone;
        this.firstDayOfWeek = firstDayOfWeek;
    }

    /** The readout with only the values to report; null when none is left. */
    ScannedReadout apply(ScannedReadout r) {
        if (interval == ValueInterval.ALL) {
            return r;
        }
        if (r.meterId() != meterId) {
            meterId = r.meterId();
            lastBucket.clear();
        }
        long bucket = bucket(r.createdAt());
        List<SeriesValue> kept = new ArrayList<>();
        for (SeriesValue v : r.values()) {
            Long last = lastBucket.put(v.seriesId(), bucket);
            if (last == null || last != bucket) {
                kept.add(v);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        return kept.size() == r.values().size() ? r : new ScannedReadout(r.meterId(), r.readoutId(), r.createdAt(), kept);
    }

    private long bucket(Instant t) {
        LocalDateTime l = LocalDateTime.ofInstant(t, zone);
        return switch (interval) {
            case HOUR -> l.toLocalDate().toEpochDay() * 24 + l.getHour();
            case DAY -> l.toLocalDate().toEpochDay();
            case WEEK -> l.toLocalDate().with(TemporalAdjusters.previousOrSame(firstDayOfWeek)).toEpochDay();
            case MONTH -> l.getYear() * 12L + l.getMonthValue() - 1;
            case ALL -> 0;
        };
    }
}
