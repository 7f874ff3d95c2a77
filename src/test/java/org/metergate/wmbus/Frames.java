package org.metergate.wmbus;

/** Test helper: frames without CRCs to start from; {@link WmbusFrames} adds the CRCs. */
final class Frames {
    private Frames() {
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
