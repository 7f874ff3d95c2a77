package org.metergate.report.engine;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.metergate.report.Protocol;
import org.metergate.report.ValueInterval;
import org.metergate.schedule.CronSchedule;
import org.metergate.schedule.CronSyntaxException;

/**
 * The settings of one report (SPEC F4, F9), as stored (JSON in report_definition) and shown by the API.
 * Event reports ({@link ReportKind#STARTUP} …) use enabled, template and recipients; schedule and
 * period are null for them.
 *
 * @param key             {@code 1}..{@code n}, or {@code startup}, {@code installation}, {@code ondemand}
 * @param template        template number; its first digit is the protocol (SPEC F3)
 * @param schedule        a preset name (runs after the readout) or a cron-dialect expression
 * @param scheduleSeed    seed of the expression's {@code ?} values; drawn anew when the expression changes
 * @param period          {@code auto} or a fixed span, see {@link ValuePeriod}
 * @param recipients      overrides merged over the protocol's default recipients (SPEC F2)
 * @param allMeters       SPEC F4 "include data from all available meters"; only true is supported
 * @param adaptiveRetries SPEC F7 (default on); off: {@code retries}/{@code retrySeconds}, else the general settings
 * @param retries         the report's own retry count when adaptive retries are off, null = general setting
 * @param retrySeconds    the report's own pause between retries, null = general setting
 */
public record ReportDefinition(String key, boolean enabled, int template, String schedule, long scheduleSeed,
                               String period, ValueInterval interval, Map<String, String> recipients,
                               boolean allMeters, boolean adaptiveRetries, Integer retries, Integer retrySeconds) {

    public ReportDefinition {
        recipients = recipients == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(recipients));
        interval = interval == null ? ValueInterval.ALL : interval;
    }

    public ReportKind kind() {
        return ReportKind.ofKey(key);
    }

    public Protocol protocol() {
        return Protocol.ofTemplate(template);
    }

    public ReportSchedule parsedSchedule(ZoneId zone) {
        return ReportSchedule.parse(schedule, scheduleSeed, zone);
    }

    public ValuePeriod parsedPeriod() {
        return ValuePeriod.parse(period);
    }

    /** The factory default: off, every day after the readout, all values not yet delivered, by e-mail. */
    public static ReportDefinition defaults(String key) {
        return switch (ReportKind.ofKey(key)) {
            case SCHEDULED -> new ReportDefinition(key, false, 1101, "DAILY", 0, "auto", ValueInterval.ALL, Map.of(), true,
                    true, null, null);
            case STARTUP -> new ReportDefinition(key, false, 1005, null, 0, null, ValueInterval.ALL, Map.of(), true, true, null, null);
            case INSTALLATION -> new ReportDefinition(key, false, 1001, null, 0, null, ValueInterval.ALL, Map.of(), true, true, null, null);
            case ONDEMAND -> new ReportDefinition(key, false, 1101, null, 0, null, ValueInterval.ALL, Map.of(), true, true, null, null);
        };
    }

    /** Every problem of this definition, fields named under {@code prefix} (e.g. {@code reports[1].}). */
    public List<FieldError> validate(String prefix, ZoneId zone, DestinationFactory destinations) {
        List<FieldError> errors = new ArrayList<>();
        Protocol protocol = null;
        try {
            protocol = Protocol.ofTemplate(template);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "template", e.getMessage()));
        }
        if (kind() == ReportKind.SCHEDULED) {
            if (schedule == null || schedule.isBlank()) {
                errors.add(new FieldError(prefix + "schedule", "required: a preset (" + ReportSchedule.presetNames()
                        + ") or a cron expression"));
            } else {
                try {
                    ReportSchedule s = parsedSchedule(zone);
                    if (s.schedule() instanceof CronSchedule cron && !cron.canEverFire()) {
                        errors.add(new FieldError(prefix + "schedule", "'" + schedule + "' never fires"));
                    }
                } catch (CronSyntaxException e) {
                    errors.add(new FieldError(prefix + "schedule", "neither a preset (" + ReportSchedule.presetNames()
                            + ") nor a valid cron expression: " + e.getMessage()));
                }
            }
            try {
                ValuePeriod.parse(period);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(prefix + "period", e.getMessage()));
            }
        }
        if (kind() != ReportKind.SCHEDULED) {
            if (schedule != null) {
                errors.add(new FieldError(prefix + "schedule", "an event report has no schedule"));
            }
            if (period != null) {
                errors.add(new FieldError(prefix + "period", "an event report has no value period"));
            }
        }
        if (!allMeters) {
            errors.add(new FieldError(prefix + "allMeters", "only true is supported: a report includes all meters"));
        }
        if (retries != null && (retries < 0 || retries > 100)) {
            errors.add(new FieldError(prefix + "retries", "must be between 0 and 100, got " + retries));
        }
        if (retrySeconds != null && (retrySeconds < 0 || retrySeconds > 86_400)) {
            errors.add(new FieldError(prefix + "retrySeconds", "must be between 0 and 86400, got " + retrySeconds));
        }
        for (Map.Entry<String, String> r : recipients.entrySet()) {
            if (r.getKey() == null || r.getKey().isBlank() || r.getValue() == null) {
                errors.add(new FieldError(prefix + "recipients", "keys must be non-empty and values non-null"));
            }
        }
        if (protocol != null && errors.stream().noneMatch(e -> e.field().equals(prefix + "recipients"))) {
            for (FieldError e : destinations.validate(protocol, recipients, enabled)) {
                errors.add(new FieldError(prefix + "recipients." + e.field(), e.reason()));
            }
        }
        return errors;
    }
}
