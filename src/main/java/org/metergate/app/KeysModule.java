package org.metergate.app;

import org.apache.camel.builder.RouteBuilder;
import org.metergate.keys.KeyFileParser;
import org.metergate.keys.KeyStore;
import org.metergate.keys.SecretFile;
import org.metergate.meters.MeterRegistry;
import org.metergate.web.KeysApi;

/**
 * Wireless M-Bus keys (SPEC B4, issue 7): the key store sealed under {@code <data>/secret.key}, its
 * REST API and the route that writes when keys were last used. Binds {@code keyStore} and shares
 * {@link KeyStore} (its {@code lookup()} is what a wireless decoder uses). Needs {@link MeterRegistry}
 * (keys bound to meters), so it comes after {@link ReadoutModule}.
 */
public final class KeysModule implements GatewayModule {

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) {
        KeyStore keys = new KeyStore(s.db(), SecretFile.in(s.dataDir()), new KeyFileParser(), s.clock(), s.systemLog());
        keys.load(); // a lost secret is logged and shown by the API; the gateway starts regardless
        wiring.bind("keyStore", keys);
        wiring.share(KeyStore.class, keys);
        wiring.addRoutes(new KeysApi(s.auth(), s.systemLog(), keys, wiring.require(MeterRegistry.class)));
        wiring.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:wmbus-key-usage?period=60000&delay=60000").routeId("wmbus-key-usage")
                        .process(e -> keys.flushUsage());
            }
        });
        wiring.closeOnStop(keys::flushUsage);
    }
}
