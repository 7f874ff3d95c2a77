package org.metergate.app;

import java.time.Duration;
import org.metergate.meters.MeterRegistry;
import org.metergate.web.WirelessApi;
import org.metergate.wireless.ReceptionRepository;
import org.metergate.wireless.WirelessMeters;
import org.metergate.wmbus.KeyLookup;

/**
 * Wireless M-Bus (issue 7): the wireless meters service behind routes/wireless.yaml
 * (bean {@code wirelessReadout}), the key lookup the wmbus: routes use ({@code wmbusKeys}), the
 * wireless REST API, and the demo's simulated wireless meters and receivers. Needs the
 * {@link MeterRegistry} of {@link ReadoutModule}; shares {@link WirelessMeters}.
 */
public final class WirelessModule implements GatewayModule {

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) throws Exception {
        MeterRegistry meters = wiring.require(MeterRegistry.class);
        WirelessMeters wireless = new WirelessMeters(meters, new ReceptionRepository(s.db()), s.systemLog(), s.clock());
        KeyLookup keys = KeyLookup.NONE;
        if (s.config().getBoolean("metergate.demo.enabled") && s.config().getInt("metergate.demo.wmbus-meters") > 0) {
            DemoWireless demo = wiring.closeOnStop(DemoWireless.start(s.config().getInt("metergate.demo.wmbus-meters"),
                    s.config().getLong("metergate.demo.seed"),
                    Duration.ofSeconds(s.config().getInt("metergate.demo.wmbus-interval-s"))));
            wiring.setProperty("metergate.demo.wmbus-port-1", String.valueOf(demo.port1()));
            wiring.setProperty("metergate.demo.wmbus-port-2", String.valueOf(demo.port2()));
            wiring.setProperty("metergate.demo.wmbus-enabled", "true");
            keys = demo.keys();
            if (s.settings().find("demo.wireless.installed").isEmpty()) {
                int n = demo.installInto(meters);
                s.settings().put("demo.wireless.installed", "true");
                s.systemLog().info("wireless", n + " simulated wireless demo meters installed (receivers "
                        + DemoWireless.RX1 + ", " + DemoWireless.RX2 + ")");
            }
        } else {
            wiring.setProperty("metergate.demo.wmbus-enabled", "false");
        }
        wiring.bind("wmbusKeys", keys);
        wiring.bind("wirelessMeters", wireless);
        wiring.bind("wirelessReadout", new WirelessReadout(wireless));
        wiring.addRoutes(new WirelessApi(s.auth(), s.systemLog(), wireless, meters, s.clock()));
        wiring.share(WirelessMeters.class, wireless);
    }
}
