package org.metergate.wmbus;

import org.metergate.mbus.Manufacturer;

/**
 * The identity of a wireless meter: manufacturer, identification number (8 BCD digits, kept as
 * its 32 bits; hex digits A-F possible), version and device type. It is the one of the TPL long
 * header when the telegram has one (radio adapters), else the one of the link layer.
 */
public record MeterId(int manufacturerCode, int idBcd, int version, int deviceType) {

    public static MeterId of(String manufacturer, String id, int version, int deviceType) {
        if (id == null || !id.matches("[0-9A-Fa-f]{8}")) {
            throw new IllegalArgumentException("meter id must be 8 digits: " + id);
        }
        return new MeterId(Manufacturer.encode(manufacturer), (int) Long.parseLong(id, 16), version & 0xFF,
                deviceType & 0xFF);
    }

    public String manufacturer() {
        return Manufacturer.decode(manufacturerCode);
    }

    /** The 8 digits as the meter label shows them (A-F as upper-case letters). */
    public String id() {
        return String.format("%08X", idBcd);
    }

    @Override
    public String toString() {
        return manufacturer() + "-" + id() + "-v" + version + "-t" + String.format("%02X", deviceType);
    }
}
