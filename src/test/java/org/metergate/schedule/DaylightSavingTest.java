package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metergate.schedule.Fires.STOCKHOLM;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Europe/Stockholm 2026: 29 March 02:00 CET jumps to 03:00 CEST (gap); 25 October 03:00 CEST falls
 * back to 02:00 CET (overlap). Policy in {@link WallClock}.
 */
class DaylightSavingTest {

    private static List<OffsetDateTime> fires(String expression, String afterOffsetDateTime, int count) {
        ZonedDateTime after = OffsetDateTime.parse(afterOffsetDateTime).atZoneSameInstant(STOCKHOLM);
        return Fires.zoned(CronSchedule.parse(expression, STOCKHOLM, 0), after, count).stream()
                .map(ZonedDateTime::toOffsetDateTime).toList();
    }

    private static List<OffsetDateTime> odt(String... values) {
        return java.util.Arrays.stream(values).map(OffsetDateTime::parse).toList();
    }

    @Test
    void fixedTimeInTheGapFiresOnceAtTheTransition() {
        assertThat(fires("30 2 * * *", "2026-03-28T00:00+01:00", 3)).containsExactlyElementsOf(odt(
                "2026-03-28T02:30+01:00", "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00"));
    }

    @Test
    void minutesInTheGapCoalesceIntoOneFire() {
        assertThat(fires("*/15 * * * *", "2026-03-29T01:30+01:00", 4)).containsExactlyElementsOf(odt(
                "2026-03-29T01:45+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:15+02:00", "2026-03-29T03:30+02:00"));
    }

    @Test
    void everyHourSchedulesFireInBothPassesOfTheOverlap() {
        assertThat(fires("*/30 * * * *", "2026-10-25T01:30+02:00", 5)).containsExactlyElementsOf(odt(
                "2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00",
                "2026-10-25T02:00+01:00", "2026-10-25T02:30+01:00", "2026-10-25T03:00+01:00"));
    }

    @Test
    void fromInsideTheFirstPassTheSecondPassIsStillAhead() {
        assertThat(fires("*/30 * * * *", "2026-10-25T02:45+02:00", 2))
                .containsExactlyElementsOf(odt("2026-10-25T02:00+01:00", "2026-10-25T02:30+01:00"));
        assertThat(fires("0 * * * *", "2026-10-25T02:00+02:00", 2))
                .containsExactlyElementsOf(odt("2026-10-25T02:00+01:00", "2026-10-25T03:00+01:00"));
    }

    @Test
    void fixedTimeInTheOverlapFiresOnceAtTheFirstPass() {
        assertThat(fires("30 2 * * *", "2026-10-24T00:00+02:00", 3)).containsExactlyElementsOf(odt(
                "2026-10-24T02:30+02:00", "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00"));
        assertThat(fires("30 2 * * *", "2026-10-25T02:45+02:00", 1)).containsExactlyElementsOf(odt("2026-10-26T02:30+01:00"));
    }

    @Test
    void fifteenMinuteReadoutsStayFifteenRealMinutesApartAcrossBothChanges() {
        for (String dayStart : List.of("2026-03-29T00:00+01:00", "2026-10-25T00:00+02:00")) {
            ZonedDateTime start = OffsetDateTime.parse(dayStart).atZoneSameInstant(STOCKHOLM);
            ZonedDateTime end = start.toLocalDate().plusDays(1).atStartOfDay(STOCKHOLM);
            long expected = Duration.between(start, end).toMinutes() / 15; // 92 in March, 100 in October
            List<ZonedDateTime> fires = Fires.zoned(Schedule.preset(Preset.EVERY_15_MINUTES, STOCKHOLM), start, (int) expected);
            assertThat(fires.get(fires.size() - 1).toInstant()).as(dayStart).isEqualTo(end.toInstant());
            for (int i = 1; i < fires.size(); i++) {
                assertThat(Duration.between(fires.get(i - 1), fires.get(i))).as(dayStart).isEqualTo(Duration.ofMinutes(15));
            }
        }
    }

    @Test
    void resultIsInTheScheduleZoneWhateverZoneTheStartIsIn() {
        CronSchedule utc = CronSchedule.parse("0 12 * * *", ZoneId.of("UTC"), 0);
        ZonedDateTime next = utc.next(Fires.MONDAY).orElseThrow(); // 2026-11-15T23:00Z
        assertThat(next).isEqualTo(ZonedDateTime.parse("2026-11-16T12:00Z[UTC]"));
    }
}
