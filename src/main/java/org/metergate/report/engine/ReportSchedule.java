package org.metergate.report.engine;

import java.time.ZoneId;
import org.metergate.schedule.CronSyntaxException;
import org.metergate.schedule.Preset;
import org.metergate.schedule.Schedule;

/**
 * When a scheduled report runs (SPEC F4, D6): a preset name ({@code DAILY}, {@code HOURLY} …), which
 * runs right after the readout it belongs to has finished, or an expression of the gateway's cron
 * dialect, which runs on its own clock (the guarantee is dropped).
 *
 * @param synchronised true for presets: scheduled after the readout job
 */
public record ReportSchedule(String text, Schedule schedule, boolean synchronised) {

    /**
     * @param seed the seed of the expression's {@code ?} values, kept with the report
     * @throws CronSyntaxException for a text that is neither a preset nor a valid expression
     */
    public static ReportSchedule parse(String text, long seed, ZoneId zone) {
        String t = text.trim();
        for (Preset p : Preset.values()) {
            if (p.name().equalsIgnoreCase(t.replace('-', '_'))) {
                return new ReportSchedule(p.name(), Schedule.preset(p, zone), true);
            }
        }
        return new ReportSchedule(t, Schedule.cron(t, zone, seed), false);
    }

    /** A preset's canonical name ({@code monthly} → {@code MONTHLY}); other text trimmed. */
    static String canonical(String text) {
        String t = text.trim();
        for (Preset p : Preset.values()) {
            if (p.name().equalsIgnoreCase(t.replace('-', '_'))) {
                return p.name();
            }
        }
        return t;
    }

    /** True if the text names a preset (no seed needed). */
    static boolean isPreset(String text) {
        for (Preset p : Preset.values()) {
            if (p.name().equalsIgnoreCase(text.trim().replace('-', '_'))) {
                return true;
            }
        }
        return false;
    }

    static String presetNames() {
        return java.util.Arrays.stream(Preset.values()).map(Preset::name).collect(java.util.stream.Collectors.joining(", "));
    }
}
