package org.metergate.app;

import java.nio.file.Path;
import java.time.Instant;

/** Who this gateway is and since when it runs: shown by /api/system, reports and the User-Agent. */
public record GatewayIdentity(String serial, String hostName, Path dataDir, Instant started) {

    /** The default product name of reports and the From address (SPEC F11): metergate.SERIAL. */
    public String productName() {
        return org.metergate.Product.NAME + "." + serial;
    }
}
