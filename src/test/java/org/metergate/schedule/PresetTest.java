package org.metergate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.metergate.schedule.Fires.MONDAY;
import static org.metergate.schedule.Fires.STOCKHOLM;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetTest {

    @Test
    void everyPresetIsAnExpressionOfTheDialectWithTheExpectedNextFire() {
        Map<Preset, String> nextAfterMondayMidnight = new EnumMap<>(Preset.class);
        nextAfterMondayMidnight.put(Preset.EVERY_15_MINUTES, "2026-11-16T00:15");
        nextAfterMondayMidnight.put(Preset.EVERY_30_MINUTES, "2026-11-16T00:30");
        nextAfterMondayMidnight.put(Preset.HOURLY, "2026-11-16T01:00");
        nextAfterMondayMidnight.put(Preset.EVERY_6_HOURS, "2026-11-16T06:00");
        nextAfterMondayMidnight.put(Preset.DAILY, "2026-11-17T00:00");
        nextAfterMondayMidnight.put(Preset.WEEKLY, "2026-11-23T00:00");
        nextAfterMondayMidnight.put(Preset.MONTHLY, "2026-12-01T00:00");
        assertThat(nextAfterMondayMidnight).hasSize(Preset.values().length);
        nextAfterMondayMidnight.forEach((preset, expected) -> {
            CronSchedule schedule = Schedule.preset(preset, STOCKHOLM);
            assertThat(schedule.expression()).isEqualTo(preset.expression());
            assertThat(schedule.resolvedExpression()).isEqualTo(preset.expression());
            assertThat(schedule.next(MONDAY).orElseThrow().toLocalDateTime()).as(preset.name())
                    .isEqualTo(Fires.at(expected));
        });
    }
}
