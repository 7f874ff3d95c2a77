package org.metergate.wmbus;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CMAC (RFC 4493, NIST SP 800-38B) built on the JDK's AES block cipher: used by OMS security
 * mode 7 for the key derivation (KDF-A) and the AFL message authentication code.
 */
public final class AesCmac {
    private static final int RB = 0x87;

    private AesCmac() {
    }

    /** The full 16-byte CMAC of {@code msg[from..to)} under the 16-byte {@code key}. */
    public static byte[] mac(byte[] key, byte[] msg, int from, int to) {
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return mac(aes, msg, from, to);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }

    public static byte[] mac(byte[] key, byte[] msg) {
        return mac(key, msg, 0, msg.length);
    }

    /** CMAC with an AES/ECB cipher already initialised for encryption with the key. */
    static byte[] mac(Cipher aes, byte[] msg, int from, int to) throws GeneralSecurityException {
        byte[] l = aes.doFinal(new byte[16]);
        byte[] k1 = doubled(l);
        int len = to - from;
        int n = len == 0 ? 1 : (len + 15) / 16;
        boolean complete = len > 0 && len % 16 == 0;
        byte[] x = new byte[16];
        byte[] block = new byte[16];
        for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < 16; j++) {
                block[j] = (byte) (x[j] ^ msg[from + 16 * i + j]);
            }
            aes.doFinal(block, 0, 16, x, 0);
        }
        int lastFrom = from + 16 * (n - 1);
        int lastLen = to - lastFrom;
        byte[] last = new byte[16];
        System.arraycopy(msg, lastFrom, last, 0, lastLen);
        byte[] k;
        if (complete) {
            k = k1;
        } else {
            last[lastLen] = (byte) 0x80;
            k = doubled(k1);
        }
        for (int j = 0; j < 16; j++) {
            block[j] = (byte) (x[j] ^ last[j] ^ k[j]);
        }
        return aes.doFinal(block);
    }

    /** Multiplication by x in GF(2^128) (the subkey generation step of RFC 4493). */
    private static byte[] doubled(byte[] in) {
        byte[] out = new byte[16];
        for (int i = 0; i < 15; i++) {
            out[i] = (byte) ((in[i] << 1) | ((in[i + 1] & 0xFF) >>> 7));
        }
        out[15] = (byte) (in[15] << 1);
        if ((in[0] & 0x80) != 0) {
            out[15] ^= (byte) RB;
        }
        return out;
    }
}
