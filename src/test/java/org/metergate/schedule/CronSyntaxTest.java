package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.metergate.schedule.Fires.MONDAY;
import static org.metergate.schedule.Fires.STOCKHOLM;
import static org.metergate.schedule.Fires.at;
import static org.metergate.schedule.Fires.local;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Steps, names, lists, AND semantics, combination, {@code ?} and the error messages. */
class CronSyntaxTest {

    private static CronExpression one(String text) {
        return CronExpression.parse(text, 1L);
    }

    @Test
    void steps() {
        assertThat(local("10-16/2 * * * *", MONDAY, 5)).containsExactlyElementsOf(at(
                "2026-11-16T00:10", "2026-11-16T00:12", "2026-11-16T00:14", "2026-11-16T00:16", "2026-11-16T01:10"));
        assertThat(local("50/5 * * * *", MONDAY, 3)) // a/n = a to the end of the range
                .containsExactlyElementsOf(at("2026-11-16T00:50", "2026-11-16T00:55", "2026-11-16T01:50"));
        assertThat(local("0 */6 * * *", MONDAY, 2)).containsExactlyElementsOf(at("2026-11-16T06:00", "2026-11-16T12:00"));
        assertThat(local("*/60 * * * *", MONDAY, 1)).containsExactly(at("2026-11-16T01:00"));
    }

    @Test
    void namesAreCaseInsensitive() {
        assertThat(one("0 0 * JAN-mar MON-Fri").text()).isEqualTo("0 0 * JAN-mar MON-Fri");
        assertThat(local("0 0 * * MON-Fri", MONDAY, 6)).isEqualTo(local("0 0 * * 1-5", MONDAY, 6));
        assertThat(local("0 0 1 feb,Jun *", MONDAY, 3))
                .containsExactlyElementsOf(at("2027-02-01T00:00", "2027-06-01T00:00", "2028-02-01T00:00"));
    }

    @Test
    void sundayIsZeroAndSeven() {
        List<LocalDateTime> sundays = local("0 0 * * 0", MONDAY, 3);
        assertThat(local("0 0 * * 7", MONDAY, 3)).isEqualTo(sundays);
        assertThat(local("0 0 * * sun", MONDAY, 3)).isEqualTo(sundays);
        assertThat(sundays.get(0)).isEqualTo(at("2026-11-22T00:00"));
        assertThat(local("0 0 * * fri-sun", MONDAY, 4)).isEqualTo(local("0 0 * * 5-7", MONDAY, 4))
                .containsExactlyElementsOf(at("2026-11-20T00:00", "2026-11-21T00:00", "2026-11-22T00:00", "2026-11-27T00:00"));
    }

    @Test
    void lists() {
        assertThat(local("0,30 8,17 * * *", MONDAY, 5)).containsExactlyElementsOf(at(
                "2026-11-16T08:00", "2026-11-16T08:30", "2026-11-16T17:00", "2026-11-16T17:30", "2026-11-17T08:00"));
        assertThat(local("5 0 1,15-16,31 * *", MONDAY, 4)).containsExactlyElementsOf(at(
                "2026-11-16T00:05", "2026-12-01T00:05", "2026-12-15T00:05", "2026-12-16T00:05"));
    }

    @Test
    void dayOfMonthAndDayOfWeekAreAnded() {
        // Friday the 13th, not "every Friday and every 13th" (Vixie cron's OR)
        assertThat(local("0 0 13 * fri", MONDAY, 3))
                .containsExactlyElementsOf(at("2027-08-13T00:00", "2028-10-13T00:00", "2029-04-13T00:00"));
        // only one day field restricted: that one decides
        assertThat(local("0 0 13 * *", MONDAY, 1)).containsExactly(at("2026-12-13T00:00"));
        assertThat(local("0 0 * * fri", MONDAY, 1)).containsExactly(at("2026-11-20T00:00"));
    }

    @Test
    void combinedExpressionsFireOnceWhenTheyCoincide() {
        assertThat(local("0 * * * *|*/30 * * * *", MONDAY, 3))
                .containsExactlyElementsOf(at("2026-11-16T00:30", "2026-11-16T01:00", "2026-11-16T01:30"));
        assertThat(CronSchedule.parse("0 5 * * *|8 10 * * * 22 17 * * *", STOCKHOLM, 0).parts()).hasSize(3);
    }

    @Test
    void impossibleCombinationsNeverFireAndDoNotLoop() {
        for (String never : List.of("0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 2 *|0 0 30 2 *")) {
            CronSchedule s = CronSchedule.parse(never, STOCKHOLM, 0);
            assertThat(s.canEverFire()).as(never).isFalse();
            assertThat(s.next(MONDAY)).as(never).isEmpty();
        }
        // rare but possible: 29 February on a Monday (2044 after 2016)
        assertThat(local("0 0 29 2 mon", MONDAY, 2)).containsExactlyElementsOf(at("2044-02-29T00:00", "2072-02-29T00:00"));
    }

    @Test
    void randomValuesAreDeterminedBySeedAndStayInTheirRange() {
        String expr = "?1-30 ? ?10-12 ? ?mon-fri";
        CronSchedule a = CronSchedule.parse(expr, STOCKHOLM, 12345L);
        assertThat(CronSchedule.parse(expr, STOCKHOLM, 12345L).resolvedExpression()).isEqualTo(a.resolvedExpression());
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 500; seed++) {
            String[] f = CronSchedule.parse(expr, STOCKHOLM, seed).resolvedExpression().split(" ");
            assertThat(Integer.parseInt(f[0])).isBetween(1, 30);
            assertThat(Integer.parseInt(f[1])).isBetween(0, 23);
            assertThat(Integer.parseInt(f[2])).isBetween(10, 12);
            assertThat(Integer.parseInt(f[3])).isBetween(1, 12);
            assertThat(Integer.parseInt(f[4])).isBetween(1, 5);
            seen.add(f[0]);
        }
        assertThat(seen).as("a fleet spreads over the range").hasSize(30);
        // a random element in a list and a bare ? in every field are fine too
        assertThat(CronSchedule.parse("0,?31-59 * * * *", STOCKHOLM, 3L).resolvedExpression()).matches("0,(3[1-9]|[45][0-9]) \\* \\* \\* \\*");
        assertThat(CronSchedule.parse("? ? ? ? ?", STOCKHOLM, 3L).next(MONDAY)).isPresent();
    }

    @Test
    void theFixedMixingFunctionKeepsSchedulesStableAcrossJdks() {
        // golden values: a change here would move every installed gateway's random schedule
        assertThat(CronSchedule.parse("?0-59 ?0-23 * * *", STOCKHOLM, 20261116L).resolvedExpression())
                .isEqualTo(CronSchedule.parse("?0-59 ?0-23 * * *", STOCKHOLM, 20261116L).resolvedExpression());
        assertThat(CronParser.mix(0L, 0)).isEqualTo(0xE220A8397B1DCDAFL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "61 * * * *;               0;  MINUTE;       minute 61 out of range 0-59",
        "0,61 * * * *;             2;  MINUTE;       minute 61 out of range 0-59",
        "0 24 * * *;               2;  HOUR;         hour 24 out of range 0-23",
        "0 0 0 * *;                4;  DAY_OF_MONTH; day-of-month 0 out of range 1-31",
        "0 0 * 13 *;               6;  MONTH;        month 13 out of range 1-12",
        "0 0 * * 8;                8;  DAY_OF_WEEK;  day-of-week 8 out of range 0-7",
        "0 0 * * mo;               8;  DAY_OF_WEEK;  day-of-week: unknown name 'mo' (names sun..sat)",
        "0 jan * * *;              2;  HOUR;         hour: unknown name 'jan' (this field takes numbers only)",
        "*/0 * * * *;              2;  MINUTE;       minute step 0 out of range 1-60",
        "20-10 * * * *;            0;  MINUTE;       minute range 20-10 runs backwards (start after end)",
        "1,,2 * * * *;             2;  MINUTE;       minute: empty list element",
        "?1-30/5 * * * *;          5;  MINUTE;       minute: a step cannot follow a random '?' value",
        "1x * * * *;               1;  MINUTE;       minute: unexpected 'x'",
        "0 0 * *;                  7;  DAY_OF_WEEK;  expression has 4 fields but needs 5 (minute hour day-of-month month day-of-week, or a multiple of 5 for several expressions): day-of-week missing",
        "0 5 * * *||1 2 * * *;    10;  ;             empty expression between '|' separators",
        "99999999999 * * * *;      0;  MINUTE;       minute 99999999999 out of range 0-59",
        "0 1- * * *;               4;  HOUR;         hour: range end missing",
    })
    void errorsNameFieldPositionAndReason(String text, int position, CronField field, String reason) {
        CronSyntaxException e = catchThrowableOfType(CronSyntaxException.class,
                () -> CronSchedule.parse(text, STOCKHOLM, 0));
        assertThat(e).as(text).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.field().orElse(null)).isEqualTo(field);
        assertThat(e.getMessage()).isEqualTo(reason + " at position " + position);
    }

    @Test
    void emptyAndMissingExpressions() {
        assertThatThrownBy(() -> CronSchedule.parse("", STOCKHOLM, 0)).isInstanceOf(CronSyntaxException.class)
                .hasMessage("expression is empty at position 0");
        assertThatThrownBy(() -> CronSchedule.parse("   ", STOCKHOLM, 0)).isInstanceOf(CronSyntaxException.class);
        assertThatThrownBy(() -> CronSchedule.parse(null, STOCKHOLM, 0)).isInstanceOf(CronSyntaxException.class)
                .hasMessage("expression is missing at position 0");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *|", STOCKHOLM, 0)).isInstanceOf(CronSyntaxException.class);
    }

    /** Random strings over the dialect's alphabet: either a schedule that computes a next time, or a CronSyntaxException. */
    @Test
    void noOtherExceptionForAnyInput() {
        Random random = new Random(5);
        String alphabet = "0123456789*/?-,| \t\nmonjafebsuxyzMONÄ\u0000\uD83D";
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (i % 3 == 0) { // bias towards the shape of real expressions
                sb.setLength(0);
                for (int f = 0; f < 5 * (1 + random.nextInt(2)); f++) {
                    sb.append(f == 0 ? "" : " ").append(randomField(random));
                }
            }
            String text = sb.toString();
            try {
                CronSchedule s = CronSchedule.parse(text, STOCKHOLM, random.nextLong());
                s.next(MONDAY);
                s.resolvedExpression();
                valid++;
            } catch (CronSyntaxException expected) {
                assertThat(expected.position()).as(text).isBetween(0, text.length());
            } catch (RuntimeException other) {
                throw new AssertionError("'" + text + "' threw " + other, other);
            }
        }
        assertThat(valid).as("some random expressions are valid").isGreaterThan(50);
    }

    private static String randomField(Random r) {
        // mostly plausible elements, some out of range for some fields, some broken
        String[] parts = {"*", "?", "1", "5", "12", "0", "7", "31", "60", "mon", "jan", "*/15", "1-5", "?1-3",
            "fri-sun", "2/3", "5-", "/", ""};
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(parts[r.nextInt(parts.length)]);
        }
        return sb.toString();
    }
}
