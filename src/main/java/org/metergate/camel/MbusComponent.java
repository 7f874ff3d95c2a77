package org.metergate.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code mbus:} component: {@code mbus:busId?port=/dev/ttyUSB0&baud=2400} (serial level
 * converter) or {@code mbus:busId?host=10.0.0.5&tcpPort=10001} (M-Bus over IP).
 */
@Component("mbus")
public class MbusComponent extends DefaultComponent {

    private final BusRegistry buses = new BusRegistry();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("mbus: endpoint needs a bus id, e.g. mbus:bus1?port=/dev/ttyUSB0");
        }
        MbusEndpoint endpoint = new MbusEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        MbusTypeConverters.register(getCamelContext().getTypeConverterRegistry());
    }

    public BusRegistry buses() {
        return buses;
    }

    @Override
    protected void doStop() throws Exception {
        buses.close();
        super.doStop();
    }
}
