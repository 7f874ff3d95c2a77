package org.metergate.web;

import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.metergate.admin.SystemLog;
import org.metergate.camel.CronPollScheduler;
import org.metergate.schedule.CronSchedule;
import org.metergate.schedule.CronSyntaxException;
import org.metergate.schedule.Preset;
import org.metergate.schedule.Schedule;
import org.metergate.store.ReadoutRepository;
import org.metergate.store.SettingRepository;
import org.metergate.store.StatusBytePolicy;

/**
 * GET/PUT /api/settings/readout (SPEC D1, D2, E4): the readout schedule in the gateway's cron dialect
 * and the status-byte logging policy. A change is validated whole, stored, and applied at once.
 */
public final class ReadoutSettingsApi extends ApiRouteBuilder {

    public static final String SCHEDULE = "readout.schedule";
    public static final String SCHEDULE_SEED = "readout.schedule.seed";
    public static final String STATUS_BYTE_LOGGING = "readout.statusByteLogging";

    public record Body(String schedule, String statusByteLogging) {}

    private final CronPollScheduler readout;
    private final ReadoutRepository values;
    private final SettingRepository settings;

    public ReadoutSettingsApi(RequestAuthenticator auth, SystemLog systemLog, CronPollScheduler readout,
                              ReadoutRepository values, SettingRepository settings) {
        super(auth, systemLog);
        this.readout = readout;
        this.values = values;
        this.settings = settings;
    }

    @Override
    protected void api() {
        rest("/api").description("Readout settings")
                .get("/settings/readout").description("Readout schedule (cron dialect, resolved, next run, presets) and"
                        + " status-byte logging (ALWAYS, NEVER, ON_CHANGE, ON_ERROR)")
                    .produces("application/json").to("direct:api-settings-readout-get")
                .put("/settings/readout").description("Change them: {schedule?, statusByteLogging?}; a new schedule draws"
                        + " new '?' values")
                    .produces("application/json").to("direct:api-settings-readout-put");

        operation("api-settings-readout-get", Access.VIEWER, r -> current());
        operation("api-settings-readout-put", Access.ADMIN, r -> {
            Body body = r.body(Body.class);
            CronSchedule schedule = null;
            long seed = 0;
            if (body.schedule() != null) {
                seed = new SecureRandom().nextLong();
                try {
                    schedule = Schedule.cron(body.schedule(), ZoneId.systemDefault(), seed);
                } catch (CronSyntaxException e) {
                    throw new ApiException(400, "invalid schedule: " + e.getMessage(),
                            Map.of("position", e.position(), "field", e.field().map(Enum::name).orElse("")));
                }
                if (!schedule.canEverFire()) {
                    throw ApiException.badRequest("the schedule '" + body.schedule() + "' never fires");
                }
            }
            StatusBytePolicy policy = null;
            if (body.statusByteLogging() != null) {
                try {
                    policy = StatusBytePolicy.parse(body.statusByteLogging());
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("statusByteLogging must be one of " + Arrays.toString(StatusBytePolicy.values()));
                }
            }
            // Everything is valid: store, then apply.
            if (schedule != null) {
                settings.put(SCHEDULE, body.schedule().trim());
                settings.put(SCHEDULE_SEED, String.valueOf(seed));
                readout.reschedule(schedule);
                systemLog.info("settings", "Readout schedule set to '" + body.schedule().trim() + "' ("
                        + schedule.resolvedExpression() + ") by " + r.user().username());
            }
            if (policy != null) {
                settings.put(STATUS_BYTE_LOGGING, policy.name());
                values.setStatusBytePolicy(policy);
                systemLog.info("settings", "Status byte logging set to " + policy + " by " + r.user().username());
            }
            return current();
        });
    }

    private Map<String, Object> current() {
        Map<String, Object> m = new LinkedHashMap<>();
        Schedule s = readout.schedule();
        m.put("schedule", s.expression());
        m.put("resolved", s.resolvedExpression());
        m.put("timeZone", s.zone().getId());
        m.put("nextRun", s.next(java.time.ZonedDateTime.now(s.zone())).map(t -> t.toOffsetDateTime().toString()).orElse(null));
        m.put("statusByteLogging", values.statusBytePolicy().name());
        Map<String, String> presets = new LinkedHashMap<>();
        for (Preset p : Preset.values()) {
            presets.put(p.name(), p.expression());
        }
        m.put("presets", presets);
        return m;
    }
}
