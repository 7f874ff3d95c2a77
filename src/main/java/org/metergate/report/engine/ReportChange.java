package org.metergate.report.engine;

import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.metergate.report.ValueInterval;

/**
 * A change of one report's settings as the API receives it: only the fields sent change. A new
 * schedule expression draws a new seed for its {@code ?} values; {@code retries}/{@code retrySeconds}
 * of -1 clear the report's own value (the general setting applies).
 */
public record ReportChange(String key, Boolean enabled, Integer template, String schedule, String period, String interval,
                           Map<String, String> recipients, Boolean allMeters, Boolean adaptiveRetries, Integer retries,
                           Integer retrySeconds) {

    /**
     * The definition with this change applied; an unknown interval is reported as a field error.
     *
     * @throws ReportSettingsException if the interval is not one of the {@link ValueInterval}s
     */
    public ReportDefinition applyTo(ReportDefinition d, String prefix, LongSupplier newSeed) {
        ValueInterval iv = d.interval();
        if (interval != null) {
            try {
                iv = ValueInterval.valueOf(interval.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ReportSettingsException(java.util.List.of(new FieldError(prefix + "interval",
                        "must be one of " + java.util.Arrays.toString(ValueInterval.values()).replaceAll("[\\[\\]]", "")
                                + ", got '" + interval + "'")));
            }
        }
        String sched = d.schedule();
        long seed = d.scheduleSeed();
        if (schedule != null && !ReportSchedule.canonical(schedule).equals(d.schedule())) {
            sched = ReportSchedule.canonical(schedule);
            seed = ReportSchedule.isPreset(sched) ? 0 : newSeed.getAsLong();
        }
        return new ReportDefinition(d.key(),
                enabled != null ? enabled : d.enabled(),
                template != null ? template : d.template(),
                sched, seed,
                period != null ? period.trim() : d.period(),
                iv,
                recipients != null ? recipients : d.recipients(),
                allMeters != null ? allMeters : d.allMeters(),
                adaptiveRetries != null ? adaptiveRetries : d.adaptiveRetries(),
                retries == null ? d.retries() : retries == -1 ? null : retries,
                retrySeconds == null ? d.retrySeconds() : retrySeconds == -1 ? null : retrySeconds);
    }
}
