package org.metergate.camel;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.metergate.bus.MeterAddress;
import org.metergate.bus.MeterReader;
import org.metergate.bus.PrimaryScan;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.ScanControl;
import org.metergate.bus.SecondaryScan;
import org.metergate.mbus.MasterRequests;

/**
 * Reads the meters named by the {@link MbusConstants#METERS} header (or the body), or scans, or sends
 * a raw frame, per {@link MbusConstants#OPERATION}. Every operation queues on the bus owner.
 */
public class MbusProducer extends DefaultProducer {

    private final MbusEndpoint endpoint;

    public MbusProducer(MbusEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        String operation = in.getHeader(MbusConstants.OPERATION, "read", String.class).toLowerCase(Locale.ROOT);
        switch (operation) {
            case "read" -> read(exchange);
            case "scanprimary" -> exchange.getMessage().setBody(endpoint.owner()
                    .submit("primary scan", m -> new PrimaryScan(m).run(0, 250, ScanControl.none())).get());
            case "scansecondary" -> exchange.getMessage().setBody(endpoint.owner()
                    .submit("secondary scan", m -> new SecondaryScan(m, SecondaryScan.Digits.HEX).run(ScanControl.none())).get());
            case "send" -> {
                byte[] frame = HexFormat.of().parseHex(in.getMandatoryBody(String.class).replaceAll("\\s+", ""));
                byte[] checked = MasterRequests.raw(frame);
                exchange.getMessage().setBody(endpoint.owner().submit("send", m -> m.sendRaw(checked, null, true)).get());
            }
            default -> throw new IllegalArgumentException("unknown " + MbusConstants.OPERATION + " '" + operation
                    + "' (read, scanPrimary, scanSecondary, send)");
        }
    }

    private void read(Exchange exchange) throws Exception {
        Object spec = exchange.getIn().getHeader(MbusConstants.METERS);
        if (spec == null) {
            spec = exchange.getIn().getBody();
        }
        List<MeterAddress> meters = MbusEndpoint.parseMeters(spec);
        if (meters.isEmpty()) {
            meters = endpoint.meterAddresses();
        }
        if (meters.isEmpty()) {
            throw new IllegalArgumentException("no meters to read: set header " + MbusConstants.METERS
                    + " or the body to addresses, or the endpoint option meters");
        }
        List<ReadoutResult> results = new ArrayList<>();
        for (MeterAddress address : meters) {
            results.add(endpoint.owner()
                    .submit("readout " + address, m -> new MeterReader(m, Clock.systemUTC()).read(address, endpoint.multi()))
                    .get());
        }
        if (results.size() == 1) {
            fill(exchange.getMessage(), endpoint.getBusId(), results.get(0));
        } else {
            exchange.getMessage().setHeader(MbusConstants.BUS, endpoint.getBusId());
            exchange.getMessage().setBody(results);
        }
    }

    static void fill(Message message, String bus, ReadoutResult result) {
        message.setHeader(MbusConstants.BUS, bus);
        message.setHeader(MbusConstants.ADDRESS, result.address().toString());
        message.setHeader(MbusConstants.STATUS, result.status().name());
        message.setBody(result);
    }
}
