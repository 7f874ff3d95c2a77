package org.metergate.camel;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.metergate.bus.BusOwner;
import org.metergate.bus.ReadoutResult;
import org.metergate.bus.RetryingReadout;
import org.metergate.jobs.BusAccess;

/**
 * The running gateway's buses for jobs outside routes (installation readouts, scans): the owners the
 * {@code mbus:} component registered for its routes, and {@code direct:readout} for their readouts; the
 * bus ids the routes name (what a meter list's Bus column may say).
 * Attached to the Camel context once it has started.
 */
public final class CamelBusAccess implements BusAccess, AutoCloseable {

    public static final String READOUT_PIPELINE = "direct:readout";

    private volatile CamelContext camel;
    private volatile ProducerTemplate template;

    /** The context whose buses to use (its producer template is made at first use, once the context runs). */
    public void attach(CamelContext context) {
        this.camel = context;
    }

    @Override
    public Optional<BusOwner> owner(String busId) {
        CamelContext c = camel;
        if (c == null || c.hasComponent("mbus") == null) {
            return Optional.empty();
        }
        return c.getComponent("mbus", MbusComponent.class).buses().find(busId);
    }

    @Override
    public Optional<Integer> baud(String busId) {
        CamelContext c = camel;
        if (c == null) {
            return Optional.empty();
        }
        for (Endpoint e : c.getEndpoints()) {
            if (e instanceof MbusEndpoint m && m.getBusId().equals(busId)) {
                return Optional.of(m.getBaud());
            }
        }
        return Optional.empty();
    }

    /**
     * The bus ids the context's routes name: every {@code mbus:} bus and every {@code wmbus:} receiver
     * (a wireless meter's bus is its receiver), whether or not the route runs now. Empty before
     * {@link #attach}.
     */
    public Set<String> configuredBusIds() {
        CamelContext c = camel;
        if (c == null) {
            return Set.of();
        }
        Set<String> ids = new TreeSet<>();
        for (Endpoint e : c.getEndpoints()) {
            if (e instanceof MbusEndpoint m) {
                ids.add(m.getBusId());
            } else if (e instanceof WmbusEndpoint w) {
                ids.add(w.getReceiverId());
            }
        }
        return ids;
    }

    @Override
    public void publish(String busId, long meterId, ReadoutResult result, String job, RetryingReadout.Attempt attempt) {
        template().sendBodyAndHeaders(READOUT_PIPELINE, result, ReadoutHeaders.of(busId, meterId, result, job, attempt));
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            CamelContext c = camel;
            if (c == null) {
                throw new IllegalStateException("the gateway has not started yet");
            }
            template = c.createProducerTemplate();
        }
        return template;
    }

    @Override
    public synchronized void close() throws Exception {
        ProducerTemplate t = template;
        if (t != null) {
            t.stop();
        }
    }
}
