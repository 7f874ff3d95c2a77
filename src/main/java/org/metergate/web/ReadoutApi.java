package org.metergate.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.ProducerTemplate;
import org.metergate.admin.SystemLog;
import org.metergate.bus.BusOwner;
import org.metergate.bus.MeterReader;
import org.metergate.bus.ReadoutRequest;
import org.metergate.bus.ReadoutResult;
import org.metergate.camel.CronPollScheduler;
import org.metergate.camel.MbusComponent;
import org.metergate.camel.MbusConstants;
import org.metergate.camel.TelegramJson;
import org.metergate.meters.Meter;
import org.metergate.meters.MeterRegistry;
import org.metergate.schedule.GatewayScheduler;
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
    private final GatewayScheduler scheduler;

    public ReadoutApi(RequestAuthenticator auth, SystemLog systemLog, MeterRegistry meters, GatewayScheduler scheduler) {
        super(auth, systemLog);
        this.meters = meters;
        this.scheduler = scheduler;
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
                    scheduler.runNow(s.jobId());
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
        ReadoutResult result;
        try {
            result = owner.submit("manual readout " + request.address(),
                    m -> new MeterReader(m, Clock.systemUTC()).read(request)).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(504, "the bus did not finish the readout within " + READ_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
            throw new ApiException(502, "readout failed: " + e.getCause().getMessage());
        }
        ProducerTemplate template = getContext().createProducerTemplate();
        try {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(MbusConstants.BUS, bus);
            headers.put(MbusConstants.ADDRESS, result.address().toString());
            headers.put(MbusConstants.STATUS, result.status().name());
            headers.put(MbusConstants.METER_ID, id);
            template.sendBodyAndHeaders("direct:readout", result, headers);
        } finally {
            template.stop();
        }
        systemLog.info("readout", "Manual readout of meter " + id + " by " + r.user().username() + ": " + result.status());
        return TelegramJson.readout(result);
    }
}
