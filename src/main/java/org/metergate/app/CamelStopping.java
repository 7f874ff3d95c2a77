package org.metergate.app;

import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Tells a job service that the gateway is stopping, before Camel stops the bus routes: a job cut short
 * by the stop then ends INTERRUPTED (what it found kept) instead of failing on a closed bus or taking
 * the missing routes for "no route reads this bus".
 */
final class CamelStopping {

    private CamelStopping() {}

    static void notify(ModuleWiring wiring, Runnable stopping) {
        wiring.afterStart(context -> context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext c) {
                stopping.run();
            }
        }));
    }
}
