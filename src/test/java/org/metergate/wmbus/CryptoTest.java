package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** AES-CMAC against RFC 4493 section 4, the JDK's AES against FIPS-197, CRC against known frames. */
class CryptoTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    // RFC 4493, section 4 "Test Vectors"
    static final byte[] K = hex("2b7e151628aed2a6abf7158809cf4f3c");
    static final byte[] M = hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");

    @Test
    void aesCmacRfc4493Vectors() {
        assertThat(hex(AesCmac.mac(K, M, 0, 0))).isEqualTo("BB1D6929E95937287FA37D129B756746");
        assertThat(hex(AesCmac.mac(K, M, 0, 16))).isEqualTo("070A16B46B4D4144F79BDD9DD04A287C");
        assertThat(hex(AesCmac.mac(K, M, 0, 40))).isEqualTo("DFA66747DE9AE63030CA32611497C827");
        assertThat(hex(AesCmac.mac(K, M, 0, 64))).isEqualTo("51F0BEBF7E3B9D92FC49741779363CFE");
    }

    @Test
    void aesCmacSubkeysRfc4493() throws Exception {
        // RFC 4493 4: AES-128(key, 0) = 7df76b0c1ab899b33e42f047b91b546f (the L of the subkey generation)
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(K, "AES"));
        assertThat(hex(ecb.doFinal(new byte[16]))).isEqualTo("7DF76B0C1AB899B33E42F047B91B546F");
    }

    @Test
    void aesFips197AppendixC1() throws Exception {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hex("000102030405060708090a0b0c0d0e0f"), "AES"));
        assertThat(hex(ecb.doFinal(hex("00112233445566778899aabbccddeeff"))))
                .isEqualTo("69C4E0D86A7B0430D8CDB78070B4C55A");
    }

    @Test
    void crcOfAnOmsFormatAFirstBlock() {
        // OMS Vol. 2 annex N example (security profile A), first block 2E 44 93 15 78 56 34 12 33 03, CRC 33 63
        assertThat(Crc16.of(hex("2E44931578563412330 3".replace(" ", "")))).isEqualTo(0x3363);
    }
}
