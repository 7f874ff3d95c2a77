package org.metergate.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.metergate.admin.SystemLog;
import org.metergate.bus.RetryPolicy;
import org.metergate.camel.CronPollScheduler;
import org.metergate.camel.JobRetries;
import org.metergate.schedule.CronSchedule;
import org.metergate.schedule.CronSyntaxException;
import org.metergate.schedule.Preset;
import org.metergate.schedule.Schedule;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SettingRepository;
import org.metergate.store.StatusBytePolicy;
import org.metergate.store.ValueRetention;

/**
 * GET/PUT /api/settings/readout (SPEC D1, D2, D5, E1, E4): the readout schedule in the gateway's cron
 * dialect, the job retries with their offset seconds (scheduled and manual jobs), the value retention
 * in years and the status-byte logging policy. A change is validated whole (a 400 names the field),
 * stored, and applied at once.
 */
public final class ReadoutSettingsApi extends ApiRouteBuilder {

    public static final String SCHEDULE = "readout.schedule";
    public static final String SCHEDULE_SEED = "readout.schedule.seed";
    public static final String STATUS_BYTE_LOGGING = "readout.statusByteLogging";
    public static final String RETRIES = "readout.retries";
    public static final String OFFSET_SECONDS = "readout.retryOffsetSeconds";
    public static final String MANUAL_RETRIES = "readout.manualRetries";
    public static final String MANUAL_OFFSET_SECONDS = "readout.manualRetryOffsetSeconds";
    public static final String RETENTION_YEARS = "values.retentionYears";

    public static final int MAX_RETENTION_YEARS = 100;

    private static final Set<String> FIELDS = Set.of("schedule", "statusByteLogging", "retries", "offsetSeconds",
            "manualRetries", "manualOffsetSeconds", "retentionYears");
    private static final Set<String> READ_ONLY = Set.of("resolved", "timeZone", "nextRun", "presets");

    private final CronPollScheduler readout;
    private final ReadoutRepository values;
    private final SettingRepository settings;
    private final JobRetries retries;
    private final ValueRetention retention;

    public ReadoutSettingsApi(RequestAuthenticator auth, SystemLog systemLog, CronPollScheduler readout,
                              ReadoutRepository values, SettingRepository settings, JobRetries retries,
                              ValueRetention retention) {
        super(auth, systemLog);
        this.readout = readout;
        this.values = values;
        this.settings = settings;
        this.retries = retries;
        this.retention = retention;
    }

    @Override
    protected void api() {
        rest("/api").description("Readout settings")
                .get("/settings/readout").description("Readout schedule (cron dialect, resolved, next run, presets), job"
                        + " retries (retries, offsetSeconds for scheduled jobs; manualRetries, manualOffsetSeconds),"
                        + " value retention (retentionYears) and status-byte logging (ALWAYS, NEVER, ON_CHANGE, ON_ERROR)")
                    .produces("application/json").to("direct:api-settings-readout-get")
                .put("/settings/readout").description("Change them: {schedule?, statusByteLogging?, retries?, offsetSeconds?,"
                        + " manualRetries?, manualOffsetSeconds?, retentionYears?}; a new schedule draws new '?' values")
                    .produces("application/json").to("direct:api-settings-readout-put");

        operation("api-settings-readout-get", Access.VIEWER, r -> current());
        operation("api-settings-readout-put", Access.ADMIN, r -> {
            JsonNode body = r.body(JsonNode.class);
            if (body == null || !body.isObject()) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            body.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f) && !READ_ONLY.contains(f)) {
                    throw ApiException.badRequest("unknown field '" + f + "' in request body");
                }
            });
            String expression = Fields.text(body, "schedule");
            CronSchedule schedule = null;
            long seed = 0;
            if (expression != null) {
                seed = new SecureRandom().nextLong();
                try {
                    schedule = Schedule.cron(expression, ZoneId.systemDefault(), seed);
                } catch (CronSyntaxException e) {
                    throw new ApiException(400, "invalid schedule: " + e.getMessage(),
                            Map.of("position", e.position(), "field", e.field().map(Enum::name).orElse("")));
                }
                if (!schedule.canEverFire()) {
                    throw ApiException.badRequest("the schedule '" + expression + "' never fires");
                }
            }
            StatusBytePolicy policy = null;
            String policyText = Fields.text(body, "statusByteLogging");
            if (policyText != null) {
                try {
                    policy = StatusBytePolicy.parse(policyText);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("statusByteLogging must be one of " + Arrays.toString(StatusBytePolicy.values()));
                }
            }
            RetryPolicy scheduled = retryPolicy(body, "retries", "offsetSeconds", retries.scheduled());
            RetryPolicy manual = retryPolicy(body, "manualRetries", "manualOffsetSeconds", retries.manual());
            Integer years = Fields.integer(body, "retentionYears", 1, MAX_RETENTION_YEARS);

            // Everything is valid: store, then apply.
            String user = r.user().username();
            if (schedule != null) {
                settings.put(SCHEDULE, expression.trim());
                settings.put(SCHEDULE_SEED, String.valueOf(seed));
                readout.reschedule(schedule);
                systemLog.info("settings", "Readout schedule set to '" + expression.trim() + "' ("
                        + schedule.resolvedExpression() + ") by " + user);
            }
            if (policy != null) {
                settings.put(STATUS_BYTE_LOGGING, policy.name());
                values.setStatusBytePolicy(policy);
                systemLog.info("settings", "Status byte logging set to " + policy + " by " + user);
            }
            if (!scheduled.equals(retries.scheduled()) || !manual.equals(retries.manual())) {
                settings.put(RETRIES, String.valueOf(scheduled.retries()));
                settings.put(OFFSET_SECONDS, String.valueOf(scheduled.offsetSeconds()));
                settings.put(MANUAL_RETRIES, String.valueOf(manual.retries()));
                settings.put(MANUAL_OFFSET_SECONDS, String.valueOf(manual.offsetSeconds()));
                retries.set(scheduled, manual);
                systemLog.info("settings", "Job retries set to " + scheduled.retries() + " every " + scheduled.offsetSeconds()
                        + " s (scheduled), " + manual.retries() + " every " + manual.offsetSeconds() + " s (manual) by " + user);
            }
            if (years != null) {
                settings.put(RETENTION_YEARS, String.valueOf(years));
                retention.setMaxAge(ValueRetention.years(years));
                systemLog.info("settings", "Value retention set to " + years + " years by " + user);
            }
            return current();
        });
    }

    private static RetryPolicy retryPolicy(JsonNode body, String retriesField, String offsetField, RetryPolicy current) {
        Integer n = Fields.integer(body, retriesField, 0, RetryPolicy.MAX_RETRIES);
        Integer offset = Fields.integer(body, offsetField, 0, RetryPolicy.MAX_OFFSET_SECONDS);
        return new RetryPolicy(n != null ? n : current.retries(), offset != null ? offset : current.offsetSeconds());
    }

    /** The job retry settings stored through this API, over the configured ones. */
    public static JobRetries storedRetries(SettingRepository settings, RetryPolicy scheduled, RetryPolicy manual) {
        return new JobRetries(
                new RetryPolicy(stored(settings, RETRIES, scheduled.retries()), stored(settings, OFFSET_SECONDS, scheduled.offsetSeconds())),
                new RetryPolicy(stored(settings, MANUAL_RETRIES, manual.retries()),
                        stored(settings, MANUAL_OFFSET_SECONDS, manual.offsetSeconds())));
    }

    /** The retention stored through this API, else the configured one. */
    public static int storedRetentionYears(SettingRepository settings, int configured) {
        return stored(settings, RETENTION_YEARS, configured);
    }

    private static int stored(SettingRepository settings, String key, int fallback) {
        return settings.find(key).map(Integer::parseInt).orElse(fallback);
    }

    private Map<String, Object> current() {
        Map<String, Object> m = new LinkedHashMap<>();
        Schedule s = readout.schedule();
        m.put("schedule", s.expression());
        m.put("resolved", s.resolvedExpression());
        m.put("timeZone", s.zone().getId());
        m.put("nextRun", s.next(java.time.ZonedDateTime.now(s.zone())).map(t -> t.toOffsetDateTime().toString()).orElse(null));
        m.put("retries", retries.scheduled().retries());
        m.put("offsetSeconds", retries.scheduled().offsetSeconds());
        m.put("manualRetries", retries.manual().retries());
        m.put("manualOffsetSeconds", retries.manual().offsetSeconds());
        m.put("retentionYears", (int) (retention.maxAge().toDays() / 365));
        m.put("statusByteLogging", values.statusBytePolicy().name());
        Map<String, String> presets = new LinkedHashMap<>();
        for (Preset p : Preset.values()) {
            presets.put(p.name(), p.expression());
        }
        m.put("presets", presets);
        return m;
    }
}
