package org.metergate;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Who this gateway is and since when it runs: shown by /api/system, reports and the User-Agent.
 *
 * @param productName the product name of reports, file names and the default From address (SPEC F11):
 *                    {@code metergate.report.product-name}, by default {@code metergate.<serial>}
 */
public record GatewayIdentity(String serial, String hostName, Path dataDir, Instant started, String productName) {

    public GatewayIdentity {
        if (productName == null || productName.isBlank()) {
            productName = Product.NAME + "." + serial;
        }
    }

    /** With the default product name. */
    public GatewayIdentity(String serial, String hostName, Path dataDir, Instant started) {
        this(serial, hostName, dataDir, started, null);
    }
}
