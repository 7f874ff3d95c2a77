package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metergate.schedule.Fires.MONDAY;
import static org.metergate.schedule.Fires.at;
import static org.metergate.schedule.Fires.local;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example of the manual's table 11 (section 6.39), with the fire times its description
 * promises, from Monday 2026-11-16 00:00 Europe/Stockholm (exclusive: a fire at exactly the start is
 * not "next").
 */
class TableElevenTest {

    @Test
    void fifteenPastEveryHour() {
        assertThat(local("15 * * * *", MONDAY, 3))
                .containsExactlyElementsOf(at("2026-11-16T00:15", "2026-11-16T01:15", "2026-11-16T02:15"));
    }

    @Test
    void everyFifteenMinutes() {
        assertThat(local("*/15 * * * *", MONDAY, 4)).containsExactlyElementsOf(
                at("2026-11-16T00:15", "2026-11-16T00:30", "2026-11-16T00:45", "2026-11-16T01:00"));
    }

    @Test
    void everyMinute() {
        // "00:00, 00:01, 00:02": start one minute before midnight so 00:00 is the first fire
        assertThat(local("* * * * *", MONDAY.minusMinutes(1), 3))
                .containsExactlyElementsOf(at("2026-11-16T00:00", "2026-11-16T00:01", "2026-11-16T00:02"));
    }

    @Test
    void everyMinuteOfTheTwelfthHourOnMondays() {
        List<LocalDateTime> fires = local("* 12 * * mon", MONDAY, 61);
        assertThat(fires.get(0)).isEqualTo(at("2026-11-16T12:00"));
        assertThat(fires.get(59)).isEqualTo(at("2026-11-16T12:59"));
        assertThat(fires.get(60)).isEqualTo(at("2026-11-23T12:00"));
    }

    @Test
    void mondayAndTheSixteenthBothRequired() {
        // AND semantics (manual): only a Monday that is the 16th. Vixie cron would also fire on every
        // Monday and every 16th; the next Monday 16th after November 2026 is 16 August 2027.
        List<LocalDateTime> fires = local("* 12 16 * mon", MONDAY, 61);
        assertThat(fires.get(0)).isEqualTo(at("2026-11-16T12:00"));
        assertThat(fires.get(59)).isEqualTo(at("2026-11-16T12:59"));
        assertThat(fires.get(60)).isEqualTo(at("2027-08-16T12:00"));
    }

    @Test
    void weekdaysAtElevenFiftyNineAsList() {
        assertThat(local("59 11 * * 1,2,3,4,5", MONDAY, 6)).containsExactlyElementsOf(at(
                "2026-11-16T11:59", "2026-11-17T11:59", "2026-11-18T11:59", "2026-11-19T11:59",
                "2026-11-20T11:59", "2026-11-23T11:59"));
    }

    @Test
    void weekdaysAtElevenFiftyNineAsRange() {
        assertThat(local("59 11 * * 1-5", MONDAY, 6)).isEqualTo(local("59 11 * * 1,2,3,4,5", MONDAY, 6));
    }

    @Test
    void everyFifteenMinutesFromNineToFive() {
        // The hour range 9-17 includes hour 17, as in every cron: 09:00 ... 17:45 (9 h x 4 = 36 fires a day).
        List<LocalDateTime> fires = local("*/15 9-17 * * *", MONDAY, 37);
        assertThat(fires.get(0)).isEqualTo(at("2026-11-16T09:00"));
        assertThat(fires.get(1)).isEqualTo(at("2026-11-16T09:15"));
        assertThat(fires.get(35)).isEqualTo(at("2026-11-16T17:45"));
        assertThat(fires.get(36)).isEqualTo(at("2026-11-17T09:00"));
    }

    @Test
    void twelfthHourOnEvenDaysTenToSixteen() {
        List<LocalDateTime> fires = local("* 12 10-16/2 * *", MONDAY.withDayOfMonth(1), 4 * 60 + 1);
        assertThat(fires.stream().map(LocalDateTime::getDayOfMonth).distinct()).containsExactly(10, 12, 14, 16);
        assertThat(fires.get(0)).isEqualTo(at("2026-11-10T12:00"));
        assertThat(fires.get(60)).isEqualTo(at("2026-11-12T12:00"));
        assertThat(fires.get(239)).isEqualTo(at("2026-11-16T12:59"));
        assertThat(fires.get(240)).isEqualTo(at("2026-12-10T12:00"));
    }

    @Test
    void twelfthHourOnListedDays() {
        // The expression lists 1-15, 17 and 20-25; the manual's description forgets the 17th, the
        // expression is what counts.
        // From Monday the 16th (not listed): the 17th, 20th-25th, then 1 December.
        List<LocalDateTime> fires = local("* 12 1-15,17,20-25 * *", MONDAY, 7 * 60 + 1);
        assertThat(fires.stream().map(LocalDateTime::getDayOfMonth).distinct())
                .containsExactly(17, 20, 21, 22, 23, 24, 25, 1);
        assertThat(fires.get(0)).isEqualTo(at("2026-11-17T12:00"));
        assertThat(fires.get(59)).isEqualTo(at("2026-11-17T12:59"));
        assertThat(fires.get(60)).isEqualTo(at("2026-11-20T12:00"));
        assertThat(fires.get(420)).isEqualTo(at("2026-12-01T12:00"));
        assertThat(local("* 12 1-15,17,20-25 * *", MONDAY.withDayOfMonth(30), 15 * 60 + 1).get(15 * 60))
                .isEqualTo(at("2026-12-17T12:00"));
    }

    @Test
    void threeTimesADaySpaceSeparatedAsInTheManual() {
        assertThat(local("0 5 * * * 8 10 * * * 22 17 * * *", MONDAY, 4)).containsExactlyElementsOf(at(
                "2026-11-16T05:00", "2026-11-16T10:08", "2026-11-16T17:22", "2026-11-17T05:00"));
    }

    @Test
    void threeTimesADayWithPipes() {
        assertThat(local("0 5 * * *|8 10 * * *|22 17 * * *", MONDAY, 4))
                .isEqualTo(local("0 5 * * * 8 10 * * * 22 17 * * *", MONDAY, 4));
        assertThat(local(" 0 5 * * * | 8 10 * * * 22 17 * * * ", MONDAY, 4))
                .isEqualTo(local("0 5 * * * 8 10 * * * 22 17 * * *", MONDAY, 4));
    }

    @Test
    void randomMinuteInTheFirstThirtyOfHourZero() {
        // "?1-30 0 * * *": a minute drawn once from 1..30; the hour field is 0, so it fires daily at
        // 00:mm (the manual's text says "every hour", which would be "?1-30 * * * *").
        CronSchedule schedule = CronSchedule.parse("?1-30 0 * * *", Fires.STOCKHOLM, 7L);
        int minute = Integer.parseInt(schedule.resolvedExpression().split(" ")[0]);
        assertThat(minute).isBetween(1, 30);
        assertThat(schedule.resolvedExpression()).isEqualTo(minute + " 0 * * *");
        assertThat(Fires.zoned(schedule, MONDAY, 3).stream().map(z -> z.toLocalDateTime()).toList())
                .containsExactly(at("2026-11-16T00:00").withMinute(minute),
                        at("2026-11-17T00:00").withMinute(minute), at("2026-11-18T00:00").withMinute(minute));
    }
}
