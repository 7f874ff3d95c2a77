package org.metergate.wmbus;

import java.util.Arrays;

/**
 * EN 13757-4 link-layer CRC framing for the sending side (simulator, tests) and CRC stripping for
 * receivers that need a frame in one canonical form (deduplication across receivers that deliver
 * different formats). The decoder does its own stripping with error offsets.
 */
public final class WmbusFrames {
    private WmbusFrames() {
    }

    /** Format A from a frame without CRCs (L = bytes after L): 10-byte first block, 16-byte blocks, a CRC after each. */
    public static byte[] formatA(byte[] f) {
        if (f.length < 10) {
            throw new IllegalArgumentException("a frame has at least 10 bytes (L C M A)");
        }
        int blocks = 1 + (f.length - 10 + 15) / 16;
        byte[] out = new byte[f.length + 2 * blocks];
        int i = 0;
        int o = 0;
        while (i < f.length) {
            int len = i == 0 ? 10 : Math.min(16, f.length - i);
            System.arraycopy(f, i, out, o, len);
            int crc = Crc16.of(f, i, i + len);
            out[o + len] = (byte) (crc >> 8);
            out[o + len + 1] = (byte) crc;
            i += len;
            o += len + 2;
        }
        return out;
    }

    /** Format B from a frame without CRCs: L rewritten to count the CRCs, a CRC after 126 bytes and at the end. */
    public static byte[] formatB(byte[] stripped) {
        int n = stripped.length;
        if (n < 11) {
            throw new IllegalArgumentException("a format B frame has at least 11 bytes before its CRC");
        }
        byte[] f = stripped.clone();
        if (n + 2 <= 128) {
            f[0] = (byte) (n + 1);
            byte[] out = Arrays.copyOf(f, n + 2);
            int crc = Crc16.of(out, 0, n);
            out[n] = (byte) (crc >> 8);
            out[n + 1] = (byte) crc;
            return out;
        }
        if (n + 3 > 255) {
            throw new IllegalArgumentException("frame too long for format B (" + n + " bytes)");
        }
        f[0] = (byte) (n + 3);
        byte[] out = new byte[n + 4];
        System.arraycopy(f, 0, out, 0, 126);
        int crc = Crc16.of(out, 0, 126);
        out[126] = (byte) (crc >> 8);
        out[127] = (byte) crc;
        System.arraycopy(f, 126, out, 128, n - 126);
        crc = Crc16.of(out, 128, n + 2);
        out[n + 2] = (byte) (crc >> 8);
        out[n + 3] = (byte) crc;
        return out;
    }

    /** The frame in {@code format} from a frame without CRCs. */
    public static byte[] frame(byte[] stripped, FrameFormat format) {
        return switch (format) {
            case A -> formatA(stripped);
            case B -> formatB(stripped);
            case NO_CRC, AUTO -> stripped.clone();
        };
    }

    /**
     * The frame without CRCs, L = bytes after L, whatever format it came in; CRCs are not checked
     * (the decoder checks them). Null when the length fits no format.
     */
    public static byte[] canonical(byte[] raw, FrameFormat format) {
        if (raw == null || raw.length < 11) {
            return null;
        }
        int l = raw[0] & 0xFF;
        FrameFormat f = format;
        if (f == FrameFormat.AUTO) {
            if (raw.length == l + 1) {
                f = l >= 12 && crcOk(raw, 0, raw.length - 2) && (raw.length <= 128 || crcOk(raw, 0, 126))
                        ? FrameFormat.B : FrameFormat.NO_CRC;
            } else if (l >= 9 && raw.length == 1 + l + 2 + 2 * ((l - 9 + 15) / 16)) {
                f = FrameFormat.A;
            } else {
                return null;
            }
        }
        switch (f) {
            case A -> {
                if (l < 9 || raw.length != 1 + l + 2 + 2 * ((l - 9 + 15) / 16)) {
                    return null;
                }
                byte[] out = new byte[l + 1];
                int src = 0;
                int dst = 0;
                while (dst < out.length) {
                    int len = dst == 0 ? 10 : Math.min(16, out.length - dst);
                    System.arraycopy(raw, src, out, dst, len);
                    src += len + 2;
                    dst += len;
                }
                return out;
            }
            case B -> {
                if (raw.length != l + 1 || l < 12) {
                    return null;
                }
                byte[] out;
                if (raw.length <= 128) {
                    out = Arrays.copyOf(raw, raw.length - 2);
                } else {
                    out = new byte[raw.length - 4];
                    System.arraycopy(raw, 0, out, 0, 126);
                    System.arraycopy(raw, 128, out, 126, raw.length - 2 - 128);
                }
                out[0] = (byte) (out.length - 1);
                return out;
            }
            default -> {
                return raw.length == l + 1 ? raw.clone() : null;
            }
        }
    }

    private static boolean crcOk(byte[] raw, int from, int to) {
        int crc = Crc16.of(raw, to == raw.length - 2 && raw.length > 128 ? 128 : from, to);
        return crc == ((raw[to] & 0xFF) << 8 | (raw[to + 1] & 0xFF));
    }
}
