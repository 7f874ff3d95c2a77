package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metergate.wmbus.CryptoTest.hex;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Mode 7 details beyond the OMS example in {@link VectorsTest}. */
class Mode7Test {

    /**
     * The KDF-A session keys of the OMS Vol. 2 annex N mode 7 example (master key 000102..0F, counter
     * B30A0000, id 12345678), as published with the example (reproduced e.g. in the exmbus project's
     * kdf_a test); the example's MAC and 2F 2F check out with them in VectorsTest.
     */
    @Test
    void derivedKeysOfTheOmsExample() throws Exception {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        byte[] kenc = WmbusDecoder.derive(ecb, VectorsTest.OMS_KEY_B, 0x00, 0xAB3, 0x12345678);
        byte[] kmac = WmbusDecoder.derive(ecb, VectorsTest.OMS_KEY_B, 0x01, 0xAB3, 0x12345678);
        assertThat(HexFormat.of().withUpperCase().formatHex(kenc)).isEqualTo(KENC);
        assertThat(HexFormat.of().withUpperCase().formatHex(kmac)).isEqualTo(KMAC);
    }

    static final String KENC = "ECCF39D475D730B8284FDFDC1995D52F";
    static final String KMAC = "C9CD19FF5A9AAD5A6BBDA13BD2C4C7AD";

    /**
     * Mode 7 with an AFL that carries the counter but no MAC. No published vector was found for this
     * variant: the telegram is built here with the JDK's AES (verified against FIPS-197) and the KDF
     * (CMAC verified against RFC 4493, KDF against the OMS example), so it checks the parsing of an
     * AFL without MAC, not the cryptography.
     */
    @Test
    void mode7WithoutMacSelfBuilt() throws Exception {
        byte[] master = hex("00112233445566778899AABBCCDDEEFF");
        long counter = 0x01020304L;
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        byte[] kenc = WmbusDecoder.derive(ecb, master, 0x00, counter, 0x12345678);
        byte[] plain = hex("2F2F 0C13 21436500 02FD17 0000 2F2F2F2F2F2F2F2F2F2F2F2F2F2F2F2F2F2F2F");
        assertThat(plain).hasSize(32);
        Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
        cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kenc, "AES"), new IvParameterSpec(new byte[16]));
        byte[] enc = cbc.doFinal(plain);
        byte[] head = hex("00 44 9315 78563412 33 03 90 06 0008 04030201 7A 11 00 2007 10");
        byte[] f = new byte[head.length + enc.length];
        System.arraycopy(head, 0, f, 0, head.length);
        System.arraycopy(enc, 0, f, head.length, enc.length);
        f[0] = (byte) (f.length - 1);
        WmbusTelegram t = new WmbusDecoder(KeyLookup.single(master)).decode(WmbusFrames.formatA(f), FrameFormat.A);
        assertThat(t.securityMode()).isEqualTo(7);
        assertThat(t.afl().messageCounter()).isEqualTo(counter);
        assertThat(t.afl().macLength()).isZero();
        assertThat(t.afl().macVerified()).isFalse();
        assertThat(t.telegram().records()).hasSize(2);
        assertThat(VectorsTest.num(t.telegram().records().get(0))).isEqualByComparingTo("654.321");
        // without a MAC a wrong key is caught by the 2F 2F check
        assertThatThrownBy(() -> new WmbusDecoder(KeyLookup.single(VectorsTest.OMS_KEY_A)).decode(f,
                FrameFormat.NO_CRC)).isInstanceOfSatisfying(WmbusException.class,
                        e -> assertThat(e.reason()).isEqualTo(WmbusException.Reason.DECRYPTION_FAILED));
        // mode 7 without AFL counter: malformed
        byte[] noAfl = hex("00 44 9315 78563412 33 03 7A 11 00 2007 10 00112233445566778899AABBCCDDEEFF"
                + "00112233445566778899AABBCCDDEEFF");
        noAfl[0] = (byte) (noAfl.length - 1);
        assertThatThrownBy(() -> new WmbusDecoder(KeyLookup.single(master)).decode(noAfl, FrameFormat.NO_CRC))
                .isInstanceOfSatisfying(WmbusException.class,
                        e -> assertThat(e.reason()).isEqualTo(WmbusException.Reason.MALFORMED));
    }
}
