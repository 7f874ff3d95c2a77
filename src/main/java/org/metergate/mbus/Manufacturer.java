package org.metergate.mbus;

/** The 3-letter manufacturer flag (EN 13757-3 / DLMS UA FLAG): 5 bits per letter, 'A' = 1. */
public final class Manufacturer {
    private Manufacturer() {
    }

    public static String decode(int code) {
        char[] c = {
            (char) (((code >> 10) & 0x1F) + 64),
            (char) (((code >> 5) & 0x1F) + 64),
            (char) ((code & 0x1F) + 64)};
        return new String(c);
    }

    public static int encode(String flag) {
        if (flag == null || flag.length() != 3) {
            throw new MbusEncodeException("manufacturer flag must be 3 letters: " + flag);
        }
        int v = 0;
        for (int i = 0; i < 3; i++) {
            char ch = Character.toUpperCase(flag.charAt(i));
            if (ch < 'A' || ch > 'Z') {
                throw new MbusEncodeException("manufacturer flag must be letters A-Z: " + flag);
            }
            v = v << 5 | (ch - 64);
        }
        return v;
    }
}
