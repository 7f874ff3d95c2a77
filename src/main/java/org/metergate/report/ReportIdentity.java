package org.metergate.report;

import java.util.List;
import java.util.Objects;
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

    /** From {@code metergate.report.product-name} and {@code metergate.report.contact.*}; the default product name is {@code defaultProductName}. */
    public static ReportIdentity from(GatewayConfig config, String serial, String hostName, String defaultProductName) {
        String p = ReportConventions.PREFIX;
        return new ReportIdentity(config.get(p + "product-name", defaultProductName), serial, hostName,
                config.get(p + "contact.company", ""), config.get(p + "contact.name", ""),
                List.of(config.get(p + "contact.address1", ""), config.get(p + "contact.address2", ""),
                        config.get(p + "contact.address3", ""), config.get(p + "contact.address4", "")));
    }
}
