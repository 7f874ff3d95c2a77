package org.metergate.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals keys for storage: AES-256-GCM under a key derived from the secret file with HKDF-SHA256
 * (RFC 5869, on the JDK's HmacSHA256). A fresh 12-byte nonce per seal; the row's match key is the
 * associated data, so a sealed key only opens in the row it was written for.
 */
final class KeyCipher {

    private static final byte[] SALT = "metergate key store".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "metergate wmbus keys v1 aes-256-gcm".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private static final byte[] FINGERPRINT_INFO = "metergate wmbus keys v1 fingerprint".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecretKeySpec fingerprintKey;
    private final SecureRandom random = new SecureRandom();

    KeyCipher(byte[] secret) {
        this.key = new SecretKeySpec(hkdf(secret, SALT, INFO, 32), "AES");
        this.fingerprintKey = new SecretKeySpec(hkdf(secret, SALT, FINGERPRINT_INFO, 32), "HmacSHA256");
    }

    /**
     * 16 hex digits of HMAC-SHA256 of the key under a key derived from the secret: equal keys have equal
     * fingerprints, and without the secret the fingerprint tells nothing about the key.
     */
    String fingerprint(byte[] plain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            return java.util.HexFormat.of().formatHex(mac.doFinal(plain), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** base64(nonce | ciphertext | tag). */
    String seal(byte[] plain, String associated) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** The key, or an exception when the tag does not verify (another secret, or a changed row). */
    byte[] open(String sealed, String associated) throws GeneralSecurityException {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
        if (in.length <= NONCE) {
            throw new GeneralSecurityException("too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
        c.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(in, NONCE, in.length - NONCE);
    }

    /** HKDF-SHA256 extract and expand (RFC 5869). */
    static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
