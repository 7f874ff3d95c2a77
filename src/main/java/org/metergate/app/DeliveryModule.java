package org.metergate.app;

import org.metergate.report.Protocol;
import org.metergate.report.delivery.DeliveryDefaults;
import org.metergate.report.delivery.Destinations;
import org.metergate.report.delivery.InvalidSettingsException;
import org.metergate.report.delivery.ReportTrust;

/**
 * Report delivery (issue 6, SPEC F1/F2/F8): the TLS trust of outgoing report connections (bean
 * {@value ReportTrust#BEAN}, JDK trust store plus {@code metergate.report.truststore}) and the
 * default recipients per protocol (bean {@code deliveryDefaults}). Shares {@link DeliveryDefaults}
 * and {@link ReportTrust} with the report engine, which builds each report's destination with
 * {@link Destinations#of}.
 */
public final class DeliveryModule implements GatewayModule {

    @Override
    public void install(GatewayServices s, ModuleWiring wiring) {
        ReportTrust trust = ReportTrust.fromConfig(s.config());
        DeliveryDefaults defaults = DeliveryDefaults.fromConfig(s.config());
        for (Protocol p : Protocol.values()) {
            var values = defaults.of(p);
            if (values.containsKey("host") || values.containsKey("uri")) {
                try {
                    Destinations.of(p, values, s.identity());
                } catch (InvalidSettingsException e) {
                    // reports may still override the bad field; each delivery names it again
                    s.systemLog().warning("report", "default " + p.name().toLowerCase(java.util.Locale.ROOT)
                            + " settings (" + DeliveryDefaults.prefix(p) + "*) are invalid: " + e.getMessage());
                }
            }
        }
        wiring.bind(ReportTrust.BEAN, trust.sslContextParameters());
        wiring.bind("deliveryDefaults", defaults);
        wiring.share(ReportTrust.class, trust);
        wiring.share(DeliveryDefaults.class, defaults);
    }
}
