package org.metergate.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metergate.bus.FoundMeter;
import org.metergate.mbus.Header;

/**
 * A meter as a scan reported it, in the form it is stored (table scan_found) and installed from: the
 * address the scan reaches it by ({@code MeterAddress} text) and, when it could be read, what its
 * header said. {@code hasHeader} false: it acknowledged but gave no readable answer.
 */
public record ScannedMeter(String address, boolean hasHeader, String id, String manufacturer, Integer version,
        Integer medium, String mediumName, Integer status) {

    public static ScannedMeter of(FoundMeter f) {
        Header h = f.header();
        if (h == null) {
            return new ScannedMeter(f.address().toString(), false, null, null, null, null, null, null);
        }
        return new ScannedMeter(f.address().toString(), true, h.id(), h.manufacturer(), h.version() < 0 ? null : h.version(),
                h.medium() < 0 ? null : h.medium(), h.mediumName(), h.status() < 0 ? null : h.status());
    }

    /** As the scan API has always shown a found meter. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        if (hasHeader) {
            m.put("id", id);
            m.put("manufacturer", manufacturer);
            m.put("version", version);
            m.put("medium", mediumName);
            m.put("status", status == null ? null : String.format("%02X", status));
        }
        return m;
    }
}
