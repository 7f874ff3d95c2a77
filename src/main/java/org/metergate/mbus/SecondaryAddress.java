package org.metergate.mbus;

/**
 * A secondary address for selection (EN 13757-3, 11.4 / SND_UD CI 52h): 8-nibble identification
 * number (BCD digits, also A-E as some meters use them) where any nibble may be the wildcard F, manufacturer (FFFFh = any), version (FFh = any)
 * and medium (FFh = any).
 */
public record SecondaryAddress(String id, int manufacturer, int version, int medium) {
    public static final int ANY_MANUFACTURER = 0xFFFF;
    public static final int ANY = 0xFF;

    public SecondaryAddress {
        if (id == null || id.length() != 8) {
            throw new MbusEncodeException("id must be 8 digits (F = wildcard): " + id);
        }
        for (int i = 0; i < 8; i++) {
            char ch = id.charAt(i);
            // Ids are BCD in the standard, but meters with A-E nibbles exist; F is the wildcard.
            if (Character.digit(ch, 16) < 0) {
                throw new MbusEncodeException("id digit must be 0-9, A-E or the wildcard F: " + id);
            }
        }
        id = id.toUpperCase(java.util.Locale.ROOT);
        if (manufacturer < 0 || manufacturer > 0xFFFF || version < 0 || version > 0xFF || medium < 0 || medium > 0xFF) {
            throw new MbusEncodeException("manufacturer/version/medium out of range");
        }
    }

    /** Only the id (digits or F wildcards); any manufacturer, version and medium. */
    public static SecondaryAddress ofId(String id) {
        return new SecondaryAddress(id, ANY_MANUFACTURER, ANY, ANY);
    }

    /** Matches every meter: FFFFFFFF FFFF FF FF. */
    public static SecondaryAddress wildcard() {
        return ofId("FFFFFFFF");
    }

    /** The 8 selection bytes, LSB first as on the wire. */
    public byte[] encode() {
        byte[] b = new byte[8];
        for (int i = 0; i < 4; i++) {
            int hi = Character.digit(id.charAt(6 - 2 * i), 16);
            int lo = Character.digit(id.charAt(7 - 2 * i), 16);
            b[i] = (byte) (hi << 4 | lo);
        }
        b[4] = (byte) manufacturer;
        b[5] = (byte) (manufacturer >> 8);
        b[6] = (byte) version;
        b[7] = (byte) medium;
        return b;
    }
}
