package org.metergate.report.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.metergate.config.GatewayConfig;
import org.metergate.report.Protocol;

/**
 * The default recipients per protocol (SPEC F2) from the configuration:
 * {@code metergate.report.mail.<field>}, {@code metergate.report.ftp.<field>},
 * {@code metergate.report.http.<field>} (field names as in the JSON settings, e.g.
 * {@code metergate.report.ftp.preserveTimestamp}). Only the keys that are set are present, so an
 * unconfigured protocol yields an empty map and a report must then bring its own settings.
 */
public final class DeliveryDefaults {

    private final Map<Protocol, Map<String, Object>> byProtocol;

    public DeliveryDefaults(Map<Protocol, Map<String, Object>> byProtocol) {
        Map<Protocol, Map<String, Object>> copy = new java.util.EnumMap<>(Protocol.class);
        for (Protocol p : Protocol.values()) {
            copy.put(p, Map.copyOf(byProtocol.getOrDefault(p, Map.of())));
        }
        this.byProtocol = copy;
    }

    public static DeliveryDefaults fromConfig(GatewayConfig config) {
        Map<Protocol, Map<String, Object>> m = new java.util.EnumMap<>(Protocol.class);
        for (Protocol p : Protocol.values()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String field : Destinations.fields(p)) {
                config.find(prefix(p) + field).ifPresent(v -> values.put(field, v));
            }
            m.put(p, values);
        }
        return new DeliveryDefaults(m);
    }

    /** {@code metergate.report.mail.} etc. */
    public static String prefix(Protocol p) {
        return "metergate.report." + switch (p) {
            case EMAIL -> "mail";
            case FTP -> "ftp";
            case HTTP -> "http";
        } + ".";
    }

    /** The raw defaults of a protocol (may hold secrets: not for logs or the API). */
    public Map<String, Object> of(Protocol p) {
        return byProtocol.get(p);
    }

    /** Defaults with the report's override merged over them. */
    public Map<String, Object> effective(Protocol p, Map<String, ?> override) {
        return Destinations.merge(of(p), override);
    }

    public List<String> configured() {
        return byProtocol.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    @Override
    public String toString() {
        return "DeliveryDefaults" + configured();
    }
}
