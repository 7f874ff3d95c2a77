package org.metergate.app;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.metergate.camel.MbusConstants;
import org.metergate.camel.WmbusMessage;
import org.metergate.wireless.WirelessMeters;

/**
 * The step of routes/wireless.yaml that turns a received telegram ({@code wmbus:} body) of an installed
 * wireless meter into a readout for direct:readout: body the readout (values, or the decode error such
 * as "no key"), headers MbusMeterId, MbusBus (the serving receiver), MbusAddress and MbusStatus as the
 * wired routes set them. Telegrams of meters that are not installed keep their body and get no
 * MbusMeterId (the route filters them out); a running listen session sees them all.
 */
public final class WirelessReadout implements Processor {

    private final WirelessMeters meters;

    public WirelessReadout(WirelessMeters meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        WmbusMessage m = in.getBody(WmbusMessage.class);
        if (m == null) {
            return;
        }
        Optional<WirelessMeters.Readout> r = meters.accept(m);
        if (r.isEmpty()) {
            return;
        }
        WirelessMeters.Readout readout = r.get();
        in.setBody(readout.result());
        in.setHeader(MbusConstants.METER_ID, readout.meterId());
        in.setHeader(MbusConstants.BUS, readout.receiverId());
        in.setHeader(MbusConstants.ADDRESS, readout.result().address().toString());
        in.setHeader(MbusConstants.STATUS, readout.result().status().name());
    }
}
