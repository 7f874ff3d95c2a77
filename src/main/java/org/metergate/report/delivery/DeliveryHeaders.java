package org.metergate.report.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import org.metergate.GatewayIdentity;
import org.metergate.Product;
import org.metergate.report.ReportFile;

/** What every destination says about the gateway and the file (User-Agent, subject line, file time). */
final class DeliveryHeaders {

    private DeliveryHeaders() {}

    /** e.g. {@code metergate/0.1.0 (serial 0016031801)}: head-ends log it to tell gateways apart. */
    static String userAgent(GatewayIdentity identity) {
        return Product.NAME + "/" + Product.version() + " (serial " + identity.serial() + ")";
    }

    static Instant modified(ReportFile file) {
        try {
            return Files.getLastModifiedTime(file.path()).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("report file " + file.path() + " is gone: " + e.getMessage(), e);
        }
    }

    /** A quoted-string for Content-Disposition; report names are ASCII (SPEC F3) but be safe. */
    static String quoted(String fileName) {
        return "\"" + fileName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
