package org.metergate.wmbus;

/**
 * The CRC of EN 13757-4 (link layer blocks, ELL payload CRC, compact frame signatures):
 * polynomial x^16+x^13+x^12+x^11+x^10+x^8+x^6+x^5+x^2+1 (0x3D65), initial value 0, not reflected,
 * final value complemented. Transmitted high byte first in the link layer blocks.
 */
public final class Crc16 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 8;
            for (int b = 0; b < 8; b++) {
                c = (c & 0x8000) != 0 ? (c << 1) ^ 0x3D65 : c << 1;
            }
            TABLE[i] = c & 0xFFFF;
        }
    }

    private Crc16() {
    }

    /** CRC of {@code b[from..to)}. */
    public static int of(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return ~crc & 0xFFFF;
    }

    /** One step for a CRC computed piecewise: start with 0, finish with {@code ~crc & 0xFFFF}. */
    static int update(int crc, int b) {
        return ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
    }

    public static int of(byte[] b) {
        return of(b, 0, b.length);
    }
}
