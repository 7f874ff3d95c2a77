package org.metergate.app;

import java.time.Duration;
import org.metergate.meters.MeterRegistry;
import org.metergate.web.WirelessApi;
import org.metergate.wireless.ListenRepository;
import org.metergate.wireless.ListenSessions;
import org.metergate.wireless.ReceptionRepository;
import org.metergate.wireless.WirelessMeters;
import java.util.List;
import org.metergate.keys.KeyStore;
import org.metergate.meters.Meter;

/**
 * Wireless M-Bus (issue 7): the wireless meters service behind routes/wireless.yaml
 * (bean {@code wirelessReadout}), the key store's live lookup for the wmbus: routes ({@code wmbusKeys}),
 * the wireless REST API, and the demo's simulated wireless meters and receivers (their keys bound in
 * the key store). Needs the {@link MeterRegistry} of {@link ReadoutModule} and the {@link KeyStore} of
 * {@link KeysModule}; shares {@link WirelessMeters}.
 */
public final class WirelessModule implements GatewayModule {

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) throws Exception {
        MeterRegistry meters = wiring.require(MeterRegistry.class);
        KeyStore keyStore = wiring.require(KeyStore.class);
        ListenSessions listen = wiring.closeOnStop(new ListenSessions(new ListenRepository(s.db()), ReadoutJobs.retention(s),
                s.clock()));
        CamelStopping.notify(wiring, listen::stopping);
        WirelessMeters wireless = new WirelessMeters(meters, new ReceptionRepository(s.db()), listen, s.systemLog(),
                s.clock(), keyStore::recordMatch);
        if (s.config().getBoolean("metergate.demo.enabled") && s.config().getInt("metergate.demo.wmbus-meters") > 0) {
            DemoWireless demo = wiring.closeOnStop(DemoWireless.start(s.config().getInt("metergate.demo.wmbus-meters"),
                    s.config().getLong("metergate.demo.seed"),
                    Duration.ofSeconds(s.config().getInt("metergate.demo.wmbus-interval-s"))));
            wiring.setProperty("metergate.demo.wmbus-port-1", String.valueOf(demo.port1()));
            wiring.setProperty("metergate.demo.wmbus-port-2", String.valueOf(demo.port2()));
            wiring.setProperty("metergate.demo.wmbus-enabled", "true");
            if (s.settings().find("demo.wireless.installed").isEmpty()) {
                List<Meter> installed = demo.installInto(meters);
                s.settings().put("demo.wireless.installed", "true");
                int bound = 0;
                try {
                    bound = demo.bindKeys(keyStore, installed);
                } catch (RuntimeException e) {
                    s.systemLog().warning("wireless", "demo keys not stored: " + e.getMessage());
                }
                s.systemLog().info("wireless", installed.size() + " simulated wireless demo meters installed (receivers "
                        + DemoWireless.RX1 + ", " + DemoWireless.RX2 + "), " + bound + " demo keys bound to them");
            }
        } else {
            wiring.setProperty("metergate.demo.wmbus-enabled", "false");
        }
        wiring.bind("wmbusKeys", keyStore.lookup());
        wiring.bind("wirelessMeters", wireless);
        wiring.bind("wirelessReadout", new WirelessReadout(wireless));
        wiring.addRoutes(new WirelessApi(s.auth(), s.systemLog(), wireless, meters, s.clock()));
        wiring.share(WirelessMeters.class, wireless);
    }
}
