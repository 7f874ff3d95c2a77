package org.metergate.report;

import java.util.List;
import java.util.Objects;
import org.metergate.GatewayIdentity;
import org.metergate.config.GatewayConfig;

/**
 * SPEC F11, who sends the report: the product name (default {@code metergate.<serial>}, also the
 * instance part of file names) and the contact block shown to the receiving party.
 */
public record ReportIdentity(String productName, String serial, String hostName, String company, String contactName,
                             List<String> addressLines) {

    public ReportIdentity {
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(serial, "serial");
        hostName = hostName == null ? "" : hostName;
        company = company == null ? "" : company;
        contactName = contactName == null ? "" : contactName;
        addressLines = List.copyOf(addressLines);
    }

    /**
     * The gateway's identity (its product name is {@code metergate.report.product-name}, resolved once in
     * {@link GatewayIdentity}) and the contact block from {@code metergate.report.contact.*}.
     */
    public static ReportIdentity from(GatewayConfig config, GatewayIdentity gateway) {
        String p = ReportConventions.PREFIX;
        return new ReportIdentity(gateway.productName(), gateway.serial(), gateway.hostName(),
                config.get(p + "contact.company", ""), config.get(p + "contact.name", ""),
                List.of(config.get(p + "contact.address1", ""), config.get(p + "contact.address2", ""),
                        config.get(p + "contact.address3", ""), config.get(p + "contact.address4", "")));
    }
}
