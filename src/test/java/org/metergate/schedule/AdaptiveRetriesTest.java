package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metergate.schedule.Fires.MONDAY;
import static org.metergate.schedule.Fires.STOCKHOLM;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdaptiveRetriesTest {

    @Test
    void tableTen() {
        assertThat(AdaptiveRetries.forInterval(Duration.ofMinutes(1))).isEqualTo(new AdaptiveRetries(1, Duration.ZERO));
        assertThat(AdaptiveRetries.forInterval(Duration.ofMinutes(15))).isEqualTo(new AdaptiveRetries(1, Duration.ZERO));
        assertThat(AdaptiveRetries.forInterval(Duration.ofMinutes(16))).isEqualTo(new AdaptiveRetries(2, Duration.ofSeconds(300)));
        assertThat(AdaptiveRetries.forInterval(Duration.ofMinutes(60))).isEqualTo(new AdaptiveRetries(2, Duration.ofSeconds(300)));
        assertThat(AdaptiveRetries.forInterval(Duration.ofMinutes(61))).isEqualTo(new AdaptiveRetries(3, Duration.ofSeconds(500)));
        assertThat(AdaptiveRetries.forInterval(Duration.ofHours(23))).isEqualTo(new AdaptiveRetries(3, Duration.ofSeconds(500)));
        assertThat(AdaptiveRetries.forInterval(Duration.ofHours(24))).isEqualTo(new AdaptiveRetries(6, Duration.ofSeconds(3600)));
    }

    @Test
    void retriesEndBeforeTheNextReportForEveryPreset() {
        for (Preset preset : Preset.values()) {
            CronSchedule schedule = Schedule.preset(preset, STOCKHOLM);
            var fire = schedule.next(MONDAY).orElseThrow();
            var next = schedule.next(fire).orElseThrow();
            AdaptiveRetries retries = AdaptiveRetries.forFire(schedule, fire);
            assertThat(fire.plus(retries.between().multipliedBy(retries.maxRetries()))).as(preset.name()).isBefore(next);
        }
        assertThat(AdaptiveRetries.forFire(Schedule.preset(Preset.HOURLY, STOCKHOLM), MONDAY).maxRetries()).isEqualTo(2);
        // an irregular schedule: the gap that follows this fire decides (05:00 -> 10:08 is 5 h 8 min)
        CronSchedule irregular = CronSchedule.parse("0 5 * * *|8 10 * * *|22 10 * * *", STOCKHOLM, 0);
        assertThat(AdaptiveRetries.forFire(irregular, MONDAY.withHour(5)).maxRetries()).isEqualTo(3);
        assertThat(AdaptiveRetries.forFire(irregular, MONDAY.withHour(10).withMinute(8)).maxRetries()).isEqualTo(1);
        assertThat(AdaptiveRetries.forFire(CronSchedule.parse("0 0 31 2 *", STOCKHOLM, 0), MONDAY).maxRetries()).isEqualTo(6);
    }
}
