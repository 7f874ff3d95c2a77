package org.metergate.camel;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.metergate.receiver.Deduplicator;

/**
 * The {@code wmbus:} component: wireless M-Bus receivers as consumers, e.g.
 * {@code wmbus:rx1?port=/dev/ttyUSB1&dongle=im871a&mode=T1}, {@code wmbus:rx2?tcpPort=9011} (a TCP
 * server for text feeds), {@code wmbus:rx3?host=10.0.0.7&tcpPort=9011}, {@code wmbus:rx4?stdin=true}.
 * Endpoints of one deduplication group share one {@link Deduplicator}, so a telegram heard by several
 * receivers is delivered once, from the strongest.
 */
@Component("wmbus")
public class WmbusComponent extends DefaultComponent {

    private final Map<String, Deduplicator> groups = new HashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("wmbus: endpoint needs a receiver id, e.g. wmbus:rx1?port=/dev/ttyUSB1&dongle=im871a");
        }
        WmbusEndpoint endpoint = new WmbusEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    /** The group's deduplicator; the first endpoint of a group sets its window. */
    synchronized Deduplicator deduplicator(String group, long windowMillis) {
        return groups.computeIfAbsent(group, g -> new Deduplicator(Duration.ofMillis(windowMillis), Clock.systemUTC()));
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            groups.values().forEach(Deduplicator::close);
            groups.clear();
        }
        super.doStop();
    }
}
