package org.metergate.camel;

import java.time.Clock;
import java.util.List;
import org.metergate.bus.ReadoutRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterReader;
import org.metergate.bus.ReadoutResult;

/** Reads the endpoint's meters on each poll through the bus owner, one exchange per meter readout. */
public class MbusConsumer extends ScheduledPollConsumer {

    private final MbusEndpoint endpoint;

    public MbusConsumer(MbusEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected int poll() throws Exception {
        List<ReadoutRequest> meters = endpoint.readoutRequests();
        int n = 0;
        for (ReadoutRequest request : meters) {
            if (!isRunAllowed()) {
                break;
            }
            MeterAddress address = request.address();
            ReadoutResult result = endpoint.owner()
                    .submit("readout " + address, m -> new MeterReader(m, Clock.systemUTC()).read(request))
                    .get();
            Exchange exchange = createExchange(false);
            MbusProducer.fill(exchange.getMessage(), endpoint.getBusId(), result);
            if (request.meterId() != 0) {
                exchange.getMessage().setHeader(MbusConstants.METER_ID, request.meterId());
            }
            try {
                getProcessor().process(exchange);
            } finally {
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("Error processing readout of " + address, exchange, exchange.getException());
                }
                releaseExchange(exchange, false);
            }
            n++;
        }
        return n;
    }
}
