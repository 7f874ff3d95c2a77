package org.metergate.app;

import org.metergate.jobs.BusAccess;
import org.metergate.web.BusSendApi;

/**
 * "Send command" (SPEC A8) through the running gateway: {@code POST /api/buses/{bus}/send} queues a raw frame
 * on the bus's owner, so the operator's command never opens the port a second time. Needs the
 * {@link BusAccess} {@link ReadoutModule} shares, so it comes after it.
 */
public final class BusCommandModule implements GatewayModule {

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) {
        wiring.addRoutes(new BusSendApi(s.auth(), s.systemLog(), wiring.require(BusAccess.class)));
    }
}
