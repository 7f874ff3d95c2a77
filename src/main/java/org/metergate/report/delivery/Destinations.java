package org.metergate.report.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.metergate.GatewayIdentity;
import org.metergate.report.Protocol;

/**
 * Builds the {@link Destination} of a report from its effective settings: the protocol's defaults
 * (SPEC F2, {@link DeliveryDefaults}) with the report's override merged over them
 * ({@link #merge}). Throws {@link InvalidSettingsException} naming every bad field.
 */
public final class Destinations {

    private Destinations() {}

    public static Destination of(Protocol protocol, Map<String, ?> effectiveSettings, GatewayIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        return switch (protocol) {
            case EMAIL -> new MailDestination(MailSettings.parse(effectiveSettings), identity);
            case FTP -> new FtpDestination(FtpSettings.parse(effectiveSettings));
            case HTTP -> new HttpDestination(HttpSettings.parse(effectiveSettings), identity);
        };
    }

    /**
     * A partial override over the defaults: every key the override has (with a non-null value)
     * replaces the default's, e.g. only {@code to}. An empty string clears a default.
     */
    public static Map<String, Object> merge(Map<String, ?> defaults, Map<String, ?> override) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (defaults != null) {
            defaults.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
        }
        if (override != null) {
            override.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** The settings fields of a protocol (for the API and validation of partial overrides). */
    public static java.util.List<String> fields(Protocol protocol) {
        return switch (protocol) {
            case EMAIL -> MailSettings.FIELDS;
            case FTP -> FtpSettings.FIELDS;
            case HTTP -> HttpSettings.FIELDS;
        };
    }
}
