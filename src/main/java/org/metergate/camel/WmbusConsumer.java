package org.metergate.camel;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.metergate.receiver.Deduplicator;
import org.metergate.receiver.FrameListener;
import org.metergate.receiver.FramingException;
import org.metergate.receiver.ReceivedFrame;
import org.metergate.receiver.Receiver;
import org.metergate.wmbus.MeterId;
import org.metergate.wmbus.WmbusException;
import org.metergate.wmbus.WmbusTelegram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the endpoint's receiver; every frame goes through the group's deduplicator, and the strongest
 * reception of each telegram is decoded and sent on as one exchange ({@link WmbusMessage} body,
 * {@link WmbusConstants} headers). Framing errors are counted and logged at debug level (a radio
 * channel is noisy), a receiver that cannot be opened at warning level.
 */
public class WmbusConsumer extends DefaultConsumer implements FrameListener {
    private static final Logger LOG = LoggerFactory.getLogger(WmbusConsumer.class);

    private final WmbusEndpoint endpoint;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong framingErrors = new AtomicLong();
    private Receiver receiver;
    private Deduplicator dedup;

    public WmbusConsumer(WmbusEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        dedup = endpoint.component().deduplicator(endpoint.getDedupGroup(), endpoint.getDedupWindow());
        endpoint.decoder();
        receiver = endpoint.receiver();
        receiver.start(this);
        LOG.info("wmbus receiver {} listening on {}", endpoint.getReceiverId(), receiver.describe());
    }

    @Override
    protected void doStop() throws Exception {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
        super.doStop();
    }

    /** The running receiver (tests read the TCP server's real port from it). */
    public Receiver receiver() {
        return receiver;
    }

    public long frames() {
        return frames.get();
    }

    public long framingErrors() {
        return framingErrors.get();
    }

    @Override
    public void onFrame(ReceivedFrame frame) {
        frames.incrementAndGet();
        dedup.offer(frame, this::process);
    }

    @Override
    public void onError(FramingException error) {
        framingErrors.incrementAndGet();
        if (error.kind() == FramingException.Kind.TRUNCATED && error.getMessage().contains("retrying")) {
            LOG.warn("{}", error.getMessage());
        } else {
            LOG.debug("{}", error.getMessage());
        }
    }

    void process(Deduplicator.Heard heard) {
        if (!isRunAllowed()) {
            return;
        }
        ReceivedFrame f = heard.frame();
        WmbusTelegram telegram = null;
        WmbusException error = null;
        try {
            telegram = endpoint.decode(f.frame(), f.format(), f.rssi());
        } catch (WmbusException e) {
            error = e;
        }
        WmbusMessage body = new WmbusMessage(f.receiverId(), f.rssi(), heard.receptions(), f.receivedAt(), f.frame(),
                telegram, error);
        Exchange exchange = createExchange(false);
        try {
            fill(exchange.getMessage(), body);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing a telegram from " + f.receiverId(), exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    static void fill(Message m, WmbusMessage body) {
        m.setBody(body);
        m.setHeader(WmbusConstants.RECEIVER, body.receiverId());
        if (body.rssi() != null) {
            m.setHeader(WmbusConstants.RSSI, body.rssi());
        }
        m.setHeader(WmbusConstants.RECEPTIONS, body.receptions());
        MeterId meter = body.meter();
        if (meter != null) {
            m.setHeader(WmbusConstants.METER, meter.id());
            m.setHeader(WmbusConstants.MANUFACTURER, meter.manufacturer());
        }
        m.setHeader(WmbusConstants.RAW, body.raw());
        m.setHeader(WmbusConstants.STATUS, body.status());
        if (!body.ok()) {
            m.setHeader(WmbusConstants.ERROR, body.errorMessage());
        }
    }
}
