package org.metergate.camel;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryingReadout;

/** The headers of a readout handed to direct:readout by a job outside a route (manual, install). */
public final class ReadoutHeaders {

    private ReadoutHeaders() {}

    public static Map<String, Object> of(String bus, long meterId, ReadoutResult result, String job,
                                         RetryingReadout.Attempt attempt) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put(MbusConstants.BUS, bus);
        h.put(MbusConstants.ADDRESS, result.address().toString());
        h.put(MbusConstants.STATUS, result.status().name());
        h.put(MbusConstants.METER_ID, meterId);
        h.put(MbusConstants.JOB, job);
        h.put(MbusConstants.ATTEMPT, attempt.number());
        h.put(MbusConstants.ATTEMPTS, attempt.of());
        h.put(MbusConstants.RETRY_FOLLOWS, attempt.retryFollows());
        return h;
    }
}
