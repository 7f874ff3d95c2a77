package org.metergate.wmbus;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.metergate.mbus.Manufacturer;

/**
 * One AES key with the meters it applies to (SPEC B4): each field is a filter, {@code null} / -1
 * meaning "any" (the key file's {@code -1} and {@code *}). A key bound to one meter applies to that
 * meter only, whatever the filters say. {@link #toString()} never shows the key.
 *
 * @param address 8-digit meter id (upper case) or null for any
 * @param key 16 bytes
 * @param manufacturer 3-letter flag (upper case) or null for any
 * @param deviceType 0-255 or -1 for any
 * @param version 0-255 or -1 for any
 * @param boundMeter the one meter this key is bound to, or empty
 */
public record KeyEntry(String address, byte[] key, String manufacturer, int deviceType, int version,
        Optional<MeterId> boundMeter) {

    public KeyEntry {
        if (key == null || key.length != 16) {
            throw new IllegalArgumentException("an AES-128 key has 16 bytes");
        }
        key = key.clone();
        if (address != null && !address.matches("[0-9A-Fa-f]{8}")) {
            throw new IllegalArgumentException("address must be 8 digits: " + address);
        }
        address = address == null ? null : address.toUpperCase();
        if (manufacturer != null && !manufacturer.matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("manufacturer must be 3 letters: " + manufacturer);
        }
        manufacturer = manufacturer == null ? null : manufacturer.toUpperCase();
        if (deviceType < -1 || deviceType > 255 || version < -1 || version > 255) {
            throw new IllegalArgumentException("device type and version are 0-255 or -1");
        }
        boundMeter = boundMeter == null ? Optional.empty() : boundMeter;
    }

    /** A key for every meter. */
    public static KeyEntry forAll(byte[] key) {
        return new KeyEntry(null, key, null, -1, -1, Optional.empty());
    }

    /** A key bound to exactly this meter. */
    public static KeyEntry boundTo(MeterId meter, byte[] key) {
        return new KeyEntry(null, key, null, -1, -1, Optional.of(meter));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    byte[] keyNoCopy() {
        return key;
    }

    /** Whether this key applies to the meter (no allocation: the matcher runs per telegram). */
    public boolean matches(MeterId m) {
        if (boundMeter.isPresent()) {
            return boundMeter.get().equals(m);
        }
        return (address == null || (int) Long.parseLong(address, 16) == m.idBcd())
                && (manufacturer == null || Manufacturer.encode(manufacturer) == m.manufacturerCode())
                && (deviceType < 0 || deviceType == m.deviceType())
                && (version < 0 || version == m.version());
    }


    /** How specific the key is: a bound key beats all, then the number of fields that are not "any". */
    public int specificity() {
        if (boundMeter.isPresent()) {
            return 5;
        }
        return (address != null ? 1 : 0) + (manufacturer != null ? 1 : 0) + (deviceType >= 0 ? 1 : 0)
                + (version >= 0 ? 1 : 0);
    }

    /** The key file line (Address,Key,Manufacturer,DeviceType,Version): contains the key in full. */
    public String toLine() {
        return (address == null ? "-1" : address) + "," + HexFormat.of().withUpperCase().formatHex(key) + ","
                + (manufacturer == null ? "*" : manufacturer) + "," + deviceType + "," + version;
    }

    /** The first and last two hex digits of the key, for logs and UIs ("A1…22"). */
    public String keyHint() {
        String h = HexFormat.of().withUpperCase().formatHex(key);
        return h.substring(0, 2) + "…" + h.substring(30);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyEntry k && java.util.Objects.equals(address, k.address) && Arrays.equals(key, k.key)
                && java.util.Objects.equals(manufacturer, k.manufacturer) && deviceType == k.deviceType
                && version == k.version && boundMeter.equals(k.boundMeter);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(address, Arrays.hashCode(key), manufacturer, deviceType, version, boundMeter);
    }

    @Override
    public String toString() {
        return "KeyEntry[address=" + (address == null ? "any" : address) + ", key=" + keyHint() + ", manufacturer="
                + (manufacturer == null ? "any" : manufacturer) + ", deviceType="
                + (deviceType < 0 ? "any" : deviceType) + ", version=" + (version < 0 ? "any" : version)
                + boundMeter.map(m -> ", bound to " + m).orElse("") + "]";
    }
}
