package org.metergate.wmbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.metergate.wmbus.CryptoTest.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.metergate.wmbus.WmbusException.Reason;

/** Frame formats, CRC errors, truncation and the other typed failures of the link and transport layers. */
class LinkLayerTest {
    final WmbusDecoder decoder = new WmbusDecoder();

    static WmbusException error(WmbusDecoder d, byte[] f, FrameFormat format) {
        try {
            d.decode(f, format);
        } catch (WmbusException e) {
            return e;
        }
        throw new AssertionError("decoded");
    }

    /** 14 records of 6 bytes: 95 bytes of frame, so format A has 6 blocks. */
    static String records(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(String.format("04 13 %02X 00 00 00 ", i));
        }
        return sb.toString();
    }

    @Test
    void everyFormatGivesTheSameTelegram() throws Exception {
        for (int count : new int[] {0, 1, 2, 14, 30, 39}) {
            byte[] plain = Frames.plain(records(count));
            var expected = decoder.decode(plain, FrameFormat.NO_CRC).telegram().records();
            assertThat(expected).hasSize(count);
            byte[] a = WmbusFrames.formatA(plain);
            byte[] b = WmbusFrames.formatB(plain);
            for (var c : new Object[][] {{a, FrameFormat.A}, {a, FrameFormat.AUTO}, {b, FrameFormat.B},
                {b, FrameFormat.AUTO}, {plain, FrameFormat.AUTO}}) {
                WmbusTelegram t = decoder.decode((byte[]) c[0], (FrameFormat) c[1]);
                assertThat(t.telegram().records()).as(count + " records, " + c[1]).isEqualTo(expected);
                assertThat(t.link().format()).isEqualTo(c[0] == a ? FrameFormat.A : c[0] == b ? FrameFormat.B
                        : FrameFormat.NO_CRC);
            }
        }
    }

    @Test
    void formatBWithThreeBlocks() throws Exception {
        byte[] plain = Frames.plain(records(39)); // 249 bytes: block 3 exists
        assertThat(plain.length).isGreaterThan(128);
        byte[] b = WmbusFrames.formatB(plain);
        assertThat(b.length).isEqualTo(plain.length + 4);
        assertThat(decoder.decode(b, FrameFormat.B).telegram().records()).hasSize(39);
        b[200] ^= 0x40;
        WmbusException e = error(decoder, b, FrameFormat.B);
        assertThat(e.reason()).isEqualTo(Reason.CRC);
        assertThat(e.getMessage()).contains("format B block 3");
        assertThat(e.offset()).isEqualTo(b.length - 2);
    }

    @Test
    void crcErrorInEveryBlockIsReportedAtItsCrc() {
        byte[] plain = Frames.plain(records(14));
        byte[] a = WmbusFrames.formatA(plain);
        int[] crcAt = {10, 28, 46, 64, 82, 100};
        for (int block = 0; block < crcAt.length; block++) {
            byte[] bad = a.clone();
            bad[crcAt[block] - 1] ^= 0x01;
            WmbusException e = error(decoder, bad, FrameFormat.A);
            assertThat(e.reason()).isEqualTo(Reason.CRC);
            assertThat(e.offset()).isEqualTo(crcAt[block]);
            assertThat(e.getMessage()).contains("format A block " + (block + 1));
            // in AUTO mode the same frame is a CRC error too, not "some other format"
            assertThat(error(decoder, bad, FrameFormat.AUTO).reason()).isEqualTo(Reason.CRC);
        }
        byte[] b = WmbusFrames.formatB(plain);
        b[50] ^= (byte) 0x80;
        assertThat(error(decoder, b, FrameFormat.B).reason()).isEqualTo(Reason.CRC);
    }

    @Test
    void truncatedAndOverlongFramesAreTyped() {
        byte[] plain = Frames.plain(records(3));
        for (byte[] f : new byte[][] {plain, WmbusFrames.formatA(plain), WmbusFrames.formatB(plain)}) {
            for (FrameFormat format : FrameFormat.values()) {
                for (int len = 0; len < f.length; len++) {
                    try {
                        decoder.decode(Arrays.copyOf(f, len), format);
                    } catch (WmbusException e) {
                        // a cut frame read in another format may also end in its CI or records
                        assertThat(e.reason()).isNotIn(Reason.NO_KEY, Reason.DECRYPTION_FAILED);
                    }
                }
                byte[] longer = Arrays.copyOf(f, f.length + 1);
                try {
                    decoder.decode(longer, format);
                } catch (WmbusException e) {
                    assertThat(e.reason()).isIn(Reason.MALFORMED, Reason.CRC, Reason.TRUNCATED);
                }
            }
        }
        WmbusException e = error(decoder, Arrays.copyOf(WmbusFrames.formatA(plain), 20), FrameFormat.A);
        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
        assertThat(e.offset()).isEqualTo(20);
        assertThat(error(decoder, new byte[0], FrameFormat.AUTO).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void applicationErrorsPointIntoTheReceivedFrame() {
        // a record cut short: DIF 04 needs 4 data bytes, 2 are left
        byte[] plain = Frames.plain("04 13 01 02");
        WmbusException e = error(decoder, plain, FrameFormat.NO_CRC);
        assertThat(e.reason()).isEqualTo(Reason.APPLICATION);
        assertThat(e.getMessage()).contains("premature end of data");
        assertThat(e.offset()).isEqualTo(17); // the first data byte, after L C M A CI ACC ST CW DIF VIF
        WmbusException a = error(decoder, WmbusFrames.formatA(plain), FrameFormat.A);
        assertThat(a.offset()).isEqualTo(19); // the same byte behind the first block's CRC
        assertThat(a.link().id()).isEqualTo("12345678");
    }

    @Test
    void headerOnlyTransportLayers() throws Exception {
        byte[] f = hex("0E 44 9315 78563412 01 07 8A 2A 00 0000");
        WmbusTelegram t = decoder.decode(f, FrameFormat.NO_CRC);
        assertThat(t.tplCi()).isEqualTo(0x8A);
        assertThat(t.accessNumber()).isEqualTo(0x2A);
        assertThat(t.telegram().records()).isEmpty();
        byte[] g = hex("16 44 9315 78563412 01 07 8B 11111111 9315 02 06 2B 00 0000");
        WmbusTelegram u = decoder.decode(g, FrameFormat.NO_CRC);
        assertThat(u.meter().toString()).isEqualTo("ELS-11111111-v2-t06");
        assertThat(u.accessNumber()).isEqualTo(0x2B);
    }

    @Test
    void unsupportedThingsAreSaidSo() {
        // security mode 13 (TLS)
        WmbusException e = error(decoder, hex("0E 44 9315 78563412 01 07 7A 2A 00 100D"), FrameFormat.NO_CRC);
        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(e.getMessage()).contains("security mode 13");
        // first fragment of a fragmented message
        WmbusException g = error(decoder, hex("12 44 9315 78563412 01 07 90 02 0140 7A 2A 00 0000"),
                FrameFormat.NO_CRC);
        assertThat(g.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(g.getMessage()).contains("fragment");
        // an unknown CI
        assertThat(error(decoder, hex("0A 44 9315 78563412 01 07 A0"), FrameFormat.NO_CRC).reason())
                .isEqualTo(Reason.UNSUPPORTED);
        // an AFL whose length disagrees with its fields
        assertThat(error(decoder, hex("12 44 9315 78563412 01 07 90 03 0020 25 7A 2A 00 0000"),
                FrameFormat.NO_CRC).reason()).isEqualTo(Reason.MALFORMED);
        // an encrypted telegram that claims more blocks than it has
        assertThat(error(new WmbusDecoder(KeyLookup.single(new byte[16])),
                hex("1E 44 9315 78563412 01 07 7A 2A 00 2005 00112233445566778899AABBCCDDEEFF"),
                FrameFormat.NO_CRC).reason()).isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void compactCacheIsBounded() throws Exception {
        WmbusDecoder d = new WmbusDecoder(KeyLookup.NONE, new CompactFrameCache(3));
        for (int i = 0; i < 10; i++) {
            byte[] f = Frames.plain(records(1 + i));
            d.decode(f, FrameFormat.NO_CRC);
        }
        assertThat(d.cache().size()).isEqualTo(3);
    }
}
