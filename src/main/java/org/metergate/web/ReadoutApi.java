package org.metergate.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.camel.ProducerTemplate;
import org.metergate.admin.SystemLog;
import org.metergate.bus.BusOwner;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryPolicy;
import org.metergate.bus.RetryingReadout;
import org.metergate.camel.CronPollScheduler;
import org.metergate.camel.JobRetries;
import org.metergate.camel.MbusComponent;
import org.metergate.camel.ReadoutHeaders;
import org.metergate.camel.TelegramJson;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.wireless.WirelessMeters;

/**
 * Manual readouts (SPEC D4): one meter now, answered with its decoded readout, or every bus's
 * scheduled readout at once. They queue on the bus owner like scheduled jobs (one owner per bus) and
 * pass direct:readout, so they are stored and published exactly like scheduled ones.
 */
public final class ReadoutApi extends ApiRouteBuilder {

    /** A manual readout of one meter waits at most this long for its turn on the bus and its answer. */
    static final long READ_TIMEOUT_SECONDS = 120;

    private final MeterRegistry meters;
    private final JobRetries retries;

    public ReadoutApi(RequestAuthenticator auth, SystemLog systemLog, MeterRegistry meters, JobRetries retries) {
        super(auth, systemLog);
        this.meters = meters;
        this.retries = retries;
    }

    @Override
    protected void api() {
        rest("/api").description("Manual readout")
                .post("/meters/{id}/read").description("Read one meter now (queued on its bus); answers the decoded readout,"
                        + " which is stored like a scheduled one")
                    .produces("application/json").to("direct:api-meter-read")
                .post("/meters/read").description("Run every scheduled readout (routes with scheduler=#readoutSchedule) now")
                    .produces("application/json").to("direct:api-meters-read");

        operation("api-meter-read", Access.ADMIN, r -> readOne(r));
        operation("api-meters-read", Access.ADMIN, r -> {
            List<String> started = new ArrayList<>();
            for (CronPollScheduler s : getContext().getRegistry().findByType(CronPollScheduler.class)) {
                if (s.isSchedulerStarted() && s.jobId() != null) {
                    s.runNow();
                    started.add(s.jobId());
                }
            }
            if (started.isEmpty()) {
                throw new ApiException(409, "no scheduled readout route to run",
                        "a bus route runs on the readout schedule with scheduler=#readoutSchedule (see README)");
            }
            systemLog.info("readout", "Manual readout of all meters started by " + r.user().username());
            return ApiResponse.json(202, Map.of("started", started));
        });
    }

    private Object readOne(ApiRequest r) throws Exception {
        long id;
        try {
            id = Long.parseLong(r.path("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("meter id must be a number");
        }
        Meter meter = meters.find(id).orElseThrow(() -> ApiException.notFound("no meter " + id));
        if (WirelessMeters.isWireless(meter.settings())) {
            throw new ApiException(409, "meter " + id + " is a wireless meter: it sends by itself and cannot be read on"
                    + " request", "its telegrams are stored as they arrive: GET /api/meters/" + id + "/readouts");
        }
        String bus = meter.settings().busId();
        MbusComponent mbus = getContext().getComponent("mbus", MbusComponent.class);
        BusOwner owner = mbus.buses().find(bus).orElseThrow(() -> new ApiException(409,
                "no route reads bus '" + bus + "'", "add an mbus:" + bus + " route under routes/ (see README)"));
        ReadoutRequest request = MeterRegistry.readoutRequest(meter);
        RetryPolicy policy = retries.manual();
        List<ReadoutResult> attempts = new ArrayList<>();
        ProducerTemplate template = getContext().createProducerTemplate();
        try {
            new RetryingReadout(owner, Clock.systemUTC(), Duration.ofSeconds(READ_TIMEOUT_SECONDS))
                    .run("manual readout", List.of(request), policy, RetryingReadout::sleep, () -> true, (q, result, attempt) -> {
                        attempts.add(result);
                        template.sendBodyAndHeaders("direct:readout", result,
                                ReadoutHeaders.of(bus, id, result, "manual", attempt));
                    });
        } catch (TimeoutException e) {
            throw new ApiException(504, "the bus did not finish the readout within " + READ_TIMEOUT_SECONDS + " s");
        } catch (java.io.IOException e) {
            throw new ApiException(502, "readout failed: " + e.getMessage());
        } finally {
            template.stop();
        }
        ReadoutResult result = attempts.get(attempts.size() - 1);
        systemLog.info("readout", "Manual readout of meter " + id + " by " + r.user().username() + ": " + result.status()
                + (attempts.size() > 1 ? " after " + attempts.size() + " attempts" : ""));
        ObjectNode json = TelegramJson.readout(result);
        json.put("attempts", attempts.size());
        return json;
    }
}
