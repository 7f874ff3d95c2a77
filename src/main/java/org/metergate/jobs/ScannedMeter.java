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
        Integer medium, String mediumName, Integer status, String bus) {

    /** A meter on the scan's own bus (the simple scan, and rows stored before V13). */
    public ScannedMeter(String address, boolean hasHeader, String id, String manufacturer, Integer version,
            Integer medium, String mediumName, Integer status) {
        this(address, hasHeader, id, manufacturer, version, medium, mediumName, status, null);
    }

    public static ScannedMeter of(FoundMeter f) {
        return of(f, null);
    }

    /** @param bus the bus it was found on (null: the scan's bus) */
    public static ScannedMeter of(FoundMeter f, String bus) {
        Header h = f.header();
        if (h == null) {
            return new ScannedMeter(f.address().toString(), false, null, null, null, null, null, null, bus);
        }
        return new ScannedMeter(f.address().toString(), true, h.id(), h.manufacturer(), h.version() < 0 ? null : h.version(),
                h.medium() < 0 ? null : h.medium(), h.mediumName(), h.status() < 0 ? null : h.status(), bus);
    }

    /**
     * Who the meter is, the same whichever bus or mode found it: id, manufacturer, version and medium from
     * its header; null when it gave no header (then only its bus and address tell it apart).
     */
    public String identity() {
        return hasHeader && id != null ? id + "/" + manufacturer + "/" + version + "/" + medium : null;
    }

    /** The same meter, found on {@code bus}. */
    public ScannedMeter onBus(String bus) {
        return new ScannedMeter(address, hasHeader, id, manufacturer, version, medium, mediumName, status, bus);
    }

    /** As the scan API has always shown a found meter. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (bus != null) {
            m.put("bus", bus);
        }
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
