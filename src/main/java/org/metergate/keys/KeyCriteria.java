package org.metergate.keys;

import java.util.Optional;
import org.metergate.wmbus.KeyEntry;
import org.metergate.wmbus.MeterId;

/**
 * The meters a key applies to (SPEC B4): each field a filter, null meaning "any" (the key file's
 * {@code -1} and {@code *}).
 *
 * @param address      8-digit meter id (upper case) or null
 * @param manufacturer 3-letter flag (upper case) or null
 * @param deviceType   0-255 or null
 * @param version      0-255 or null
 */
public record KeyCriteria(String address, String manufacturer, Integer deviceType, Integer version) {

    public KeyCriteria {
        if (address != null && !address.matches("[0-9A-Fa-f]{8}")) {
            throw new IllegalArgumentException("address must be the 8-digit meter id: " + address);
        }
        if (manufacturer != null && !manufacturer.matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("manufacturer must be 3 letters: " + manufacturer);
        }
        if (deviceType != null && (deviceType < 0 || deviceType > 255)) {
            throw new IllegalArgumentException("deviceType must be 0-255: " + deviceType);
        }
        if (version != null && (version < 0 || version > 255)) {
            throw new IllegalArgumentException("version must be 0-255: " + version);
        }
        address = address == null ? null : address.toUpperCase();
        manufacturer = manufacturer == null ? null : manufacturer.toUpperCase();
    }

    /** The criteria of a parsed key file line. */
    public static KeyCriteria of(KeyEntry e) {
        return new KeyCriteria(e.address(), e.manufacturer(), e.deviceType() < 0 ? null : e.deviceType(),
                e.version() < 0 ? null : e.version());
    }

    /** The unique match key of an unbound key with these criteria ('*' for any) and this key fingerprint. */
    String filterKey(String fingerprint) {
        return "filter:" + or(address) + ":" + or(manufacturer) + ":" + or(deviceType) + ":" + or(version) + ":" + fingerprint;
    }

    /** The library's key entry; bound to the meter's full identity when every field is known. */
    KeyEntry entry(byte[] key, boolean bound) {
        Optional<MeterId> meter = bound && address != null && manufacturer != null && deviceType != null && version != null
                ? Optional.of(MeterId.of(manufacturer, address, version, deviceType)) : Optional.empty();
        return meter.isPresent() ? new KeyEntry(null, key, null, -1, -1, meter)
                : new KeyEntry(address, key, manufacturer, deviceType == null ? -1 : deviceType,
                        version == null ? -1 : version, Optional.empty());
    }

    private static String or(Object v) {
        return v == null ? "*" : v.toString();
    }
}
