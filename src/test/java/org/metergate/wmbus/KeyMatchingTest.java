package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metergate.wmbus.CryptoTest.hex;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metergate.wmbus.KeyLineParser.KeyFormatException;

/** SPEC B4: the key file line format with the manual's example rows, and the key choice. */
class KeyMatchingTest {
    // the manual's rows; the second key is abbreviated there ("A1B2…") and completed here
    static final String ALL = "-1,AAAABBBBCCCCDDDDEEEEFFFF11112222,*,-1,-1";
    static final String ONE_METER = "13360079,A1B2C3D4E5F60718293A4B5C6D7E8F90,ELV,-1,-1";
    static final String ELV_V2 = "-1,9999AAAA8888BBBB7777CCCC6666DDDD,ELV,-1,2";

    static final MeterId ELV_13360079_V2 = MeterId.of("ELV", "13360079", 2, 7);
    static final MeterId ELV_OTHER_V2 = MeterId.of("ELV", "11111111", 2, 7);
    static final MeterId ELV_OTHER_V1 = MeterId.of("ELV", "11111111", 1, 7);
    static final MeterId KAM = MeterId.of("KAM", "13360079", 2, 7);

    @Test
    void parsesTheManualsExampleRows() throws Exception {
        KeyEntry all = KeyLineParser.parse(ALL, 2);
        assertThat(all.address()).isNull();
        assertThat(all.manufacturer()).isNull();
        assertThat(all.deviceType()).isEqualTo(-1);
        assertThat(all.version()).isEqualTo(-1);
        assertThat(all.key()).isEqualTo(hex("AAAABBBBCCCCDDDDEEEEFFFF11112222"));
        assertThat(all.specificity()).isZero();

        KeyEntry one = KeyLineParser.parse(ONE_METER, 3);
        assertThat(one.address()).isEqualTo("13360079");
        assertThat(one.manufacturer()).isEqualTo("ELV");
        assertThat(one.specificity()).isEqualTo(2);

        KeyEntry v2 = KeyLineParser.parse(ELV_V2, 4);
        assertThat(v2.address()).isNull();
        assertThat(v2.manufacturer()).isEqualTo("ELV");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.toLine()).isEqualTo(ELV_V2);
        // Excel in a Swedish locale writes semicolons; quotes and blanks are tolerated
        assertThat(KeyLineParser.parse("\"-1\"; 9999aaaa8888BBBB7777CCCC6666DDDD ;elv;-1;2", 5)).isEqualTo(v2);
        assertThat(KeyLineParser.isHeader("Address,Key,Manufacturer,DeviceType,Version")).isTrue();
        // an id with hex digits (as some meters send it) is zero-padded and upper-cased like a decimal one
        assertThat(KeyLineParser.parse("a1b2c3,AAAABBBBCCCCDDDDEEEEFFFF11112222,*,-1,-1", 6).address()).isEqualTo("00A1B2C3");
        assertThat(KeyLineParser.parse("4711,AAAABBBBCCCCDDDDEEEEFFFF11112222,*,-1,-1", 6).address()).isEqualTo("00004711");
    }

    @Test
    void reportsEveryFieldErrorWithItsColumnName() {
        assertThatThrownBy(() -> KeyLineParser.parse("1336007X,A1B2,EL5,300,-2", 7))
                .isInstanceOfSatisfying(KeyFormatException.class, e -> {
                    assertThat(e.errors()).extracting(KeyLineParser.FieldError::column)
                            .containsExactly("Address", "Key", "Manufacturer", "DeviceType", "Version");
                    assertThat(e.errors()).allSatisfy(err -> assertThat(err.line()).isEqualTo(7));
                    assertThat(e.getMessage()).contains("line 7, column Key: must be 32 hex digits");
                });
        assertThatThrownBy(() -> KeyLineParser.parse("-1,AAAABBBBCCCCDDDDEEEEFFFF11112222,*", 9))
                .isInstanceOfSatisfying(KeyFormatException.class,
                        e -> assertThat(e.errors().get(0).column()).isEqualTo("DeviceType"));
        // a key that is almost right is not echoed in full
        assertThatThrownBy(() -> KeyLineParser.parse("-1,AAAABBBBCCCCDDDDEEEEFFFF1111222,*,-1,-1", 1))
                .hasMessageNotContaining("AAAABBBBCCCCDDDDEEEEFFFF1111222");
    }

    @Test
    void mostSpecificMatchingKeyWins() throws Exception {
        KeyEntry all = KeyLineParser.parse(ALL, 1);
        KeyEntry one = KeyLineParser.parse(ONE_METER, 2);
        KeyEntry v2 = KeyLineParser.parse(ELV_V2, 3);
        KeyMatcher m = new KeyMatcher(List.of(all, one, v2));
        assertThat(m.find(ELV_13360079_V2)).contains(one); // one and v2 are equally specific (2 fields): the earlier
        assertThat(m.find(ELV_OTHER_V2)).contains(v2);
        assertThat(m.find(ELV_OTHER_V1)).contains(all);
        assertThat(m.find(KAM)).contains(all);
        assertThat(new KeyMatcher(List.of(one, v2)).find(KAM)).isEmpty();
        // equally specific: the earlier entry
        assertThat(new KeyMatcher(List.of(v2, one)).find(ELV_13360079_V2)).contains(v2);
    }

    @Test
    void boundKeyFirstAndOnlyForItsMeter() throws Exception {
        KeyEntry one = KeyLineParser.parse(ONE_METER, 1);
        KeyEntry bound = KeyEntry.boundTo(ELV_OTHER_V2, hex("00112233445566778899AABBCCDDEEFF"));
        KeyEntry exact = new KeyEntry("11111111", hex("0F0E0D0C0B0A09080706050403020100"), "ELV", 7, 2,
                Optional.empty());
        KeyMatcher m = new KeyMatcher(List.of(exact, one, bound));
        assertThat(m.find(ELV_OTHER_V2)).contains(bound);
        assertThat(m.find(ELV_OTHER_V1)).isEmpty(); // the bound key does not apply to another version
        assertThat(m.find(ELV_13360079_V2)).contains(one);
    }

    @Test
    void keysAreNeverPrinted() throws Exception {
        KeyEntry v2 = KeyLineParser.parse(ELV_V2, 1);
        assertThat(v2.toString()).doesNotContain("9999AAAA").contains("99…DD");
        byte[] k = v2.key();
        k[0] = 0;
        assertThat(v2.key()[0]).isEqualTo((byte) 0x99); // defensive copies
    }

    @Test
    void decoderUsesTheMatcherAndTellsWhichKeyMatched() throws Exception {
        KeyEntry wrong = KeyEntry.forAll(VectorsTest.OMS_KEY_B);
        KeyEntry right = new KeyEntry("12345678", VectorsTest.OMS_KEY_A, "ELS", -1, -1, Optional.empty());
        WmbusDecoder d = new WmbusDecoder(new KeyMatcher(List.of(wrong, right)));
        WmbusTelegram t = d.decode(hex(VectorsTest.OMS_A_WITH_CRC), FrameFormat.A);
        assertThat(t.key()).contains(right);
    }
}
