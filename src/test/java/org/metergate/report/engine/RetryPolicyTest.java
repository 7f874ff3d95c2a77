package org.metergate.report.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metergate.report.ValueInterval;
import org.metergate.schedule.Schedule;

/** The mapping from a report's schedule and settings to its route's redelivery rule (SPEC F7, table 10). */
class RetryPolicyTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    /** A Wednesday morning, far from daylight-saving changes. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-10T08:07:00Z"), ZONE);
    private static final RetryPolicy.General GENERAL = new RetryPolicy.General(3, 120);

    private static ReportDefinition report(String schedule, boolean adaptive, Integer retries, Integer seconds) {
        return new ReportDefinition("1", true, 3101, schedule, 0, "auto", ValueInterval.ALL, Map.of(), true, adaptive, retries, seconds);
    }

    private static RetryPolicy policy(ReportDefinition d) {
        return RetryPolicy.of(d, d.parsedSchedule(ZONE).schedule(), GENERAL, CLOCK);
    }

    @ParameterizedTest(name = "{0} -> {1} retries, {2} s")
    @CsvSource({
            // table 10 rows, with the presets and cron expressions of those gaps
            "*/5 * * * *,        1, 0",
            "EVERY_15_MINUTES,   1, 0",
            "*/16 * * * *,       2, 300",   // 08:16 -> 08:32: 16 min
            "EVERY_30_MINUTES,   2, 300",
            "HOURLY,             2, 300",   // 60 min is still the 16-60 row
            "0 */2 * * *,        3, 500",
            "EVERY_6_HOURS,      3, 500",
            "'0 0,23 * * *',     2, 300",   // next fire 23:00, then 00:00: the 1 h gap after the next fire decides
            "DAILY,              6, 3600",
            "WEEKLY,             6, 3600",
            "MONTHLY,            6, 3600",
    })
    void adaptiveRetriesFollowTableTen(String schedule, int retries, int seconds) {
        RetryPolicy p = policy(report(schedule.trim(), true, null, null));
        assertThat(p).isEqualTo(new RetryPolicy(retries, Duration.ofSeconds(seconds)));
    }

    @Test
    void theGapAfterTheNextFireDecidesForIrregularSchedules() {
        // 10:30 and 11:00 daily: from 10:07 local the next fire is 10:30, and the gap after it is 30 min
        RetryPolicy p = policy(report("30 10 * * * | 0 11 * * *", true, null, null));
        assertThat(p).isEqualTo(new RetryPolicy(2, Duration.ofSeconds(300)));
    }

    @Test
    void withoutAdaptiveRetriesTheReportsOwnSettingsThenTheGeneralOnesApply() {
        assertThat(policy(report("DAILY", false, 4, 10))).isEqualTo(new RetryPolicy(4, Duration.ofSeconds(10)));
        assertThat(policy(report("DAILY", false, null, 10))).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(10)));
        assertThat(policy(report("DAILY", false, null, null))).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(120)));
        assertThat(policy(report("DAILY", false, 0, null))).isEqualTo(new RetryPolicy(0, Duration.ofSeconds(120)));
    }

    @Test
    void eventReportsHaveNoScheduleSoTheirOwnOrTheGeneralSettingsApply() {
        ReportDefinition startup = ReportDefinition.defaults("startup");
        assertThat(RetryPolicy.of(startup, null, GENERAL, CLOCK)).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(120)));
    }

    @Test
    void theDelayIsScaledForCamel() {
        assertThat(new RetryPolicy(2, Duration.ofSeconds(300)).delayMillis(1)).isEqualTo(300_000);
        assertThat(new RetryPolicy(2, Duration.ofSeconds(300)).delayMillis(0.005)).isEqualTo(1500);
        assertThat(new RetryPolicy(1, Duration.ZERO).delayMillis(1)).isZero();
    }

    @Test
    void aScheduleThatNeverFiresAgainCountsAsMoreThan23Hours() {
        Schedule never = Schedule.cron("0 0 31 2 *", ZONE, 0);
        ReportDefinition d = report("0 0 31 2 *", true, null, null);
        assertThat(RetryPolicy.of(d, never, GENERAL, CLOCK)).isEqualTo(new RetryPolicy(6, Duration.ofSeconds(3600)));
    }
}
