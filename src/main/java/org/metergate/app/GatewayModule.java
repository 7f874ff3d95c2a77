package org.metergate.app;

/**
 * One feature of the gateway (readouts, reports, wireless …). Modules are installed in order after
 * the platform services exist; a module may publish services for the modules after it through
 * {@link ModuleWiring#share}.
 */
public interface GatewayModule {

    void install(GatewayServices services, ModuleWiring wiring) throws Exception;
}
