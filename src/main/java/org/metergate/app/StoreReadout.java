package org.metergate.app;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.metergate.bus.ReadoutResult;
import org.metergate.camel.MbusConstants;
import org.metergate.meters.ReadoutRecorder;

/**
 * The store step of routes/readout.yaml: a readout of an installed meter (header MbusMeterId) is
 * stored with its raw telegrams and every value, committed before the route goes on; the body stays
 * the readout, so the routes after it (seda:readout-done) see what was read. Ad-hoc readouts of
 * meters that are not installed pass through unstored.
 */
public final class StoreReadout implements Processor {

    /** Output: the stored readout's id. */
    public static final String READOUT_ID = "MbusReadoutId";
    /** Output: how many values were stored. */
    public static final String VALUES = "MbusValues";

    private final ReadoutRecorder recorder;

    public StoreReadout(ReadoutRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void process(Exchange exchange) {
        Long meterId = exchange.getIn().getHeader(MbusConstants.METER_ID, Long.class);
        ReadoutResult result = exchange.getIn().getBody(ReadoutResult.class);
        if (meterId == null || result == null) {
            return;
        }
        ReadoutRecorder.Recorded recorded = recorder.record(meterId, result, attemptNote(exchange));
        exchange.getIn().setHeader(READOUT_ID, recorded.readoutId());
        exchange.getIn().setHeader(VALUES, recorded.values());
    }

    /** "attempt 2 of 3" for jobs with retries (SPEC D5), so the readout log shows every attempt. */
    static String attemptNote(Exchange exchange) {
        Integer attempt = exchange.getIn().getHeader(MbusConstants.ATTEMPT, Integer.class);
        Integer of = exchange.getIn().getHeader(MbusConstants.ATTEMPTS, Integer.class);
        if (attempt == null || of == null || of <= 1) {
            return "";
        }
        boolean retry = Boolean.TRUE.equals(exchange.getIn().getHeader(MbusConstants.RETRY_FOLLOWS, Boolean.class));
        return "attempt " + attempt + " of " + of + (retry ? ", retried later" : "");
    }
}
