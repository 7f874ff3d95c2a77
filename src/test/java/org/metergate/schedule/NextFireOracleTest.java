package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random valid expressions against a minute-by-minute brute force (in UTC, where every local minute
 * is one instant), and sanity properties in zones with unusual daylight-saving rules.
 */
class NextFireOracleTest {

    private static final String[][] ELEMENTS = {
        {"*", "0", "15", "59", "*/7", "10-20/3", "5,35", "?", "?0-9", "50/4"},
        {"*", "0", "12", "23", "*/5", "9-17", "1,13", "?", "6/6"},
        {"*", "*", "*", "1", "13", "29", "31", "1-7", "*/10", "?"},
        {"*", "*", "*", "2", "jan-mar", "*/4", "12", "?"},
        {"*", "*", "*", "mon", "1-5", "sun", "7", "fri-sun", "?"},
    };

    private static String randomExpression(Random r) {
        StringBuilder sb = new StringBuilder();
        for (String[] choices : ELEMENTS) {
            sb.append(sb.length() == 0 ? "" : " ").append(choices[r.nextInt(choices.length)]);
        }
        return sb.toString();
    }

    @Test
    void agreesWithBruteForceInUtc() {
        Random r = new Random(11);
        ZoneId utc = ZoneOffset.UTC;
        int checked = 0;
        for (int i = 0; i < 500; i++) {
            String text = randomExpression(r);
            CronSchedule schedule = CronSchedule.parse(text, utc, r.nextLong());
            boolean[][] byHand = byHand(schedule);
            LocalDateTime start = LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(r.nextInt(600_000)).plusSeconds(r.nextInt(60));
            LocalDateTime oracle = null;
            LocalDateTime t = start.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            for (int m = 0; m < 60 * 24 * 40 && oracle == null; m++, t = t.plusMinutes(1)) {
                if (matches(byHand, t)) {
                    oracle = t;
                }
            }
            Optional<ZonedDateTime> next = schedule.next(start.atZone(utc));
            if (oracle != null) {
                assertThat(next).as(text + " after " + start).contains(oracle.atZone(utc));
                checked++;
            } else {
                next.ifPresent(n -> assertThat(n.toLocalDateTime()).as(text).isAfter(start.plusDays(39)));
            }
        }
        assertThat(checked).isGreaterThan(150);
    }

    /**
     * An independent reading of the resolved fields (string splitting, no bit masks), so the oracle
     * does not just reuse the parser. Result: per field, which values match.
     */
    private static boolean[][] byHand(CronSchedule schedule) {
        String[] f = schedule.resolvedExpression().split(" ");
        int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        List<List<String>> names = List.of(List.of(), List.of(), List.of(), List.of("jan", "feb", "mar"),
                List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));
        boolean[][] result = new boolean[5][64];
        for (int field = 0; field < 5; field++) {
            for (int v = ranges[field][0]; v <= ranges[field][1]; v++) {
                result[field][v] = in(f[field], v, ranges[field][0], ranges[field][1], names.get(field));
            }
        }
        result[4][0] |= result[4][7];
        return result;
    }

    private static boolean matches(boolean[][] m, LocalDateTime t) {
        return m[0][t.getMinute()] && m[1][t.getHour()] && m[2][t.getDayOfMonth()] && m[3][t.getMonthValue()]
                && m[4][t.getDayOfWeek().getValue() % 7];
    }

    private static boolean in(String field, int v, int min, int max, List<String> names) {
        for (String e : field.split(",")) {
            int step = 1;
            String base = e;
            if (e.contains("/")) {
                step = Integer.parseInt(e.substring(e.indexOf('/') + 1));
                base = e.substring(0, e.indexOf('/'));
            }
            int lo;
            int hi;
            if (base.equals("*")) {
                lo = min;
                hi = max;
            } else if (base.contains("-")) {
                lo = value(base.split("-")[0], names, min);
                hi = value(base.split("-")[1], names, min);
                if (hi == 0 && lo > 0) {
                    hi = 7;
                }
            } else {
                lo = value(base, names, min);
                hi = e.contains("/") ? max : lo;
            }
            if (v >= lo && v <= hi && (v - lo) % step == 0) {
                return true;
            }
        }
        return false;
    }

    private static int value(String s, List<String> names, int min) {
        int i = names.indexOf(s);
        return i >= 0 ? i + min : Integer.parseInt(s);
    }

    @Test
    void propertiesHoldInZonesWithUnusualTransitions() {
        // Lord Howe: 30-minute shifts; Apia skipped 30 December 2011; Santiago and Havana change at midnight
        List<ZoneId> zones = List.of(ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Pacific/Apia"),
                ZoneId.of("America/Santiago"), ZoneId.of("America/Havana"), Fires.STOCKHOLM);
        Random r = new Random(3);
        for (int i = 0; i < 400; i++) {
            ZoneId zone = zones.get(r.nextInt(zones.size()));
            String text = randomExpression(r);
            CronSchedule schedule = CronSchedule.parse(text, zone, r.nextLong());
            Instant start = Instant.parse("2011-01-01T00:00:00Z").plusSeconds(r.nextInt(16 * 365 * 86_400));
            ZonedDateTime t = start.atZone(zone);
            for (int k = 0; k < 5; k++) {
                Optional<ZonedDateTime> next = schedule.next(t);
                if (next.isEmpty()) {
                    break;
                }
                assertThat(next.get().toInstant()).as(text + " in " + zone + " after " + t).isAfter(t.toInstant());
                assertThat(next.get().getZone()).isEqualTo(zone);
                // a fire is a matching local minute, or the first instant after a gap that held one
                LocalDateTime local = next.get().toLocalDateTime();
                boolean afterGap = zone.getRules().getTransition(local) == null
                        && zone.getRules().previousTransition(next.get().toInstant().plusSeconds(1)) != null
                        && zone.getRules().previousTransition(next.get().toInstant().plusSeconds(1)).getInstant()
                                .equals(next.get().toInstant());
                assertThat(schedule.parts().get(0).matches(local) || afterGap).as(text + " at " + next.get()).isTrue();
                t = next.get();
            }
        }
    }
}
