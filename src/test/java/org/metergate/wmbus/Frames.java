package org.metergate.wmbus;

import java.io.ByteArrayOutputStream;

/** Test helper: adds EN 13757-4 CRCs to a frame given without them (L = number of bytes after L). */
final class Frames {
    private Frames() {
    }

    static byte[] formatA(byte[] f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < f.length) {
            int len = i == 0 ? 10 : Math.min(16, f.length - i);
            out.write(f, i, len);
            int crc = Crc16.of(f, i, i + len);
            out.write(crc >> 8);
            out.write(crc);
            i += len;
        }
        return out.toByteArray();
    }

    static byte[] formatB(byte[] stripped) {
        byte[] f = stripped.clone();
        int n = f.length;
        if (n + 2 <= 128) {
            f[0] = (byte) (n + 1);
            byte[] out = java.util.Arrays.copyOf(f, n + 2);
            int crc = Crc16.of(out, 0, n);
            out[n] = (byte) (crc >> 8);
            out[n + 1] = (byte) crc;
            return out;
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

    /** An unencrypted frame without CRCs: SND_NR from ELS 12345678 v1 water, CI 7A, the given records. */
    static byte[] plain(String records) {
        byte[] r = CryptoTest.hex(records);
        byte[] head = CryptoTest.hex("00 44 9315 78563412 01 07 7A 2A 00 0000");
        byte[] f = new byte[head.length + r.length];
        System.arraycopy(head, 0, f, 0, head.length);
        System.arraycopy(r, 0, f, head.length, r.length);
        f[0] = (byte) (f.length - 1);
        return f;
    }
}
