package org.metergate.schedule;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the first fire times of a schedule, as local date-times in Europe/Stockholm. */
final class Fires {

    static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** The fixed start of table 11's tests: Monday 2026-11-16 00:00 in Stockholm. */
    static final ZonedDateTime MONDAY = ZonedDateTime.of(2026, 11, 16, 0, 0, 0, 0, STOCKHOLM);

    private Fires() {
    }

    static List<ZonedDateTime> zoned(Schedule schedule, ZonedDateTime after, int count) {
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime t = after;
        for (int i = 0; i < count; i++) {
            t = schedule.next(t).orElseThrow(() -> new AssertionError("schedule ended after " + out));
            out.add(t);
        }
        return out;
    }

    static List<LocalDateTime> local(String expression, ZonedDateTime after, int count) {
        return zoned(CronSchedule.parse(expression, after.getZone(), 42L), after, count).stream()
                .map(ZonedDateTime::toLocalDateTime).toList();
    }

    static LocalDateTime at(String isoLocal) {
        return LocalDateTime.parse(isoLocal);
    }

    static List<LocalDateTime> at(String... isoLocal) {
        return java.util.Arrays.stream(isoLocal).map(LocalDateTime::parse).toList();
    }
}
